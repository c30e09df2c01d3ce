package dev.vigil.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.vigil.config.VigilConfig;
import dev.vigil.detect.Signal;
import dev.vigil.testing.Fixtures;
import dev.vigil.testing.TestModels;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReplayTest {

    private static final List<String> SIGNALS = Arrays.stream(Signal.values()).map(Signal::wireName).toList();
    private static final DateTimeFormatter NAB_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @TempDir
    Path dir;

    private Path input;

    @BeforeEach
    void writeInputs() throws IOException {
        input = dir.resolve("in");
        writeSeries(input.resolve("plant-a/temperature.csv"), 300, 0);
        writeSeries(input.resolve("plant-b/pressure.csv"), 250, 1000);
        Files.writeString(input.resolve("plant-b/broken.csv"),
                "timestamp,value\n2026-01-01 00:00:00,1.0\n2026-01-01 00:05:00,oops\n2026-01-01 00:10:00,1.5\n");
    }

    @Test
    void shouldWriteOneRowPerInputRowInInputOrder() throws IOException {
        CsvReplay.Summary summary = replay(dir.resolve("out"), 2);

        assertThat(summary.files()).isEqualTo(3);
        assertThat(summary.rows()).isEqualTo(300 + 250 + 3);
        assertThat(summary.deadLetters()).isEqualTo(1);
        for (String file : List.of("plant-a/temperature.csv", "plant-b/pressure.csv", "plant-b/broken.csv")) {
            List<String> in = Files.readAllLines(input.resolve(file));
            List<String> out = Files.readAllLines(dir.resolve("out").resolve(file));
            assertThat(out).hasSameSizeAs(in);
            assertThat(out.get(0)).isEqualTo(
                    "timestamp,value,anomaly_score,is_anomaly,forecast_1,forecast_2,forecast_3,forecast_4,"
                            + "forecast_5,forecast_6,forecast_7,lower_1,upper_1,anomaly_signal");
            for (int row = 1; row < in.size(); row++) {
                String[] columns = out.get(row).split(",", -1);
                assertThat(columns).hasSize(14);
                assertThat(columns[0] + "," + columns[1]).isEqualTo(in.get(row));
                double score = Double.parseDouble(columns[2]);
                assertThat(score).isBetween(0.0, 1.0);
                assertThat(columns[3]).isIn("0", "1");
                assertThat(columns[13]).as("the signal behind a score, none behind 0")
                        .isIn(score > 0 ? SIGNALS : List.of(""));
            }
        }
        assertThat(Files.readAllLines(dir.resolve("out/plant-b/broken.csv")).get(2))
                .isEqualTo("2026-01-01 00:05:00,oops,0,0,,,,,,,,,,");
    }

    @Test
    void shouldReplayTheSameWhateverFormatsTheTopicsAreConfiguredFor() throws IOException {
        replay(dir.resolve("avro"), 1);
        new CsvReplay(Fixtures.config().with(Map.of(VigilConfig.FORMAT_READINGS, "json",
                VigilConfig.READINGS_KEY, "payload", VigilConfig.FORMAT_OUTPUTS, "json")), TestModels.small())
                .run(input, dir.resolve("json"), 1);

        assertThat(Files.readAllBytes(dir.resolve("json/plant-a/temperature.csv")))
                .isEqualTo(Files.readAllBytes(dir.resolve("avro/plant-a/temperature.csv")));
    }

    @Test
    void shouldGiveTheSameBytesForTheSameInput() throws IOException {
        replay(dir.resolve("first"), 2);
        replay(dir.resolve("second"), 1);

        for (String file : List.of("plant-a/temperature.csv", "plant-b/pressure.csv", "plant-b/broken.csv")) {
            assertThat(Files.readAllBytes(dir.resolve("second").resolve(file)))
                    .isEqualTo(Files.readAllBytes(dir.resolve("first").resolve(file)));
        }
    }

    @Test
    void shouldWriteNumbersStablyAndLeaveNonNumbersEmpty() {
        assertThat(CsvReplay.number(0.1)).isEqualTo("0.1");
        assertThat(CsvReplay.number(1234.56789012345)).isEqualTo("1234.56789");
        assertThat(CsvReplay.number(Double.NaN)).isEmpty();
    }

    private CsvReplay.Summary replay(Path out, int threads) {
        return new CsvReplay(Fixtures.config(), TestModels.small()).run(input, out, threads);
    }

    private static void writeSeries(Path file, int rows, double offset) throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        LocalDateTime time = LocalDateTime.of(2026, 1, 1, 0, 0);
        for (int step = 0; step < rows; step++) {
            csv.append(NAB_TIME.format(time.plusMinutes(5L * step))).append(',')
                    .append(offset + Fixtures.healthy(step)).append('\n');
        }
        Files.writeString(file, csv);
    }
}

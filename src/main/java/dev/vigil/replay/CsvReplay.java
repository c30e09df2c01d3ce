package dev.vigil.replay;

import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.vigil.avro.DeadLetter;
import dev.vigil.avro.Forecast;
import dev.vigil.avro.SensorReading;
import dev.vigil.config.VigilConfig;
import dev.vigil.format.KeySource;
import dev.vigil.format.WireFormat;
import dev.vigil.io.TempDirectory;
import dev.vigil.kafka.AvroSerde;
import dev.vigil.kafka.Topics;
import dev.vigil.model.ForecastModel;
import dev.vigil.model.LiveModel;
import dev.vigil.series.SeriesCsv;
import dev.vigil.topology.ScoringTopology;
import dev.vigil.train.ReferenceModel;

import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Runs the real scoring topology over CSV series without a broker (Kafka's TopologyTestDriver), one key per
 * file, and writes one output row per input row. Stores are in memory: the driver commits after every record,
 * which makes RocksDB crawl. Files run in parallel, each with its own driver and network copy; the output does
 * not depend on the order, so the same input gives the same bytes.
 */
public final class CsvReplay {

    /** What a replay did. */
    public record Summary(int files, long rows, long deadLetters, long flagged, long millis) {
    }

    private record FileSummary(long rows, long deadLetters, long flagged) {
    }

    private final VigilConfig config;
    private final ForecastModel model;
    /** Detection's reference network ({@code detect.reference}); null where it judges the live model. */
    private final ForecastModel reference;

    public CsvReplay(VigilConfig config, ForecastModel model) {
        // replay feeds the topology Avro readings it encodes itself and reads its Avro outputs: the formats a
        // deployment's topics speak (format.*, readings.key) do not apply to CSV files
        this.config = config.with(Map.of(VigilConfig.FORMAT_READINGS, WireFormat.AVRO.settingValue(),
                VigilConfig.READINGS_KEY, KeySource.RECORD.settingValue(),
                VigilConfig.FORMAT_OUTPUTS, WireFormat.AVRO.settingValue()));
        this.model = model;
        this.reference = ReferenceModel.load(config);
    }

    public Summary run(Path input, Path outDir, int threads) {
        long started = System.nanoTime();
        List<Path> files = SeriesCsv.files(input);
        Path base = (Files.isDirectory(input) ? input : input.toAbsolutePath().getParent()).toAbsolutePath().normalize();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<FileSummary>> results = new ArrayList<>();
            for (Path file : files) {
                Path relative = base.relativize(file.toAbsolutePath().normalize());
                results.add(pool.submit(() -> replayFile(file, relative, outDir.resolve(relative.toString()))));
            }
            long rows = 0;
            long dead = 0;
            long flagged = 0;
            for (Future<FileSummary> result : results) {
                FileSummary summary = result.get();
                rows += summary.rows();
                dead += summary.deadLetters();
                flagged += summary.flagged();
            }
            return new Summary(files.size(), rows, dead, flagged, (System.nanoTime() - started) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("replay interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private FileSummary replayFile(Path file, Path relative, Path outFile) throws IOException {
        List<SeriesCsv.Row> rows = SeriesCsv.read(file);
        String sensorId = relative.toString();
        Topics topics = Topics.from(config);
        AvroSerde<SensorReading> readings = Topics.readingSerde();
        int horizon = config.horizon();
        Files.createDirectories(outFile.toAbsolutePath().getParent());
        long dead = 0;
        long flagged = 0;
        try (TempDirectory stateDir = TempDirectory.create("vigil-replay");
             TopologyTestDriver driver = new TopologyTestDriver(
                // a live model of its own: what this file's retraining learns never reaches another file
                ScoringTopology.build(config, LiveModel.of(model, config.inferenceEngine(), reference),
                        ScoringTopology.StoreKind.IN_MEMORY, ScoringTopology.TrainingMode.INLINE),
                driverProperties(stateDir.path()), Instant.EPOCH);
             BufferedWriter out = Files.newBufferedWriter(outFile)) {
            TestInputTopic<String, byte[]> in = driver.createInputTopic(topics.readings().name(),
                    topics.readings().keySerde().serializer(), topics.readings().valueSerde().serializer());
            TestOutputTopic<String, Forecast> forecasts = driver.createOutputTopic(topics.forecasts().name(),
                    topics.forecasts().keySerde().deserializer(), topics.forecasts().valueSerde().deserializer());
            TestOutputTopic<String, DeadLetter> deadLetters = driver.createOutputTopic(topics.deadLetters().name(),
                    topics.deadLetters().keySerde().deserializer(), topics.deadLetters().valueSerde().deserializer());
            out.write(header(horizon));
            for (SeriesCsv.Row row : rows) {
                SensorReading reading = SensorReading.newBuilder()
                        .setSensorId(sensorId)
                        .setEventTime(Instant.ofEpochMilli(row.epochMillis()))
                        .setValue(row.value())
                        .build();
                in.pipeInput(sensorId, readings.encode(reading), row.epochMillis());
                if (!forecasts.isEmpty()) {
                    Forecast forecast = forecasts.readValue();
                    flagged += forecast.getAnomalyFlag() ? 1 : 0;
                    out.write(row(row, forecast, horizon));
                } else {
                    // dead-lettered (e.g. a value that is not a number): the row stays, with no forecast
                    deadLetters.readValue();
                    dead++;
                    out.write(row.timestamp() + "," + row.valueText() + ",0,0" + ",".repeat(horizon + 3) + "\n");
                }
            }
        }
        return new FileSummary(rows.size(), dead, flagged);
    }

    private Properties driverProperties(Path stateDir) {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId() + "-replay");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "replay:9092");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        properties.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        return properties;
    }

    static String header(int horizon) {
        StringBuilder header = new StringBuilder("timestamp,value,anomaly_score,is_anomaly");
        for (int h = 1; h <= horizon; h++) {
            header.append(",forecast_").append(h);
        }
        return header.append(",lower_1,upper_1,anomaly_signal\n").toString();
    }

    private static String row(SeriesCsv.Row row, Forecast forecast, int horizon) {
        StringBuilder line = new StringBuilder(row.timestamp()).append(',').append(row.valueText())
                .append(',').append(number(forecast.getAnomalyScore()))
                .append(',').append(forecast.getAnomalyFlag() ? 1 : 0);
        for (int h = 0; h < horizon; h++) {
            line.append(',').append(number(forecast.getForecast().get(h)));
        }
        return line.append(',').append(number(forecast.getLower().get(0)))
                .append(',').append(number(forecast.getUpper().get(0)))
                .append(',').append(forecast.getAnomalySignal() == null ? "" : forecast.getAnomalySignal())
                .append('\n').toString();
    }

    /** Ten significant digits, plain notation unless that gets long: stable and readable; empty if not a number. */
    static String number(double value) {
        if (!Double.isFinite(value)) {
            return "";
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(10)).stripTrailingZeros();
        String plain = rounded.toPlainString();
        return plain.length() <= 24 ? plain : rounded.toString();
    }
}

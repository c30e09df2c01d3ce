package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeapHistogramTest {

    private static final String BEFORE = """
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:         17177        1181904  [B (java.base@17.0.15)
               2:          3529         423112  java.lang.Class (java.base@17.0.15)
               3:            10            240  dev.vigil.Thing
            Total         20716        1605256
            """;
    private static final String AFTER = """
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:         27177        2181904  [B (java.base@17.0.15)
               2:          3529         423112  java.lang.Class (java.base@17.0.15)
               3:             5            200  dev.vigil.Other
               4:             2             48  dev.vigil.Other
            Total         30713        2605264
            """;

    @Test
    void itReadsTheDiagnosticCommandsRowsAndAddsUpAClassOfTwoLoaders() {
        HeapHistogram after = HeapHistogram.parse(AFTER);

        assertThat(after.rows()).containsOnlyKeys("[B", "java.lang.Class", "dev.vigil.Other");
        assertThat(after.rows().get("dev.vigil.Other")).isEqualTo(new HeapHistogram.Row(7, 248));
    }

    @Test
    void itsLiveBytesAreTheTotalOfItsRows() {
        assertThat(HeapHistogram.parse(AFTER).liveBytes()).isEqualTo(2_605_264);
        assertThat(HeapHistogram.parse(BEFORE).liveBytes()).isEqualTo(1_605_256);
    }

    @Test
    void growthIsTheLargestFirstWithNewClassesCountedFromNothingAndGoneOnesLeftOut() {
        HeapHistogram before = HeapHistogram.parse(BEFORE);
        HeapHistogram after = HeapHistogram.parse(AFTER);

        assertThat(after.growthSince(before, 2)).containsExactly(
                new HeapHistogram.Growth("[B", 1_000_000, 10_000),
                new HeapHistogram.Growth("dev.vigil.Other", 248, 7));
    }

    @Test
    void thisJvmsHistogramHoldsItsStrings() {
        HeapHistogram histogram = HeapHistogram.take();

        assertThat(histogram.rows().get("java.lang.String").instances()).isPositive();
    }

    @Test
    void growthGoesToACsvFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("soak-heap-growth.csv");
        HeapHistogram.write(new HeapHistogram(Map.of("[B", new HeapHistogram.Row(2, 64)))
                .growthSince(new HeapHistogram(Map.of()), 5), file);

        assertThat(Files.readString(file)).isEqualTo("class,bytes,instances\n[B,64,2\n");
    }
}

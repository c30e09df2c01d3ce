package dev.vigil.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import dev.vigil.bench.EndToEndBench;
import dev.vigil.bench.Flatness;
import dev.vigil.bench.HeapHistogram;
import dev.vigil.bench.SoakTimeline;

/**
 * What {@code vigil bench --soak} prints: a line a minute while it runs (an hour is long to wait on a silent
 * terminal), then the soak's settings, each curve's warm-up range against its range afterwards, and a last line
 * that a script can read: {@code soak flat=yes|no|unknown} followed by each curve's verdict.
 */
final class SoakReport {

    private static final String HEAP_GROWTH_FILE = "soak-heap-growth.csv";
    private static final int PRINTED_GROWTH = 5;

    private SoakReport() {
    }

    /** Prints the sample that closes each minute of the soak. */
    static final class EveryMinute implements Consumer<SoakTimeline.Sample> {
        private long printedMinute;

        @Override
        public void accept(SoakTimeline.Sample sample) {
            long minute = (long) (sample.secondsIn() / 60);
            if (minute > printedMinute) {
                printedMinute = minute;
                System.out.printf(Locale.ROOT, "soak %3d min: heap after full GC %s, resident %s, block cache %s, "
                                + "%d open files (+%d the broker's), p50/p99/max %.0f/%.0f/%.0f ms, "
                                + "commits avg/max %.0f/%.0f ms, %,.0f of %,.0f readings/s scored, v%d live, "
                                + "backlog %,d%n", minute,
                        megabytes(sample.heapAfterGcBytes()), megabytes(sample.residentBytes()),
                        megabytes((long) sample.blockCacheBytes()), sample.openFiles(), sample.brokerFiles(),
                        sample.p50Millis(), sample.p99Millis(), sample.maxMillis(), sample.commitAvgMillis(),
                        sample.commitMaxMillis(), sample.readingsPerSecond(),
                        sample.offeredPerSecond(), sample.modelVersion(), sample.backlog());
            }
        }
    }

    static void print(EndToEndBench.SoakResult result, Path directory) {
        SoakTimeline timeline = result.timeline();
        List<SoakTimeline.Sample> samples = timeline.samples();
        Path png = timeline.write(directory, result.warmup().toMillis() / 1000.0);
        double minutes = samples.isEmpty() ? 0 : samples.get(samples.size() - 1).secondsIn() / 60;
        System.out.printf(Locale.ROOT, "soak: %.1f min at %,.0f readings/s offered (ceiling %,.0f/s, passes %s); "
                        + "retrain every %s, bench swaps at %s; warm-up %s%n", minutes, result.offeredPerSecond(),
                result.ceiling().perSecond(), result.ceilingPasses().stream()
                        .map(rate -> String.format(Locale.ROOT, "%,.0f", rate)).toList(),
                result.retrainInterval().isZero() ? "never (train.enabled=false)" : text(result.retrainInterval()),
                result.swapsAt().isEmpty() ? "none (--no-swap)"
                        : result.swapsAt().stream().map(SoakReport::text).collect(Collectors.joining(", ")),
                text(result.warmup()));
        System.out.printf("soak curves: %s (soak.csv and soak-events.csv beside it)%n", png.toAbsolutePath());
        printHeapGrowth(result.heapGrowth(), directory.resolve(HEAP_GROWTH_FILE));
        long live = timeline.events().stream().filter(event -> event.what().endsWith(" live")).count();
        double scored = samples.stream().mapToDouble(SoakTimeline.Sample::readingsPerSecond).average().orElse(0);
        System.out.printf(Locale.ROOT, "%d samples, %d model versions gone live, %,.0f readings/s scored on average, "
                        + "backlog at the end %,d%n", samples.size(), live, scored,
                samples.isEmpty() ? 0 : samples.get(samples.size() - 1).backlog());
        System.out.printf(Locale.ROOT, "p99 of each %s (every output read in it): %s ms%n", text(result.warmup()),
                Arrays.stream(result.p99ByBlock()).mapToObj(p99 -> String.format(Locale.ROOT, "%.0f", p99))
                        .collect(Collectors.joining(", ")));
        List<Flatness> curves = Flatness.judge(samples, Flatness.warmupCount(samples, result.warmup()),
                result.p99ByBlock());
        System.out.printf("%-14s %26s %26s  %s%n", "curve", "warm-up min-max", "after min-max", "verdict");
        for (Flatness curve : curves) {
            System.out.printf(Locale.ROOT, "%-14s %26s %26s  %s%n", curve.quantity(),
                    range(curve.quantity(), curve.warmupMin(), curve.warmupMax()),
                    range(curve.quantity(), curve.afterMin(), curve.afterMax()), curve.summary());
        }
        System.out.printf(Locale.ROOT, "soak flat=%s %s minutes=%.0f load=%.2f offered=%.0f/s ceiling=%.0f/s%n",
                Flatness.overall(curves), curves.stream().map(Flatness::summary).collect(Collectors.joining(" ")),
                minutes, result.offeredPerSecond() / result.ceiling().perSecond(), result.offeredPerSecond(),
                result.ceiling().perSecond());
    }

    /**
     * The classes whose live objects grew most after the warm-up, to a file and the first few printed: where the
     * live-heap curve says that the heap grew, this says with what.
     */
    private static void printHeapGrowth(List<HeapHistogram.Growth> growth, Path file) {
        if (growth.isEmpty()) {
            System.out.println("live heap by class: no histograms after the warm-up to compare");
            return;
        }
        HeapHistogram.write(growth, file);
        System.out.printf("live heap by class, the warm-up's last full GC to the soak's last (all in %s):%n",
                file.getFileName());
        for (HeapHistogram.Growth g : growth.subList(0, Math.min(PRINTED_GROWTH, growth.size()))) {
            System.out.printf(Locale.ROOT, "  %+,12d bytes %+,10d instances  %s%n", g.bytes(), g.instances(),
                    g.className());
        }
    }

    private static String range(String quantity, double min, double max) {
        if (Double.isNaN(min)) {
            return "n/a";
        }
        return switch (quantity) {
            case "open_files" -> String.format(Locale.ROOT, "%.0f-%.0f", min, max);
            case "p99" -> String.format(Locale.ROOT, "%.0f-%.0f ms", min, max);
            default -> megabytes((long) min) + " - " + megabytes((long) max);
        };
    }

    /**
     * A duration as the bench's lines print it: whole minutes as {@code 60 min}, else whole seconds as {@code 90 s},
     * else milliseconds ({@code 500 ms}, {@code 7500 ms}), so that a reading every half second or a swap 7.5 s in is
     * not printed as {@code 0 s} or {@code 7 s}.
     */
    static String text(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 1000 != 0) {
            return millis + " ms";
        }
        long seconds = millis / 1000;
        return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }

    private static String megabytes(long bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%,.0f MB", bytes / 1e6);
    }
}

package dev.vigil.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Whether one curve of a soak stayed flat, by issue 13's criterion: after the warm-up, no growth beyond the range the
 * quantity had in the warm-up. Only the top of the range counts: a leak is growth, and a curve that settles lower
 * (the heap after a concurrent cycle, a latency once the JIT is done) has not leaked.
 *
 * <p>The warm-up's highest value is allowed {@link #TOLERANCE} more: a later window is one of five times as many
 * draws as the warm-up's, so a flat but noisy curve passes its warm-up maximum by a little; a leak keeps going. The
 * summary prints the growth itself, so a reader can apply a stricter bound. The ranges are NaN where a side had
 * no value.
 */
public record Flatness(String quantity, double warmupMin, double warmupMax, double afterMin, double afterMax,
                       Verdict verdict) {

    /** The share by which the later maximum may exceed the warm-up's maximum. */
    public static final double TOLERANCE = 0.05;

    /** The warm-up of an hour's soak, the first ten minutes; shorter soaks take their first sixth. */
    static final Duration WARMUP = Duration.ofMinutes(10);
    static final int WARMUP_SHARE = 6;

    public enum Verdict {
        FLAT, GREW, UNKNOWN;

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How long the warm-up of a soak of {@code length} is. */
    public static Duration warmup(Duration length) {
        Duration sixth = length.dividedBy(WARMUP_SHARE);
        return sixth.compareTo(WARMUP) < 0 ? sixth : WARMUP;
    }

    /** How far the later maximum is above the warm-up's, as a share of the warm-up's (0.12 for 12% higher). */
    public double growth() {
        return warmupMax > 0 ? afterMax / warmupMax - 1 : afterMax - warmupMax;
    }

    /** E.g. {@code p99=grew(+35%)}; without a figure where one side had no value. */
    public String summary() {
        return verdict == Verdict.UNKNOWN ? quantity + "=unknown"
                : String.format(Locale.ROOT, "%s=%s(%+.0f%%)", quantity, verdict.word(), 100 * growth());
    }

    /**
     * Judges the values in time order, the first {@code warmupCount} of them the warm-up. Values a platform could
     * not give (negative) and windows without outputs (NaN) are left out.
     */
    public static Flatness judge(String quantity, double[] values, int warmupCount) {
        int split = Math.min(Math.max(0, warmupCount), values.length);
        double[] warm = measured(Arrays.copyOfRange(values, 0, split));
        double[] after = measured(Arrays.copyOfRange(values, split, values.length));
        if (warm.length == 0 || after.length == 0) {
            return new Flatness(quantity, min(warm), max(warm), min(after), max(after), Verdict.UNKNOWN);
        }
        double warmMax = max(warm);
        boolean flat = max(after) <= warmMax + TOLERANCE * Math.abs(warmMax);
        return new Flatness(quantity, min(warm), warmMax, min(after), max(after), flat ? Verdict.FLAT : Verdict.GREW);
    }

    /**
     * The five curves: heap after GC, resident memory, RocksDB's block cache and open files by sample, the
     * first {@code warmupCount} samples the warm-up; p99 by block ({@link LatencyBlocks}), the first block the
     * warm-up.
     */
    public static List<Flatness> judge(List<SoakTimeline.Sample> samples, int warmupCount, double[] p99ByBlock) {
        return List.of(
                judge("heap_after_gc", samples, SoakTimeline.Sample::heapAfterGcBytes, warmupCount),
                judge("resident", samples, SoakTimeline.Sample::residentBytes, warmupCount),
                judge("block_cache", samples, SoakTimeline.Sample::blockCacheBytes, warmupCount),
                judge("open_files", samples, SoakTimeline.Sample::openFiles, warmupCount),
                judge("p99", p99ByBlock, 1));
    }

    /** Samples whose window ended within the warm-up. */
    public static int warmupCount(List<SoakTimeline.Sample> samples, Duration warmup) {
        double seconds = warmup.toMillis() / 1000.0;
        return (int) samples.stream().filter(sample -> sample.secondsIn() <= seconds).count();
    }

    /** All flat: yes; any grew: no; otherwise (a curve with no values): unknown. */
    public static String overall(List<Flatness> curves) {
        if (curves.stream().anyMatch(curve -> curve.verdict() == Verdict.GREW)) {
            return "no";
        }
        return curves.stream().allMatch(curve -> curve.verdict() == Verdict.FLAT) ? "yes" : "unknown";
    }

    private static Flatness judge(String quantity, List<SoakTimeline.Sample> samples,
                                  ToDoubleFunction<SoakTimeline.Sample> value, int warmupCount) {
        return judge(quantity, samples.stream().mapToDouble(value).toArray(), warmupCount);
    }

    private static double[] measured(double[] values) {
        return Arrays.stream(values).filter(value -> Double.isFinite(value) && value >= 0).toArray();
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }
}

package dev.vigil.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import dev.vigil.bench.EndToEndBench;
import dev.vigil.bench.Footprint;
import dev.vigil.bench.LatencyTimeline;
import dev.vigil.config.VigilConfig;
import dev.vigil.io.TempDirectory;
import dev.vigil.kafka.EmbeddedKafka;
import dev.vigil.model.Backend;
import dev.vigil.model.ForecastModel;
import dev.vigil.model.ModelSpec;
import dev.vigil.model.NetworkFactory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigil bench}: end-to-end throughput and latency, with the model and with a no-op in its place. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark the scoring topology end to end on the embedded broker (or bootstrap.servers): "
                + "steady readings/s and p50/p99/max latency, with the model and with the model step replaced "
                + "by a no-op (the framework's ceiling), and their ratio. With --soak, a soak instead: the ceiling's "
                + "throughput measured the same way, then the vigil variant for the given time at --soak-load of it, "
                + "retraining on (every twelfth of the soak) and a model swap published in the middle of each sixth, "
                + "sampled every --soak-sample: heap after the last full GC (one every twelfth), resident memory, "
                + "RocksDB block cache, open files, p50/p99/max, readings/s and the live version go to soak.csv and "
                + "soak.png under --timeline, and the last line says whether each curve stayed within its warm-up "
                + "range (the first ten minutes, or the first sixth of a shorter soak): the memory curves sample by "
                + "sample, p99 as that of every output read in each block as long as the warm-up.")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--keys", defaultValue = "10000", description = "Distinct sensors (default: ${DEFAULT-VALUE}).")
    int keys;

    /**
     * Readings of a pass when --readings is not given: at least two per key, so that every key holds state, and enough
     * that a pass's measured part lasts about half a minute (at 200,000 it lasted 7 s, and the ratio moved by a fifth
     * from run to run: docs/BENCHMARKS.md, "Interleaved latency passes").
     */
    static final long MIN_READINGS = 600_000;
    static final int READINGS_PER_KEY = 2;

    @Option(names = "--readings",
            description = "Readings in each throughput pass (default: 600000, or two per key where that is more, so "
                    + "that every key holds state; three passes per variant).")
    Long readings;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--threads", defaultValue = "1", description = "Stream threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--guarantee", defaultValue = "exactly_once_v2",
            description = "exactly_once_v2 or at_least_once (default: ${DEFAULT-VALUE}).")
    String guarantee;

    @Option(names = "--layers", description = "Model size: LSTM layers (random weights; default: the default model).")
    Integer layers;

    @Option(names = "--units", description = "Model size: units per layer (random weights).")
    Integer units;

    @Option(names = "--interval", defaultValue = "1h", converter = DurationConverter.class,
            description = "Event time between two readings of a key (default: ${DEFAULT-VALUE}): sets how many "
                    + "readings make its day, and so how many the priming gives it.")
    Duration interval;

    @Option(names = "--prime-steps",
            description = "Readings each key gets before a pass's measured readings (default: a day at --interval "
                    + "and state.recent.window after it, keys in their steady state: a full day and window, whose "
                    + "windows the trainer learns from and which a swap re-warms over the whole window; fewer for a "
                    + "quick run over very many keys).")
    Integer primeSteps;

    @Option(names = "--latency-run", defaultValue = "20s", converter = DurationConverter.class,
            description = "Length of each latency pass's measured window, after "
                    + EndToEndBench.LATENCY_LEAD_IN_SECONDS + " s left out (default: ${DEFAULT-VALUE}).")
    Duration latencyRun;

    /**
     * The latency passes' offered rate, as a share of the lower throughput. The throughput passes drain readings
     * published before they start; a latency pass publishes while it scores, on the same cores, with a retrain
     * fitting and a swap (docs/decisions/0042-the-latency-load.md): at half the lower throughput that was 0.85-0.9
     * of what the machine carried, and which variant built a queue was the draw of the pass.
     */
    @Option(names = "--latency-load", defaultValue = "0.35",
            description = "Offered load of the latency passes, as a share of the lower throughput (default: "
                    + "${DEFAULT-VALUE}: the passes publish, score, retrain and swap on the same cores, which carry "
                    + "less than the throughput passes' drain rate; the output names the cores each pass used).")
    double latencyLoad;

    @Option(names = "--swap", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Publish a new model version halfway through each latency pass, as a retrain does in "
                    + "production (default: ${DEFAULT-VALUE}; --no-swap publishes none, but the trainer's own "
                    + "candidates still go live when they pass its gate: add --set train.enabled=false for none).")
    boolean swap;

    @Option(names = "--timeline", defaultValue = "target/bench-timeline",
            description = "Where the latency passes' per-second p50/p99/max go: latency.csv, events.csv and "
                    + "latency.png (default: ${DEFAULT-VALUE}).")
    Path timeline;

    @Option(names = "--soak", converter = DurationConverter.class,
            description = "Run a soak of this length instead of the benchmark (e.g. 1h; the shortest that says "
                    + "anything is a few minutes). Last line: soak flat=yes|no|unknown and each curve's verdict.")
    Optional<Duration> soak;

    @Option(names = "--soak-load", defaultValue = "0.8",
            description = "Offered load of the soak, as a share of the measured ceiling (default: ${DEFAULT-VALUE}).")
    double soakLoad;

    @Option(names = "--soak-sample", defaultValue = "10s", converter = DurationConverter.class,
            description = "How often the soak takes its figures (default: ${DEFAULT-VALUE}).")
    Duration soakSample;

    @Mixin
    ConfigOptions configOptions;

    @Override
    public Integer call() throws Exception {
        if (soak.isPresent() && (soakLoad <= 0 || soak.get().compareTo(soakSample.multipliedBy(12)) < 0)) {
            throw new IllegalArgumentException("--soak needs a positive --soak-load and at least twelve samples "
                    + "(two in its warm-up, its first sixth): --soak " + soak.get() + " --soak-sample " + soakSample);
        }
        VigilConfig config = configOptions.load(Map.of());
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("--interval must be positive: " + interval);
        }
        int primeSteps = this.primeSteps != null ? this.primeSteps : EndToEndBench.steadyStatePriming(interval,
                config.getInt(VigilConfig.DAY_MAX_ROWS), config.getInt(VigilConfig.RECENT_WINDOW));
        long readings = this.readings != null ? this.readings : Math.max(MIN_READINGS, (long) READINGS_PER_KEY * keys);
        ForecastModel model = layers == null && units == null ? Models.load(config)
                : NetworkFactory.untrained(new ModelSpec(1, layers == null ? 1 : layers, units == null ? 64 : units,
                config.horizon()), 1, 0.001);
        TempDirectory workDir = TempDirectory.create("vigil-bench");
        EmbeddedKafka broker = config.bootstrapServers().isBlank() ? EmbeddedKafka.start(workDir.resolve("kafka"))
                : null;
        String bootstrap = broker == null ? config.bootstrapServers() : broker.bootstrapServers();
        System.out.printf("bench: %,d readings per pass over %,d keys (a reading every %s, after %d priming readings "
                        + "a key), %d partitions, %d thread(s), %s, model %dx%d (%s), %d cores%n", readings, keys,
                SoakReport.text(interval), primeSteps, partitions,
                threads, guarantee,
                model.spec().layers(), model.spec().units(), Backend.describe(config.inferenceEngine(), model.spec()),
                Runtime.getRuntime().availableProcessors());
        try {
            Optional<Path> brokerLogDir = Optional.ofNullable(broker).map(EmbeddedKafka::logDir);
            EndToEndBench bench = new EndToEndBench(bootstrap, brokerLogDir, new EndToEndBench.Options(keys, readings,
                    partitions, threads, guarantee, latencyRun, latencyLoad, swap, primeSteps, interval), model,
                    workDir.path());
            if (soak.isPresent()) {
                EndToEndBench.SoakResult result = bench.soak(config, new EndToEndBench.Soak(soak.get(), soakLoad,
                        soakSample, new SoakReport.EveryMinute()));
                printWarmups(bench);
                SoakReport.print(result, timeline);
                return 0;
            }
            List<EndToEndBench.Variant> variants = bench.run(config);
            Path png = LatencyTimeline.write(bench.timelines(), timeline);
            System.out.printf("latency per second: %s (latency.csv and events.csv beside it)%n",
                    png.toAbsolutePath());
            System.out.printf("process CPU in each measured latency pass (cores of %d, mean over its measured "
                    + "seconds): %s%n", Runtime.getRuntime().availableProcessors(), bench.timelines().stream()
                    .map(pass -> String.format("%s %.2f", pass.variant(), pass.meanProcessCores())).toList());
            printFootprint(bench.footprint(), config);
            printWarmups(bench);
            System.out.printf("JIT compilation in each latency pass (ms; unmeasured ones until a pair of them compiles "
                    + "at most %d each): %s%n", EndToEndBench.JIT_SETTLED_MILLIS, bench.latencyJit().stream()
                    .map(pass -> pass.pass() + " " + pass.millis()).toList());
            System.out.printf("%-8s %12s %27s %14s %9s %9s %9s %18s%n", "variant", "readings/s",
                    "passes (median taken)", "latency@rate/s", "p50 ms", "p99 ms", "max ms", "p99 of each pass");
            for (EndToEndBench.Variant variant : variants) {
                System.out.printf("%-8s %12.0f %27s %14.0f %9.0f %9.0f %9.0f %8.0f %9.0f%n", variant.name(),
                        variant.throughput().perSecond(), variant.passRates().stream()
                                .map(rate -> String.format("%8.0f", rate)).collect(Collectors.joining(" ")),
                        variant.latency().offeredPerSecond(), variant.latency().p50Millis(),
                        variant.latency().p99Millis(), variant.latency().maxMillis(), variant.passP99s().get(0),
                        variant.passP99s().get(1));
            }
            EndToEndBench.Variant vigil = variants.get(0);
            EndToEndBench.Variant ceiling = variants.get(1);
            System.out.printf("bench ratio=%.2f vigil=%.0f/s ceiling=%.0f/s p99=%.0f ms ceiling_p99=%.0f ms%n",
                    vigil.throughput().perSecond() / ceiling.throughput().perSecond(),
                    vigil.throughput().perSecond(), ceiling.throughput().perSecond(), vigil.latency().p99Millis(),
                    ceiling.latency().p99Millis());
        } finally {
            if (broker != null) {
                broker.close();
            }
            workDir.close();
        }
        return 0;
    }

    private static void printWarmups(EndToEndBench bench) {
        System.out.printf("warm-up passes (readings/s, until two agree within 10%%): %s%n",
                bench.warmupRates().stream().map(rate -> String.format("%.0f", rate)).toList());
    }

    private static void printFootprint(Footprint footprint, VigilConfig config) {
        double keys = footprint.keys();
        System.out.printf("memory at the end of the vigil-3 pass (%,d keys, %,d readings): resident %s (one process: "
                        + "broker, load generator and reader included), heap %s committed, %s after GC, RocksDB block "
                        + "cache %s of "
                        + "%,d MiB (state.rocksdb.memory.bytes; write buffers charged to it: %s)%n",
                footprint.keys(), footprint.readings(), megabytes(footprint.residentBytes()),
                megabytes(footprint.heapCommittedBytes()), megabytes(footprint.heapAfterGcBytes()),
                megabytes((long) footprint.blockCacheBytes()),
                config.rocksDbMemoryBytes() / (1024 * 1024), megabytes((long) footprint.memtableBytes()));
        System.out.printf("state on disk: %s, %.0f bytes a sensor%n", megabytes(footprint.stateDirBytes()),
                footprint.stateDirBytes() / keys);
        double recordBytes = footprint.changelogBytes() / (double) Math.max(1, footprint.restoredRecords());
        System.out.printf("changelog: %s for %,d records (%.1f a sensor), %.0f bytes a record, %.0f bytes a sensor "
                        + "as written; compacted to a record a sensor, about %.0f bytes a sensor%n",
                megabytes(footprint.changelogBytes()), footprint.restoredRecords(),
                footprint.restoredRecords() / keys, recordBytes, footprint.changelogBytes() / keys, recordBytes);
        double seconds = footprint.restore().toMillis() / 1000.0;
        System.out.printf("restore onto a wiped state directory: %,d records, %s in %.1f s (%,.0f records/s, "
                        + "%.1f MB/s; %.1f s per million sensors at %.1f records a sensor); %.1f s from the new instance's start "
                        + "(group rejoin included); resident high-water mark %s%n",
                footprint.restoredRecords(), megabytes(footprint.changelogBytes()), seconds,
                footprint.restoredRecords() / seconds, footprint.changelogBytes() / 1e6 / seconds,
                seconds * 1e6 / keys, footprint.restoredRecords() / keys,
                footprint.untilRestored().toMillis() / 1000.0, megabytes(footprint.peakResidentBytes()));
    }

    private static String megabytes(long bytes) {
        return bytes < 0 ? "n/a" : String.format("%,.0f MB", bytes / 1e6);
    }
}

package dev.vigil.cli;

import java.nio.file.Files;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Function;

import dev.vigil.avro.ModelUpdate;
import dev.vigil.config.VigilConfig;
import dev.vigil.kafka.EmbeddedKafka;
import dev.vigil.kafka.ModelLog;
import dev.vigil.kafka.Topics;
import dev.vigil.model.ForecastModel;
import dev.vigil.model.ModelCodec;
import dev.vigil.model.ModelSignature;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code vigil models list|rollback}: the versions on the models topic. Against the configured cluster, or the
 * embedded broker of a running {@code vigil run} on this machine, or (nothing running) that broker's data.
 */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the model versions on the models topic, or roll back to an older one.",
        subcommands = {ModelsCommand.List.class, ModelsCommand.Rollback.class, ModelsCommand.Describe.class})
final class ModelsCommand implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Versions with their source, training window, sample count and validation metrics; the "
                    + "live one is marked.")
    static final class List implements Callable<Integer> {

        @Mixin
        ConfigOptions configOptions;

        @Override
        public Integer call() {
            VigilConfig config = configOptions.load(Map.of());
            return withLog(config, log -> {
                NavigableMap<Long, ModelUpdate> versions = log.read();
                if (versions.isEmpty()) {
                    System.out.println("no models on the topic yet (an instance publishes its starting model)");
                    return 0;
                }
                ModelUpdate newest = ModelSignature.newestTrusted(versions, config.modelSigningKey());
                Long live = newest == null ? null : newest.getVersion();
                System.out.printf("%-4s %7s  %-19s  %8s  %s%n", "", "version", "created", "samples",
                        "source / metrics");
                versions.values().forEach(update -> System.out.printf("%-4s %7d  %-19s  %8d  %s%n%35s%s%n",
                        Long.valueOf(update.getVersion()).equals(live) ? "live" : "",
                        update.getVersion(), update.getCreatedAt().toString().substring(0, 19),
                        update.getSampleCount(), update.getSource(), "", metrics(update.getMetrics())));
                return 0;
            });
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = "Republish an older version as the newest one: every instance swaps to it (and keeps "
                    + "its sensors warm) without a restart.")
    static final class Rollback implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "VERSION", description = "The version to go back to.")
        long version;

        @Mixin
        ConfigOptions configOptions;

        @Override
        public Integer call() {
            VigilConfig config = configOptions.load(Map.of());
            return withLog(config, log -> {
                NavigableMap<Long, ModelUpdate> versions = log.read();
                ModelUpdate old = versions.get(version);
                if (old == null) {
                    throw new IllegalArgumentException("no model version " + version + " on the models topic; it has "
                            + versions.keySet());
                }
                byte[] key = config.modelSigningKey();
                String problem = ModelSignature.problem(old, key);
                if (problem != null) {
                    throw new IllegalArgumentException("will not roll back to an update instances refuse: " + problem);
                }
                long next = versions.lastKey() + 1;
                ModelUpdate republished = ModelUpdate.newBuilder(old)
                        .setVersion(next)
                        .setCreatedAt(Instant.now())
                        .setSource("rollback:to=v" + version + " (" + old.getSource() + ")")
                        .setSignature(null)
                        .build();
                log.publish(key == null ? republished : ModelSignature.sign(republished, key));
                System.out.printf("published v%d (the weights of v%d); running instances swap to it%n", next, version);
                return 0;
            });
        }
    }

    @Command(name = "describe", mixinStandardHelpOptions = true,
            description = "A model file's architecture, parameter count, source (corpus and recipe) and validation "
                    + "metrics.")
    static final class Describe implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "FILE", description = "A model file from `vigil train`.")
        java.nio.file.Path file;

        @Override
        public Integer call() {
            ModelUpdate update = ModelCodec.read(file);
            ForecastModel model = ModelCodec.fromUpdate(update);
            System.out.printf("%s: %s, %d parameters%n  source: %s%n  %s%n", file, update.getArchitecture(),
                    model.parameters(), update.getSource(), metrics(update.getMetrics()));
            return 0;
        }
    }

    private static String metrics(Map<String, Double> metrics) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(metrics).forEach((name, value) -> text.append(name).append('=')
                .append(String.format(Locale.ROOT, "%.4g", value)).append(' '));
        return text.toString().trim();
    }

    private static int withLog(VigilConfig config, Function<ModelLog, Integer> action) {
        String topic = Topics.from(config).models().name();
        if (!config.bootstrapServers().isBlank()) {
            return action.apply(new ModelLog(config.bootstrapServers(), config.kafkaOverrides(), topic));
        }
        Optional<String> running = EmbeddedKafka.runningAt(config.embeddedKafkaDir());
        if (running.isPresent()) {
            return action.apply(new ModelLog(running.get(), config.kafkaOverrides(), topic));
        }
        if (!Files.isDirectory(config.embeddedKafkaDir())) {
            throw new IllegalArgumentException("no Kafka to read models from: bootstrap.servers is empty and there "
                    + "is no embedded broker data in " + config.embeddedKafkaDir() + " (start `vigil run` first, or "
                    + "--set bootstrap.servers=...)");
        }
        try (EmbeddedKafka broker = EmbeddedKafka.start(config.embeddedKafkaDir())) {
            return action.apply(new ModelLog(broker.bootstrapServers(), config.kafkaOverrides(), topic));
        }
    }
}

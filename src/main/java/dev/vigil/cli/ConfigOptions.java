package dev.vigil.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.vigil.config.VigilConfig;

import picocli.CommandLine.Option;

/** The configuration options every command shares: a file, then {@code --set key=value} flags on top. */
final class ConfigOptions {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Properties file (overridden by VIGIL_*/KAFKA_* environment variables, then by --set).")
    Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override one setting, e.g. --set forecast.horizon=7 or --set kafka.security.protocol=SSL.")
    Map<String, String> settings = new LinkedHashMap<>();

    VigilConfig load(Map<String, String> flags) {
        Map<String, String> merged = new LinkedHashMap<>(settings);
        merged.putAll(flags);
        return VigilConfig.load(file, System.getenv(), merged);
    }
}

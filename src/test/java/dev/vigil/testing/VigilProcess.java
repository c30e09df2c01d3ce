package dev.vigil.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.vigil.config.VigilConfig;

/**
 * {@code vigil run} in a child JVM, so a test can kill it the hard way (SIGKILL), as a crash would, and start it
 * again on the same state directory.
 */
public final class VigilProcess implements AutoCloseable {

    private final Process process;

    private VigilProcess(Process process) {
        this.process = process;
    }

    public static VigilProcess run(Map<String, String> settings, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // as the launcher and the image start it: the LSTM step on the Vector API (decision 0011)
                "--add-modules=jdk.incubator.vector",
                "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Xmx1g",
                "-cp", System.getProperty("java.class.path"),
                "dev.vigil.cli.VigilCommand", "run"));
        settings.forEach((key, value) -> command.addAll(List.of("--set", key + "=" + value)));
        if (!settings.containsKey(VigilConfig.HTTP_PORT)) {
            // any free port: a fixed one may be taken on the machine, or by the run before, still closing
            command.addAll(List.of("--set", VigilConfig.HTTP_PORT + "=0"));
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("OMP_NUM_THREADS", "1");
        return new VigilProcess(builder.start());
    }

    /** SIGKILL: no shutdown hook, no clean close, nothing flushed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: Vigil closes its streams cleanly. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }
}

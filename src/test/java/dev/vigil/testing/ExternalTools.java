package dev.vigil.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Programs some tests drive from outside the JVM: node with src/test/node's packages, Debian's chromium, kubectl.
 * `.ci/run` installs them and sets {@value #REQUIRE}=1, so in CI a missing tool fails the test; on a developer's
 * machine without them the test is skipped, saying what to install.
 */
public final class ExternalTools {

    public static final String REQUIRE = "REQUIRE_TEST_TOOLS";

    /** The repository root (Maven runs tests there and says so in {@code basedir}). */
    public static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    public static final Path NODE_DIR = ROOT.resolve("src/test/node");

    /** What a program wrote to its standard output and, apart, to its standard error. */
    public record Result(int exitCode, String output, String errors) {
    }

    private ExternalTools() {
    }

    /** Skips (or, in CI, fails) unless {@code available}; {@code hint} says how to get it. */
    public static void assume(boolean available, String hint) {
        if (available) {
            return;
        }
        if ("1".equals(System.getenv(REQUIRE))) {
            fail("missing in CI: " + hint);
        }
        Assumptions.abort("skipped: " + hint);
    }

    public static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        return List.of(path.split(File.pathSeparator)).stream()
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }

    /** node and the packages of src/test/node's lock file. */
    public static void assumeNodePackages() {
        assume(onPath("node") && Files.isDirectory(NODE_DIR.resolve("node_modules")),
                "node and the packages of src/test/node (cd src/test/node && npm ci)");
    }

    /** Runs {@code command} in {@code dir}, killed after {@code timeout}. */
    public static Result run(Path dir, Duration timeout, String... command) {
        try {
            Path output = Files.createTempFile("vigil-tool", ".out");
            Path errors = Files.createTempFile("vigil-tool", ".err");
            Process process = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish in " + timeout);
            }
            Result result = new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8),
                    Files.readString(errors, StandardCharsets.UTF_8));
            Files.deleteIfExists(output);
            Files.deleteIfExists(errors);
            return result;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }
}

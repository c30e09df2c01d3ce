package dev.vigil.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import dev.vigil.testing.ExternalTools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LstmKernelsTest {

    private static final LstmKernels SCALAR = LstmKernels.select(false);
    private static final LstmKernels VECTOR = LstmKernels.select(true);

    @Test
    void shouldStepWithTheScalarKernelsWhenTheVectorModuleIsAbsent() {
        assertThat(SCALAR).isInstanceOf(ScalarLstmKernels.class);
        assertThat(SCALAR.lanes()).isEqualTo(1);
    }

    @Test
    void shouldStepWithTheVectorKernelsWhenTheVectorModuleIsPresent() {
        assertThat(VECTOR).isInstanceOf(VectorLstmKernels.class);
        assertThat(VECTOR.lanes()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void shouldRunTheTestsWithTheVectorModuleSoTheVectorPathIsTheOneTested() {
        assertThat(ModuleLayer.boot().findModule(LstmKernels.VECTOR_MODULE)).as("surefire's argLine").isPresent();
        assertThat(LstmKernels.best()).isInstanceOf(VectorLstmKernels.class);
    }

    @Test
    void shouldStartAndStepWithTheScalarKernelsInAJvmWithoutTheModule() {
        ExternalTools.Result plain = probe();
        ExternalTools.Result withModule = probe("--add-modules=" + LstmKernels.VECTOR_MODULE);

        assertThat(plain.exitCode()).as(plain.errors()).isZero();
        assertThat(plain.output().strip()).isEqualTo("scalar " + KernelsProbe.expected());
        assertThat(plain.errors()).as("no NoClassDefFoundError, no warning").isEmpty();
        assertThat(withModule.exitCode()).as(withModule.errors()).isZero();
        assertThat(withModule.output().strip()).isEqualTo("vector " + KernelsProbe.expected());
    }

    @ParameterizedTest(name = "{0} rows x {1} columns")
    @CsvSource({"1, 256", "64, 256", "32, 128", "64, 7", "7, 100", "3, 5", "64, 16", "64, 48"})
    void shouldGiveTheSameBitsScalarAndVectorInTheMatrixProduct(int rows, int columns) {
        SplittableRandom random = new SplittableRandom(rows * 1000L + columns);
        float[] matrix = gaussians(random, rows * columns, 0.3);
        float[] x = gaussians(random, rows + 3, 1);
        float[] start = gaussians(random, columns, 1);
        float[] scalar = start.clone();
        float[] vector = start.clone();

        SCALAR.multiplyAdd(SCALAR.pack(matrix, rows, columns), rows, x, 3, scalar);
        VECTOR.multiplyAdd(VECTOR.pack(matrix, rows, columns), rows, x, 3, vector);

        assertThat(vector).containsExactly(scalar);
        float[] exact = start.clone();
        for (int c = 0; c < columns; c++) {
            double sum = start[c];
            for (int r = 0; r < rows; r++) {
                sum += (double) x[3 + r] * matrix[r * columns + c];
            }
            exact[c] = (float) sum;
        }
        assertThat(scalar).containsExactly(exact, within(1e-5f));
    }

    @ParameterizedTest(name = "{0} units at offset {1}")
    @CsvSource({"64, 0", "32, 32", "16, 0", "10, 5", "3, 0"})
    void shouldGiveTheSameBitsScalarAndVectorInTheCellUpdate(int units, int offset) {
        SplittableRandom random = new SplittableRandom(units);
        float[] gates = gaussians(random, 4 * units, 6);
        gates[0] = 40f;
        gates[units + 1] = -40f;
        float[] cell = gaussians(random, offset + units, 2);
        float[] scalarCell = cell.clone();
        float[] vectorCell = cell.clone();
        float[] scalarHidden = new float[offset + units];
        float[] vectorHidden = new float[offset + units];

        SCALAR.cellUpdate(gates.clone(), scalarCell, scalarHidden, offset, units);
        VECTOR.cellUpdate(gates.clone(), vectorCell, vectorHidden, offset, units);

        assertThat(vectorCell).containsExactly(scalarCell);
        assertThat(vectorHidden).containsExactly(scalarHidden);
        for (int j = 0; j < units; j++) {
            double c = sigmoid(gates[units + j]) * cell[offset + j]
                    + sigmoid(gates[3 * units + j]) * Math.tanh(gates[j]);
            double h = sigmoid(gates[2 * units + j]) * Math.tanh(c);
            assertThat((double) scalarCell[offset + j]).isCloseTo(c, within(1e-6));
            assertThat((double) scalarHidden[offset + j]).isCloseTo(h, within(1e-6));
        }
    }

    @Test
    void shouldStillGiveTheSameBitsOnceTheJitHasCompiledBothKernels() {
        int units = 64;
        SplittableRandom random = new SplittableRandom(64);
        float[] matrix = gaussians(random, units * 4 * units, 0.3);
        float[][] scalarMatrix = SCALAR.pack(matrix, units, 4 * units);
        float[][] vectorMatrix = VECTOR.pack(matrix, units, 4 * units);
        float[] scalarHidden = gaussians(random, units, 0.5);
        float[] vectorHidden = scalarHidden.clone();
        float[] scalarCell = gaussians(random, units, 1);
        float[] vectorCell = scalarCell.clone();
        float[] bias = gaussians(random, 4 * units, 0.5);

        // thousands of calls: C2 compiles both kernels' loops (and the vector intrinsics) within the first few hundred
        for (int step = 0; step < 5_000; step++) {
            bias[step % bias.length] = (float) (3 * random.nextGaussian());
            float[] scalarGates = bias.clone();
            float[] vectorGates = bias.clone();
            SCALAR.multiplyAdd(scalarMatrix, units, scalarHidden, 0, scalarGates);
            VECTOR.multiplyAdd(vectorMatrix, units, vectorHidden, 0, vectorGates);
            boolean sameGates = Arrays.equals(vectorGates, scalarGates);
            SCALAR.cellUpdate(scalarGates, scalarCell, scalarHidden, 0, units);
            VECTOR.cellUpdate(vectorGates, vectorCell, vectorHidden, 0, units);

            if (!sameGates || !Arrays.equals(vectorHidden, scalarHidden) || !Arrays.equals(vectorCell, scalarCell)) {
                assertThat(sameGates).as("the same gates at step %d", step).isTrue();
                assertThat(vectorCell).as("c at step %d", step).containsExactly(scalarCell);
                assertThat(vectorHidden).as("h at step %d", step).containsExactly(scalarHidden);
            }
        }
    }

    @Test
    void shouldApproximateTanhAndTheSigmoidToWithinThreeTenMillionths() {
        double tanhError = 0;
        double sigmoidError = 0;
        for (double x = -30; x <= 30; x += 1e-4) {
            float f = (float) x;
            tanhError = Math.max(tanhError, Math.abs(LstmKernels.tanh(f) - Math.tanh(f)));
            sigmoidError = Math.max(sigmoidError, Math.abs(LstmKernels.sigmoid(f) - sigmoid(f)));
        }

        assertThat(tanhError).isLessThan(3e-7);
        assertThat(sigmoidError).isLessThan(2e-7);
        assertThat(LstmKernels.tanh(Float.POSITIVE_INFINITY)).isEqualTo(1f, within(3e-7f));
        assertThat(LstmKernels.tanh(-1e30f)).isEqualTo(-1f, within(3e-7f));
        assertThat(LstmKernels.tanh(0f)).isZero();
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static float[] gaussians(SplittableRandom random, int size, double scale) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) (scale * random.nextGaussian());
        }
        return values;
    }

    private static ExternalTools.Result probe(String... jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), KernelsProbe.class.getName()));
        ExternalTools.Result result = ExternalTools.run(ExternalTools.ROOT, Duration.ofMinutes(1),
                command.toArray(String[]::new));
        // the JVM's own notice of the module, which the launcher filters (docs/decisions/0011-vector-api-step.md)
        String errors = result.errors().lines().filter(line -> !line.equals("WARNING: Using incubator modules: "
                + LstmKernels.VECTOR_MODULE)).collect(Collectors.joining("\n"));
        return new ExternalTools.Result(result.exitCode(), result.output(), errors);
    }
}

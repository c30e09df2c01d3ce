package dev.vigil.bench;

import java.util.concurrent.TimeUnit;

import dev.vigil.model.ForecastModel;
import dev.vigil.model.Forecaster;
import dev.vigil.model.KernelChoice;
import dev.vigil.model.ModelSpec;
import dev.vigil.model.NetworkFactory;
import dev.vigil.model.NetworkMemory;
import dev.vigil.testing.TestModels;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One key-step of the Java engine on each kernel set, in the same run so the ratios hold on a busy machine: {@code
 * vector} (the Vector API), {@code scalar} (its fallback, the same bits) and {@code exp} (the step before decision
 * 0011). Run with {@code mvn -Pjmh test-compile exec:exec -Djmh.args="LstmStepBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LstmStepBenchmark {

    @Param({"vector", "scalar", "exp"})
    public String kernels;

    @Param({"1", "2"})
    public int layers;

    @Param({"64"})
    public int units;

    private Forecaster forecaster;
    private final float[] inputs = new float[1];
    private final NetworkMemory[] states = new NetworkMemory[1];
    private int step;

    @Setup(Level.Trial)
    public void setUp() {
        ForecastModel model = NetworkFactory.untrained(new ModelSpec(1, layers, units, 7), 1, 0.001);
        forecaster = KernelChoice.javaForecaster(model, kernels);
        states[0] = TestModels.zero(layers, units);
    }

    /** One key, one reading: a varying input keeps h and c moving as they do on a real series. */
    @Benchmark
    public float[][] keyStep() {
        inputs[0] = (float) Math.sin(++step * 0.1);
        return forecaster.step(inputs, states);
    }
}

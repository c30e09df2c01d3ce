package dev.vigil.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import dev.vigil.model.ForecastModel;
import dev.vigil.model.Forecaster;
import dev.vigil.model.InferenceEngine;
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
 * One key-step per inference path, batch size and model size: the cost the scoring topology pays per reading.
 * Run with {@code mvn -Pjmh test-compile exec:exec}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ForecasterBenchmark {

    @Param({"JAVA", "DL4J"})
    public InferenceEngine engine;

    @Param({"1", "256"})
    public int batch;

    @Param({"1", "2"})
    public int layers;

    @Param({"64"})
    public int units;

    private Forecaster forecaster;
    private float[] inputs;
    private NetworkMemory[] states;

    @Setup(Level.Trial)
    public void setUp() {
        ForecastModel model = NetworkFactory.untrained(new ModelSpec(1, layers, units, 7), 1, 0.001);
        forecaster = model.newForecaster(engine);
        SplittableRandom random = new SplittableRandom(1);
        inputs = new float[batch];
        states = new NetworkMemory[batch];
        for (int i = 0; i < batch; i++) {
            inputs[i] = (float) random.nextGaussian();
            states[i] = TestModels.zero(layers, units);
        }
    }

    /** One call for the whole batch: divide the score by {@code batch} for the cost of one key-step. */
    @Benchmark
    public float[][] step() {
        return forecaster.step(inputs, states);
    }
}

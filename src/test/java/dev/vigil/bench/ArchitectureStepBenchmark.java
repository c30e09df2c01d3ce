package dev.vigil.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import dev.vigil.model.Architecture;
import dev.vigil.model.ForecastModel;
import dev.vigil.model.Forecaster;
import dev.vigil.model.InferenceEngine;
import dev.vigil.model.ModelSpec;
import dev.vigil.model.NetworkFactory;
import dev.vigil.model.NetworkInput;
import dev.vigil.model.NetworkMemory;

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
 * One key-step of each architecture at the shipped shape (one layer of 64 units reading the day-ago values; a WaveNet
 * with the dilated layers that span a training window, of 32 channels), on the java engine, batch of one: the MODELS
 * table's key-step column. {@code relative} is the shipped default's way of reading its inputs (changes only, a deltas
 * head). Run with {@code mvn -Pjmh test-compile exec:exec -Djmh.args="ArchitectureStepBenchmark ..."}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ArchitectureStepBenchmark {

    private static final int HORIZON = 7;
    private static final int WINDOW = 64;

    @Param({"lstm", "gru", "conv-gru", "wavenet"})
    public String architecture;

    @Param({"false", "true"})
    public boolean relative;

    private Forecaster forecaster;
    private float[][] inputs;
    private NetworkMemory[] memory;
    private final SplittableRandom random = new SplittableRandom(1);

    @Setup(Level.Trial)
    public void setUp() {
        Architecture kind = Architecture.of(architecture);
        int units = kind == Architecture.WAVENET ? 32 : 64;
        ModelSpec spec = new ModelSpec(1, kind, kind.defaultLayers(WINDOW, 1), units, HORIZON, true, relative,
                relative, false);
        ForecastModel model = NetworkFactory.untrained(spec, 1, 0.001);
        forecaster = model.newForecaster(InferenceEngine.JAVA);
        memory = new NetworkMemory[] {kind.zero(spec)};
        inputs = new float[][] {NetworkInput.of(spec, 0f, 0f, new float[HORIZON])};
    }

    /** A step on an input that changes every call, as a live key's does. */
    @Benchmark
    public float[][] step() {
        inputs[0][0] = (float) random.nextGaussian();
        return forecaster.step(inputs, memory);
    }
}

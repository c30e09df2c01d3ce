package dev.vigil.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.vigil.avro.SensorState;
import dev.vigil.config.VigilConfig;
import dev.vigil.model.ForecastModel;
import dev.vigil.model.Forecaster;
import dev.vigil.model.ModelSpec;
import dev.vigil.model.NetworkFactory;
import dev.vigil.score.SensorScorer;
import dev.vigil.testing.MapDayBlocks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** One reading through the whole per-key scoring step (detector, scaler, network, state), model vs no-op. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ScorerBenchmark {

    @Param({"java", "noop"})
    public String forecaster;

    private final SensorScorer scorer = new SensorScorer(VigilConfig.defaults().scoring());
    private final MapDayBlocks days = new MapDayBlocks();
    private Forecaster network;
    private SensorState state;
    private long step;

    @Setup(Level.Trial)
    public void setUp() {
        ForecastModel model = NetworkFactory.untrained(new ModelSpec(1, 1, 64, 7), 1, 0.001);
        network = forecaster.equals("noop") ? new NoOpForecaster(model.spec()) : model.newForecaster();
        for (step = 0; step < 200; step++) {
            scoreOne();
        }
    }

    @Benchmark
    public SensorState scoreOne() {
        step++;
        state = scorer.score(List.of(new SensorScorer.Input("sensor-1", state, step * 60_000L,
                100 + 10 * Math.sin(step / 10.0))), network, days).get(0).state();
        return state;
    }
}

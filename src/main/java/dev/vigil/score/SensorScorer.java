package dev.vigil.score;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.vigil.avro.AnomalyEvent;
import dev.vigil.avro.EpisodeState;
import dev.vigil.avro.Forecast;
import dev.vigil.avro.SensorState;
import dev.vigil.detect.AnomalyLikelihood;
import dev.vigil.detect.Episode;
import dev.vigil.detect.RangeBreak;
import dev.vigil.detect.StuckValue;
import dev.vigil.model.Forecaster;
import dev.vigil.model.LstmState;
import dev.vigil.model.ModelSpec;
import dev.vigil.model.RunningScaler;
import dev.vigil.stats.RunningMoments;

/**
 * The per-reading logic of Vigil, free of Kafka and of DL4J: judge the reading against the forecast made one
 * step earlier, update the key's episode, step the network, publish the next forecast.
 *
 * <p>Works on batches so that several keys share one network call; a batch of one is the plain case. A batch
 * holds each key at most once.
 */
public final class SensorScorer {

    /** E|X| = sigma * sqrt(2/pi) for a normal error: turns a mean absolute error into a standard deviation. */
    private static final double MAE_TO_SIGMA = Math.sqrt(Math.PI / 2);

    /**
     * Readings before a key's errors count: the first forecasts come from an almost empty state and a scaler
     * that has seen a handful of values, and their errors would swamp the key's error history.
     */
    static final int SETTLE_STEPS = 10;

    /** Bounds of the error-size ratio of a new model to the old one: a few odd values must not blind the key. */
    private static final double MIN_RESCALE = 0.1;
    private static final double MAX_RESCALE = 10;

    private final ScoringSettings settings;
    private final ForecastCombiner combiner;

    public SensorScorer(ScoringSettings settings) {
        this.settings = settings;
        this.combiner = new ForecastCombiner(settings.horizon(), settings.combinerMemory(), settings.levelAlpha());
    }

    /**
     * A reading to score: the key's stored state, or null for a key never seen. The scorer updates the state
     * in place (it is the one just read from the store) and returns it as the state to store.
     */
    public record Input(String sensorId, SensorState state, long eventTime, double value) {
    }

    /** What a reading produced: the state to store, the forecast to publish, and an episode change or null. */
    public record Scored(SensorState state, Forecast forecast, AnomalyEvent event) {
    }

    public List<Scored> score(List<Input> batch, Forecaster forecaster) {
        ModelSpec spec = forecaster.spec();
        if (spec.horizon() != settings.horizon()) {
            throw new IllegalStateException("model version " + spec.version() + " forecasts " + spec.horizon()
                    + " steps but forecast.horizon is " + settings.horizon());
        }
        int size = batch.size();
        SensorState[] states = new SensorState[size];
        Judgement[] judgements = new Judgement[size];
        LstmState[] lstm = new LstmState[size];
        float[] inputs = new float[size];
        for (int i = 0; i < size; i++) {
            Input input = batch.get(i);
            states[i] = input.state() == null ? fresh(spec) : input.state();
            lstm[i] = hiddenState(states[i], spec, forecaster);
            judgements[i] = judge(states[i], input);
            RunningScaler scaler = scaler(states[i]).update(input.value(), settings.scalerMemory());
            writeScaler(states[i], scaler);
            inputs[i] = scaler.toScaled(input.value());
        }

        float[][] scaled = forecaster.step(inputs, lstm);

        List<Scored> results = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            results.add(finish(batch.get(i), states[i], judgements[i], lstm[i], scaled[i], spec));
        }
        return results;
    }

    /** The detector's verdict on one reading, before the network runs. */
    private record Judgement(Double expected, double score, boolean warmingUp, boolean flagged,
                             Episode.Step episode) {
    }

    /**
     * The reading's anomaly score is the strongest of four signals, each a log-scaled rarity for this key: the
     * recent forecast errors, a drift (errors that keep falling on one side), a stuck value, a break out of the
     * key's range. While an episode is open the published score is damped, so one incident is one high score.
     */
    private Judgement judge(SensorState state, Input input) {
        List<Double> lastForecast = state.getLastForecast();
        Double expected = lastForecast.isEmpty() ? null : lastForecast.get(0);
        double score = 0.0;
        Double judgedAgainst = networkForecast(state);
        if (judgedAgainst != null && state.getSteps() >= SETTLE_STEPS) {
            score = Math.max(forecastErrorScore(state, input.value() - judgedAgainst), score);
        }
        score = Math.max(score, stuckScore(state, input.value()));
        score = Math.max(score, rangeScore(state, input.value()));
        boolean warmingUp = state.getSteps() < settings.warmupSteps();
        boolean flagged = !warmingUp && score >= settings.flagThreshold();
        Episode before = episode(state);
        Episode.Step step = before.next(flagged, score, input.eventTime(), settings.closeAfterSteps());
        double published = before.open() ? score * settings.openDamping() : score;
        return new Judgement(expected, published, warmingUp, flagged, step);
    }

    /**
     * The network's own one-step forecast made at the previous reading, which the detector judges (null before
     * there is one). Not the published, combined forecast: that one leans toward the key's level, which is
     * better on average but hides the first readings of a change that the network's forecast shows (NAB
     * standard 67.0 judged on the combined forecast, 69.9 on the network's).
     */
    private static Double networkForecast(SensorState state) {
        List<Double> history = state.getCombinerHistory();
        if (history.size() >= ForecastCombiner.FIELDS) {
            return history.get(history.size() - ForecastCombiner.FIELDS + 2);
        }
        List<Double> lastForecast = state.getLastForecast();
        return lastForecast.isEmpty() ? null : lastForecast.get(0);
    }

    /**
     * The error signals: the short-window mean absolute error and the drift-window mean signed error, each judged
     * against the key's running distribution of that same mean before it joins it (an incident does not dilute
     * itself).
     */
    private double forecastErrorScore(SensorState state, double error) {
        // normalised by the key's own scale, so the detector's history is unit-free
        double normalised = error / scaler(state).scale();
        int kept = Math.max(settings.shortWindow(), settings.driftWindow());
        List<Double> recent = appendBounded(state.getErrRecent(), normalised, kept);
        double shortMean = meanOfLast(recent, settings.shortWindow(), true);
        double drift = Math.abs(meanOfLast(recent, settings.driftWindow(), false));

        RunningMoments errors = errorHistory(state);
        RunningMoments drifts = driftHistory(state);
        double score = Math.max(AnomalyLikelihood.surprise(shortMean, errors, settings.scoreDecades()),
                AnomalyLikelihood.surprise(drift, drifts, settings.driftDecades()));

        RunningMoments updated = errors.update(shortMean, settings.longMemory());
        RunningMoments updatedDrift = drifts.update(drift, settings.longMemory());
        double alpha = 1.0 / Math.min(updated.count(), settings.longMemory());
        state.setErrRecent(recent);
        state.setErrMean(updated.mean());
        state.setErrVar(updated.variance());
        state.setErrCount(updated.count());
        state.setDriftMean(updatedDrift.mean());
        state.setDriftVar(updatedDrift.variance());
        state.setDriftCount(updatedDrift.count());
        state.setErrScale(state.getErrScale() + alpha * (Math.abs(error) - state.getErrScale()));
        return score;
    }

    private double stuckScore(SensorState state, double value) {
        List<Double> recent = state.getRecent();
        if (recent.isEmpty()) {
            return 0.0;
        }
        boolean repeated = recent.get(recent.size() - 1) == value;
        StuckValue stuck = new StuckValue(state.getStuckRun(), state.getRepeatRate(), state.getRepeatCount());
        double score = stuck.surprise(repeated, settings.longMemory(), settings.scoreDecades());
        StuckValue next = stuck.next(repeated, settings.longMemory());
        state.setStuckRun(next.run());
        state.setRepeatRate(next.repeatRate());
        state.setRepeatCount(next.count());
        return score;
    }

    private double rangeScore(SensorState state, double value) {
        RangeBreak range = new RangeBreak(state.getValueMin(), state.getValueMax(), state.getSteps(),
                state.getRangeHeldSteps());
        boolean breaks = range.breaks(value, settings.rangeTolerance(), settings.rangeMatureSteps());
        RangeBreak next = range.next(value);
        state.setValueMin(next.min());
        state.setValueMax(next.max());
        state.setRangeHeldSteps(next.heldSteps());
        return breaks ? 1.0 : 0.0;
    }

    /** Mean of the last {@code count} values (all of them when fewer), of their absolute values if asked. */
    private static double meanOfLast(List<Double> values, int count, boolean absolute) {
        int from = Math.max(0, values.size() - count);
        double sum = 0;
        for (int i = from; i < values.size(); i++) {
            sum += absolute ? Math.abs(values.get(i)) : values.get(i);
        }
        return values.size() == from ? 0 : sum / (values.size() - from);
    }

    private Scored finish(Input input, SensorState state, Judgement judgement, LstmState lstm, float[] scaled,
                          ModelSpec spec) {
        RunningScaler scaler = scaler(state);
        List<Double> forecast = new ArrayList<>(spec.horizon());
        List<Double> lower = new ArrayList<>(spec.horizon());
        List<Double> upper = new ArrayList<>(spec.horizon());
        double[] network = new double[spec.horizon()];
        for (int h = 0; h < spec.horizon(); h++) {
            network[h] = scaler.fromScaled(scaled[h]);
        }
        ForecastCombiner.Result combined = combiner.next(new ForecastCombiner.State(state.getCombinerSums(),
                state.getCombinerHistory(), state.getLevel()), input.value(), network, scaler.scale(),
                state.getSteps() == 0);
        state.setCombinerSums(combined.state().sums());
        state.setCombinerHistory(combined.state().history());
        state.setLevel(combined.state().level());
        for (int h = 0; h < spec.horizon(); h++) {
            double value = combined.forecast()[h];
            double halfWidth = halfWidth(state, scaler, h);
            forecast.add(value);
            lower.add(value - halfWidth);
            upper.add(value + halfWidth);
        }

        Episode episode = judgement.episode().episode();
        state.setHidden(toBytes(lstm.hidden()));
        state.setCell(toBytes(lstm.cell()));
        state.setLastForecast(forecast);
        state.setRecent(appendBounded(state.getRecent(), input.value(), settings.recentWindow()));
        state.setSteps(state.getSteps() + 1);
        state.setLastEventTime(input.eventTime());
        state.setModelVersion(spec.version());
        state.setEpisodeId(episode.id());
        state.setEpisodeOpen(episode.open());
        state.setEpisodeStartedAt(episode.startedAt());
        state.setEpisodePeak(episode.peak());
        state.setCalmSteps(episode.calmSteps());

        Forecast published = Forecast.newBuilder()
                .setSensorId(input.sensorId())
                .setEventTime(Instant.ofEpochMilli(input.eventTime()))
                .setValue(input.value())
                .setExpected(judgement.expected())
                .setForecast(forecast)
                .setLower(lower)
                .setUpper(upper)
                .setAnomalyScore(judgement.score())
                .setAnomalyFlag(judgement.flagged())
                .setWarmingUp(judgement.warmingUp())
                .setModelVersion(spec.version())
                .build();
        return new Scored(state, published, event(input, judgement, spec));
    }

    /** Half-width of the prediction interval {@code h + 1} steps ahead, from the key's one-step error so far. */
    private double halfWidth(SensorState state, RunningScaler scaler, int h) {
        double sigma = state.getErrCount() > 0 ? MAE_TO_SIGMA * state.getErrScale() : scaler.scale();
        // errors of a random walk grow with the square root of the horizon: a simple, honest widening
        return settings.intervalZ() * sigma * Math.sqrt(h + 1.0);
    }

    /**
     * What a stored state says now, for queries: the standing forecast with the interval it was published with, and
     * the forecast-error score of the key's recent errors against its error history as it stands (the published score
     * was judged one step earlier, before the last error joined the history, so the two can differ slightly).
     */
    public Outlook outlook(SensorState state) {
        RunningScaler scaler = scaler(state);
        List<Double> forecast = state.getLastForecast();
        List<Double> lower = new ArrayList<>(forecast.size());
        List<Double> upper = new ArrayList<>(forecast.size());
        for (int h = 0; h < forecast.size(); h++) {
            double halfWidth = halfWidth(state, scaler, h);
            lower.add(forecast.get(h) - halfWidth);
            upper.add(forecast.get(h) + halfWidth);
        }
        double score = state.getErrRecent().isEmpty() ? 0.0 : AnomalyLikelihood.surprise(
                meanOfLast(state.getErrRecent(), settings.shortWindow(), true), errorHistory(state),
                settings.scoreDecades());
        return new Outlook(forecast, lower, upper, score, state.getSteps() < settings.warmupSteps());
    }

    /** See {@link #outlook(SensorState)}. */
    public record Outlook(List<Double> forecast, List<Double> lower, List<Double> upper, double score,
                          boolean warmingUp) {
    }

    private static AnomalyEvent event(Input input, Judgement judgement, ModelSpec spec) {
        Episode.Transition transition = judgement.episode().transition();
        if (transition == Episode.Transition.NONE) {
            return null;
        }
        Episode episode = judgement.episode().episode();
        boolean opened = transition == Episode.Transition.OPENED;
        return AnomalyEvent.newBuilder()
                .setSensorId(input.sensorId())
                .setEpisodeId(episode.id())
                .setState(opened ? EpisodeState.OPENED : EpisodeState.CLOSED)
                .setStartedAt(Instant.ofEpochMilli(episode.startedAt()))
                .setEndedAt(opened ? null : Instant.ofEpochMilli(input.eventTime()))
                .setPeakScore(episode.peak())
                .setTriggerValue(input.value())
                .setExpected(judgement.expected() == null ? Double.NaN : judgement.expected())
                .setModelVersion(spec.version())
                .build();
    }

    /**
     * The key's LSTM state for this model. A state built by another model version is rebuilt by running this
     * model over the key's recent raw values (docs/DESIGN.md, decision 7), so a model swap keeps the key warm.
     *
     * <p>The detector is brought over too: the key's error history was of the old model's errors, and a model
     * with errors of another size would be judged against the wrong yardstick (a worse one raises a burst of
     * flags, a better one goes deaf). The new model's errors on the same recent values give the ratio of the two
     * sizes, and the history is rescaled by it; the forecast the next reading is judged against becomes the new
     * model's.
     */
    private LstmState hiddenState(SensorState state, ModelSpec spec, Forecaster forecaster) {
        if (state.getModelVersion() == spec.version() || state.getSteps() == 0) {
            return LstmState.of(spec.layers(), spec.units(), toFloats(state.getHidden()), toFloats(state.getCell()));
        }
        LstmState rebuilt = LstmState.zero(spec.layers(), spec.units());
        RunningScaler scaler = scaler(state);
        List<Double> ring = state.getRecent();
        int kept = Math.max(settings.shortWindow(), settings.driftWindow());
        List<Double> normalised = new ArrayList<>();
        double sumAbsError = 0;
        int counted = 0;
        float[] forecast = null;
        for (int i = 0; i < ring.size(); i++) {
            double value = ring.get(i);
            // the first steps from a zero state are not the model's real errors
            if (forecast != null && i >= SETTLE_STEPS) {
                double error = value - scaler.fromScaled(forecast[0]);
                sumAbsError += Math.abs(error);
                counted++;
                normalised = appendBounded(normalised, error / scaler.scale(), kept);
            }
            forecast = forecaster.step(scaler.toScaled(value), rebuilt);
        }
        if (counted > 0 && state.getErrCount() > 0 && state.getErrScale() > 0) {
            double ratio = Math.max(MIN_RESCALE, Math.min(MAX_RESCALE, sumAbsError / counted / state.getErrScale()));
            state.setErrMean(state.getErrMean() * ratio);
            state.setErrVar(state.getErrVar() * ratio * ratio);
            state.setDriftMean(state.getDriftMean() * ratio);
            state.setDriftVar(state.getDriftVar() * ratio * ratio);
            state.setErrScale(state.getErrScale() * ratio);
            state.setErrRecent(normalised);
        }
        if (forecast != null) {
            // the next reading is judged against the new model's forecast of it
            state.setCombinerHistory(ForecastCombiner.withLatestNetworkForecast(state.getCombinerHistory(),
                    scaler.fromScaled(forecast[0])));
        }
        return rebuilt;
    }

    /**
     * The key's newest {@code count} raw values in its current scaling, oldest first (a training window in the
     * key's own units of the network), or null while the key has fewer.
     */
    public static float[] recentScaled(SensorState state, int count) {
        List<Double> recent = state.getRecent();
        if (recent.size() < count) {
            return null;
        }
        RunningScaler scaler = scaler(state);
        float[] scaled = new float[count];
        for (int i = 0; i < count; i++) {
            scaled[i] = scaler.toScaled(recent.get(recent.size() - count + i));
        }
        return scaled;
    }

    private static SensorState fresh(ModelSpec spec) {
        return SensorState.newBuilder()
                .setModelVersion(spec.version())
                .setSteps(0)
                .setLastEventTime(Long.MIN_VALUE)
                .setHidden(ByteBuffer.allocate(0))
                .setCell(ByteBuffer.allocate(0))
                .setScalerMean(0)
                .setScalerVar(0)
                .setScalerCount(0)
                .setLastForecast(List.of())
                .setRecent(List.of())
                .setErrMean(0)
                .setErrVar(0)
                .setErrCount(0)
                .setErrScale(0)
                .setErrRecent(List.of())
                .setEpisodeId(0)
                .setEpisodeOpen(false)
                .setEpisodeStartedAt(0)
                .setEpisodePeak(0)
                .setCalmSteps(0)
                .setDriftMean(0)
                .setDriftVar(0)
                .setDriftCount(0)
                .setStuckRun(0)
                .setRepeatRate(0)
                .setRepeatCount(0)
                .setValueMin(0)
                .setValueMax(0)
                .setRangeHeldSteps(0)
                .setLevel(0)
                .setCombinerSums(List.of())
                .setCombinerHistory(List.of())
                .build();
    }

    private static RunningScaler scaler(SensorState state) {
        return new RunningScaler(new RunningMoments(state.getScalerMean(), state.getScalerVar(),
                state.getScalerCount()));
    }

    private static void writeScaler(SensorState state, RunningScaler scaler) {
        state.setScalerMean(scaler.moments().mean());
        state.setScalerVar(scaler.moments().variance());
        state.setScalerCount(scaler.moments().count());
    }

    private static RunningMoments errorHistory(SensorState state) {
        return new RunningMoments(state.getErrMean(), state.getErrVar(), state.getErrCount());
    }

    private static RunningMoments driftHistory(SensorState state) {
        return new RunningMoments(state.getDriftMean(), state.getDriftVar(), state.getDriftCount());
    }

    private static Episode episode(SensorState state) {
        return new Episode(state.getEpisodeId(), state.getEpisodeOpen(), state.getEpisodeStartedAt(),
                state.getEpisodePeak(), state.getCalmSteps());
    }

    private static List<Double> appendBounded(List<Double> values, double value, int limit) {
        int from = Math.max(0, values.size() + 1 - limit);
        List<Double> result = new ArrayList<>(Math.min(limit, values.size() + 1));
        result.addAll(values.subList(from, values.size()));
        result.add(value);
        return result;
    }

    static ByteBuffer toBytes(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return buffer;
    }

    static float[] toFloats(ByteBuffer bytes) {
        ByteBuffer view = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[view.remaining() / Float.BYTES];
        view.asFloatBuffer().get(values);
        return values;
    }
}

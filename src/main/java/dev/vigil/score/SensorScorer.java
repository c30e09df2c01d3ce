package dev.vigil.score;

import java.util.ArrayList;
import java.util.List;

import dev.vigil.avro.AnomalyEvent;
import dev.vigil.avro.CombinerState;
import dev.vigil.avro.Forecast;
import dev.vigil.avro.NetworkState;
import dev.vigil.avro.SensorState;
import dev.vigil.detect.AlarmRate;
import dev.vigil.detect.DriftSignal;
import dev.vigil.detect.Episode;
import dev.vigil.detect.ErrorSurprise;
import dev.vigil.detect.PublishedScore;
import dev.vigil.detect.RangeBreak;
import dev.vigil.detect.SeasonalShift;
import dev.vigil.detect.Signal;
import dev.vigil.detect.SignalScore;
import dev.vigil.detect.StuckValue;
import dev.vigil.model.Forecaster;
import dev.vigil.model.NetworkMemory;
import dev.vigil.model.ModelSpec;
import dev.vigil.model.NetworkInput;
import dev.vigil.model.RunningScaler;
import dev.vigil.stats.Window;

/**
 * The per-reading logic of Vigil, free of Kafka and of DL4J, as named steps: {@link ModelRewarm re-warm} a key
 * the live model has not seen, {@link #judge} the reading against the forecast made one step earlier (the reference
 * network's, {@link ReferenceJudge}, where one is configured; else the live network's), step the network (and the
 * reference), {@link #publish} the next forecast. Each detector reads and writes its own part of the key's
 * {@link SensorState}; this class only runs them in order.
 *
 * <p>Works on batches so that several keys share one network call; a batch of one is the plain case. A batch
 * holds each key at most once.
 */
public final class SensorScorer {

    /**
     * Readings before a key's errors count: the first forecasts come from an almost empty state and a scaler
     * that has seen a handful of values, and their errors would swamp the key's error history.
     */
    static final int SETTLE_STEPS = 10;

    private final ScoringSettings settings;
    private final ForecastCombiner combiner;
    private final ModelRewarm rewarm;
    private final ReferenceJudge referenceJudge;

    public SensorScorer(ScoringSettings settings) {
        this.settings = settings;
        this.combiner = new ForecastCombiner(settings.horizon(), settings.combinerMemory(), settings.levelAlpha());
        this.rewarm = new ModelRewarm(settings);
        this.referenceJudge = new ReferenceJudge(rewarm);
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

    /**
     * Whether scoring this stored state (null for a key never seen) with {@code forecaster} re-warms it
     * ({@link ModelRewarm}): a window of network steps instead of one, which is why a processor paces them.
     */
    public static boolean rewarms(SensorState state, Forecaster forecaster) {
        return state != null && ModelRewarm.needed(state, forecaster.spec());
    }

    /**
     * Scores each reading of the batch with {@code forecaster}, detection judging its forecasts; {@code days} holds the
     * older values of the keys' days and is written as they move on.
     */
    public List<Scored> score(List<Input> batch, Forecaster forecaster, DayBlocks days) {
        return score(batch, forecaster, null, days);
    }

    /**
     * The same, detection judging the forecasts of {@code reference} ({@link ReferenceJudge}), stepped beside
     * {@code forecaster}; null: of {@code forecaster}.
     */
    public List<Scored> score(List<Input> batch, Forecaster forecaster, Forecaster reference, DayBlocks days) {
        ModelSpec spec = forecaster.spec();
        if (spec.horizon() != settings.horizon()) {
            throw new IllegalStateException("model version " + spec.version() + " forecasts " + spec.horizon()
                    + " steps but forecast.horizon is " + settings.horizon());
        }
        int size = batch.size();
        SensorState[] states = new SensorState[size];
        Judgement[] judgements = new Judgement[size];
        NetworkMemory[] networks = new NetworkMemory[size];
        float[][] inputs = new float[size][];
        DayMemory[] dayAfter = new DayMemory[size];
        boolean referenced = reference != null;
        NetworkMemory[] referenceMemories = referenced ? new NetworkMemory[size] : null;
        float[][] referenceInputs = referenced ? new float[size][] : null;
        for (int i = 0; i < size; i++) {
            Input input = batch.get(i);
            states[i] = input.state() == null ? fresh(spec) : input.state();
            DayMemory day = DayMemory.from(states[i].getDay(), input.sensorId(), days);
            networks[i] = rewarm.network(states[i], spec, forecaster, day, !referenced);
            if (referenced) {
                referenceMemories[i] = referenceJudge.memory(states[i], reference, day);
            }
            dayAfter[i] = learnDay(states[i], input, day);
            judgements[i] = judge(states[i], input, dayAfter[i], referenced);
            RunningScaler scaler = learnScale(states[i], input);
            inputs[i] = networkInput(states[i], input, spec, dayAfter[i], scaler);
            if (referenced) {
                referenceInputs[i] = networkInput(states[i], input, reference.spec(), dayAfter[i], scaler);
            }
        }

        // the network step: every key of the batch in one call, each network state updated in place
        float[][] outputs = forecaster.step(inputs, networks);
        if (referenced) {
            float[][] judged = reference.step(referenceInputs, referenceMemories);
            for (int i = 0; i < size; i++) {
                ReferenceJudge.remember(states[i], reference.spec(), referenceMemories[i],
                        RunningScaler.from(states[i].getScaler()).fromScaled(judged[i][0]));
            }
        }

        List<Scored> results = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            results.add(publish(batch.get(i), states[i], judgements[i], networks[i], outputs[i], spec));
        }
        // only now that every reading has its outputs: a reading that failed leaves the day store as it was
        for (DayMemory day : dayAfter) {
            day.save();
        }
        return results;
    }

    /**
     * The reading's anomaly score is the strongest of five signals, each a log-scaled rarity for this key: the
     * recent forecast errors, a drift (the level moving), a seasonal shift (the level against a day earlier), a stuck
     * value, a break out of the key's range; the score is published with the {@link Signal} that gave it. Updates
     * each detector's state and the key's episode. An episode publishes one high score, its strength a few readings
     * in ({@link Episode.Step#published}), lower when the key alarms more often than expected ({@link AlarmRate}); its
     * other readings' scores are damped. {@code day} is the key's day with this reading in it; {@code referenced}: the
     * error signal judges the reference network's forecast ({@link ReferenceJudge}), not the live network's.
     */
    private Judgement judge(SensorState state, Input input, DayMemory day, boolean referenced) {
        double value = input.value();
        SignalScore strongest = SignalScore.NONE;
        Double judgedAgainst = referenced ? ReferenceJudge.forecast(state) : networkForecast(state);
        if (judgedAgainst != null && state.getSteps() >= SETTLE_STEPS) {
            strongest = strongest.or(Signal.FORECAST_ERROR, judgeError(state, value - judgedAgainst));
        }
        strongest = strongest.or(Signal.DRIFT, judgeDrift(state, value));
        SeasonalShift.Judged season = judgeSeason(state, value, day);
        strongest = strongest.or(Signal.SEASONAL_SHIFT, season.score());
        // the range before this reading joins it: what the stuck signal's floor and the range break judge against
        RangeBreak range = RangeBreak.from(state.getRange());
        strongest = strongest.or(Signal.STUCK_VALUE, judgeStuck(state, value, range.atFloor(value)));
        strongest = strongest.or(Signal.RANGE_BREAK, judgeRange(state, value, range));

        boolean warmingUp = state.getSteps() < settings.warmupSteps();
        // the threshold is on the published scale, which keeps the rarity's order (the same below 0.9)
        boolean flagged = !warmingUp && PublishedScore.of(strongest.score()) >= settings.flagThreshold();
        Episode before = Episode.from(state.getEpisode());
        Episode.Step step = before.next(flagged, strongest, input.eventTime(), settings.closeAfterSteps());
        SignalScore published = step.published(strongest, settings.confirmSteps(), settings.openDamping());
        if (step.confirms(settings.confirmSteps())) {
            published = published.withScore(judgeHabit(state, published.score()));
            step = step.withStrength(published.score());
        }
        state.setEpisode(step.episode().toAvro());
        // the seasonal signal remembers which readings were an incident, so as not to judge against them a day later
        state.setSeason(season.next().marked(step.episode().open(), day.newestPosition(), day.rowsPerDay(),
                settings.seasonWindow()).toAvro());
        return new Judgement(expected(state), published, warmingUp, flagged, step);
    }

    /** An episode's strength, as it publishes, lowered by how often the key alarms (decision 0036). */
    private double judgeHabit(SensorState state, double strength) {
        AlarmRate alarms = AlarmRate.from(state.getAlarms());
        double discount = alarms.discount(state.getSteps(), settings.longMemory(), settings.expectedEpisodes(),
                settings.scoreDecades());
        state.setAlarms(alarms.next(state.getSteps(), settings.longMemory()).toAvro());
        return Math.max(0.0, strength - discount);
    }

    /**
     * The live network's own one-step forecast made at the previous reading, which the detectors judge where no
     * reference network is configured (null before there is one). Not the published, combined forecast: that one
     * leans toward the key's level, which is better on average but hides the first readings of a change that the
     * network's forecast shows (NAB standard 67.0 judged on the combined forecast, 69.9 on the network's).
     */
    private static Double networkForecast(SensorState state) {
        Double network = ForecastCombiner.State.from(state.getCombiner()).latestNetworkForecast();
        return network != null ? network : expected(state);
    }

    /** The published forecast of this reading, made one step earlier; null before the first. */
    private static Double expected(SensorState state) {
        List<Double> lastForecast = state.getLastForecast();
        return lastForecast.isEmpty() ? null : lastForecast.get(0);
    }

    /** The error signal, and the interval's error size; {@code error} is in raw units. */
    private double judgeError(SensorState state, double error) {
        // normalised by the key's own scale, so the detector's history is unit-free
        double normalised = error / RunningScaler.from(state.getScaler()).scale();
        ErrorSurprise errors = ErrorSurprise.from(state.getError());
        double score = errors.surprise(normalised, settings.shortWindow(), settings.scoreDecades());
        state.setError(errors.next(normalised, settings.shortWindow(), settings.longMemory()).toAvro());
        state.setInterval(PredictionInterval.from(state.getInterval()).next(error, settings.longMemory()).toAvro());
        return score;
    }

    /** The drift signal, over the key's recent values (the ring, before this reading joins it). */
    private double judgeDrift(SensorState state, double value) {
        DriftSignal.Judged judged = DriftSignal.from(state.getDrift()).judge(state.getRecent(), value,
                settings.driftWindow(), settings.driftDecades(), settings.longMemory());
        state.setDrift(judged.next().toAvro());
        return judged.score();
    }

    /** The seasonal signal, over the key's day (with this reading, its newest value, in it). */
    private SeasonalShift.Judged judgeSeason(SensorState state, double value, DayMemory day) {
        return SeasonalShift.from(state.getSeason()).judge(day, day.rowsPerDay(), day.newestPosition(), value,
                settings.seasonWindow(), settings.driftDecades(), settings.longMemory(),
                RunningScaler.from(state.getScaler()).scale());
    }

    /** The stuck signal; {@code atFloor}: the value is the lowest the key has shown before it. */
    private double judgeStuck(SensorState state, double value, boolean atFloor) {
        List<Double> recent = state.getRecent();
        if (recent.isEmpty()) {
            return 0.0;
        }
        boolean repeated = recent.get(recent.size() - 1) == value;
        StuckValue stuck = StuckValue.from(state.getStuck());
        double score = stuck.surprise(repeated, atFloor, settings.longMemory(), settings.scoreDecades());
        state.setStuck(stuck.next(repeated, settings.longMemory()).toAvro());
        return score;
    }

    private double judgeRange(SensorState state, double value, RangeBreak range) {
        // beyond the range by more than the key's noise: its one-step error size stands for it
        double noise = settings.rangeNoiseMultiple() * PredictionInterval.from(state.getInterval()).meanAbsError();
        double score = range.surprise(value, noise, settings.rangeMatureSteps());
        state.setRange(range.next(value).toAvro());
        return score;
    }

    /** The key's day with the reading in it ({@code before}: without), in the state; its blocks not yet saved. */
    private DayMemory learnDay(SensorState state, Input input, DayMemory before) {
        long interval = state.getSteps() == 0 ? -1 : input.eventTime() - state.getLastEventTime();
        DayMemory day = before.next(input.value(), input.eventTime(), interval, settings.recentWindow(),
                settings.dayMaxRows());
        state.setDay(day.toAvro());
        return day;
    }

    /** The key's scaler, having learnt from the reading, in the state: the network's inputs are scaled by it. */
    private RunningScaler learnScale(SensorState state, Input input) {
        RunningScaler scaler = RunningScaler.from(state.getScaler()).update(input.value(), settings.scalerMemory());
        state.setScaler(scaler.toAvro());
        return scaler;
    }

    /**
     * The input of a network of {@code spec}: the value in the key's own scaling ({@code scaler}, having learnt from
     * it), the previous value (the newest in the ring) in the same scaling, and for a seasonal model the key's values
     * one day before each of the next H steps ({@code day}: the key's day with this reading in it).
     */
    private static float[] networkInput(SensorState state, Input input, ModelSpec spec, DayMemory day,
                                        RunningScaler scaler) {
        double value = input.value();
        List<Double> recent = state.getRecent();
        float previous = recent.isEmpty() ? Float.NaN : scaler.toScaled(recent.get(recent.size() - 1));
        return NetworkInput.of(spec, scaler.toScaled(value), previous, day.dayAgo(0, spec.horizon(), scaler));
    }

    /**
     * The network's forecast, corrected by the key's combiner, becomes the published forecast with its interval;
     * the key's state moves on by one reading.
     */
    private Scored publish(Input input, SensorState state, Judgement judgement, NetworkMemory network, float[] output,
                           ModelSpec spec) {
        RunningScaler scaler = RunningScaler.from(state.getScaler());
        double[] raw = new double[spec.horizon()];
        for (int h = 0; h < spec.horizon(); h++) {
            raw[h] = scaler.fromScaled(output[h]);
        }
        ForecastCombiner.Result combined = combiner.next(ForecastCombiner.State.from(state.getCombiner()),
                state.getRecent(), input.value(), raw, scaler.scale(), state.getSteps() == 0);
        List<Double> forecast = new ArrayList<>(spec.horizon());
        for (double value : settings.combinerEnabled() ? combined.forecast() : raw) {
            forecast.add(value);
        }
        PredictionInterval.Band band = PredictionInterval.from(state.getInterval())
                .around(forecast, settings.intervalZ(), scaler.scale());

        state.setCombiner(combined.state().toAvro());
        state.setNetwork(network.toAvro());
        state.setLastForecast(forecast);
        state.setRecent(Window.append(state.getRecent(), input.value(), settings.recentWindow()));
        state.setSteps(state.getSteps() + 1);
        state.setLastEventTime(input.eventTime());
        state.setModelVersion(spec.version());

        return new Scored(state, ForecastPublisher.forecast(input, judgement, forecast, band, spec.version()),
                ForecastPublisher.event(input, judgement, spec.version()));
    }

    /**
     * What a stored state says now, for queries: the standing forecast with the interval it was published with, and
     * the forecast-error score of the key's recent errors against its error history as it stands (the published score
     * was judged one step earlier, before the last error joined the history, so the two can differ slightly).
     */
    public Outlook outlook(SensorState state) {
        List<Double> forecast = state.getLastForecast();
        PredictionInterval.Band band = PredictionInterval.from(state.getInterval())
                .around(forecast, settings.intervalZ(), RunningScaler.from(state.getScaler()).scale());
        double score = PublishedScore.of(ErrorSurprise.from(state.getError())
                .standing(settings.shortWindow(), settings.scoreDecades()));
        return new Outlook(forecast, band.lower(), band.upper(), score, state.getSteps() < settings.warmupSteps());
    }

    /** See {@link #outlook(SensorState)}. */
    public record Outlook(List<Double> forecast, List<Double> lower, List<Double> upper, double score,
                          boolean warmingUp) {
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
        RunningScaler scaler = RunningScaler.from(state.getScaler());
        float[] scaled = new float[count];
        for (int i = 0; i < count; i++) {
            scaled[i] = scaler.toScaled(recent.get(recent.size() - count + i));
        }
        return scaled;
    }

    /**
     * For the training window of the key's newest {@code length + horizon} values ({@link #recentScaled}), the day-ago
     * values of its {@code length} input steps in its current scaling, step after step; empty when the key has no
     * known day.
     */
    public static float[] recentDayAgo(SensorState state, String sensorId, DayBlocks days, int length, int horizon) {
        return DayMemory.from(state.getDay(), sensorId, days)
                .windowDayAgo(length, horizon, RunningScaler.from(state.getScaler()));
    }

    /** Deletes what key {@code sensorId} with this stored state holds in {@code days}, as the key is forgotten. */
    public static void forget(SensorState state, String sensorId, DayBlocks days) {
        DayMemory.forget(state.getDay(), sensorId, days);
    }

    /** The state of a key never seen: every detector empty, the network's state empty (zero). */
    static SensorState fresh(ModelSpec spec) {
        return SensorState.newBuilder()
                .setModelVersion(spec.version())
                .setSteps(0)
                .setLastEventTime(Long.MIN_VALUE)
                .setRecent(List.of())
                .setLastForecast(List.of())
                .setDay(DayMemory.emptyState())
                .setNetwork(new NetworkState(List.of()))
                .setScaler(RunningScaler.EMPTY.toAvro())
                .setCombiner(new CombinerState(0.0, List.of(), List.of(), List.of()))
                .setInterval(PredictionInterval.NONE.toAvro())
                .setError(ErrorSurprise.NONE.toAvro())
                .setDrift(DriftSignal.NONE.toAvro())
                .setSeason(SeasonalShift.NONE.toAvro())
                .setStuck(StuckValue.NONE.toAvro())
                .setRange(RangeBreak.NONE.toAvro())
                .setEpisode(Episode.NONE.toAvro())
                .setAlarms(AlarmRate.NONE.toAvro())
                .build();
    }
}

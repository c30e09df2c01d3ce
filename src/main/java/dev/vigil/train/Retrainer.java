package dev.vigil.train;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import dev.vigil.avro.ModelUpdate;
import dev.vigil.model.ForecastModel;
import dev.vigil.model.ModelCodec;
import dev.vigil.model.ModelFitter;
import dev.vigil.model.ModelLineage;
import dev.vigil.model.ModelSpec;
import dev.vigil.model.TrainingLoss;
import dev.vigil.model.TrainingWindows;

/**
 * One retrain: fine-tune the live model on the older windows of the reservoir into a candidate, and compare the
 * two on the newest windows, which neither has trained on. Only a candidate better by the configured margin is
 * worth publishing; the gate is what keeps a bad batch of data from degrading every instance.
 */
public final class Retrainer {

    /**
     * A training window: {@code L + H} scaled values, the event time of its newest one, and per input step its H
     * day-ago values ({@code L * H}, NaN where not known; empty when none are known).
     */
    public record Sample(long eventTime, float[] scaled, float[] dayAgo) {
    }

    /**
     * What a retrain produced.
     *
     * @param update    the candidate as an update (version still the live one's, set when published), or null
     *                  when there was too little data
     * @param publish   whether the candidate passed the gate
     * @param reason    why it did or did not, for the log
     * @param candidate the candidate model, or null
     * @param trainingMillis how long fine-tuning took
     */
    public record Outcome(ModelUpdate update, ForecastModel candidate, boolean publish, String reason,
                          long trainingMillis) {
    }

    private final RetrainSettings settings;
    private final ModelFitter.Pace pace;

    /** Flat out, as in replay, where training runs inline and nothing else waits on a core. */
    public Retrainer(RetrainSettings settings) {
        this(settings, ModelFitter.Pace.FLAT_OUT);
    }

    /** With {@code pace} between minibatches (live: {@link CpuShare}). The weights are the same either way. */
    public Retrainer(RetrainSettings settings, ModelFitter.Pace pace) {
        this.settings = settings;
        this.pace = pace;
    }

    /**
     * Whether a fine-tune of a {@code spec} model may learn from a window with these day-ago values (a
     * {@link Sample#dayAgo()}). Not from a window of a key that has a daily rate but not yet a whole day behind the
     * window: a model that reads the day-ago values serves that key with them from its second day on, and windows
     * without them teach it a regime the key is leaving. Fine-tuned on a fleet's first day alone, the model reads the
     * day-ago values worse than before, and the gate, whose held-out windows lack them too, cannot see it
     * (docs/decisions/0031-a-fleets-first-day.md). A key without a daily rate (no day-ago values at all) is always
     * served without them, and its windows are learnt from.
     */
    public static boolean learnsFrom(ModelSpec spec, float[] dayAgo) {
        if (!spec.seasonal()) {
            return true;
        }
        for (float value : dayAgo) {
            if (Float.isNaN(value)) {
                return false;
            }
        }
        return true;
    }

    /** Retrains from {@code samples} (any order). Deterministic for the same inputs. */
    public Outcome retrain(ForecastModel live, List<Sample> samples) {
        List<Sample> chosen = choose(samples);
        int held = Math.max(1, (int) Math.round(chosen.size() * settings.holdoutFraction()));
        if (chosen.size() - held < 1) {
            return new Outcome(null, null, false, "too few windows (" + chosen.size() + ")", 0);
        }
        TrainingWindows train = windows(live, chosen.subList(0, chosen.size() - held));
        TrainingWindows holdout = windows(live, chosen.subList(chosen.size() - held, chosen.size()));

        long started = System.nanoTime();
        ForecastModel candidate = ModelFitter.fineTune(live, train, new ModelFitter.Plan(settings.epochs(), 32,
                settings.learningRate(), RetrainSettings.SEED), pace);
        long millis = (System.nanoTime() - started) / 1_000_000;

        ModelFitter.Validation before = ModelFitter.validate(live, holdout, pace);
        ModelFitter.Validation after = ModelFitter.validate(candidate, holdout, pace);
        // judged by the error the network is fitted to (decision 0021): a median forecaster's fine-tune lowers its
        // absolute error, not necessarily its squared one
        TrainingLoss loss = live.loss();
        double needed = before.error(loss) * (1 - settings.gateMargin());
        boolean publish = after.error(loss) < needed;
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("val_mse", after.mse());
        metrics.put("val_mse_step1", after.mseStep1());
        metrics.put("val_persistence_mse_step1", after.persistenceMseStep1());
        metrics.put("live_val_mse", before.mse());
        metrics.put("val_mae", after.mae());
        metrics.put("live_val_mae", before.mae());
        metrics.put("training_ms", (double) millis);
        metrics.put("train_windows", (double) train.size());
        metrics.put("holdout_windows", (double) holdout.size());
        ModelUpdate update = ModelCodec.toUpdate(candidate, ModelLineage.fineTuneOf(live.version()), train.size(),
                metrics);
        update.setTrainFrom(Instant.ofEpochMilli(chosen.get(0).eventTime()));
        update.setTrainTo(Instant.ofEpochMilli(chosen.get(chosen.size() - 1).eventTime()));
        String reason = String.format("held-out %s %.4f vs live v%d %.4f (needs < %.4f) on %d windows, trained on %d "
                + "in %d ms", loss.name().toLowerCase(Locale.ROOT), after.error(loss), live.version(),
                before.error(loss), needed, holdout.size(), train.size(), millis);
        return new Outcome(update, candidate, publish, reason, millis);
    }

    /**
     * At most {@code maxWindows}, a seeded sample when there are more, ordered oldest first so that the newest
     * are the held-out ones.
     */
    private List<Sample> choose(List<Sample> samples) {
        List<Sample> chosen = new ArrayList<>(samples);
        if (chosen.size() > settings.maxWindows()) {
            Collections.shuffle(chosen, new Random(RetrainSettings.SEED));
            chosen = new ArrayList<>(chosen.subList(0, settings.maxWindows()));
        }
        chosen.sort((a, b) -> Long.compare(a.eventTime(), b.eventTime()));
        return chosen;
    }

    private TrainingWindows windows(ForecastModel live, List<Sample> samples) {
        TrainingWindows windows = new TrainingWindows(settings.windowLength(), live.spec());
        samples.forEach(sample -> windows.addSequence(sample.scaled(), sample.dayAgo()));
        return windows;
    }
}

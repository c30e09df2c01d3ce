package dev.vigil.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import dev.vigil.format.JsonReadingFields;
import dev.vigil.format.KeySource;
import dev.vigil.format.ReadingSettings;
import dev.vigil.format.WireFormat;
import dev.vigil.model.InferenceEngine;
import dev.vigil.model.ModelSpec;
import dev.vigil.score.ScoringSettings;
import dev.vigil.topology.EvictionSettings;
import dev.vigil.train.RetrainSettings;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The one typed, validated configuration of Vigil.
 *
 * <p>Sources, later ones winning: a properties file, then the environment ({@code VIGIL_FORECAST_HORIZON}
 * sets {@code forecast.horizon}; {@code KAFKA_*} variables become Kafka client settings, {@code _} to
 * {@code .}), then command-line flags. Kafka's own {@link ConfigDef} does the typing and range checks, so
 * a bad value stops start-up with a message that names the setting.
 */
public final class VigilConfig extends AbstractConfig {

    public static final String APPLICATION_ID = "application.id";
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String STATE_DIR = "state.dir";

    public static final String PROCESSING_GUARANTEE = "processing.guarantee";
    public static final String STREAM_THREADS = "streams.threads";
    public static final String STANDBY_REPLICAS = "streams.standby.replicas";
    public static final String COMMIT_INTERVAL_MS = "commit.interval.ms";
    public static final String EMBEDDED_DIR = "embedded.kafka.dir";
    public static final String TOPIC_PARTITIONS = "topic.partitions";
    public static final String TOPIC_REPLICATION = "topic.replication.factor";
    public static final String DEAD_LETTER_RETENTION_MS = "topic.dead.letters.retention.ms";

    public static final String TOPIC_READINGS = "topic.readings";
    public static final String TOPIC_FORECASTS = "topic.forecasts";
    public static final String TOPIC_ANOMALIES = "topic.anomalies";
    public static final String TOPIC_DEAD_LETTERS = "topic.dead.letters";
    public static final String TOPIC_MODELS = "topic.models";
    public static final String TOPIC_TRAINING_SAMPLES = "topic.training.samples";

    public static final String FORECAST_HORIZON = "forecast.horizon";
    public static final String RECENT_WINDOW = "state.recent.window";
    public static final String DAY_MAX_ROWS = "state.day.max.rows";
    public static final String ROCKSDB_MEMORY_BYTES = "state.rocksdb.memory.bytes";
    public static final String WARMUP_STEPS = "detect.warmup.steps";
    public static final String SCALER_MEMORY = "scaler.memory.steps";
    public static final String INTERVAL_Z = "forecast.interval.z";
    public static final String SHORT_WINDOW = "detect.short.window";
    public static final String LONG_MEMORY = "detect.long.memory.steps";
    public static final String FLAG_THRESHOLD = "detect.flag.threshold";
    public static final String EPISODE_CLOSE_AFTER = "detect.episode.close.after.steps";
    public static final String SCORE_DECADES = "detect.score.decades";
    public static final String DRIFT_WINDOW = "detect.drift.window";
    public static final String RANGE_NOISE_MULTIPLE = "detect.range.noise.multiple";
    public static final String DRIFT_DECADES = "detect.drift.score.decades";
    public static final String SEASON_WINDOW = "detect.season.window";
    public static final String RANGE_MATURE_STEPS = "detect.range.mature.steps";
    public static final String COMBINER_MEMORY = "forecast.combiner.memory.steps";
    public static final String COMBINER_ENABLED = "forecast.combiner.enabled";
    public static final String LEVEL_ALPHA = "forecast.level.alpha";
    public static final String OPEN_DAMPING = "detect.episode.open.damping";
    public static final String CONFIRM_STEPS = "detect.episode.confirm.steps";
    public static final String EXPECTED_EPISODES = "detect.episode.expected";
    public static final String DETECT_REFERENCE = "detect.reference";

    public static final String IDLE_TTL_MS = "state.idle.ttl.ms";
    public static final String EVICTION_INTERVAL_MS = "state.eviction.interval.ms";
    public static final String EVICTION_SLICE = "state.eviction.slice";

    public static final String MODEL_FILE = "model.file";
    public static final String MODEL_CACHE_DIR = "model.cache.dir";
    public static final String INFERENCE_ENGINE = "inference.engine";
    public static final String MODEL_SIGNING_KEY = "model.signing.key";
    public static final String MODEL_REWARM_SHARE = "model.rewarm.share";

    public static final String TRAIN_ENABLED = "train.enabled";
    public static final String TRAIN_INTERVAL_MS = "train.interval.ms";
    public static final String TRAIN_REPLAY_INTERVAL_MS = "train.replay.interval.ms";
    public static final String TRAIN_WINDOW_LENGTH = "train.window.length";
    public static final String TRAIN_SAMPLE_EVERY = "train.sample.every.steps";
    public static final String TRAIN_MIN_SAMPLES = "train.min.samples";
    public static final String TRAIN_RESERVOIR_SENSORS = "train.reservoir.sensors";
    public static final String TRAIN_WINDOWS_PER_SENSOR = "train.reservoir.windows.per.sensor";
    public static final String TRAIN_MAX_WINDOWS = "train.max.windows";
    public static final String TRAIN_EPOCHS = "train.epochs";
    public static final String TRAIN_LEARNING_RATE = "train.learning.rate";
    public static final String TRAIN_HOLDOUT_FRACTION = "train.holdout.fraction";
    public static final String TRAIN_GATE_MARGIN = "train.gate.margin";
    public static final String TRAIN_KEEP_VERSIONS = "train.keep.versions";
    public static final String TRAIN_CPU_SHARE = "train.cpu.share";

    public static final String FORMAT_READINGS = "format.readings";
    public static final String FORMAT_OUTPUTS = "format.outputs";
    public static final String READINGS_KEY = "readings.key";
    public static final String JSON_SENSOR_ID_FIELD = "readings.json.sensor.id.field";
    public static final String JSON_TIMESTAMP_FIELD = "readings.json.timestamp.field";
    public static final String JSON_VALUE_FIELD = "readings.json.value.field";

    public static final String HTTP_PORT = "http.port";
    public static final String APPLICATION_SERVER = "application.server";

    /** Variables the {@code ./vigil} launcher reads itself (JVM options, log levels): not settings. */
    static final Set<String> LAUNCHER_VARIABLES = Set.of("VIGIL_JAVA_OPTS", "VIGIL_LOG_LEVEL", "VIGIL_KAFKA_LOG_LEVEL");

    /** Settings with this prefix in a properties file are handed to the Kafka clients as they are. */
    public static final String KAFKA_PREFIX = "kafka.";

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(APPLICATION_ID, Type.STRING, "vigil", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Kafka Streams application id: consumer group and prefix of internal topics.")
            .define(BOOTSTRAP_SERVERS, Type.STRING, "", Importance.HIGH,
                    "Kafka cluster to use; empty starts Vigil's own embedded broker.")
            .define(STATE_DIR, Type.STRING, "vigil-data/state", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Directory of the local state stores.")
            .define(PROCESSING_GUARANTEE, Type.STRING, "exactly_once_v2",
                    ConfigDef.ValidString.in("exactly_once_v2", "at_least_once"), Importance.HIGH,
                    "exactly_once_v2: state, outputs and input offsets commit together, so an alert is never lost "
                            + "or sent twice. at_least_once: lower latency, duplicates possible after a crash.")
            .define(STREAM_THREADS, Type.INT, 1, Range.between(1, 64), Importance.MEDIUM,
                    "Stream threads of this instance (each has its own network copy).")
            .define(STANDBY_REPLICAS, Type.INT, 0, Range.between(0, 16), Importance.MEDIUM,
                    "Standby replicas of each task's state on other instances of this application (Kafka Streams' "
                            + "num.standby.replicas): kept up to date from the changelog, so when an instance dies "
                            + "the survivor takes its sensors over without restoring them first. 0 for a single "
                            + "instance; 1 when several share the application.id (docs/decisions/0010).")
            .define(COMMIT_INTERVAL_MS, Type.LONG, 100L, Range.atLeast(1), Importance.LOW,
                    "How often the streams commit (the latency of read_committed consumers under exactly-once).")
            .define(EMBEDDED_DIR, Type.STRING, "vigil-data/kafka", new ConfigDef.NonEmptyString(), Importance.LOW,
                    "Data directory of the embedded broker (used when bootstrap.servers is empty).")
            .define(TOPIC_PARTITIONS, Type.INT, 6, Range.between(1, 10_000), Importance.MEDIUM,
                    "Partitions of the topics Vigil creates (the readings topic and its outputs).")
            .define(TOPIC_REPLICATION, Type.SHORT, (short) -1, Importance.MEDIUM,
                    "Replication factor of the topics Vigil creates; -1 takes the broker's default.")
            .define(DEAD_LETTER_RETENTION_MS, Type.LONG, 30L * 24 * 3600 * 1000, Range.atLeast(1), Importance.LOW,
                    "Retention of the dead-letter topic (longer than the others: someone has to look at them).")
            .define(TOPIC_READINGS, Type.STRING, "sensor-readings", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Input topic of readings (see format.readings and readings.key).")
            .define(TOPIC_FORECASTS, Type.STRING, "sensor-forecasts", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Output topic: one Forecast per accepted reading.")
            .define(TOPIC_ANOMALIES, Type.STRING, "sensor-anomalies", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Output topic: AnomalyEvent records, OPENED and CLOSED per episode.")
            .define(TOPIC_DEAD_LETTERS, Type.STRING, "vigil-dead-letters", new ConfigDef.NonEmptyString(),
                    Importance.HIGH, "Output topic: DeadLetter envelopes of input records that could not be scored.")
            .define(TOPIC_MODELS, Type.STRING, "vigil-models", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Compacted topic of versioned models.")
            .define(TOPIC_TRAINING_SAMPLES, Type.STRING, "vigil-training-samples", new ConfigDef.NonEmptyString(),
                    Importance.LOW, "Topic (one partition) of training windows cut from the sensors' recent history.")
            .define(FORECAST_HORIZON, Type.INT, 7, Range.between(1, 64), Importance.HIGH,
                    "H: steps ahead forecast at every reading. Must match the model's horizon.")
            .define(RECENT_WINDOW, Type.INT, 64, Range.between(1, 4096), Importance.MEDIUM,
                    "W: raw values kept per sensor (used to re-warm a key on a model swap).")
            .define(DAY_MAX_ROWS, Type.INT, 1440, Range.between(0, 100_000), Importance.LOW,
                    "Most readings a day for which a sensor's last day is kept, for the network's day-ago inputs "
                            + "and the seasonal signal (1440: one a minute). A sensor read more often, or once a day "
                            + "or less, is forecast and judged without them. Each kept value costs 4 bytes of state; "
                            + "0 keeps none.")
            .define(ROCKSDB_MEMORY_BYTES, Type.LONG, 256L * 1024 * 1024, Range.atLeast(16L * 1024 * 1024),
                    Importance.MEDIUM,
                    "Off-heap memory of all the RocksDB state stores of this instance together, in bytes: one block "
                            + "cache of this size shared by every store holds their data, index and filter blocks, "
                            + "and their write buffers (at most a quarter of it) are charged to it too. The JVM's heap "
                            + "comes on top (docs/decisions/0015).")
            .define(WARMUP_STEPS, Type.INT, 100, Range.atLeast(0), Importance.MEDIUM,
                    "Readings a new sensor must see before it may be flagged.")
            .define(SCALER_MEMORY, Type.INT, 2000, Range.atLeast(2), Importance.LOW,
                    "Memory, in readings, of each sensor's running mean and scale.")
            .define(INTERVAL_Z, Type.DOUBLE, 1.96, Range.between(0.0, 10.0), Importance.LOW,
                    "Half-width of the prediction interval in standard deviations of the one-step error.")
            .define(SHORT_WINDOW, Type.INT, 5, Range.between(1, 1000), Importance.MEDIUM,
                    "Recent errors averaged by the anomaly likelihood.")
            .define(LONG_MEMORY, Type.INT, 3000, Range.atLeast(10), Importance.MEDIUM,
                    "Memory, in readings, of the error history the recent errors are judged against.")
            .define(FLAG_THRESHOLD, Type.DOUBLE, 0.6, Range.between(0.0, 1.0), Importance.HIGH,
                    "Anomaly score at or above which a reading is flagged. The score is -log10 of the tail "
                            + "probability over detect.score.decades, so with 8 decades 0.6 is a one-in-60,000 "
                            + "reading for this key; above 0.9 it is brought under 1 as published (0.95 is eight "
                            + "decades).")
            .define(EPISODE_CLOSE_AFTER, Type.INT, 10, Range.atLeast(1), Importance.MEDIUM,
                    "Unflagged readings in a row that close an anomaly episode (hysteresis).")
            .define(SCORE_DECADES, Type.DOUBLE, 8.0, Range.between(1.0, 300.0), Importance.MEDIUM,
                    "Decades of tail probability that make a rarity of 1: the score is "
                            + "-log10(tail) / decades, a log scale that keeps rare readings apart, published as it is "
                            + "up to 0.9 and brought under 1 above it, in order.")
            .define(DRIFT_WINDOW, Type.INT, 50, Range.between(2, 4096), Importance.MEDIUM,
                    "Recent values whose newer half the drift signal compares with the older half (the level "
                            + "moving, whether the network follows it or not). At most state.recent.window.")
            .define(DRIFT_DECADES, Type.DOUBLE, 7.0, Range.between(1.0, 300.0), Importance.LOW,
                    "Decades of tail probability that make a drift-signal score of 1. Fewer than "
                            + "detect.score.decades: a shift between means over the long drift window is steadier "
                            + "than the short error mean, so a smaller rarity of it already means something.")
            .define(SEASON_WINDOW, Type.INT, 20, Range.between(0, 4096), Importance.MEDIUM,
                    "Recent values whose median the seasonal signal compares with the same stretch of time one day "
                            + "earlier (at most a quarter of the sensor's day is used), judged on the drift signal's "
                            + "detect.drift.score.decades: a change of the daily shape that the recent past does not "
                            + "show. Needs the sensor's day (state.day.max.rows); 0 turns the signal off. At most "
                            + "state.recent.window.")
            .define(RANGE_NOISE_MULTIPLE, Type.DOUBLE, 3.0, Range.between(0.0, 1000.0), Importance.LOW,
                    "A value beyond the sensor's lowest or highest value so far by more than this many times its "
                            + "mean one-step forecast error scores 1 (spikes, dropouts, shifts past anything seen); "
                            + "less is noise: a noisy sensor's peaks pass each other by that much.")
            .define(RANGE_MATURE_STEPS, Type.INT, 200, Range.atLeast(0), Importance.LOW,
                    "Readings without a new lowest or highest value before a sensor's range counts: a young "
                            + "sensor still discovering its daily cycle sets new extremes that are not news.")
            .define(COMBINER_ENABLED, Type.BOOLEAN, true, Importance.LOW,
                    "Publish the network's forecast as corrected by each sensor's combiner; false publishes the "
                            + "network's own (to measure what the network does alone).")
            .define(COMBINER_MEMORY, Type.INT, 1000, Range.atLeast(2), Importance.LOW,
                    "Memory, in readings, of each sensor's own correction of the network's forecast (how far to "
                            + "trust the network's predicted change, how far to lean toward the sensor's level).")
            .define(LEVEL_ALPHA, Type.DOUBLE, 0.1, Range.between(0.001, 1.0), Importance.LOW,
                    "Weight of the newest value in the short moving average that the forecast correction leans on.")
            .define(OPEN_DAMPING, Type.DOUBLE, 0.5, Range.between(0.0, 1.0), Importance.LOW,
                    "Factor on the published anomaly score while an episode is open: one incident makes one high "
                            + "score, so a score threshold downstream alerts once, as the episode does.")
            .define(CONFIRM_STEPS, Type.INT, 2, Range.between(0, 1000), Importance.LOW,
                    "Readings after an episode opens at which it publishes its anomaly score: the strongest score "
                            + "of its first confirm.steps + 1 readings (or at its close, if sooner). The episode's "
                            + "event is not delayed. 0 publishes the opening reading's own score, which sits just "
                            + "above detect.flag.threshold whatever the incident's size.")
            .define(EXPECTED_EPISODES, Type.DOUBLE, 2.0, Range.atLeast(1.0), Importance.LOW,
                    "Episodes a sensor may publish within detect.long.memory.steps readings before each further "
                            + "one's anomaly score is lowered by how often the sensor alarms: its tail probability "
                            + "multiplied by episodes / expected (a bursty sensor's bursts are not as rare as they "
                            + "read). Flags, and when episodes open and close, are unchanged; the CLOSED event "
                            + "carries the lowered score as its strength.")
            .define(DETECT_REFERENCE, Type.STRING, "shipped", Importance.MEDIUM,
                    "Which network's one-step forecast the forecast-error signal judges: live (the model that "
                            + "publishes the forecasts, retrained and swapped), shipped (the reference network "
                            + "shipped with Vigil, fixed: retraining and swaps of the live model then leave detection "
                            + "as it was), or a model file (written by `vigil train`). A fixed reference costs a "
                            + "second network step per reading.")
            .define(IDLE_TTL_MS, Type.LONG, 7L * 24 * 3600 * 1000, Range.atLeast(1), Importance.MEDIUM,
                    "A sensor silent this long in event time (against the stream's time) loses its state.")
            .define(EVICTION_INTERVAL_MS, Type.LONG, 60_000L, Range.atLeast(1), Importance.LOW,
                    "Stream-time interval between two eviction ticks.")
            .define(EVICTION_SLICE, Type.INT, 1000, Range.atLeast(1), Importance.LOW,
                    "Sensors examined per eviction tick, so a tick never stalls processing; the walk resumes where "
                            + "the last tick stopped.")
            .define(MODEL_FILE, Type.STRING, "", Importance.MEDIUM,
                    "Model file (written by `vigil train`); empty uses the default model.")
            .define(MODEL_CACHE_DIR, Type.STRING, defaultCacheDir(), Importance.LOW,
                    "Where the default model is kept once trained.")
            .define(INFERENCE_ENGINE, Type.STRING, "java", ConfigDef.CaseInsensitiveValidString.in("java", "dl4j"),
                    Importance.MEDIUM, "What steps the network: java (plain Java on the model's weights, fastest on "
                            + "a CPU) or dl4j (DL4J's rnnTimeStep on its ND4J backend, e.g. a GPU). Same numbers. "
                            + "dl4j steps LSTM models only; a GRU model needs java.")
            .define(MODEL_SIGNING_KEY, Type.PASSWORD, "", Importance.MEDIUM,
                    "Secret for HMAC-SHA256 signatures of model updates. When set, Vigil signs the models it "
                            + "publishes and refuses (dead-letters) any update on the models topic that is unsigned or "
                            + "does not verify; empty: updates are neither signed nor checked.")
            .define(TRAIN_ENABLED, Type.BOOLEAN, true, Importance.HIGH,
                    "Retrain the model from the stream's own recent history and roll better models out.")
            .define(TRAIN_INTERVAL_MS, Type.LONG, 15L * 60 * 1000, Range.atLeast(1000), Importance.MEDIUM,
                    "Wall-clock time between two retrains of a running instance.")
            .define(TRAIN_REPLAY_INTERVAL_MS, Type.LONG, 3L * 24 * 3600 * 1000, Range.atLeast(1), Importance.LOW,
                    "Event time between two retrains in `replay`, where training runs inline so that the same "
                            + "input gives the same output.")
            .define(TRAIN_WINDOW_LENGTH, Type.INT, 56, Range.between(2, 4096), Importance.LOW,
                    "L: input steps of a training window. A window also needs the H values after it, cut from "
                            + "the sensor's ring of recent values, so L + forecast.horizon <= state.recent.window.")
            .define(TRAIN_SAMPLE_EVERY, Type.INT, 32, Range.atLeast(1), Importance.LOW,
                    "A sensor contributes one training window every this many readings, so every sensor "
                            + "contributes in proportion to its data and none floods the trainer; each sensor at a "
                            + "phase of its own, so that sensors started together do not all send theirs at once.")
            .define(TRAIN_MIN_SAMPLES, Type.INT, 32, Range.atLeast(2), Importance.MEDIUM,
                    "Windows the reservoir must hold before a retrain is tried.")
            .define(TRAIN_RESERVOIR_SENSORS, Type.INT, 256, Range.atLeast(1), Importance.LOW,
                    "Sensors the trainer's reservoir holds windows of; when full, a new sensor replaces a random "
                            + "one, so over time every sensor is represented.")
            .define(TRAIN_WINDOWS_PER_SENSOR, Type.INT, 32, Range.atLeast(1), Importance.LOW,
                    "Newest windows kept per sensor in the reservoir: no sensor dominates training.")
            .define(TRAIN_MAX_WINDOWS, Type.INT, 2048, Range.atLeast(2), Importance.LOW,
                    "Windows one retrain uses at most (a seeded sample of the reservoir): bounds its time.")
            .define(TRAIN_EPOCHS, Type.INT, 2, Range.between(1, 100), Importance.LOW,
                    "Passes over the windows when the current model is fine-tuned into a candidate.")
            .define(TRAIN_LEARNING_RATE, Type.DOUBLE, 0.001, Range.between(1e-7, 1.0), Importance.LOW,
                    "Adam's learning rate for fine-tuning.")
            .define(TRAIN_HOLDOUT_FRACTION, Type.DOUBLE, 0.2, Range.between(0.05, 0.9), Importance.LOW,
                    "Newest fraction of the windows held out to compare the candidate with the live model.")
            .define(TRAIN_GATE_MARGIN, Type.DOUBLE, 0.1, Range.between(0.0, 1.0), Importance.MEDIUM,
                    "A candidate is published only if its held-out error is this fraction below the live model's. "
                            + "A swap has a cost (every sensor is re-warmed), so small gains are not worth one: on "
                            + "the NAB replay 0.02 swapped often and cost 7 NAB points, 0.1 none.")
            .define(TRAIN_KEEP_VERSIONS, Type.INT, 20, Range.atLeast(2), Importance.LOW,
                    "Model versions kept on the compacted models topic; older ones are deleted (tombstoned).")
            .define(TRAIN_CPU_SHARE, Type.DOUBLE, 0.25, Range.between(0.01, 1.0), Importance.LOW,
                    "The share of one core a live retrain may take on average: it pauses between minibatches to stay "
                            + "within it (1 for flat out). A retrain flat out takes a core for seconds, half of a "
                            + "2-core instance, beside the stream threads (docs/decisions/0017-latency-tail.md).")
            .define(MODEL_REWARM_SHARE, Type.DOUBLE, 0.05, Range.between(0.01, 1.0), Importance.LOW,
                    "The share of a stream thread's time the re-warm after a model swap may take: each key replays "
                            + "its recent window through the new model, and keys past this share are scored on the "
                            + "previous version until their turn (1 re-warms every key at once, which stalls the "
                            + "thread for seconds with many keys; docs/decisions/0019-paced-rewarm.md).")
            .define(FORMAT_READINGS, Type.STRING, "avro", ConfigDef.CaseInsensitiveValidString.in("avro", "json"),
                    Importance.HIGH, "Format of the readings: avro (Vigil's SensorReading in single-object encoding) "
                            + "or json (an object with a sensor id, a timestamp and a value; other fields ignored).")
            .define(FORMAT_OUTPUTS, Type.STRING, "avro", ConfigDef.CaseInsensitiveValidString.in("avro", "json"),
                    Importance.HIGH, "Format of the forecasts, anomaly events and dead letters: avro (single-object "
                            + "encoding) or json (schemas/*.schema.json; a dead letter's original bytes in base64).")
            .define(READINGS_KEY, Type.STRING, "record", ConfigDef.CaseInsensitiveValidString.in("record", "payload"),
                    Importance.HIGH, "Where a reading's sensor id comes from: record (the record key, which must "
                            + "match the payload's sensor id) or payload (the key is ignored, null keys included, and "
                            + "readings are re-keyed by the payload's sensor id through a repartition topic).")
            .define(JSON_SENSOR_ID_FIELD, Type.STRING, "sensor_id", new JsonField(), Importance.MEDIUM,
                    "Field of a JSON reading that holds the sensor id (a string or a whole number): a name, or a "
                            + "JSON Pointer such as /device/id.")
            .define(JSON_TIMESTAMP_FIELD, Type.STRING, "timestamp", new JsonField(), Importance.MEDIUM,
                    "Field of a JSON reading that holds its time: ISO-8601 with a zone or offset, or epoch "
                            + "milliseconds. A name or a JSON Pointer.")
            .define(JSON_VALUE_FIELD, Type.STRING, "value", new JsonField(), Importance.MEDIUM,
                    "Field of a JSON reading that holds the measured number. A name or a JSON Pointer.")
            .define(HTTP_PORT, Type.INT, 8080, Range.between(-1, 65_535), Importance.MEDIUM,
                    "Port of the HTTP server (health, /metrics, /api, dashboard); 0 takes a free port, -1 runs none.")
            .define(APPLICATION_SERVER, Type.STRING, "", new HostAndPort(), Importance.MEDIUM,
                    "host:port at which the other instances reach this one's HTTP server, when several instances "
                            + "share the application.id: a sensor query is forwarded to the instance that owns the "
                            + "sensor. Empty for a single instance. Its port must be http.port.");

    private final Map<String, String> kafkaOverrides;

    private VigilConfig(Map<String, String> vigil, Map<String, String> kafka) {
        super(DEFINITION, vigil, false);
        this.kafkaOverrides = Map.copyOf(kafka);
        int needed = getInt(TRAIN_WINDOW_LENGTH) + getInt(FORECAST_HORIZON);
        if (getBoolean(TRAIN_ENABLED) && needed > getInt(RECENT_WINDOW)) {
            throw new ConfigException(TRAIN_WINDOW_LENGTH, getInt(TRAIN_WINDOW_LENGTH), "a training window of "
                    + TRAIN_WINDOW_LENGTH + " plus " + FORECAST_HORIZON + " (" + needed + " values) must fit in "
                    + RECENT_WINDOW + " (" + getInt(RECENT_WINDOW) + "); shorten the window or raise "
                    + RECENT_WINDOW);
        }
        if (getInt(DRIFT_WINDOW) > getInt(RECENT_WINDOW)) {
            throw new ConfigException(DRIFT_WINDOW, getInt(DRIFT_WINDOW), "the drift window must fit in "
                    + RECENT_WINDOW + " (" + getInt(RECENT_WINDOW) + "), the values each sensor keeps");
        }
        if (getInt(SEASON_WINDOW) > getInt(RECENT_WINDOW)) {
            throw new ConfigException(SEASON_WINDOW, getInt(SEASON_WINDOW), "the seasonal window must fit in "
                    + RECENT_WINDOW + " (" + getInt(RECENT_WINDOW) + "): each sensor keeps its day and that many "
                    + "values more");
        }
        checkDetectReference();
        checkApplicationServerPort();
        checkJsonFieldsDiffer();
        checkStandbyReplicasSetOnce();
    }

    /** The names of every Vigil setting (not the Kafka client ones). */
    public static Set<String> names() {
        return DEFINITION.names();
    }

    /** Other instances forward queries to application.server, so it must name the port this one listens on. */
    private void checkApplicationServerPort() {
        String server = applicationServer();
        if (!server.isEmpty() && httpPort() > 0) {
            int port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
            if (port != httpPort()) {
                throw new ConfigException(APPLICATION_SERVER, server, "its port must be http.port (" + httpPort()
                        + "): the other instances forward queries to it");
            }
        }
    }

    /**
     * Kafka Streams' own name for the standby replicas would be overwritten by {@value #STANDBY_REPLICAS} without a
     * word; refusing it says which one counts.
     */
    private void checkStandbyReplicasSetOnce() {
        String streamsName = StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG;
        if (kafkaOverrides.containsKey(streamsName)) {
            throw new ConfigException(KAFKA_PREFIX + streamsName, kafkaOverrides.get(streamsName), "set "
                    + STANDBY_REPLICAS + " instead (VIGIL_STREAMS_STANDBY_REPLICAS in the environment): Vigil "
                    + "passes it to Kafka Streams and would overwrite this one");
        }
    }

    /** One field cannot hold two of a reading's parts: such a configuration would dead-letter every reading. */
    private void checkJsonFieldsDiffer() {
        String id = getString(JSON_SENSOR_ID_FIELD);
        String time = getString(JSON_TIMESTAMP_FIELD);
        String value = getString(JSON_VALUE_FIELD);
        if (value.equals(id) || value.equals(time)) {
            throw new ConfigException(JSON_VALUE_FIELD, value, "the value field must differ from "
                    + JSON_SENSOR_ID_FIELD + " (" + id + ") and " + JSON_TIMESTAMP_FIELD + " (" + time + ")");
        }
        if (time.equals(id)) {
            throw new ConfigException(JSON_TIMESTAMP_FIELD, time, "the timestamp field must differ from "
                    + JSON_SENSOR_ID_FIELD);
        }
    }

    /** A JSON field name, or a JSON Pointer starting with '/'. */
    private static final class JsonField implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                JsonReadingFields.pointer((String) value);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "a field name, or a JSON Pointer such as /payload/value";
        }
    }

    /** Empty, or {@code host:port} with a port in 1..65535. */
    private static final class HostAndPort implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String text = (String) value;
            if (text == null || text.isEmpty()) {
                return;
            }
            int colon = text.lastIndexOf(':');
            int port = -1;
            if (colon > 0) {
                try {
                    port = Integer.parseInt(text.substring(colon + 1));
                } catch (NumberFormatException e) {
                    port = -1;
                }
            }
            if (port < 1 || port > 65_535) {
                throw new ConfigException(name, value, "expected host:port, e.g. vigil-0.vigil:8080");
            }
        }

        @Override
        public String toString() {
            return "host:port or empty";
        }
    }

    /** This configuration with some settings replaced (Kafka client settings kept). */
    public VigilConfig with(Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(originalsStrings());
        kafkaOverrides.forEach((key, value) -> settings.put(KAFKA_PREFIX + key, value));
        settings.putAll(overrides);
        return of(settings);
    }

    /** Defaults only. */
    public static VigilConfig defaults() {
        return of(Map.of());
    }

    /** From explicit settings (tests, flags); keys starting with {@code kafka.} go to the Kafka clients. */
    public static VigilConfig of(Map<String, String> settings) {
        Map<String, String> vigil = new HashMap<>();
        Map<String, String> kafka = new HashMap<>();
        settings.forEach((key, value) -> {
            if (key.startsWith(KAFKA_PREFIX)) {
                kafka.put(key.substring(KAFKA_PREFIX.length()), value);
            } else if (DEFINITION.names().contains(key)) {
                vigil.put(key, value);
            } else {
                throw new ConfigException(key, value, "unknown setting; known settings are " + DEFINITION.names());
            }
        });
        return new VigilConfig(vigil, kafka);
    }

    /**
     * Layers the sources: file (may be null) &lt; environment &lt; flags.
     *
     * @throws ConfigException naming the first bad setting
     */
    public static VigilConfig load(Path file, Map<String, String> environment, Map<String, String> flags) {
        Map<String, String> merged = new HashMap<>();
        if (file != null) {
            merged.putAll(readProperties(file));
        }
        merged.putAll(fromEnvironment(environment));
        merged.putAll(flags);
        return of(merged);
    }

    /** {@code VIGIL_A_B=x} becomes {@code a.b=x}; {@code KAFKA_A_B=x} becomes the Kafka setting {@code a.b=x}. */
    static Map<String, String> fromEnvironment(Map<String, String> environment) {
        Map<String, String> settings = new HashMap<>();
        environment.forEach((name, value) -> {
            if (LAUNCHER_VARIABLES.contains(name)) {
                return;
            }
            if (name.startsWith("VIGIL_")) {
                settings.put(dotted(name.substring("VIGIL_".length())), value);
            } else if (name.startsWith("KAFKA_")) {
                settings.put(KAFKA_PREFIX + dotted(name.substring("KAFKA_".length())), value);
            }
        });
        return settings;
    }

    private static String dotted(String envName) {
        return envName.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    private static Map<String, String> readProperties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        Map<String, String> settings = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> settings.put(name, properties.getProperty(name).trim()));
        return settings;
    }

    private static String defaultCacheDir() {
        return Path.of(System.getProperty("user.home"), ".cache", "vigil").toString();
    }

    public String applicationId() {
        return getString(APPLICATION_ID);
    }

    public String bootstrapServers() {
        return getString(BOOTSTRAP_SERVERS);
    }

    public String processingGuarantee() {
        return getString(PROCESSING_GUARANTEE);
    }

    /** Standby replicas of each task on other instances (Kafka Streams' {@code num.standby.replicas}). */
    public int standbyReplicas() {
        return getInt(STANDBY_REPLICAS);
    }

    public Path embeddedKafkaDir() {
        return Path.of(getString(EMBEDDED_DIR));
    }

    public Path stateDir() {
        return Path.of(getString(STATE_DIR));
    }

    /** The bound on the off-heap memory of all RocksDB stores of this instance (docs/decisions/0015). */
    public long rocksDbMemoryBytes() {
        return getLong(ROCKSDB_MEMORY_BYTES);
    }

    public int horizon() {
        return getInt(FORECAST_HORIZON);
    }

    public Path modelCacheDir() {
        return Path.of(getString(MODEL_CACHE_DIR));
    }

    /** The configured model file, or null for the default model. */
    public Path modelFile() {
        String file = getString(MODEL_FILE);
        return file.isBlank() ? null : Path.of(file);
    }

    /** What {@value #DETECT_REFERENCE} says: "live", "shipped", or a model file's path. */
    public String detectReference() {
        String reference = getString(DETECT_REFERENCE).trim();
        return reference.equalsIgnoreCase("live") || reference.equalsIgnoreCase("shipped")
                ? reference.toLowerCase(Locale.ROOT) : reference;
    }

    private void checkDetectReference() {
        String reference = detectReference();
        if (!reference.equals("live") && !reference.equals("shipped") && !Files.isRegularFile(Path.of(reference))) {
            throw new ConfigException(DETECT_REFERENCE, reference, "neither live, shipped nor a model file");
        }
    }

    public InferenceEngine inferenceEngine() {
        return InferenceEngine.valueOf(getString(INFERENCE_ENGINE).toUpperCase(Locale.ROOT));
    }

    /**
     * Checks that the configured engine can step {@code spec}'s architecture, at start-up, where the model an
     * instance starts with is known. Not every pair works: DL4J's {@code rnnTimeStep} carries a key's state only
     * for DL4J's own recurrent layers, and a GRU is a SameDiff layer, so the dl4j engine cannot step a GRU model
     * ({@code Architecture.steppableBy}). Without this check the first stream thread to take a forecaster would
     * fail, after the broker, the topics and the stores are up.
     *
     * @throws ConfigException naming {@value #INFERENCE_ENGINE} when it cannot
     */
    public void checkEngineCanStep(ModelSpec spec) {
        InferenceEngine engine = inferenceEngine();
        if (!spec.architecture().steppableBy(engine)) {
            throw new ConfigException(INFERENCE_ENGINE, getString(INFERENCE_ENGINE), "model v" + spec.version()
                    + " is a " + spec.architecture().kind() + " network, which the " + settingName(engine)
                    + " engine cannot step (DL4J keeps a key's state between steps only for its own recurrent "
                    + "layers); use inference.engine=java");
        }
    }

    private static String settingName(InferenceEngine engine) {
        return engine.name().toLowerCase(Locale.ROOT);
    }

    /** Port of the HTTP server; 0 for any free port, -1 for none. */
    public int httpPort() {
        return getInt(HTTP_PORT);
    }

    /** This instance's {@code host:port} for the other instances, or empty when it runs alone. */
    public String applicationServer() {
        return getString(APPLICATION_SERVER);
    }

    /** How readings arrive: format, where the sensor id comes from, and the fields of a JSON reading. */
    public ReadingSettings readings() {
        return new ReadingSettings(WireFormat.fromSetting(getString(FORMAT_READINGS)),
                KeySource.fromSetting(getString(READINGS_KEY)),
                new JsonReadingFields(getString(JSON_SENSOR_ID_FIELD), getString(JSON_TIMESTAMP_FIELD),
                        getString(JSON_VALUE_FIELD)));
    }

    /** The format of the forecasts, anomaly events and dead letters. */
    public WireFormat outputFormat() {
        return WireFormat.fromSetting(getString(FORMAT_OUTPUTS));
    }

    /** Kafka client settings given with the {@code kafka.} prefix or as {@code KAFKA_*} variables. */
    public Map<String, String> kafkaOverrides() {
        return kafkaOverrides;
    }

    /** How silent sensors are evicted from the state store. */
    public EvictionSettings eviction() {
        return new EvictionSettings(Duration.ofMillis(getLong(IDLE_TTL_MS)),
                Duration.ofMillis(getLong(EVICTION_INTERVAL_MS)), getInt(EVICTION_SLICE));
    }

    /** The settings of the scoring step, in the units the scorer uses. */
    public ScoringSettings scoring() {
        return new ScoringSettings(
                horizon(),
                getInt(RECENT_WINDOW),
                getInt(DAY_MAX_ROWS),
                getInt(WARMUP_STEPS),
                getInt(SCALER_MEMORY),
                getDouble(INTERVAL_Z),
                getInt(SHORT_WINDOW),
                getInt(LONG_MEMORY),
                getDouble(FLAG_THRESHOLD),
                getInt(EPISODE_CLOSE_AFTER),
                getDouble(SCORE_DECADES),
                getInt(DRIFT_WINDOW),
                getDouble(DRIFT_DECADES),
                getInt(SEASON_WINDOW),
                getDouble(RANGE_NOISE_MULTIPLE),
                getInt(RANGE_MATURE_STEPS),
                getBoolean(COMBINER_ENABLED),
                getInt(COMBINER_MEMORY),
                getDouble(LEVEL_ALPHA),
                getDouble(OPEN_DAMPING),
                getInt(CONFIRM_STEPS),
                getDouble(EXPECTED_EPISODES));
    }

    /** How the model is retrained from the stream, or null when retraining is off. */
    public RetrainSettings retraining() {
        if (!getBoolean(TRAIN_ENABLED)) {
            return null;
        }
        return new RetrainSettings(
                getInt(TRAIN_WINDOW_LENGTH),
                horizon(),
                getInt(TRAIN_SAMPLE_EVERY),
                getInt(TRAIN_MIN_SAMPLES),
                getInt(TRAIN_RESERVOIR_SENSORS),
                getInt(TRAIN_WINDOWS_PER_SENSOR),
                getInt(TRAIN_MAX_WINDOWS),
                getInt(TRAIN_EPOCHS),
                getDouble(TRAIN_LEARNING_RATE),
                getDouble(TRAIN_HOLDOUT_FRACTION),
                getDouble(TRAIN_GATE_MARGIN),
                getInt(TRAIN_KEEP_VERSIONS),
                Duration.ofMillis(getLong(TRAIN_INTERVAL_MS)),
                Duration.ofMillis(getLong(TRAIN_REPLAY_INTERVAL_MS)),
                getDouble(TRAIN_CPU_SHARE));
    }

    /** The share of a stream thread's time a swap's re-warm may take ({@value #MODEL_REWARM_SHARE}). */
    public double rewarmShare() {
        return getDouble(MODEL_REWARM_SHARE);
    }

    /** The secret model updates are signed with, or null when signing is off. */
    public byte[] modelSigningKey() {
        String key = getPassword(MODEL_SIGNING_KEY).value();
        return key.isEmpty() ? null : key.getBytes(StandardCharsets.UTF_8);
    }
}

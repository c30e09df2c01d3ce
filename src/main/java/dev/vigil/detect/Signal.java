package dev.vigil.detect;

import java.util.Arrays;

/**
 * The signals a reading is judged by, each a rarity for its key ({@code SensorScorer} publishes the strongest). An
 * alarm names the one that scored it, so that whoever is paged knows what kind of trouble to look for: readings the
 * network did not expect, a level that moved, a day unlike the one before, a stuck sensor, or a value outside
 * everything the sensor has shown.
 *
 * <p>The {@link #code} is what a key's stored state keeps (an int, cheaper than a name in every entry): codes are
 * never reused or renumbered, a new signal takes the next one. The {@link #wireName} is what the forecasts and
 * anomaly topics carry.
 */
public enum Signal {

    /** The recent one-step forecast errors ({@link ErrorSurprise}). */
    FORECAST_ERROR(0, "forecast_error"),
    /** The level moving ({@link DriftSignal}). */
    DRIFT(1, "drift"),
    /** The level against the same time a day earlier ({@link SeasonalShift}). */
    SEASONAL_SHIFT(2, "seasonal_shift"),
    /** A run of repeated values ({@link StuckValue}). */
    STUCK_VALUE(3, "stuck_value"),
    /** A value beyond the key's range ({@link RangeBreak}). */
    RANGE_BREAK(4, "range_break");

    /** The stored code of no signal (a score of 0, or an episode stored before the signal was kept). */
    public static final int NO_CODE = -1;

    /** By code: {@link #fromCode} runs for every reading (a key's episode is decoded each time). */
    private static final Signal[] BY_CODE = byCode();

    private final int code;
    private final String wireName;

    Signal(int code, String wireName) {
        this.code = code;
        this.wireName = wireName;
    }

    public int code() {
        return code;
    }

    public String wireName() {
        return wireName;
    }

    /** The signal of a stored {@code code}; null for {@link #NO_CODE} or a code this version does not know. */
    public static Signal fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** The stored code of {@code signal}, {@link #NO_CODE} for none. */
    public static int codeOf(Signal signal) {
        return signal == null ? NO_CODE : signal.code;
    }

    /** The name the topics carry, null for none. */
    public static String wireNameOf(Signal signal) {
        return signal == null ? null : signal.wireName;
    }

    private static Signal[] byCode() {
        int highest = Arrays.stream(values()).mapToInt(Signal::code).max().orElse(NO_CODE);
        Signal[] byCode = new Signal[highest + 1];
        for (Signal signal : values()) {
            byCode[signal.code] = signal;
        }
        return byCode;
    }
}

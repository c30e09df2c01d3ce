package dev.vigil.format;

import java.util.Locale;

/**
 * Where a reading's sensor id comes from. {@code RECORD}: the record key is the sensor id and must match the
 * payload's. {@code PAYLOAD}: the key is ignored (devices often publish with none, or with their own topic as
 * key) and readings are re-keyed by the payload's sensor id before scoring.
 */
public enum KeySource {
    RECORD, PAYLOAD;

    public String settingValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static KeySource fromSetting(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}

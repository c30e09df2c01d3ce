package dev.vigil.format;

import java.util.Locale;

/** How the values of a topic are written: Vigil's Avro records in single-object encoding, or JSON objects. */
public enum WireFormat {
    AVRO, JSON;

    /** The setting's spelling ({@code avro}, {@code json}). */
    public String settingValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static WireFormat fromSetting(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}

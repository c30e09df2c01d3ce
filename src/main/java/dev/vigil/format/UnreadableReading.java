package dev.vigil.format;

import dev.vigil.avro.DeadLetterReason;

/** A record that is not a reading Vigil can score: the dead letter's reason and a detail that says exactly why. */
public final class UnreadableReading extends Exception {

    private static final long serialVersionUID = 1L;

    private final DeadLetterReason reason;

    public UnreadableReading(DeadLetterReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public DeadLetterReason reason() {
        return reason;
    }

    public String detail() {
        return getMessage();
    }
}

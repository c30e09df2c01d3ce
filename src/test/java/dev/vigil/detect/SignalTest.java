package dev.vigil.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SignalTest {

    @Test
    void shouldReadEverySignalBackFromItsStoredCode() {
        for (Signal signal : Signal.values()) {
            assertThat(Signal.fromCode(Signal.codeOf(signal))).isEqualTo(signal);
        }
        assertThat(Signal.codeOf(null)).isEqualTo(Signal.NO_CODE);
    }

    @Test
    void shouldReadNoSignalFromNoCodeOrACodeItDoesNotKnow() {
        assertThat(Signal.fromCode(Signal.NO_CODE)).isNull();
        assertThat(Signal.fromCode(Signal.values().length)).as("a later version's signal").isNull();
        assertThat(Signal.fromCode(-7)).isNull();
    }
}

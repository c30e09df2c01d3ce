package dev.vigil.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

class AlarmRateTest {

    private static final int MEMORY = 3000;
    private static final double EXPECTED = 2;
    private static final double DECADES = 8;

    @Test
    void shouldNotLowerTheEpisodesOfAKeyThatAlarmsNoMoreThanExpected() {
        AlarmRate alarms = AlarmRate.NONE.next(100, MEMORY).next(900, MEMORY);

        assertThat(AlarmRate.NONE.discount(50, MEMORY, EXPECTED, DECADES)).isZero();
        assertThat(alarms.discount(1500, MEMORY, EXPECTED, DECADES)).isZero();
    }

    @Test
    void shouldLowerAnEpisodeByTheDecadesOfHowOftenTheKeyAlarmsBeyondExpected() {
        AlarmRate alarms = everyHundredTo(800);

        // eight episodes where two are expected: the rarity is a quarter of what it reads, 0.6 decades of 8
        assertThat(alarms.discount(1000, MEMORY, EXPECTED, DECADES)).isCloseTo(Math.log10(4) / 8, within(1e-12));
    }

    @Test
    void shouldForgetEpisodesOlderThanTheMemory() {
        AlarmRate alarms = everyHundredTo(800);

        assertThat(alarms.discount(3650, MEMORY, EXPECTED, DECADES)).as("two left within the memory").isZero();
        assertThat(alarms.next(10_000, MEMORY).steps()).containsExactly(10_000L);
    }

    @Test
    void shouldKeepABoundedNumberOfEpisodes() {
        AlarmRate alarms = AlarmRate.NONE;
        for (long step = 1; step <= 100; step++) {
            alarms = alarms.next(step, MEMORY);
        }

        assertThat(alarms.steps()).hasSize(AlarmRate.KEPT).endsWith(100L);
        assertThat(alarms.discount(101, MEMORY, EXPECTED, DECADES))
                .isCloseTo(Math.log10(AlarmRate.KEPT / EXPECTED) / DECADES, within(1e-12));
    }

    @Test
    void shouldRoundTripItsStoredForm() {
        AlarmRate alarms = new AlarmRate(List.of(5L, 17L));

        assertThat(AlarmRate.from(alarms.toAvro())).isEqualTo(alarms);
    }

    /** A key that published an episode at every hundredth step from 100 to {@code last}. */
    private static AlarmRate everyHundredTo(long last) {
        AlarmRate alarms = AlarmRate.NONE;
        for (long step = 100; step <= last; step += 100) {
            alarms = alarms.next(step, MEMORY);
        }
        return alarms;
    }
}

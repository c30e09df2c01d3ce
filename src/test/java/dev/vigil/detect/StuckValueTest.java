package dev.vigil.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StuckValueTest {

    private static final int MEMORY = 3000;
    private static final double DECADES = 8;

    @Test
    void shouldCallAFewRepeatsStuckForAKeyWhoseValuesNeverRepeat() {
        StuckValue stuck = run(StuckValue.NONE, false, 1000);

        assertThat(stuck.surprise(false, false, MEMORY, DECADES)).isZero();
        double first = stuck.surprise(true, false, MEMORY, DECADES);
        stuck = stuck.next(true, MEMORY);
        double second = stuck.surprise(true, false, MEMORY, DECADES);
        stuck = stuck.next(true, MEMORY);
        double third = stuck.surprise(true, false, MEMORY, DECADES);

        assertThat(first).isBetween(0.3, 0.6);
        assertThat(second).isGreaterThan(first);
        assertThat(third).isGreaterThan(0.9);
    }

    @Test
    void shouldNeverCallAFlatKeyStuck() {
        StuckValue flat = run(StuckValue.NONE, true, 5000);

        assertThat(flat.run()).isEqualTo(5000);
        assertThat(flat.surprise(true, false, MEMORY, DECADES)).isZero();
        assertThat(run(StuckValue.NONE, true, 100).surprise(true, false, MEMORY, DECADES)).isLessThan(0.1);
    }

    @Test
    void shouldJudgeAKeyThatOftenRepeatsByItsOwnRate() {
        StuckValue stuck = StuckValue.NONE;
        for (int i = 0; i < 500; i++) {
            stuck = stuck.next(i % 2 == 0, MEMORY);
        }
        // repeats half the time: a run of 5 is ordinary (1 in 32), a run of 60 is not
        assertThat(run(stuck, true, 4).surprise(true, false, MEMORY, DECADES)).isLessThan(0.2);
        assertThat(run(stuck, true, 59).surprise(true, false, MEMORY, DECADES)).isGreaterThan(1.0);
    }

    @Test
    void shouldCallARunAtTheKeysFloorRestNotStuck() {
        StuckValue stuck = run(StuckValue.NONE, false, 1000);
        for (int i = 0; i < 5; i++) {
            stuck = stuck.next(true, MEMORY);
        }

        assertThat(stuck.surprise(true, true, MEMORY, DECADES)).isZero();
        assertThat(stuck.surprise(true, false, MEMORY, DECADES)).isGreaterThan(1.0);
    }

    private static StuckValue run(StuckValue from, boolean repeated, int readings) {
        StuckValue stuck = from;
        for (int i = 0; i < readings; i++) {
            stuck = stuck.next(repeated, MEMORY);
        }
        return stuck;
    }
}

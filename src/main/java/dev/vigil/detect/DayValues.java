package dev.vigil.detect;

/** A key's kept values of its last day and a little more, oldest first, as the seasonal signal reads them. */
public interface DayValues {

    /** How many values are kept. */
    int kept();

    /** The value at {@code index}, 0 the oldest kept, {@code kept() - 1} the newest. */
    float at(int index);
}

package dev.vigil.stats;

import java.util.ArrayList;
import java.util.List;

/** The newest few values of a series, kept as an immutable list, newest last (Avro stores it as it is). */
public final class Window {

    private Window() {
    }

    /** {@code values} with {@code value} appended, the oldest dropped beyond {@code limit}; a new list. */
    public static List<Double> append(List<Double> values, double value, int limit) {
        int from = Math.max(0, values.size() + 1 - limit);
        List<Double> result = new ArrayList<>(Math.min(limit, values.size() + 1));
        result.addAll(values.subList(from, values.size()));
        result.add(value);
        return result;
    }

    /** The newest {@code limit} of {@code values} (all of them when fewer); a new list. */
    public static List<Double> newest(List<Double> values, int limit) {
        return new ArrayList<>(values.subList(Math.max(0, values.size() - limit), values.size()));
    }

    /** Mean of the absolute values of the newest {@code count} values (all when fewer; 0 for none). */
    public static double meanAbsOfNewest(List<Double> values, int count) {
        int from = Math.max(0, values.size() - count);
        double sum = 0;
        for (int i = from; i < values.size(); i++) {
            sum += Math.abs(values.get(i));
        }
        return values.size() == from ? 0 : sum / (values.size() - from);
    }
}

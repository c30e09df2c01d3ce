package dev.vigil.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The live objects of each class, as the JVM's class histogram counts them ({@code jcmd PID GC.class_histogram}),
 * taken in-process. A soak's live-heap curve says that the heap grew; two histograms say what grew.
 *
 * <p>Taking one runs a full collection first (the histogram counts live objects only), so a soak takes it in place of
 * its own full collection rather than beside it: one pause, not two.
 */
public record HeapHistogram(Map<String, Row> rows) {

    /** A class's live instances and the bytes they take. */
    public record Row(long instances, long bytes) {
    }

    /** How much a class's live objects grew between two histograms (negative: shrank). */
    public record Growth(String className, long bytes, long instances) {
    }

    private static final String DIAGNOSTIC_COMMAND = "com.sun.management:type=DiagnosticCommand";
    /** A histogram line: {@code   12:        3456       78901  java.lang.String (java.base@17)}. */
    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

    public HeapHistogram {
        rows = Map.copyOf(rows);
    }

    /**
     * This JVM's histogram, after a full collection; empty where the JVM offers no diagnostic command (the caller then
     * collects by itself).
     */
    static HeapHistogram take() {
        try {
            Object text = ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName(DIAGNOSTIC_COMMAND),
                    "gcClassHistogram", new Object[] {new String[0]}, new String[] {String[].class.getName()});
            return parse(String.valueOf(text));
        } catch (JMException | UnsupportedOperationException e) {
            return new HeapHistogram(Map.of());
        }
    }

    /** The histogram in the diagnostic command's text; lines that are not a class's row are skipped. */
    static HeapHistogram parse(String text) {
        Map<String, Row> rows = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                // a class loaded by two loaders has two rows of one name: they count together
                rows.merge(row.group(3), new Row(Long.parseLong(row.group(1)), Long.parseLong(row.group(2))),
                        (a, b) -> new Row(a.instances() + b.instances(), a.bytes() + b.bytes()));
            }
        }
        return new HeapHistogram(rows);
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The bytes of every live object the histogram counted: the live heap at its collection. */
    public long liveBytes() {
        return rows.values().stream().mapToLong(Row::bytes).sum();
    }

    /** The {@code top} classes whose live bytes grew most since {@code earlier}, the largest growth first. */
    public List<Growth> growthSince(HeapHistogram earlier, int top) {
        List<Growth> growth = new ArrayList<>();
        for (Map.Entry<String, Row> now : rows.entrySet()) {
            Row before = earlier.rows().getOrDefault(now.getKey(), new Row(0, 0));
            growth.add(new Growth(now.getKey(), now.getValue().bytes() - before.bytes(),
                    now.getValue().instances() - before.instances()));
        }
        growth.sort(Comparator.comparingLong(Growth::bytes).reversed().thenComparing(Growth::className));
        return List.copyOf(growth.subList(0, Math.min(top, growth.size())));
    }

    /** Writes {@code growth} to {@code file} as CSV ({@code class,bytes,instances}), the largest growth first. */
    public static void write(List<Growth> growth, Path file) {
        StringBuilder csv = new StringBuilder("class,bytes,instances\n");
        for (Growth g : growth) {
            csv.append(g.className()).append(',').append(g.bytes()).append(',').append(g.instances()).append('\n');
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, csv);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the heap's growth to " + file, e);
        }
    }
}

package dev.vigil.series;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Series in CSV files with the header {@code timestamp,value} (the Numenta Anomaly Benchmark's format).
 * Timestamps are {@code yyyy-MM-dd HH:mm:ss}, read as UTC; the text is kept verbatim for output.
 */
public final class SeriesCsv {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** One row: the timestamp text as written, its instant, and the value text parsed (NaN if it is not a number). */
    public record Row(String timestamp, long epochMillis, String valueText, double value) {
    }

    private SeriesCsv() {
    }

    /** The CSV files under {@code input} (itself, if it is a file), sorted by path for a stable order. */
    public static List<Path> files(Path input) {
        if (Files.isRegularFile(input)) {
            return List.of(input);
        }
        if (!Files.isDirectory(input)) {
            throw new IllegalArgumentException("no such file or directory: " + input);
        }
        try (Stream<Path> walk = Files.walk(input)) {
            List<Path> files = walk.filter(Files::isRegularFile)
                    .filter(path -> path.getFileName().toString().endsWith(".csv"))
                    .sorted()
                    .toList();
            if (files.isEmpty()) {
                throw new IllegalArgumentException("no .csv files under " + input);
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + input, e);
        }
    }

    public static List<Row> read(Path file) {
        try (BufferedReader reader = Files.newBufferedReader(file)) {
            String header = reader.readLine();
            if (header == null || !header.trim().toLowerCase().startsWith("timestamp,value")) {
                throw new IllegalArgumentException(file + ": expected the header 'timestamp,value', found '"
                        + header + "'");
            }
            List<Row> rows = new ArrayList<>();
            String line;
            int lineNumber = 1;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                rows.add(parse(file, lineNumber, line));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** A NAB timestamp ({@code yyyy-MM-dd HH:mm:ss}, any fraction of a second ignored) as UTC epoch millis. */
    public static long epochMillis(String timestamp) {
        String trimmed = timestamp.trim();
        String seconds = trimmed.length() > 19 ? trimmed.substring(0, 19) : trimmed;
        return LocalDateTime.parse(seconds, TIMESTAMP).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    public static double[] values(List<Row> rows) {
        return rows.stream().mapToDouble(Row::value).toArray();
    }

    private static Row parse(Path file, int lineNumber, String line) {
        int comma = line.indexOf(',');
        if (comma < 0) {
            throw new IllegalArgumentException(file + ":" + lineNumber + ": expected 'timestamp,value', found '"
                    + line + "'");
        }
        String timestamp = line.substring(0, comma);
        String valueText = line.substring(comma + 1).trim();
        long millis;
        try {
            millis = epochMillis(timestamp);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(file + ":" + lineNumber + ": bad timestamp '" + timestamp
                    + "' (expected yyyy-MM-dd HH:mm:ss)", e);
        }
        double value;
        try {
            value = Double.parseDouble(valueText);
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        return new Row(timestamp, millis, valueText, value);
    }
}

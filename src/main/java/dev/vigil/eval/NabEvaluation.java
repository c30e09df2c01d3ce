package dev.vigil.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.vigil.series.SeriesCsv;

/**
 * Reads replay outputs beside the NAB data and labels: per file, the anomaly scores with the windows as row
 * ranges (for {@link NabScorer}) and the forecast errors against the baselines (for {@link ForecastErrors}).
 */
public final class NabEvaluation {

    /** One file's inputs to both measures, and its rows for the pictures. */
    public record FileResult(String name, NabScorer.Series series, ForecastErrors forecast, Rows rows) {

        /** NAB's real-world categories (the artificial ones are perfectly periodic or flat). */
        public boolean real() {
            return name.startsWith("real");
        }

        /** The NAB category: the file's folder, e.g. {@code realTweets}. */
        public String category() {
            int slash = name.lastIndexOf('/');
            return slash < 0 ? "" : name.substring(0, slash);
        }
    }

    /** Per row: the value, and the one-step forecast band made one row earlier (NaN where there is none). */
    public record Rows(double[] values, double[] lower, double[] upper) {
    }

    private NabEvaluation() {
    }

    public static List<FileResult> load(Path results, Path data, Path labels, int horizon) {
        JsonNode windows = readJson(labels);
        List<FileResult> files = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = windows.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            Path dataFile = data.resolve(entry.getKey());
            Path resultFile = results.resolve(entry.getKey());
            if (!Files.isRegularFile(dataFile)) {
                continue;
            }
            if (!Files.isRegularFile(resultFile)) {
                throw new IllegalArgumentException("no result for " + entry.getKey() + " under " + results
                        + " (run `vigil replay --input " + data + " --out " + results + "` first)");
            }
            files.add(loadFile(entry.getKey(), dataFile, resultFile, entry.getValue(), horizon));
        }
        files.sort((a, b) -> a.name().compareTo(b.name()));
        return files;
    }

    private static FileResult loadFile(String name, Path dataFile, Path resultFile, JsonNode fileWindows,
                                       int horizon) {
        List<SeriesCsv.Row> input = SeriesCsv.read(dataFile);
        List<String> lines = readLines(resultFile);
        if (lines.size() - 1 != input.size()) {
            throw new IllegalArgumentException(resultFile + " has " + (lines.size() - 1) + " rows; " + dataFile
                    + " has " + input.size());
        }
        List<String> header = Arrays.asList(lines.get(0).split(","));
        int scoreColumn = column(header, "anomaly_score", resultFile);
        int firstColumn = column(header, "forecast_1", resultFile);
        int lastColumn = column(header, "forecast_" + horizon, resultFile);
        int lowerColumn = header.indexOf("lower_1");
        int upperColumn = header.indexOf("upper_1");
        int rows = input.size();
        double[] values = new double[rows];
        double[] scores = new double[rows];
        double[] forecast1 = new double[rows];
        double[] forecastH = new double[rows];
        double[] lower = new double[rows];
        double[] upper = new double[rows];
        Arrays.fill(lower, Double.NaN);
        Arrays.fill(upper, Double.NaN);
        for (int row = 0; row < rows; row++) {
            String[] cells = lines.get(row + 1).split(",", -1);
            values[row] = input.get(row).value();
            scores[row] = parse(cells[scoreColumn]);
            forecast1[row] = parse(cells[firstColumn]);
            forecastH[row] = parse(cells[lastColumn]);
            // the band published at a row is for the next row: drawn where it applies
            if (row + 1 < rows && lowerColumn >= 0 && upperColumn >= 0) {
                lower[row + 1] = parse(cells[lowerColumn]);
                upper[row + 1] = parse(cells[upperColumn]);
            }
        }
        List<int[]> windows = new ArrayList<>();
        for (JsonNode window : fileWindows) {
            windows.add(rowRange(input, window.get(0).asText(), window.get(1).asText()));
        }
        NabScorer.Series series = new NabScorer.Series(name, scores, windows);
        int probation = series.probation();
        return new FileResult(name, series, ForecastErrors.of(values, forecast1, forecastH, horizon,
                rowsPerDay(input), probation), new Rows(values, lower, upper));
    }

    /** The rows from the first at or after {@code start} to the last at or before {@code end}. */
    private static int[] rowRange(List<SeriesCsv.Row> rows, String start, String end) {
        long from = SeriesCsv.epochMillis(start);
        long to = SeriesCsv.epochMillis(end);
        int first = -1;
        int last = -1;
        for (int row = 0; row < rows.size(); row++) {
            long time = rows.get(row).epochMillis();
            if (time >= from && first < 0) {
                first = row;
            }
            if (time <= to) {
                last = row;
            }
        }
        return new int[] {first, last};
    }

    /** A day in rows, from the median step between rows (NAB's series step 5 min to 1 h). */
    private static int rowsPerDay(List<SeriesCsv.Row> rows) {
        long[] steps = new long[rows.size() - 1];
        for (int i = 1; i < rows.size(); i++) {
            steps[i - 1] = rows.get(i).epochMillis() - rows.get(i - 1).epochMillis();
        }
        Arrays.sort(steps);
        long median = Math.max(1, steps[steps.length / 2]);
        return (int) Math.max(1, Duration.ofDays(1).toMillis() / median);
    }

    private static int column(List<String> header, String name, Path file) {
        int index = header.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException(file + " has no column " + name);
        }
        return index;
    }

    private static double parse(String cell) {
        return cell.isBlank() ? Double.NaN : Double.parseDouble(cell);
    }

    private static JsonNode readJson(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read labels " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}

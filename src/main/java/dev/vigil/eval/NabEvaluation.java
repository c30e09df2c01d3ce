package dev.vigil.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.vigil.series.SeriesCsv;

/**
 * Reads replay outputs beside the NAB data and labels: per file, the anomaly scores with the windows as row
 * ranges (for {@link NabScorer}) and the forecast errors against the baselines (for {@link ForecastErrors}).
 */
public final class NabEvaluation {

    /** One file's inputs to both measures, and its rows for the pictures. */
    /** Coefficients of the online autoregression Vigil's forecast is compared with. */
    public static final int AR_ORDER = 16;

    public record FileResult(String name, NabScorer.Series series, ForecastErrors forecast,
                             ForecastErrors autoregression, Rows rows) {

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

    /**
     * The scored files: those under {@code data} that have labels, or, without data, those under {@code results}
     * that have labels (a detector's published outputs carry their own timestamps, one row per input row).
     */
    public static List<FileResult> load(Path results, Optional<Path> data, Path labels, int horizon) {
        JsonNode windows = readJson(labels);
        List<FileResult> files = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = windows.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            Optional<Path> resultFile = resultFile(results, entry.getKey());
            if (data.isPresent()) {
                Path dataFile = data.get().resolve(entry.getKey());
                if (!Files.isRegularFile(dataFile)) {
                    continue;
                }
                if (resultFile.isEmpty()) {
                    throw new IllegalArgumentException("no result for " + entry.getKey() + " under " + results
                            + " (run `vigil replay --input " + data.get() + " --out " + results + "` first)");
                }
                files.add(loadFile(entry.getKey(), Optional.of(dataFile), resultFile.get(), entry.getValue(),
                        horizon));
            } else if (resultFile.isPresent()) {
                files.add(loadFile(entry.getKey(), Optional.empty(), resultFile.get(), entry.getValue(), horizon));
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no labelled file under " + data.orElse(results));
        }
        files.sort((a, b) -> a.name().compareTo(b.name()));
        return files;
    }

    /** A result as written ({@code name.csv}) or compressed ({@code name.csv.gz}, as the committed baselines are). */
    private static Optional<Path> resultFile(Path results, String name) {
        Path plain = results.resolve(name);
        Path compressed = results.resolve(name + ".gz");
        return Files.isRegularFile(plain) ? Optional.of(plain)
                : Files.isRegularFile(compressed) ? Optional.of(compressed) : Optional.empty();
    }

    private static FileResult loadFile(String name, Optional<Path> dataFile, Path resultFile, JsonNode fileWindows,
                                       int horizon) {
        List<String> lines = readLines(resultFile);
        List<String> header = Arrays.asList(lines.get(0).split(","));
        int scoreColumn = column(header, "anomaly_score", resultFile);
        List<SeriesCsv.Row> input = dataFile.isPresent() ? SeriesCsv.read(dataFile.get())
                : timestampsOnly(lines, column(header, "timestamp", resultFile));
        if (lines.size() - 1 != input.size()) {
            throw new IllegalArgumentException(resultFile + " has " + (lines.size() - 1) + " rows; "
                    + dataFile.orElseThrow() + " has " + input.size());
        }
        // a detector's published outputs have no forecast: its forecast measures are left unmeasured (NaN)
        boolean forecasts = header.contains("forecast_1") && header.contains("forecast_" + horizon);
        int firstColumn = header.indexOf("forecast_1");
        int lastColumn = header.indexOf("forecast_" + horizon);
        int lowerColumn = header.indexOf("lower_1");
        int upperColumn = header.indexOf("upper_1");
        int rows = input.size();
        double[] values = new double[rows];
        double[] scores = new double[rows];
        double[] forecast1 = new double[rows];
        double[] forecastH = new double[rows];
        double[] lower = new double[rows];
        double[] upper = new double[rows];
        Arrays.fill(forecast1, Double.NaN);
        Arrays.fill(forecastH, Double.NaN);
        Arrays.fill(lower, Double.NaN);
        Arrays.fill(upper, Double.NaN);
        for (int row = 0; row < rows; row++) {
            String[] cells = lines.get(row + 1).split(",", -1);
            values[row] = input.get(row).value();
            scores[row] = parse(cells[scoreColumn]);
            if (forecasts) {
                forecast1[row] = parse(cells[firstColumn]);
                forecastH[row] = parse(cells[lastColumn]);
            }
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
        boolean measured = forecasts && dataFile.isPresent();
        int day = rowsPerDay(input);
        ForecastErrors forecast = measured
                ? ForecastErrors.of(values, forecast1, forecastH, horizon, day, probation)
                : ForecastErrors.UNMEASURED;
        // the per-sensor statistical baseline, on the very same rows
        ForecastErrors autoregression = measured
                ? ForecastErrors.of(values, OnlineAutoregression.forecasts(values, AR_ORDER, 1),
                        OnlineAutoregression.forecasts(values, AR_ORDER, horizon), horizon, day, probation)
                : ForecastErrors.UNMEASURED;
        return new FileResult(name, series, forecast, autoregression, new Rows(values, lower, upper));
    }

    /** The rows of a result file without its data file: timestamps only, values unknown (NaN). */
    private static List<SeriesCsv.Row> timestampsOnly(List<String> lines, int timestampColumn) {
        List<SeriesCsv.Row> rows = new ArrayList<>(lines.size() - 1);
        for (String line : lines.subList(1, lines.size())) {
            String timestamp = line.split(",", -1)[timestampColumn];
            rows.add(new SeriesCsv.Row(timestamp, SeriesCsv.epochMillis(timestamp), "", Double.NaN));
        }
        return rows;
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
        try (InputStream in = Files.newInputStream(file);
             InputStream plain = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in) : in;
             BufferedReader reader = new BufferedReader(new InputStreamReader(plain, StandardCharsets.UTF_8))) {
            List<String> lines = reader.lines().filter(line -> !line.isBlank()).toList();
            if (lines.isEmpty()) {
                throw new IllegalArgumentException(file + " is empty");
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}

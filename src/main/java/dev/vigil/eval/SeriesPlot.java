package dev.vigil.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

/**
 * One replayed series as a PNG, drawn with the JDK alone (headless AWT): the labelled windows shaded, the
 * probationary rows greyed, the one-step forecast band, the series, and the alarms at a threshold as red ticks.
 * Rows are binned to pixel columns (minimum to maximum per column), so a 16,000-row file stays readable.
 */
public final class SeriesPlot {

    static final int WIDTH = 1200;
    static final int HEIGHT = 320;
    private static final int MARGIN = 36;

    private static final Color WINDOW = new Color(255, 224, 140);
    private static final Color PROBATION = new Color(232, 232, 232);
    private static final Color BAND = new Color(150, 190, 240);
    private static final Color SERIES = new Color(30, 30, 30);
    private static final Color ALARM = new Color(210, 30, 30);

    private SeriesPlot() {
    }

    /** Writes the picture of {@code file} with its alarms at {@code threshold} to {@code png}. */
    public static void write(NabEvaluation.FileResult file, double threshold, Path png) {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = draw(file, threshold);
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            ImageIO.write(image, "png", png.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
    }

    static BufferedImage draw(NabEvaluation.FileResult file, double threshold) {
        NabEvaluation.Rows rows = file.rows();
        double[] values = rows.values();
        int n = values.length;
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        Axis x = new Axis(0, Math.max(1, n - 1), MARGIN, WIDTH - MARGIN);
        Axis y = valueAxis(rows);

        g.setColor(PROBATION);
        g.fillRect(MARGIN, MARGIN, x.pixel(file.series().probation()) - MARGIN, HEIGHT - 2 * MARGIN);
        g.setColor(WINDOW);
        for (int[] window : file.series().windows()) {
            int from = x.pixel(window[0]);
            g.fillRect(from, MARGIN, Math.max(1, x.pixel(window[1]) - from), HEIGHT - 2 * MARGIN);
        }
        drawColumns(g, x, y, rows.lower(), rows.upper(), BAND);
        drawLine(g, x, y, values);
        g.setColor(ALARM);
        g.setStroke(new BasicStroke(2f));
        double[] scores = file.series().scores();
        for (int row = file.series().probation(); row < n; row++) {
            if (scores[row] >= threshold) {
                int px = x.pixel(row);
                g.drawLine(px, HEIGHT - MARGIN, px, HEIGHT - MARGIN + 10);
                g.drawLine(px, MARGIN - 10, px, MARGIN);
            }
        }
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(MARGIN, MARGIN, WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString(file.name() + "  (" + n + " rows; grey: probationary, yellow: labelled windows, blue: "
                + "forecast band, red ticks: alarms at threshold " + String.format("%.3f", threshold) + ")",
                MARGIN, 20);
        g.dispose();
        return image;
    }

    /** Per pixel column, a vertical line from the lowest {@code low} to the highest {@code high} of its rows. */
    private static void drawColumns(Graphics2D g, Axis x, Axis y, double[] low, double[] high, Color color) {
        g.setColor(color);
        int column = -1;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int row = 0; row <= low.length; row++) {
            int px = row < low.length ? x.pixel(row) : Integer.MAX_VALUE;
            if (px != column && column >= 0 && min <= max) {
                g.drawLine(column, y.pixelInverted(max, HEIGHT), column, y.pixelInverted(min, HEIGHT));
            }
            if (row == low.length) {
                break;
            }
            if (px != column) {
                column = px;
                min = Double.POSITIVE_INFINITY;
                max = Double.NEGATIVE_INFINITY;
            }
            if (Double.isFinite(low[row]) && Double.isFinite(high[row])) {
                min = Math.min(min, low[row]);
                max = Math.max(max, high[row]);
            }
        }
    }

    /** The series joined row to row (a file shorter than the picture is wide would be dots otherwise). */
    private static void drawLine(Graphics2D g, Axis x, Axis y, double[] values) {
        g.setColor(SERIES);
        g.setStroke(new BasicStroke(1f));
        for (int row = 1; row < values.length; row++) {
            if (Double.isFinite(values[row - 1]) && Double.isFinite(values[row])) {
                g.drawLine(x.pixel(row - 1), y.pixelInverted(values[row - 1], HEIGHT), x.pixel(row),
                        y.pixelInverted(values[row], HEIGHT));
            }
        }
    }

    /** The value axis spans the series (the band may stray far outside it at a spike; it is clipped). */
    private static Axis valueAxis(NabEvaluation.Rows rows) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double value : rows.values()) {
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        double pad = Math.max(1e-9, (max - min) * 0.05);
        return new Axis(min - pad, max + pad, MARGIN, HEIGHT - MARGIN);
    }

    /** A linear map from data to pixels. */
    private record Axis(double from, double to, int firstPixel, int lastPixel) {

        int pixel(double value) {
            double share = (value - from) / (to - from);
            return firstPixel + (int) Math.round(Math.max(0, Math.min(1, share)) * (lastPixel - firstPixel));
        }

        int pixelInverted(double value, int height) {
            return height - pixel(value);
        }
    }
}

package dev.vigil.bench;

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
import java.util.List;

import javax.imageio.ImageIO;

/**
 * The latency passes as a PNG, drawn with the JDK alone (headless AWT, as {@code eval.SeriesPlot}): one panel per
 * variant on the same axes, seconds into the pass across, latency on a log scale up (a tail of seconds and a median
 * of tens of milliseconds both stay readable); p50, p99 and max per second, and each event of the pass as a
 * labelled vertical line.
 */
final class TimelinePlot {

    static final int WIDTH = 1200;
    static final int PANEL = 300;
    private static final int MARGIN = 48;
    static final Color[] SHADES = {new Color(40, 120, 40), new Color(30, 90, 200), new Color(210, 30, 30)};
    private static final String[] LABELS = {"p50", "p99", "max"};
    static final Color EVENT = new Color(150, 150, 150);

    private TimelinePlot() {
    }

    static void write(List<LatencyTimeline> timelines, Path png) {
        System.setProperty("java.awt.headless", "true");
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            ImageIO.write(draw(timelines), "png", png.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
    }

    static BufferedImage draw(List<LatencyTimeline> timelines) {
        int height = PANEL * Math.max(1, timelines.size());
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, height);
        int seconds = 1;
        double top = 100;
        for (LatencyTimeline timeline : timelines) {
            seconds = Math.max(seconds, timeline.seconds().size());
            for (LatencyTimeline.Second s : timeline.seconds()) {
                if (Double.isFinite(s.maxMillis())) {
                    top = Math.max(top, s.maxMillis());
                }
            }
        }
        double logTop = Math.log10(top * 1.2);
        for (int panel = 0; panel < timelines.size(); panel++) {
            LatencyTimeline timeline = timelines.get(panel);
            int y0 = panel * PANEL + MARGIN;
            int y1 = (panel + 1) * PANEL - MARGIN / 2;
            int x0 = MARGIN + 20;
            int x1 = WIDTH - MARGIN;
            double perSecond = (x1 - x0) / (double) seconds;
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            // decades of milliseconds: 1, 10, 100, 1000, ...
            for (int decade = 0; decade <= Math.ceil(logTop); decade++) {
                int y = yPixel(Math.pow(10, decade), logTop, y0, y1);
                g.setColor(new Color(230, 230, 230));
                g.drawLine(x0, y, x1, y);
                g.setColor(Color.DARK_GRAY);
                g.drawString(String.format("%.0f", Math.pow(10, decade)), 4, y + 4);
            }
            for (int second = 0; second <= seconds; second += 5) {
                int x = x0 + (int) (second * perSecond);
                g.setColor(Color.DARK_GRAY);
                g.drawString(second + "s", x - 6, y1 + 14);
            }
            for (LatencyTimeline.Event event : timeline.events()) {
                int x = x0 + (int) (event.secondsIn() * perSecond);
                g.setColor(EVENT);
                g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f}, 0f));
                g.drawLine(x, y0, x, y1);
                g.drawString(event.what(), x + 3, y0 + 12 + 12 * (timeline.events().indexOf(event) % 3));
            }
            g.setStroke(new BasicStroke(1.5f));
            List<LatencyTimeline.Second> series = timeline.seconds();
            for (int line = 0; line < 3; line++) {
                g.setColor(SHADES[line]);
                for (int i = 1; i < series.size(); i++) {
                    double before = value(series.get(i - 1), line);
                    double after = value(series.get(i), line);
                    if (Double.isFinite(before) && Double.isFinite(after)) {
                        g.drawLine(x0 + (int) ((i - 0.5) * perSecond), yPixel(before, logTop, y0, y1),
                                x0 + (int) ((i + 0.5) * perSecond), yPixel(after, logTop, y0, y1));
                    }
                }
                g.drawString(LABELS[line], x1 - 120 + 40 * line, y0 - 8);
            }
            g.setColor(Color.DARK_GRAY);
            g.setStroke(new BasicStroke(1f));
            g.drawRect(x0, y0, x1 - x0, y1 - y0);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            g.drawString(timeline.variant() + ": latency per second (ms, log scale), seconds into the pass",
                    x0, y0 - 8);
        }
        g.dispose();
        return image;
    }

    private static double value(LatencyTimeline.Second second, int line) {
        return switch (line) {
            case 0 -> second.p50Millis();
            case 1 -> second.p99Millis();
            default -> second.maxMillis();
        };
    }

    private static int yPixel(double millis, double logTop, int y0, int y1) {
        double share = Math.log10(Math.max(1, millis)) / logTop;
        return y1 - (int) Math.round(Math.max(0, Math.min(1, share)) * (y1 - y0));
    }
}

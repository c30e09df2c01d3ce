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
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

import javax.imageio.ImageIO;

/**
 * A soak's curves as a PNG, drawn like {@link TimelinePlot} (the JDK alone, its colours and log scale): minutes
 * across, one panel each for memory, open files, latency and throughput, the end of the warm-up as a solid line and
 * the soak's events (model versions published and live) as dashed ones, so that a step in a curve can be lined up
 * with the swap that caused it. Memory and files start their axes at zero: a leak should look as large as it is.
 */
final class SoakPlot {

    static final int PANEL = 260;
    private static final int MARGIN = 48;
    private static final double MEGABYTE = 1e6;

    private record Series(String label, ToDoubleFunction<SoakTimeline.Sample> value) {
    }

    private record Panel(String title, boolean log, List<Series> series) {
    }

    private static final List<Panel> PANELS = List.of(
            new Panel("memory (MB): heap after the last full GC, resident, RocksDB block cache", false, List.of(
                    new Series("heap", s -> s.heapAfterGcBytes() / MEGABYTE),
                    new Series("resident", s -> s.residentBytes() / MEGABYTE),
                    new Series("block cache", s -> s.blockCacheBytes() / MEGABYTE))),
            new Panel("open files: the process's, and the embedded broker's log segments apart", false, List.of(
                    new Series("process", s -> s.openFiles()),
                    new Series("broker", s -> s.brokerFiles()))),
            new Panel("latency per window and the stream threads' commits (ms, log scale)", true, List.of(
                    new Series("p50", SoakTimeline.Sample::p50Millis),
                    new Series("p99", SoakTimeline.Sample::p99Millis),
                    new Series("max", SoakTimeline.Sample::maxMillis),
                    new Series("commit avg", SoakTimeline.Sample::commitAvgMillis))),
            new Panel("readings/s offered and scored", false, List.of(
                    new Series("offered", SoakTimeline.Sample::offeredPerSecond),
                    new Series("scored", SoakTimeline.Sample::readingsPerSecond))));

    private SoakPlot() {
    }

    static void write(SoakTimeline timeline, double warmupSeconds, Path png) {
        System.setProperty("java.awt.headless", "true");
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            ImageIO.write(draw(timeline, warmupSeconds), "png", png.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
    }

    static BufferedImage draw(SoakTimeline timeline, double warmupSeconds) {
        List<SoakTimeline.Sample> samples = timeline.samples();
        int height = PANEL * PANELS.size();
        BufferedImage image = new BufferedImage(TimelinePlot.WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, TimelinePlot.WIDTH, height);
        double lastSecond = Math.max(1, samples.isEmpty() ? 1 : samples.get(samples.size() - 1).secondsIn());
        for (int p = 0; p < PANELS.size(); p++) {
            Panel panel = PANELS.get(p);
            Frame frame = new Frame(MARGIN + 30, p * PANEL + MARGIN, TimelinePlot.WIDTH - MARGIN,
                    (p + 1) * PANEL - MARGIN / 2, lastSecond, top(panel, samples), panel.log());
            drawAxes(g, frame, panel);
            drawMarks(g, frame, timeline.events(), warmupSeconds);
            g.setStroke(new BasicStroke(1.5f));
            for (int line = 0; line < panel.series().size(); line++) {
                Series series = panel.series().get(line);
                g.setColor(TimelinePlot.SHADES[line % TimelinePlot.SHADES.length]);
                for (int i = 1; i < samples.size(); i++) {
                    double before = series.value().applyAsDouble(samples.get(i - 1));
                    double after = series.value().applyAsDouble(samples.get(i));
                    if (Double.isFinite(before) && Double.isFinite(after) && before >= 0 && after >= 0) {
                        g.drawLine(frame.x(samples.get(i - 1).secondsIn()), frame.y(before),
                                frame.x(samples.get(i).secondsIn()), frame.y(after));
                    }
                }
                g.drawString(series.label(), frame.x1() - 260 + 85 * line, frame.y0() - 8);
            }
        }
        g.dispose();
        return image;
    }

    /** A panel's plotting area and its scales. */
    private record Frame(int x0, int y0, int x1, int y1, double lastSecond, double top, boolean log) {

        int x(double second) {
            return x0 + (int) Math.round(second / lastSecond * (x1 - x0));
        }

        int y(double value) {
            double share = log ? Math.log10(Math.max(1, value)) / Math.log10(top) : value / top;
            return y1 - (int) Math.round(Math.max(0, Math.min(1, share)) * (y1 - y0));
        }
    }

    private static double top(Panel panel, List<SoakTimeline.Sample> samples) {
        double top = panel.series().stream()
                .flatMapToDouble(series -> samples.stream().mapToDouble(series.value()))
                .filter(Double::isFinite)
                .max().orElse(1);
        return Math.max(panel.log() ? 100 : 1, top * 1.15);
    }

    private static void drawAxes(Graphics2D g, Frame frame, Panel panel) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        double[] ticks = frame.log()
                ? Arrays.stream(new double[] {1, 10, 100, 1_000, 10_000, 100_000}).filter(t -> t <= frame.top()).toArray()
                : new double[] {0, frame.top() / 4, frame.top() / 2, 3 * frame.top() / 4, frame.top()};
        for (double tick : ticks) {
            int y = frame.y(tick);
            g.setColor(new Color(230, 230, 230));
            g.drawLine(frame.x0(), y, frame.x1(), y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format("%,.0f", tick), 4, y + 4);
        }
        double minutes = frame.lastSecond() / 60;
        double step = minutes <= 10 ? 1 : minutes <= 30 ? 5 : 10;
        for (double minute = 0; minute <= minutes; minute += step) {
            g.drawString(String.format("%.0f min", minute), frame.x(minute * 60) - 12, frame.y1() + 14);
        }
        g.setStroke(new BasicStroke(1f));
        g.drawRect(frame.x0(), frame.y0(), frame.x1() - frame.x0(), frame.y1() - frame.y0());
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(panel.title(), frame.x0(), frame.y0() - 8);
    }

    private static void drawMarks(Graphics2D g, Frame frame, List<LatencyTimeline.Event> events,
                                  double warmupSeconds) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1f));
        int warmEnd = frame.x(warmupSeconds);
        g.drawLine(warmEnd, frame.y0(), warmEnd, frame.y1());
        g.drawString("end of warm-up", warmEnd + 3, frame.y1() - 4);
        g.setColor(TimelinePlot.EVENT);
        g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f}, 0f));
        for (int i = 0; i < events.size(); i++) {
            LatencyTimeline.Event event = events.get(i);
            int x = frame.x(event.secondsIn());
            g.drawLine(x, frame.y0(), x, frame.y1());
            g.drawString(event.what(), x + 2, frame.y0() + 11 + 11 * (i % 2));
        }
    }
}

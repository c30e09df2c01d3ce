package dev.vigil.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QualityReportTest {

    @TempDir
    Path dir;

    @Test
    void shouldReplaceOnlyWhatIsBetweenTheMarkers() throws Exception {
        Path page = dir.resolve("QUALITY.md");
        Files.writeString(page, "# Title\nprose before\n" + QualityReport.BEGIN + "\nold table\n" + QualityReport.END
                + "\nprose after\n");

        QualityReport.write(page, "new table\n");

        assertThat(Files.readString(page)).isEqualTo("# Title\nprose before\n" + QualityReport.BEGIN
                + "\nnew table\n" + QualityReport.END + "\nprose after\n");
    }

    @Test
    void shouldPutTheScoresBesideTheAnchorsAndEndWithTheLastLines() {
        List<NabEvaluation.FileResult> files = List.of(file("realTraffic/b.csv", 40), file("realTweets/a.csv", 40));

        String md = QualityReport.markdown(files, scores("Vigil", files), List.of(), 7,
                Map.of("realTweets", "quality/realTweets.png"), List.of("NAB standard=100.0 ...", "NAB cv ..."));

        assertThat(md).contains("| **Vigil** (this run) | **100.0** | **100.0** | **100.0** |")
                .contains("| Numenta HTM | 72.8 | 66.0 | 76.9 |")
                .contains("![realTweets](quality/realTweets.png)")
                .contains("| realTweets | 1 | 1 / 1 | 0 |")
                .contains("```\nNAB standard=100.0 ...\nNAB cv ...\n```");
    }

    @Test
    void shouldShowTheCrossValidatedFigureFirstWithTheBaselinesScoredTheSameWay() {
        List<NabEvaluation.FileResult> files = List.of(file("realTraffic/b.csv", 40), file("realTweets/a.csv", 40));
        // the baseline alarms only before the windows: every threshold loses, so it scores as the null detector
        List<NabEvaluation.FileResult> late = List.of(file("realTraffic/b.csv", 20), file("realTweets/a.csv", 20));

        String md = QualityReport.markdown(files, scores("Vigil", files), List.of(scores("Numenta HTM", late)), 7,
                Map.of(), List.of("NAB standard=100.0", "NAB cv standard=100.0"));

        int crossValidated = md.indexOf("#### Leave one category out");
        int inSample = md.indexOf("#### In-sample");
        assertThat(crossValidated).isNotNegative().isLessThan(inSample);
        assertThat(md.indexOf("| **Vigil** (this run) | **100.0** | **100.0** | **100.0** |"))
                .isBetween(crossValidated, inSample);
        assertThat(md.indexOf("| Numenta HTM | 0.0 | 0.0 | 0.0 |")).isBetween(crossValidated, inSample);
        assertThat(md.indexOf("| Numenta HTM | 0.0 | 0.0 | 0.0 |", inSample)).isPositive();
        assertThat(md).as("the computed figure replaces the quoted one").doesNotContain("| Numenta HTM | 72.8")
                .contains("| ARTime | 80.4 | 71.6 | 85.5 |")
                .contains("| fold | files | windows | Vigil | Numenta HTM |")
                .contains("| realTraffic | 1 | 1 | 100.0 | 0.0 | 1.000000 | 1 / 1 | 0 |")
                .contains("Numenta HTM by the same code from their published outputs");
    }

    private static DetectorScores scores(String name, List<NabEvaluation.FileResult> files) {
        return DetectorScores.of(name, files.stream().map(NabEvaluation.FileResult::series).toList());
    }

    @Test
    void shouldDrawTheAlarmsInRed() {
        BufferedImage image = SeriesPlot.draw(file("realTweets/a.csv", 45), 0.5);

        assertThat(image.getWidth()).isEqualTo(SeriesPlot.WIDTH);
        int red = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                red += ((rgb >> 16) & 0xff) > 180 && ((rgb >> 8) & 0xff) < 80 ? 1 : 0;
            }
        }
        assertThat(red).as("pixels of the alarm ticks").isGreaterThan(10);
    }

    /** 100 rows, a window at [40, 49] and one alarm at {@code alarm}; a sine with a band around it. */
    private static NabEvaluation.FileResult file(String name, int alarm) {
        int rows = 100;
        double[] scores = new double[rows];
        scores[alarm] = 1.0;
        double[] values = new double[rows];
        double[] lower = new double[rows];
        double[] upper = new double[rows];
        for (int row = 0; row < rows; row++) {
            values[row] = Math.sin(row / 5.0);
            lower[row] = values[row] - 0.2;
            upper[row] = values[row] + 0.2;
        }
        return new NabEvaluation.FileResult(name, new NabScorer.Series(name, scores, List.of(new int[] {40, 49})),
                new ForecastErrors(1, 2, 1, 2, 2), new ForecastErrors(1, 2, 1, 2, 2),
                new NabEvaluation.Rows(values, lower, upper));
    }
}

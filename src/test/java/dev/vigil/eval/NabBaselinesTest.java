package dev.vigil.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * The scorer against NAB's own: the published outputs of two detectors on the 34 files (committed under
 * {@code src/test/resources/nab}) must score what NAB's scorer gives them, in-sample and leave-one-category-out.
 */
class NabBaselinesTest {

    private static final double TOLERANCE = 0.05;

    @Test
    void shouldReproduceNumentaHtmsPublishedScores() {
        DetectorScores htm = score("numenta");

        assertThat(htm.inSample(0)).isCloseTo(72.8, within(TOLERANCE));
        assertThat(htm.inSample(1)).isCloseTo(66.0, within(TOLERANCE));
        assertThat(htm.inSample(2)).isCloseTo(76.9, within(TOLERANCE));
        assertThat(htm.crossValidated(0)).isCloseTo(71.4, within(TOLERANCE));
        assertThat(htm.crossValidated(1)).isCloseTo(61.5, within(TOLERANCE));
        assertThat(htm.crossValidated(2)).isCloseTo(75.4, within(TOLERANCE));
    }

    @Test
    void shouldReproduceArTimesPublishedScores() {
        DetectorScores artime = score("ARTime");

        assertThat(artime.inSample(0)).isCloseTo(80.4, within(TOLERANCE));
        assertThat(artime.inSample(1)).isCloseTo(71.6, within(TOLERANCE));
        assertThat(artime.inSample(2)).isCloseTo(85.5, within(TOLERANCE));
        assertThat(artime.crossValidated(0)).isCloseTo(77.5, within(TOLERANCE));
        assertThat(artime.crossValidated(1)).isCloseTo(68.6, within(TOLERANCE));
        assertThat(artime.crossValidated(2)).isCloseTo(82.5, within(TOLERANCE));
    }

    @Test
    void shouldReadAllThirtyFourFilesWithTheirWindowsFromTheResultsAlone() {
        List<NabEvaluation.FileResult> files = load("numenta");

        assertThat(files).hasSize(34);
        assertThat(files.stream().mapToInt(file -> file.series().windows().size()).sum()).isEqualTo(67);
        assertThat(CrossValidation.folds(files.stream().map(NabEvaluation.FileResult::series).toList()))
                .extracting(CrossValidation.Fold::name)
                .containsExactly("artificial", "realAdExchange", "realTraffic", "realTweets");
        assertThat(files).allSatisfy(file -> assertThat(file.forecast().measured()).isFalse());
    }

    private static DetectorScores score(String detector) {
        return DetectorScores.of(detector, load(detector).stream().map(NabEvaluation.FileResult::series).toList());
    }

    private static List<NabEvaluation.FileResult> load(String detector) {
        return NabEvaluation.load(resource("/nab/baselines/" + detector), Optional.empty(),
                resource("/nab/labels/combined_windows.json"), 7);
    }

    private static Path resource(String name) {
        try {
            return Path.of(NabBaselinesTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

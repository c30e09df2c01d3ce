package dev.vigil.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import dev.vigil.model.ForecastModel;
import dev.vigil.model.ModelCodec;
import dev.vigil.model.TrainingSeries;
import dev.vigil.series.SyntheticSeries;
import dev.vigil.testing.TestModels;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

    @TempDir
    Path dir;

    @Test
    void shouldTrainPastValuesThatAreNotNumbers() {
        double[] series = SyntheticSeries.generate(1, 600, 3).get(0);
        series[100] = Double.NaN;
        series[200] = Double.POSITIVE_INFINITY;

        Trainer.Result result = Trainer.train(List.of(new TrainingSeries(series, 0)), TestModels.smallRecipe(1, 8), "test");

        assertThat(result.validation().mse()).isFinite();
        assertThat(result.update().getMetrics()).containsKey("val_mse");
    }

    @Test
    void shouldRefuseSeriesTooShortToMakeOneWindow() {
        assertThatThrownBy(() -> Trainer.train(List.of(new TrainingSeries(new double[20], 0)),
                TestModels.smallRecipe(1, 8), "test"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too little data");
    }

    @Test
    void shouldTrainTheDefaultModelOnceAndReuseItsFile() throws Exception {
        TrainingRecipe recipe = TestModels.smallRecipe(1, 8);
        ForecastModel first = ModelCodec.fromUpdate(DefaultModel.loadUpdate(dir, recipe, 8));
        Path file = dir.resolve(DefaultModel.fileName(recipe, 8));
        assertThat(file).exists();
        FileTime written = Files.getLastModifiedTime(file);

        ForecastModel second = ModelCodec.fromUpdate(DefaultModel.loadUpdate(dir, recipe, 8));

        assertThat(Files.getLastModifiedTime(file)).isEqualTo(written);
        assertThat(second.newForecaster().step(0.3f, TestModels.zero(1, 8)))
                .isEqualTo(first.newForecaster().step(0.3f, TestModels.zero(1, 8)));
    }
}

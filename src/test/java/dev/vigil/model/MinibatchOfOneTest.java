package dev.vigil.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.TestModels;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A fit's last minibatch holds one window whenever the windows leave one over (the default corpus does, and so can a
 * live retrain's reservoir): every architecture has to train on it. The GRU's training graph once parted its gates by
 * slicing arrays with the batch in them, and libnd4j's slice gradient fails on a batch of one.
 */
class MinibatchOfOneTest {

    private static final int WINDOW = 64;

    @ParameterizedTest(name = "{0}")
    @EnumSource(Architecture.class)
    void shouldFitAMinibatchOfOneWindow(Architecture architecture) {
        ModelSpec spec = new ModelSpec(1, architecture, architecture.defaultLayers(WINDOW, 1), 16, TestModels.HORIZON,
                true);
        ForecastModel model = NetworkFactory.untrained(spec, 42, 0.005);
        INDArray before = model.network().params().dup();
        Nd4j.getRandom().setSeed(7);
        DataSet oneWindow = new DataSet(Nd4j.rand(new int[] {1, spec.inputs(), WINDOW}),
                Nd4j.rand(new int[] {1, spec.horizon(), WINDOW}));

        model.network().fit(oneWindow);

        INDArray after = model.network().params();
        assertThat(after.equalsWithEps(before, 0)).as("the weights moved").isFalse();
        assertThat(after.isInfinite().any() || after.isNaN().any()).as("the weights stayed finite").isFalse();
    }
}

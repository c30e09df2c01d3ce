package dev.vigil.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The Java engine reads a parameter's values in C order as ND4J's own copy in C order holds them. */
class ParameterValuesTest {

    @Test
    void shouldReadEveryParameterOfANetworkAsACopyInCOrderHoldsIt() {
        MultiLayerNetwork network = NetworkFactory.untrained(
                new ModelSpec(1, Architecture.LSTM, 2, 8, 7, true, true, true), 3, 0.1).network();
        for (int layer = 0; layer < network.getnLayers(); layer++) {
            for (INDArray parameter : network.getLayer(layer).paramTable().values()) {
                assertThat(ParameterValues.rowMajor(parameter)).containsExactly(parameter.dup('c').data().asFloat());
            }
        }
    }

    @Test
    void shouldReadAColumnMajorArrayAndAViewOfMoreDimensionsInCOrder() {
        INDArray columnMajor = Nd4j.create(new float[] {1, 2, 3, 4, 5, 6}, new long[] {2, 3}, 'f');
        assertThat(columnMajor.getFloat(0, 1)).isEqualTo(3);
        assertThat(ParameterValues.rowMajor(columnMajor)).containsExactly(1, 3, 5, 2, 4, 6);

        INDArray cube = Nd4j.linspace(1, 24, 24).reshape('c', 2, 3, 4);
        INDArray view = cube.permute(2, 0, 1);
        assertThat(ParameterValues.rowMajor(view)).containsExactly(view.dup('c').data().asFloat());
    }
}

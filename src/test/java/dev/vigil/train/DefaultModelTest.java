package dev.vigil.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import dev.vigil.avro.ModelUpdate;
import dev.vigil.config.VigilConfig;
import dev.vigil.model.ModelCodec;

import org.junit.jupiter.api.Test;

class DefaultModelTest {

    private final VigilConfig defaults = VigilConfig.of(Map.of());
    private final TrainingRecipe recipe = TrainingRecipe.defaults(defaults.horizon(),
            defaults.getInt(VigilConfig.SCALER_MEMORY));

    @Test
    void shouldShipTheModelThatTheCodesRecipeTrains() {
        ModelUpdate shipped = DefaultModel.shipped();

        assertThat(shipped).as("the jar ships " + DefaultModel.RESOURCE).isNotNull();
        assertThat(shipped.getSource())
                .as("the shipped model's recipe and corpus are the code's: after changing one, retrain the shipped "
                        + "model with `./vigil train --default --out src/main/resources" + DefaultModel.RESOURCE + "`")
                .isEqualTo(DefaultModel.source(recipe));
        assertThat(DefaultModel.ships(recipe)).isTrue();
        assertThat(ModelCodec.fromUpdate(shipped).spec()).isEqualTo(recipe.spec());
    }

    @Test
    void shouldShipTheReferenceNetworkThatTheCodesReferenceRecipeTrains() {
        TrainingRecipe reference = TrainingRecipe.reference(defaults.horizon(),
                defaults.getInt(VigilConfig.SCALER_MEMORY));
        ModelUpdate shipped = DefaultModel.shipped(DefaultModel.REFERENCE_RESOURCE);

        assertThat(shipped).as("the jar ships " + DefaultModel.REFERENCE_RESOURCE).isNotNull();
        assertThat(shipped.getSource())
                .as("the shipped reference's recipe and corpus are the code's: after changing one, retrain it with "
                        + "`./vigil train --reference --out src/main/resources" + DefaultModel.REFERENCE_RESOURCE + "`")
                .isEqualTo(DefaultModel.source(reference));
        assertThat(DefaultModel.ships(reference)).isTrue();
        assertThat(ModelCodec.fromUpdate(shipped).spec()).isEqualTo(reference.spec());
        assertThat(reference).as("the reference reads the level; the default does not").isNotEqualTo(recipe);
    }
}

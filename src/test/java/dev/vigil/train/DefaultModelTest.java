package dev.vigil.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import dev.vigil.avro.ModelUpdate;
import dev.vigil.config.VigilConfig;
import dev.vigil.model.ModelCodec;

import org.junit.jupiter.api.Test;

/** The jar ships the networks the code's recipes train: the default model and the reference detection judges. */
class DefaultModelTest {

    private final VigilConfig defaults = VigilConfig.of(Map.of());
    private final TrainingRecipe recipe = TrainingRecipe.defaults(defaults.horizon(),
            defaults.getInt(VigilConfig.SCALER_MEMORY));
    private final TrainingRecipe reference = TrainingRecipe.reference(defaults.horizon(),
            defaults.getInt(VigilConfig.SCALER_MEMORY));

    @Test
    void shouldShipTheModelThatTheCodesRecipeTrains() {
        assertShips(recipe, DefaultModel.shipped(), DefaultModel.RESOURCE, "--default");
    }

    @Test
    void shouldShipTheReferenceNetworkThatTheCodesReferenceRecipeTrains() {
        assertShips(reference, DefaultModel.shipped(DefaultModel.REFERENCE_RESOURCE), DefaultModel.REFERENCE_RESOURCE,
                "--reference");
        assertThat(reference).as("the reference reads the level; the default does not").isNotEqualTo(recipe);
    }

    private static void assertShips(TrainingRecipe recipe, ModelUpdate shipped, String resource, String option) {
        assertThat(shipped).as("the jar ships " + resource).isNotNull();
        assertThat(shipped.getSource())
                .as("the shipped network's recipe and corpus are the code's: after changing one, retrain it with "
                        + "`./vigil train " + option + " --out src/main/resources" + resource + "`")
                .isEqualTo(DefaultModel.source(recipe));
        assertThat(DefaultModel.ships(recipe)).isTrue();
        assertThat(ModelCodec.fromUpdate(shipped).spec()).isEqualTo(recipe.spec());
    }
}

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
}

package dev.vigil.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.vigil.avro.ModelUpdate;
import dev.vigil.testing.TestModels;

import org.junit.jupiter.api.Test;

class ModelSignatureTest {

    private static final byte[] KEY = "a shared secret".getBytes(StandardCharsets.UTF_8);

    private final ModelUpdate update = ModelCodec.toUpdate(TestModels.untrained(1, 4), "test", 10,
            Map.of("val_mse", 0.5, "training_ms", 12.0, "live_val_mse", 0.6));

    @Test
    void shouldVerifyWhatItSignedEvenAfterTheUpdateTravelled() throws IOException {
        ModelUpdate signed = ModelSignature.sign(update, KEY);
        // as an instance sees it: encoded, sent, decoded (the metrics map comes back in an order of its own)
        ModelUpdate received = ModelUpdate.getDecoder().decode(toBytes(signed));

        assertThat(ModelSignature.problem(received, KEY)).isNull();
    }

    @Test
    void shouldRefuseATamperedModel() {
        ModelUpdate signed = ModelSignature.sign(update, KEY);
        byte[] weights = toArray(signed.getModel());
        weights[weights.length / 2] ^= 1;
        signed.setModel(ByteBuffer.wrap(weights));

        assertThat(ModelSignature.problem(signed, KEY)).contains("does not verify");
    }

    @Test
    void shouldRefuseARaisedVersionAnUnsignedUpdateAndAnotherKey() {
        ModelUpdate raised = ModelSignature.sign(update, KEY);
        raised.setVersion(99);

        assertThat(ModelSignature.problem(raised, KEY)).contains("does not verify");
        assertThat(ModelSignature.problem(update, KEY)).contains("not signed");
        assertThat(ModelSignature.problem(ModelSignature.sign(update, "other".getBytes(StandardCharsets.UTF_8)),
                KEY)).contains("does not verify");
    }

    @Test
    void shouldTrustEverythingWhenSigningIsOff() {
        assertThat(ModelSignature.problem(update, null)).isNull();
    }

    private static byte[] toBytes(ModelUpdate update) {
        try {
            return toArray(ModelUpdate.getEncoder().encode(update));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] toArray(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}

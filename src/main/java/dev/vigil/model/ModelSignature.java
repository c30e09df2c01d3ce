package dev.vigil.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.NavigableMap;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.vigil.avro.ModelUpdate;

/**
 * HMAC-SHA256 signatures of model updates, so that only holders of the key can change what every instance
 * scores with. The signature covers every other field: the update's single-object encoding with no signature
 * and its metrics in key order.
 */
public final class ModelSignature {

    private static final String ALGORITHM = "HmacSHA256";

    private ModelSignature() {
    }

    /** A copy of {@code update} signed with {@code key}. */
    public static ModelUpdate sign(ModelUpdate update, byte[] key) {
        ModelUpdate signed = ModelUpdate.newBuilder(update).setSignature(null).build();
        signed.setSignature(ByteBuffer.wrap(mac(signed, key)));
        return signed;
    }

    /**
     * Why {@code update} must not be trusted with {@code key}, or null when it verifies. With no key (signing
     * off) every update is trusted.
     */
    public static String problem(ModelUpdate update, byte[] key) {
        if (key == null) {
            return null;
        }
        if (update.getSignature() == null) {
            return "model version " + update.getVersion() + " is not signed and model.signing.key is set";
        }
        byte[] expected = mac(ModelUpdate.newBuilder(update).setSignature(null).build(), key);
        ByteBuffer signature = update.getSignature().duplicate();
        byte[] actual = new byte[signature.remaining()];
        signature.get(actual);
        // constant time: a timing difference must not tell a forger how much of the signature was right
        if (!MessageDigest.isEqual(expected, actual)) {
            return "model version " + update.getVersion() + " has a signature that does not verify with "
                    + "model.signing.key (tampered, or signed with another key)";
        }
        return null;
    }

    /** The newest of {@code versions} that verifies with {@code key}: the one instances score with; null if none. */
    public static ModelUpdate newestTrusted(NavigableMap<Long, ModelUpdate> versions, byte[] key) {
        for (ModelUpdate update : versions.descendingMap().values()) {
            if (problem(update, key) == null) {
                return update;
            }
        }
        return null;
    }

    private static byte[] mac(ModelUpdate unsigned, byte[] key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            // metrics in key order: a decoded map iterates in its own order, and the bytes must not depend on it
            ModelUpdate canonical = ModelUpdate.newBuilder(unsigned).setMetrics(new TreeMap<>(unsigned.getMetrics()))
                    .build();
            ByteBuffer encoded = ModelUpdate.getEncoder().encode(canonical);
            mac.update(encoded);
            return mac.doFinal();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot compute " + ALGORITHM, e);
        }
    }
}

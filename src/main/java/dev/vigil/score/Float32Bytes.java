package dev.vigil.score;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Float values as Vigil stores them: float32, little-endian (a key's day in its state and in its day blocks). */
public final class Float32Bytes {

    private Float32Bytes() {
    }

    /** The values' bytes, in a buffer positioned at its start. */
    public static ByteBuffer of(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return bytes;
    }

    /** The values in {@code stored}'s remaining bytes; its position is left as it was. */
    public static float[] floats(ByteBuffer stored) {
        ByteBuffer bytes = stored.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(values);
        return values;
    }
}

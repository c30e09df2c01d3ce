package dev.vigil.model;

import java.util.OptionalLong;

/**
 * Which version a model was fine-tuned from, as its update's {@code source} says: {@code retrain:from=v7} for a
 * retrain of version 7. A fine-tune has its parent's architecture and shape and starts from its weights, so its cells
 * read a key's memory as the parent's did and a swap to it can carry each key's memory over instead of rebuilding it
 * (docs/decisions/0040-a-fine-tune-carries-the-memory-over.md).
 */
public final class ModelLineage {

    private static final String FINE_TUNE_OF = "retrain:from=v";

    private ModelLineage() {
    }

    /** The source of a model fine-tuned from version {@code parent}. */
    public static String fineTuneOf(long parent) {
        return FINE_TUNE_OF + parent;
    }

    /** The version a model of this source was fine-tuned from; empty for any other source. */
    public static OptionalLong parentOf(String source) {
        if (source == null || !source.startsWith(FINE_TUNE_OF)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(source.substring(FINE_TUNE_OF.length())));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}

package dev.vigil.model;

import java.io.PrintStream;

/**
 * Keeps nd4j's gradient-graph chatter off standard output. nd4j 1.0.0-M2.1's {@code SameDiff.createGradFunction}
 * prints {@code "Added differentiated op <name>"} for every op it differentiates, with a bare
 * {@code System.out.println}: no logger, so no log level silences it, and no flag guards it (neither SameDiff's
 * debug or verbose settings nor the executioner's). A GRU's unrolled training graph has hundreds of ops per layer
 * and length, so every training run, a retrain in {@code vigil run} included, would print hundreds to thousands of
 * lines.
 *
 * <p>While a gradient graph is being built ({@link #quietly}), standard output is a filter that drops those lines
 * and passes everything else on to the stream it replaced; it is put back when the last build running ends. If
 * something else replaces standard output meanwhile, that is left in place.
 */
final class GradientGraphOutput {

    static final String CHATTER = "Added differentiated op ";

    private static final Object LOCK = new Object();
    private static int building;
    private static PrintStream replaced;
    private static PrintStream filter;

    private GradientGraphOutput() {
    }

    /** Runs {@code build} with nd4j's lines about it dropped from standard output. */
    static void quietly(Runnable build) {
        synchronized (LOCK) {
            if (building++ == 0) {
                replaced = System.out;
                filter = new Filter(replaced);
                System.setOut(filter);
            }
        }
        try {
            build.run();
        } finally {
            synchronized (LOCK) {
                if (--building == 0) {
                    if (System.out == filter) {
                        System.setOut(replaced);
                    }
                    replaced = null;
                    filter = null;
                }
            }
        }
    }

    /** Standard output less nd4j's lines (it prints them whole, with {@code println(String)}). */
    private static final class Filter extends PrintStream {

        private final PrintStream target;

        Filter(PrintStream target) {
            super(target, true);
            this.target = target;
        }

        @Override
        public void println(String line) {
            if (line == null || !line.startsWith(CHATTER)) {
                target.println(line);
            }
        }

        @Override
        public void println(Object value) {
            println(String.valueOf(value));
        }

        @Override
        public void print(String text) {
            target.print(text);
        }

        @Override
        public void println() {
            target.println();
        }

        @Override
        public void flush() {
            target.flush();
        }
    }
}

package dev.vigil.series;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Sensor-like series drawn from random compositions of kernels: the pretraining corpus of the model Vigil ships, so
 * that nothing from NAB or any other benchmark is ever trained on.
 *
 * <p>The idea is KernelSynth's (Chronos, 2024): pick one to five kernels from a bank, join them with random sums and
 * products, and draw a series whose covariance is that composition. A Gaussian-process draw costs a Cholesky
 * factorisation per series, far too much for thousands of series of thousands of rows, so each kernel here is a
 * cheap random function with that kernel's character instead: a random Fourier series for a periodic kernel, random
 * Fourier features for RBF and rational-quadratic kernels, an AR(1) process for the rough (Ornstein-Uhlenbeck)
 * kernel, a ramp for the linear kernel, Gaussian draws for white noise. The product of independent draws has the
 * product of their covariances, so multiplying the functions is the same algebra as multiplying the kernels.
 *
 * <p>Unlike KernelSynth, which knows no clock, every series is given a sampling rate (rows per day), and periodic
 * kernels favour the daily period and its halves, thirds and the week, since that is what sensors show. About one
 * series in ten has no known cycle (rows per day 0) and then only unrelated periods. On top of the smooth signal
 * come, each with its own probability, the regimes of real sensors: level shifts, Poisson counts with bursts,
 * heavy-tailed noise, spikes, quantised readings, stuck stretches, dropouts to exact zero and missing stretches
 * (rows removed, so the series is shorter and its phase jumps; there are never NaNs). Last, a random level and
 * scale give each series its own units, and some are kept non-negative like counts and rates.
 *
 * <p>Series {@code i} depends only on the seed and {@code i}: each series draws from its own split of the seed's
 * generator. Two thousand series of four thousand rows take 0.5 to 0.8 s on one idle core (measured on a
 * two-core machine; a few seconds when that machine is busy).
 */
public final class KernelSynth {

    /** One generated series: its values and its sampling rate expressed as rows per day (0 = no daily cycle known). */
    public record Series(double[] values, int rowsPerDay) { }

    /** Sampling rates of real sensors: hourly, half-hourly, 15, 10 and 5 minutes. */
    private static final int[] ROWS_PER_DAY = {24, 48, 96, 144, 288};
    private static final double P_NO_CYCLE = 0.10;

    /**
     * Most sensors with a clock have a daily cycle, but drawing from the bank alone gives a daily kernel to only about
     * a third of the series; starting four in ten with one raises that to about half.
     */
    private static final double P_DAILY_FIRST = 0.40;
    private static final int MAX_KERNELS = 5;
    /** A sum keeps both signals visible; a product modulates one by the other. */
    private static final double P_SUM = 0.6;

    private enum Kernel { PERIODIC, SMOOTH, RATIONAL_QUADRATIC, ROUGH, LINEAR, WHITE }

    /** Draw weights of the bank, in {@link Kernel} order: periodic kernels are the ones sensors need most. */
    private static final double[] KERNEL_WEIGHTS = {0.32, 0.16, 0.12, 0.16, 0.10, 0.14};

    private static final double P_LEVEL_SHIFT = 0.15;
    private static final double P_HEAVY_TAIL = 0.15;
    private static final double P_SPIKES = 0.15;
    private static final double P_COUNTS = 0.12;
    private static final double P_NON_NEGATIVE = 0.15;
    private static final double P_QUANTISED = 0.15;
    private static final double P_STUCK = 0.10;
    private static final double P_DROPOUT = 0.10;
    private static final double P_MISSING = 0.15;

    private KernelSynth() {
    }

    /**
     * {@code count} series of {@code length} rows each, less the rows of missing stretches (a quarter at most, in
     * about one series in seven); the same seed gives the same series.
     */
    public static List<Series> generate(int count, int length, long seed) {
        if (count < 0 || length < 2) {
            throw new IllegalArgumentException("need count >= 0 and length >= 2, got " + count + " and " + length);
        }
        SplittableRandom root = new SplittableRandom(seed);
        List<Series> series = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            // split() takes the same draws from root whatever series i-1 consumed, so series i depends on i alone
            series.add(one(length, root.split()));
        }
        return series;
    }

    private static Series one(int length, SplittableRandom random) {
        int rowsPerDay = random.nextDouble() < P_NO_CYCLE ? 0 : ROWS_PER_DAY[random.nextInt(ROWS_PER_DAY.length)];
        // the time scale of stuck, dropped and missing stretches: a day where the day is known
        int stretch = rowsPerDay > 0 ? rowsPerDay : (int) logUniform(random, 24, 288);
        double[] x = composition(length, rowsPerDay, random);

        if (random.nextDouble() < P_LEVEL_SHIFT) {
            levelShifts(x, random);
        }
        if (random.nextDouble() < P_HEAVY_TAIL) {
            heavyTailedNoise(x, random);
        }
        if (random.nextDouble() < P_SPIKES) {
            spikes(x, random);
        }
        double[] values;
        if (random.nextDouble() < P_COUNTS) {
            values = counts(x, stretch, random);
        } else {
            values = inUnits(x, random);
            if (random.nextDouble() < P_QUANTISED) {
                quantise(values, random);
            }
        }
        if (random.nextDouble() < P_STUCK) {
            stuck(values, stretch, random);
        }
        if (random.nextDouble() < P_DROPOUT) {
            dropouts(values, stretch, random);
        }
        if (random.nextDouble() < P_MISSING) {
            values = withoutMissingStretches(values, stretch, random);
        }
        return new Series(values, rowsPerDay);
    }

    // ---- the kernel composition, at unit scale ----

    /** One to five kernels joined left to right by random sums and products, then centred and scaled to unit std. */
    private static double[] composition(int n, int rowsPerDay, SplittableRandom random) {
        int kernels = 1 + random.nextInt(MAX_KERNELS);
        boolean dailyFirst = rowsPerDay > 0 && random.nextDouble() < P_DAILY_FIRST;
        double[] signal = dailyFirst ? periodic(n, rowsPerDay, random) : kernel(n, rowsPerDay, random);
        for (int k = 1; k < kernels; k++) {
            double[] next = kernel(n, rowsPerDay, random);
            if (random.nextDouble() < P_SUM) {
                for (int t = 0; t < n; t++) {
                    signal[t] += next[t];
                }
            } else {
                // (a + c)(b + c'): a constant kernel in each factor, as KernelSynth's bank has, keeps some of each
                // signal besides their product and makes the product an envelope rather than sign flips
                double offsetA = random.nextDouble(0, 2);
                double offsetB = random.nextDouble(0, 2);
                for (int t = 0; t < n; t++) {
                    signal[t] = (signal[t] + offsetA) * (next[t] + offsetB);
                }
                // products of several factors would otherwise grow without bound
                standardise(signal);
            }
        }
        standardise(signal);
        return signal;
    }

    /** A kernel drawn from the bank, at unit std times a weight, so that white noise rarely drowns the rest. */
    private static double[] kernel(int n, int rowsPerDay, SplittableRandom random) {
        Kernel kind = Kernel.values()[weighted(random, KERNEL_WEIGHTS)];
        double[] x = switch (kind) {
            case PERIODIC -> periodic(n, period(rowsPerDay, random), random);
            case SMOOTH -> random.nextBoolean() ? randomFeatures(n, random, true) : integratedNoise(n, random);
            case RATIONAL_QUADRATIC -> randomFeatures(n, random, false);
            case ROUGH -> ornsteinUhlenbeck(n, logUniform(random, 1, 100), random);
            case LINEAR -> ramp(n, random);
            case WHITE -> whiteNoise(n, random);
        };
        double weight = kind == Kernel.WHITE ? random.nextDouble(0.05, 0.5) : random.nextDouble(0.3, 1);
        for (int t = 0; t < n; t++) {
            x[t] *= weight;
        }
        return x;
    }

    /** The daily period most often, then its harmonics and the week; with no known day, any period. */
    private static double period(int rowsPerDay, SplittableRandom random) {
        if (rowsPerDay == 0) {
            return logUniform(random, 8, 500);
        }
        double u = random.nextDouble();
        if (u < 0.45) {
            return rowsPerDay;
        } else if (u < 0.57) {
            return rowsPerDay / 2.0;
        } else if (u < 0.65) {
            return rowsPerDay / 3.0;
        } else if (u < 0.80) {
            return 7.0 * rowsPerDay;
        }
        return logUniform(random, 8, 500);
    }

    /** A random Fourier series: one to six harmonics whose amplitudes fall off at a random rate (sharp or smooth). */
    private static double[] periodic(int n, double period, SplittableRandom random) {
        double[] x = new double[n];
        int harmonics = 1 + random.nextInt(Math.max(1, Math.min(6, (int) (period / 3))));
        double decay = random.nextDouble(0.5, 2.0);
        for (int h = 1; h <= harmonics; h++) {
            addSinusoid(x, 2 * Math.PI * h / period, random.nextDouble(2 * Math.PI),
                    random.nextGaussian() / Math.pow(h, decay));
        }
        standardise(x);
        return x;
    }

    /**
     * Random Fourier features: cosines with frequencies drawn from the kernel's spectrum, N(0, 1/l^2) for an RBF of
     * length scale l. One shared l gives an RBF-like draw; a length scale per feature gives the scale mixture that
     * a rational-quadratic kernel is.
     */
    private static double[] randomFeatures(int n, SplittableRandom random, boolean oneLengthScale) {
        double[] x = new double[n];
        int features = 6 + random.nextInt(7);
        double shared = logUniform(random, n / 100.0, n / 2.0);
        for (int f = 0; f < features; f++) {
            double lengthScale = oneLengthScale ? shared : logUniform(random, n / 200.0, n / 2.0);
            addSinusoid(x, random.nextGaussian() / lengthScale, random.nextDouble(2 * Math.PI), 1);
        }
        standardise(x);
        return x;
    }

    /** A smooth wander that need not come back: the running sum of slowly changing AR(1) steps. */
    private static double[] integratedNoise(int n, SplittableRandom random) {
        double[] steps = ornsteinUhlenbeck(n, logUniform(random, 5, 200), random);
        double sum = 0;
        for (int t = 0; t < n; t++) {
            sum += steps[t];
            steps[t] = sum;
        }
        standardise(steps);
        return steps;
    }

    /** AR(1) noise with correlation time {@code scale} rows: the sampled Ornstein-Uhlenbeck (Matern-1/2) kernel. */
    private static double[] ornsteinUhlenbeck(int n, double scale, SplittableRandom random) {
        double phi = Math.exp(-1 / scale);
        double innovation = Math.sqrt(1 - phi * phi);
        double[] x = new double[n];
        double state = random.nextGaussian();
        for (int t = 0; t < n; t++) {
            state = phi * state + innovation * random.nextGaussian();
            x[t] = state;
        }
        standardise(x);
        return x;
    }

    /**
     * The linear kernel's draw: a ramp through a random point, scaled but not centred, so that in a product it
     * makes the other factor grow or fade across the series, changing sign only where that point falls inside it.
     */
    private static double[] ramp(int n, SplittableRandom random) {
        double through = random.nextDouble(-1, 2);
        double sign = random.nextBoolean() ? 1 : -1;
        double[] x = new double[n];
        double squares = 0;
        for (int t = 0; t < n; t++) {
            x[t] = sign * ((double) t / n - through);
            squares += x[t] * x[t];
        }
        double rms = Math.sqrt(squares / n);
        for (int t = 0; t < n; t++) {
            x[t] /= rms;
        }
        return x;
    }

    private static double[] whiteNoise(int n, SplittableRandom random) {
        double[] x = new double[n];
        for (int t = 0; t < n; t++) {
            x[t] = random.nextGaussian();
        }
        return x;
    }

    /** Adds {@code amplitude * cos(omega t + phase)} by rotating a phasor: four multiplications a row, no cosine. */
    private static void addSinusoid(double[] x, double omega, double phase, double amplitude) {
        double stepCos = Math.cos(omega);
        double stepSin = Math.sin(omega);
        double re = Math.cos(phase);
        double im = Math.sin(phase);
        for (int t = 0; t < x.length; t++) {
            x[t] += amplitude * re;
            double nextRe = re * stepCos - im * stepSin;
            im = re * stepSin + im * stepCos;
            re = nextRe;
        }
    }

    // ---- regimes, at unit scale ----

    /** One to four abrupt steps of half to three standard deviations that stay (package-private for its test). */
    static void levelShifts(double[] x, SplittableRandom random) {
        int shifts = 1 + random.nextInt(4);
        for (int s = 0; s < shifts; s++) {
            int at = random.nextInt(x.length / 20, x.length - x.length / 20);
            double size = (random.nextBoolean() ? 1 : -1) * random.nextDouble(0.5, 3);
            for (int t = at; t < x.length; t++) {
                x[t] += size;
            }
        }
    }

    /** Student-t noise, a Gaussian over sqrt(chi2/nu): occasional errors far larger than the typical one. */
    private static void heavyTailedNoise(double[] x, SplittableRandom random) {
        double scale = random.nextDouble(0.05, 0.3);
        int nu = 2 + random.nextInt(4);
        for (int t = 0; t < x.length; t++) {
            double chi2 = 0;
            for (int k = 0; k < nu; k++) {
                double z = random.nextGaussian();
                chi2 += z * z;
            }
            x[t] += scale * random.nextGaussian() / Math.sqrt(Math.max(chi2, 1e-12) / nu);
        }
    }

    /** One to eight isolated spikes of one to three rows, four to twelve standard deviations high. */
    private static void spikes(double[] x, SplittableRandom random) {
        int spikes = 1 + random.nextInt(8);
        for (int s = 0; s < spikes; s++) {
            int width = 1 + random.nextInt(3);
            int at = random.nextInt(Math.max(1, x.length - width));
            double size = (random.nextBoolean() ? 1 : -1) * random.nextDouble(4, 12);
            for (int t = at; t < Math.min(x.length, at + width); t++) {
                x[t] += size;
            }
        }
    }

    // ---- units ----

    /**
     * Poisson counts whose log-rate follows the signal, with bursts where the rate jumps for a while; sometimes
     * reported per unit (a rate) rather than raw. Never negative.
     */
    private static double[] counts(double[] x, int stretch, SplittableRandom random) {
        double mean = logUniform(random, 0.5, 50);
        double gain = random.nextDouble(0.3, 1.5);
        double[] rate = new double[x.length];
        for (int t = 0; t < x.length; t++) {
            // capped so that a spike in the signal cannot ask for millions of events
            rate[t] = mean * Math.exp(Math.min(gain * x[t], 4.0));
        }
        if (random.nextBoolean()) {
            int bursts = 1 + random.nextInt(4);
            for (int b = 0; b < bursts; b++) {
                int width = 1 + random.nextInt(Math.max(1, stretch / 4));
                int at = random.nextInt(Math.max(1, x.length - width));
                double factor = random.nextDouble(3, 20);
                for (int t = at; t < Math.min(x.length, at + width); t++) {
                    rate[t] *= factor;
                }
            }
        }
        double unit = random.nextBoolean() ? 1 : random.nextDouble(0.1, 5);
        double[] values = new double[x.length];
        for (int t = 0; t < x.length; t++) {
            values[t] = unit * poisson(rate[t], random);
        }
        return values;
    }

    /**
     * A level of -50 to 1000 and a scale of 0.1 to 500, as real sensor units vary; some series are kept non-negative,
     * either lifted above zero or cut at zero like a rate that idles.
     */
    private static double[] inUnits(double[] x, SplittableRandom random) {
        double scale = logUniform(random, 0.1, 500);
        double[] values = new double[x.length];
        if (random.nextDouble() < P_NON_NEGATIVE) {
            boolean cut = random.nextBoolean();
            double floor = cut ? random.nextDouble(-1.5, 0.5) : min(x) - random.nextDouble(0, 2);
            for (int t = 0; t < x.length; t++) {
                values[t] = Math.max(0.0, scale * (x[t] - floor));
            }
            return values;
        }
        double level = random.nextDouble(-50, 1000);
        for (int t = 0; t < x.length; t++) {
            values[t] = level + scale * x[t];
        }
        return values;
    }

    /** Rounds to a step of 1, 2 or 5 times a power of ten, 2% to 50% of the scale, as a coarse sensor reports. */
    private static void quantise(double[] values, SplittableRandom random) {
        double spread = std(values);
        if (spread == 0) {
            return;
        }
        double wanted = spread * random.nextDouble(0.02, 0.5);
        double power = Math.pow(10, Math.floor(Math.log10(wanted)));
        double step = wanted >= 5 * power ? 5 * power : wanted >= 2 * power ? 2 * power : power;
        for (int t = 0; t < values.length; t++) {
            values[t] = Math.rint(values[t] / step) * step;
        }
    }

    // ---- stretches: stuck, dropped to zero, missing ----

    /** One to three stretches of a twelfth of a day to two days where the reading holds its last value. */
    private static void stuck(double[] values, int stretch, SplittableRandom random) {
        int stretches = 1 + random.nextInt(3);
        for (int s = 0; s < stretches; s++) {
            int width = stretchWidth(values.length, Math.max(4, stretch / 12), 2 * stretch, random);
            int at = 1 + random.nextInt(values.length - width);
            Arrays.fill(values, at, at + width, values[at - 1]);
        }
    }

    /** One to three stretches of three rows to a day of exact zeros: a sensor or its link that went down. */
    private static void dropouts(double[] values, int stretch, SplittableRandom random) {
        int stretches = 1 + random.nextInt(3);
        for (int s = 0; s < stretches; s++) {
            int width = stretchWidth(values.length, 3, stretch, random);
            int at = random.nextInt(values.length - width + 1);
            Arrays.fill(values, at, at + width, 0.0);
        }
    }

    /**
     * One to three stretches of a row to two days removed, a quarter of the series at most: rows that never
     * arrived, so that what follows is out of phase with the cycle, as a gap in a real feed leaves it.
     */
    private static double[] withoutMissingStretches(double[] values, int stretch, SplittableRandom random) {
        boolean[] missing = new boolean[values.length];
        int budget = values.length / 4;
        int stretches = 1 + random.nextInt(3);
        for (int s = 0; s < stretches && budget > 0; s++) {
            int width = Math.min(budget, stretchWidth(values.length, 1, 2 * stretch, random));
            int at = random.nextInt(values.length - width + 1);
            for (int t = at; t < at + width; t++) {
                budget -= missing[t] ? 0 : 1;
                missing[t] = true;
            }
        }
        double[] kept = new double[values.length];
        int n = 0;
        for (int t = 0; t < values.length; t++) {
            if (!missing[t]) {
                kept[n++] = values[t];
            }
        }
        return Arrays.copyOf(kept, n);
    }

    /** A width in [min, max], log-uniform so that short stretches are as common as long ones; under half the series. */
    private static int stretchWidth(int n, int min, int max, SplittableRandom random) {
        int cap = Math.max(1, n / 2);
        int lo = Math.min(min, cap);
        int hi = Math.max(lo, Math.min(max, cap));
        return (int) Math.min(hi, logUniform(random, lo, hi + 1));
    }

    // ---- small numerics ----

    /** Knuth's product of uniforms for small rates; the normal approximation, rounded and cut at zero, above. */
    private static int poisson(double rate, SplittableRandom random) {
        if (rate >= 30) {
            return (int) Math.max(0, Math.rint(rate + Math.sqrt(rate) * random.nextGaussian()));
        }
        double limit = Math.exp(-rate);
        int k = 0;
        double product = random.nextDouble();
        while (product > limit) {
            k++;
            product *= random.nextDouble();
        }
        return k;
    }

    private static double logUniform(SplittableRandom random, double lo, double hi) {
        return hi <= lo ? lo : Math.exp(random.nextDouble(Math.log(lo), Math.log(hi)));
    }

    private static int weighted(SplittableRandom random, double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double u = random.nextDouble(total);
        for (int i = 0; i < weights.length - 1; i++) {
            u -= weights[i];
            if (u < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** Zero mean and unit std; a constant signal is only centred (dividing by zero would make NaNs). */
    private static void standardise(double[] x) {
        double mean = mean(x);
        double spread = std(x);
        double divisor = spread > 1e-12 ? spread : 1;
        for (int t = 0; t < x.length; t++) {
            x[t] = (x[t] - mean) / divisor;
        }
    }

    private static double mean(double[] x) {
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        return sum / x.length;
    }

    private static double std(double[] x) {
        double mean = mean(x);
        double squares = 0;
        for (double v : x) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / x.length);
    }

    private static double min(double[] x) {
        double min = Double.POSITIVE_INFINITY;
        for (double v : x) {
            min = Math.min(min, v);
        }
        return min;
    }
}

package dev.vigil.eval;

/**
 * Forecast error of one series against the obvious baselines, after the probationary rows: the 1-step forecast
 * against persistence (the last value), the H-step forecast against the better of persistence and
 * seasonal-naive (the value one day earlier). Rows without a forecast (NaN) are skipped.
 */
public record ForecastErrors(double mae1, double persistence1, double maeH, double persistenceH,
                             double seasonalH) {

    /** A result without forecast columns (another detector's published scores): every ratio is NaN. */
    public static final ForecastErrors UNMEASURED = new ForecastErrors(Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN);

    /** False for {@link #UNMEASURED}: nothing to compare against the baselines. */
    public boolean measured() {
        return !Double.isNaN(mae1);
    }

    /** Below 1: the forecast beats persistence one step ahead. */
    public double ratio1() {
        return mae1 / persistence1;
    }

    /** Below 1: the H-step forecast beats both persistence and seasonal-naive. */
    public double ratioH() {
        return maeH / Math.min(persistenceH, seasonalH);
    }

    /**
     * @param values     the series
     * @param forecast1  per row, the forecast for the next row
     * @param forecastH  per row, the forecast for {@code horizon} rows later
     * @param rowsPerDay seasonal lag of the naive baseline
     * @param from       first row scored (the end of the probationary period)
     */
    public static ForecastErrors of(double[] values, double[] forecast1, double[] forecastH, int horizon,
                                    int rowsPerDay, int from) {
        double mae1 = 0;
        double persistence1 = 0;
        long count1 = 0;
        for (int t = from; t + 1 < values.length; t++) {
            if (Double.isNaN(forecast1[t])) {
                continue;
            }
            mae1 += Math.abs(forecast1[t] - values[t + 1]);
            persistence1 += Math.abs(values[t] - values[t + 1]);
            count1++;
        }
        double maeH = 0;
        double persistenceH = 0;
        double seasonalH = 0;
        long countH = 0;
        for (int t = Math.max(from, rowsPerDay - horizon); t + horizon < values.length; t++) {
            if (Double.isNaN(forecastH[t])) {
                continue;
            }
            double actual = values[t + horizon];
            maeH += Math.abs(forecastH[t] - actual);
            persistenceH += Math.abs(values[t] - actual);
            seasonalH += Math.abs(values[t + horizon - rowsPerDay] - actual);
            countH++;
        }
        return new ForecastErrors(mae1 / count1, persistence1 / count1, maeH / countH, persistenceH / countH,
                seasonalH / countH);
    }
}

package com.kubetrader.analysis;

import java.util.Arrays;
import java.util.Collection;

/**
 * Median, quartiles and Tukey whiskers of a set of values. Quantiles interpolate linearly between order statistics
 * (the (n-1)p+1 rule, as DuckDB's quantile_cont, numpy's default and XChart's N_LESS_1_PLUS_1). Whiskers reach the
 * most extreme values within 1.5 × IQR of the box, so they never extend past the data.
 */
public record BoxStats(int n, double min, double q1, double median, double q3, double max, double whiskerLow,
                       double whiskerHigh) {

    public static BoxStats of(Collection<? extends Number> values) {
        double[] v = values.stream().mapToDouble(Number::doubleValue).sorted().toArray();
        if (v.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double q1 = quantile(v, 0.25);
        double q3 = quantile(v, 0.75);
        double fenceLow = q1 - 1.5 * (q3 - q1);
        double fenceHigh = q3 + 1.5 * (q3 - q1);
        double low = Arrays.stream(v).filter(x -> x >= fenceLow).min().orElse(v[0]);
        double high = Arrays.stream(v).filter(x -> x <= fenceHigh).max().orElse(v[v.length - 1]);
        return new BoxStats(v.length, v[0], q1, quantile(v, 0.5), q3, v[v.length - 1], low, high);
    }

    /** Linear interpolation quantile of sorted values. */
    static double quantile(double[] sorted, double p) {
        double pos = (sorted.length - 1) * p;
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}

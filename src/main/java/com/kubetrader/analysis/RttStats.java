package com.kubetrader.analysis;

import java.util.Arrays;
import java.util.List;

/**
 * Round-trip statistics of one (endpoint, AZ ID), in µs, and the interval the RTT ranking compares.
 *
 * <p>The rule. Queueing on either host only ever adds to a round trip, so, as the one-way ranking compares
 * per-symbol minimums, the round-trip ranking compares a low quantile: the 10th percentile, the path's floor with
 * a little room for noise. AZ A is resolved as closer than AZ B when the 95 % confidence interval of A's 10th
 * percentile lies wholly below B's. The interval is distribution-free, from order statistics: with n sorted samples
 * it runs from rank {@code floor(n·q − 1.96·√(n·q·(1−q)))} to rank {@code ceil(1 + n·q + 1.96·√(n·q·(1−q)))}
 * (1-based, clipped to 1..n; q = 0.1; the normal approximation to the binomial). Few samples, or samples with a wide
 * spread, give a wide interval, so a small gap between noisy AZs is "not resolved" however the quantiles fall.
 * Lost pings are not samples.
 *
 * @param samples         answered pings
 * @param pingsLost       pings with no pong in time
 * @param p10LowUs        the 10th percentile's 95 % interval, low end
 * @param p10HighUs       and high end
 * @param connectMinUs    TCP connect probes' minimum, or null without probes
 * @param connectMedianUs their median, or null
 * @param connectSamples  how many connect probes answered
 */
public record RttStats(int samples, long pingsLost, double minUs, double p5Us, double p10Us, double medianUs,
                       double p95Us, double p10LowUs, double p10HighUs, Double connectMinUs, Double connectMedianUs,
                       int connectSamples) {

    /**
     * Connect probes (one a minute by default) are few; their figures are shown with their count and compared only
     * when every AZ ID has at least this many.
     */
    public static final int MIN_CONNECT_SAMPLES = 10;

    /** The quantile the ranking compares. */
    public static final double RANKED_QUANTILE = 0.10;
    static final double Z_95 = 1.96;

    /** Null when there is no answered ping. */
    public static RttStats of(RoundTrips.Samples s) {
        if (s == null || s.pingRttUs().isEmpty()) {
            return null;
        }
        double[] v = s.pingRttUs().stream().mapToDouble(Long::doubleValue).sorted().toArray();
        double[] ci = quantileInterval(v, RANKED_QUANTILE);
        Double connectMin = s.tcpConnectUs().isEmpty() ? null
                : (double) s.tcpConnectUs().stream().mapToLong(Long::longValue).min().orElseThrow();
        Double connectMedian = s.tcpConnectUs().isEmpty() ? null : BoxStats.of(s.tcpConnectUs()).median();
        return new RttStats(v.length, s.pingsLost(), v[0], BoxStats.quantile(v, 0.05),
                BoxStats.quantile(v, RANKED_QUANTILE), BoxStats.quantile(v, 0.5), BoxStats.quantile(v, 0.95), ci[0],
                ci[1], connectMin, connectMedian, s.tcpConnectUs().size());
    }

    /** The distribution-free 95 % interval of quantile q of sorted values: {low, high}. */
    static double[] quantileInterval(double[] sorted, double q) {
        int n = sorted.length;
        double half = Z_95 * Math.sqrt(n * q * (1 - q));
        int low = (int) Math.floor(n * q - half);
        int high = (int) Math.ceil(1 + n * q + half);
        low = Math.max(1, Math.min(n, low));
        high = Math.max(1, Math.min(n, high));
        return new double[] {sorted[low - 1], sorted[high - 1]};
    }

    /** Whether {@code faster}'s RTT is resolved below {@code slower}'s by the rule above. */
    public static boolean resolvedBelow(RttStats faster, RttStats slower) {
        return faster.p10HighUs() < slower.p10LowUs();
    }
}

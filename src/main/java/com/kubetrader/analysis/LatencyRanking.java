package com.kubetrader.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Ranks AZ IDs by the median over symbols of the per-symbol minimum latency, and decides which adjacent pairs are
 * resolved: a pair is not resolved when the gap between their medians is smaller than the sum of the two instances'
 * clock error bounds, because each absolute reading may be off by up to its instance's bound.
 */
public final class LatencyRanking {

    private LatencyRanking() {
    }

    /** One endpoint's one-way ranking. */
    public record OneWay(String endpoint, long alignedTrades, List<Summary.Az> azs, List<Summary.Comparison> comparisons,
                         List<Summary.Instance> instances, boolean resolved, String verdict) {

        public String bestAzId() {
            return azs.get(0).azId();
        }
    }

    public static OneWay rank(RunData data) {
        List<Summary.Az> unranked = new ArrayList<>();
        List<Summary.Instance> instances = new ArrayList<>();
        for (RunData.InstanceData in : data.instances()) {
            InstanceMetadata md = in.metadata();
            if (!in.hasTrades()) {
                instances.add(new Summary.Instance(md.instanceId(), md.availabilityZoneId(), md.availabilityZone(),
                        0, 0, 0, 0, true, "empty: trades.csv has no trades (see the instance's collector.log); excluded from the alignment and the ranking"));
                continue;
            }
            instances.add(new Summary.Instance(md.instanceId(), md.availabilityZoneId(), md.availabilityZone(),
                    in.rows(), in.alignedTrades(), in.droppedNotSeenByAll(), in.droppedDuplicate(), false, null));
            List<RunData.SymbolStats> symbols = in.symbols();
            BoxStats mins = BoxStats.of(symbols.stream().map(RunData.SymbolStats::minUs).toList());
            BoxStats means = BoxStats.of(symbols.stream().map(RunData.SymbolStats::meanUs).toList());
            RunData.SymbolStats fastest = symbols.stream()
                    .min(Comparator.comparingLong(RunData.SymbolStats::minUs)).orElseThrow();
            unranked.add(new Summary.Az(md.availabilityZoneId(), md.availabilityZone(), md.instanceId(),
                    symbols.size(), mins.median(), mins.q1(), mins.q3(), mins.whiskerLow(), mins.whiskerHigh(),
                    means.median(), means.q1(), means.q3(), means.whiskerLow(), means.whiskerHigh(), 0, 0,
                    md.clockErrorBoundUs(), fastest.minUs(), fastest.symbol(), null, null, null, null, null, null,
                    null, null, null, symbols.stream().mapToLong(RunData.SymbolStats::negative).sum()));
        }
        unranked.sort(Comparator.comparingDouble(Summary.Az::medianMinUs).thenComparing(Summary.Az::azId));
        double best = unranked.get(0).medianMinUs();
        List<Summary.Az> azs = new ArrayList<>();
        for (int r = 0; r < unranked.size(); r++) {
            Summary.Az a = unranked.get(r);
            azs.add(new Summary.Az(a.azId(), a.azName(), a.instanceId(), a.symbols(), a.medianMinUs(), a.q1MinUs(),
                    a.q3MinUs(), a.whiskerLowMinUs(), a.whiskerHighMinUs(), a.medianMeanUs(), a.q1MeanUs(),
                    a.q3MeanUs(), a.whiskerLowMeanUs(), a.whiskerHighMeanUs(), r + 1, a.medianMinUs() - best,
                    a.clockBoundUs(), a.fastestUs(), a.fastestSymbol(), null, null, null, null, null, null, null, null,
                    null, a.negativeReadings()));
        }
        List<Summary.Comparison> comparisons = new ArrayList<>();
        for (int r = 0; r + 1 < azs.size(); r++) {
            Summary.Az a = azs.get(r);
            Summary.Az b = azs.get(r + 1);
            double gap = b.medianMinUs() - a.medianMinUs();
            double bound = a.clockBoundUs() + b.clockBoundUs();
            comparisons.add(new Summary.Comparison(a.azId(), b.azId(), gap, bound, gap >= bound));
        }
        Summary.Comparison top = comparisons.get(0);
        String verdict = top.resolved()
                ? String.format("%s has the lowest median per-symbol minimum, %s µs, %s µs below "
                        + "%s, more than their combined clock error bound of %s µs.", top.fasterAzId(),
                        us(azs.get(0).medianMinUs()), us(top.gapUs()), top.slowerAzId(),
                        us(top.combinedClockBoundUs()))
                : String.format("Not resolved: %s and %s differ by %s µs in median per-symbol minimum, less than their "
                        + "combined clock error bound of %s µs, so the one-way readings cannot tell which is closer to "
                        + "the exchange.", top.fasterAzId(), top.slowerAzId(),
                        us(top.gapUs()), us(top.combinedClockBoundUs()));
        return new OneWay(data.endpoint(), data.alignedTrades(), azs, comparisons, instances, top.resolved(), verdict);
    }

    static String us(double v) {
        return v == Math.rint(v) ? String.format("%.0f", v) : String.format("%.1f", v);
    }
}

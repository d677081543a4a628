package com.kubetrader.analysis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * latency.svg, for a trader to read at a glance: one row per endpoint. Left, the one-way latency per AZ ID: the
 * median per-symbol minimum as a dot with a whisker of ± the AZ's clock bound (two AZs whose whiskers overlap are
 * not resolved), the quartiles of the minimums as a band, and the median per-symbol mean as a hollow diamond.
 * Right, the round trips per AZ ID as boxes (ping to pong, no clock involved), on a log scale so a few slow pongs
 * cannot squash the rest, with the 10th percentile the ranking compares and its 95 % interval marked, and the
 * sample count under each box.
 *
 * <p>Every AZ ID of the run has one place and one colour, the same in every panel and row (sorted AZ IDs, see
 * {@link SvgCanvas#PALETTE}); ranks are written under each AZ ID instead. A value that cannot be drawn (not a finite
 * number) is named under the panel instead of breaking the chart. Text is text: the file is a few tens of KB.
 */
public final class LatencyChart {

    static final int PANEL_WIDTH = 620;
    static final int PANEL_HEIGHT = 440;
    static final int HEADER_HEIGHT = 40;
    static final int PLOT_LEFT = 92;
    static final int PLOT_RIGHT = 24;
    static final int PLOT_TOP = 62;
    static final int PLOT_BOTTOM = 118;
    /** A one-way axis goes logarithmic when its values span more than this, and none is at or below zero. */
    static final double ONE_WAY_LOG_RATIO = 20;

    private LatencyChart() {
    }

    /** The run's AZ IDs in one fixed order: each keeps its place and colour in every panel. */
    static List<String> azOrder(RunAnalyzer.RunEvidence ev) {
        return ev.instances().stream().map(InstanceMetadata::availabilityZoneId).distinct().sorted().toList();
    }

    /** The one-way panel of one endpoint, drawn into [x, x + PANEL_WIDTH) at y. */
    static void oneWayPanel(SvgCanvas c, Summary.EndpointResult r, List<String> order, double x, double y) {
        double left = x + PLOT_LEFT;
        double right = x + PANEL_WIDTH - PLOT_RIGHT;
        double top = y + PLOT_TOP;
        double bottom = y + PANEL_HEIGHT - PLOT_BOTTOM;
        c.text(x + PANEL_WIDTH / 2.0, y + 22, "One-way latency per AZ ID", 15, "middle", "bold", SvgCanvas.INK);
        c.text(x + PANEL_WIDTH / 2.0, y + 40, "recv time − exchange event time, median over symbols; lower is better",
                11.5, "middle", "normal", SvgCanvas.MUTED);
        List<Double> values = new ArrayList<>();
        List<String> unplaceable = new ArrayList<>();
        for (Summary.Az a : r.azs()) {
            for (double v : new double[] {a.medianMinUs() - a.clockBoundUs(), a.medianMinUs() + a.clockBoundUs(),
                    a.q1MinUs(), a.q3MinUs(), a.medianMeanUs()}) {
                if (Double.isFinite(v)) {
                    values.add(v);
                } else {
                    unplaceable.add(a.azId());
                }
            }
        }
        SvgCanvas.Scale s = SvgCanvas.Scale.of(values, ONE_WAY_LOG_RATIO, true, top, bottom);
        if (!s.log && s.lo < 0) {
            // no path delivers a trade before it happened: below zero is clock evidence, said on the chart itself
            c.rect(left, s.y(0), right - left, bottom - s.y(0), "#B00020", null, 0.06);
            c.text(right - 6, bottom - 6, "below 0: received before it happened, a clock is wrong", 11, "end",
                    "normal", "#B00020");
        }
        c.valueAxis(s, left, right, "one-way latency" + (s.log ? " (log scale)" : ""));
        double slot = (right - left) / order.size();
        for (int i = 0; i < order.size(); i++) {
            String az = order.get(i);
            String colour = SvgCanvas.colour(order, az);
            double cx = left + slot * (i + 0.5);
            Summary.Az a = r.azs().stream().filter(z -> z.azId().equals(az)).findFirst().orElse(null);
            c.text(cx, bottom + 20, az, 12.5, "middle", "bold", colour);
            if (a == null) {
                c.text(cx, bottom + 36, "no data", 11, "middle", "normal", SvgCanvas.MUTED);
                continue;
            }
            c.text(cx, bottom + 36, "one-way #" + a.rank() + ", bound ±" + LatencyRanking.us(a.clockBoundUs()) + " µs",
                    11, "middle", "normal", SvgCanvas.INK);
            if (a.negativeReadings() > 0) {
                c.text(cx, bottom + 51, "clock: " + a.negativeReadings() + " negative", 11, "middle", "bold",
                        "#B00020");
            }
            double bandLow = Math.min(a.q1MinUs(), a.q3MinUs());
            double bandHigh = Math.max(a.q1MinUs(), a.q3MinUs());
            if (s.placeable(bandLow) && s.placeable(bandHigh)) {
                c.rect(cx - 16, s.y(bandHigh), 32, s.y(bandLow) - s.y(bandHigh), colour, null, 0.22);
            }
            double lo = a.medianMinUs() - a.clockBoundUs();
            double hi = a.medianMinUs() + a.clockBoundUs();
            if (s.placeable(lo) && s.placeable(hi)) {
                c.line(cx, s.y(lo), cx, s.y(hi), SvgCanvas.INK, 1.5, null);
                c.line(cx - 7, s.y(lo), cx + 7, s.y(lo), SvgCanvas.INK, 1.5, null);
                c.line(cx - 7, s.y(hi), cx + 7, s.y(hi), SvgCanvas.INK, 1.5, null);
            }
            if (s.placeable(a.medianMinUs())) {
                c.circle(cx, s.y(a.medianMinUs()), 6, colour, "#ffffff");
                c.text(cx - 12, s.y(a.medianMinUs()) + 4, LatencyRanking.us(a.medianMinUs()) + " µs", 11, "end",
                        "normal", SvgCanvas.INK);
            }
            if (s.placeable(a.medianMeanUs())) {
                c.diamond(cx + 26, s.y(a.medianMeanUs()), 6, "#ffffff", colour);
            }
        }
        c.legend(x + 18, y + PANEL_HEIGHT - 44, List.of(
                (g, lx, ly) -> g.circle(lx, ly, 5, SvgCanvas.MUTED, null),
                (g, lx, ly) -> g.rect(lx - 6, ly - 5, 12, 10, SvgCanvas.MUTED, null, 0.3),
                (g, lx, ly) -> g.diamond(lx, ly, 5, "#ffffff", SvgCanvas.MUTED)),
                List.of("median of per-symbol minimums, whisker ± clock bound", "their Q1–Q3", "median of means"));
        note(c, x, y, unplaceable.isEmpty() ? null : "not drawn, not a number: " + String.join(", ", unplaceable));
    }

    /** The round-trip panel of one endpoint, drawn into [x, x + PANEL_WIDTH) at y. */
    static void rttPanel(SvgCanvas c, Summary.EndpointResult r, RunAnalyzer.RunEvidence ev, List<String> order,
                         double x, double y) {
        double left = x + PLOT_LEFT;
        double right = x + PANEL_WIDTH - PLOT_RIGHT;
        double top = y + PLOT_TOP;
        double bottom = y + PANEL_HEIGHT - PLOT_BOTTOM;
        c.text(x + PANEL_WIDTH / 2.0, y + 22, "Round trip per AZ ID", 15, "middle", "bold", SvgCanvas.INK);
        c.text(x + PANEL_WIDTH / 2.0, y + 40, "WebSocket ping to pong, no clock involved; ranked by p10; lower is better",
                11.5, "middle", "normal", SvgCanvas.MUTED);
        List<Double> values = new ArrayList<>();
        List<double[]> sorted = new ArrayList<>();
        List<String> unplaceable = new ArrayList<>();
        for (Summary.RttAz a : r.rtt()) {
            RoundTrips rt = ev.roundTrips().get(a.instanceId());
            RoundTrips.Samples samples = rt == null ? null : rt.byEndpoint().get(r.endpoint());
            double[] v = samples == null ? new double[0]
                    : samples.pingRttUs().stream().mapToDouble(Long::doubleValue).sorted().toArray();
            sorted.add(v);
            Arrays.stream(v).forEach(values::add);
        }
        // a round trip of 0 µs cannot sit on a log axis: then the axis is linear, and still draws everything
        SvgCanvas.Scale s = SvgCanvas.Scale.of(values, 1.0, true, top, bottom);
        c.valueAxis(s, left, right, "round-trip time" + (s.log ? " (log scale)" : ""));
        double slot = (right - left) / order.size();
        for (int i = 0; i < order.size(); i++) {
            String az = order.get(i);
            String colour = SvgCanvas.colour(order, az);
            double cx = left + slot * (i + 0.5);
            int k = indexOf(r.rtt(), az);
            c.text(cx, bottom + 20, az, 12.5, "middle", "bold", colour);
            if (k < 0 || sorted.get(k).length == 0) {
                c.text(cx, bottom + 36, "no round trips", 11, "middle", "normal", SvgCanvas.MUTED);
                continue;
            }
            Summary.RttAz a = r.rtt().get(k);
            double[] v = sorted.get(k);
            c.text(cx, bottom + 36, "RTT #" + a.rank() + (a.oneWayRank() == null && !r.rttOnlyEndpoint()
                    ? ", no one-way data" : ""), 11, "middle", "normal", SvgCanvas.INK);
            c.text(cx, bottom + 51, "n=" + a.rttSamples() + (a.pingsLost() > 0 ? ", " + a.pingsLost() + " lost" : ""),
                    11, "middle", "normal", SvgCanvas.MUTED);
            double p5 = BoxStats.quantile(v, 0.05);
            double q1 = BoxStats.quantile(v, 0.25);
            double med = BoxStats.quantile(v, 0.5);
            double q3 = BoxStats.quantile(v, 0.75);
            double p95 = BoxStats.quantile(v, 0.95);
            double box = Math.min(44, slot * 0.36);
            for (double[] p : new double[][] {{p5, q1}, {q3, p95}}) {
                if (s.placeable(p[0]) && s.placeable(p[1])) {
                    c.line(cx, s.y(p[0]), cx, s.y(p[1]), colour, 1.5, null);
                }
            }
            for (double p : new double[] {p5, p95}) {
                if (s.placeable(p)) {
                    c.line(cx - box / 4, s.y(p), cx + box / 4, s.y(p), colour, 1.5, null);
                }
            }
            if (s.placeable(q1) && s.placeable(q3)) {
                c.rect(cx - box / 2, s.y(q3), box, s.y(q1) - s.y(q3), colour, colour, 0.25);
            }
            if (s.placeable(med)) {
                c.line(cx - box / 2, s.y(med), cx + box / 2, s.y(med), SvgCanvas.INK, 2.5, null);
            }
            for (double extreme : new double[] {v[0], v[v.length - 1]}) {
                if (s.placeable(extreme)) {
                    c.circle(cx, s.y(extreme), 2.5, "#ffffff", SvgCanvas.MUTED);
                }
            }
            double px = cx - box / 2 - 12;
            if (s.placeable(a.rttP10LowUs()) && s.placeable(a.rttP10HighUs())) {
                c.line(px, s.y(a.rttP10LowUs()), px, s.y(a.rttP10HighUs()), SvgCanvas.INK, 4, null);
            }
            if (s.placeable(a.rttP10Us())) {
                c.line(px - 6, s.y(a.rttP10Us()), px + 6, s.y(a.rttP10Us()), colour, 3, null);
                c.text(px - 9, s.y(a.rttP10Us()) + 4, "p10 " + SvgCanvas.Scale.label(a.rttP10Us()), 11, "end",
                        "bold", SvgCanvas.INK);
            }
        }
        c.legend(x + 18, y + PANEL_HEIGHT - 44, List.of(
                (g, lx, ly) -> g.line(lx, ly - 6, lx, ly + 5, SvgCanvas.INK, 4, null),
                (g, lx, ly) -> g.line(lx - 7, ly, lx + 7, ly, SvgCanvas.INK, 2.5, null),
                (g, lx, ly) -> g.rect(lx - 6, ly - 5, 12, 10, SvgCanvas.MUTED, SvgCanvas.MUTED, 0.25),
                (g, lx, ly) -> g.circle(lx, ly, 2.5, "#ffffff", SvgCanvas.MUTED)),
                List.of("p10, 95 % interval (ranked)", "median", "Q1–Q3, whiskers p5–p95", "min, max"));
        note(c, x, y, unplaceable.isEmpty() ? null : "not drawn: " + String.join(", ", unplaceable));
    }

    private static int indexOf(List<Summary.RttAz> rtt, String az) {
        for (int i = 0; i < rtt.size(); i++) {
            if (rtt.get(i).azId().equals(az)) {
                return i;
            }
        }
        return -1;
    }

    private static void note(SvgCanvas c, double x, double y, String text) {
        if (text != null) {
            c.text(x + 24, y + PANEL_HEIGHT - 24, text, 11, "start", "normal", "#B00020");
        }
    }

    /** The whole SVG as text. */
    static String svg(Summary summary, RunAnalyzer.RunEvidence ev) {
        List<Summary.EndpointResult> rows = summary.endpoints();
        List<String> order = azOrder(ev);
        SvgCanvas c = new SvgCanvas(2 * PANEL_WIDTH, Math.max(1, rows.size()) * (HEADER_HEIGHT + PANEL_HEIGHT));
        for (int i = 0; i < rows.size(); i++) {
            Summary.EndpointResult r = rows.get(i);
            double top = i * (HEADER_HEIGHT + PANEL_HEIGHT);
            boolean primary = r.endpoint().equals(summary.primaryEndpoint());
            if (i > 0) {
                c.line(0, top + 1, 2 * PANEL_WIDTH, top + 1, SvgCanvas.GRID, 2, null);
            }
            c.text(14, top + 27, "Endpoint " + r.endpoint() + (primary ? " (primary)" : "") + ": " + r.agreement()
                    + (primary && summary.recommendedPrimaryAzId() != null
                    ? ", recommends " + summary.recommendedPrimaryAzId()
                    : primary ? ", nothing recommended" : ""), 16, "start", "bold", SvgCanvas.INK);
            if (r.azs().isEmpty()) {
                c.text(PANEL_WIDTH / 2.0, top + HEADER_HEIGHT + PANEL_HEIGHT / 2.0,
                        "no trades from this endpoint (rtt-only): no one-way latency", 13, "middle", "normal",
                        SvgCanvas.MUTED);
            } else {
                oneWayPanel(c, r, order, 0, top + HEADER_HEIGHT);
            }
            if (r.rtt().isEmpty()) {
                c.text(PANEL_WIDTH * 1.5, top + HEADER_HEIGHT + PANEL_HEIGHT / 2.0,
                        "no round trips for this endpoint (no trades.rtt.csv)", 13, "middle", "normal", SvgCanvas.MUTED);
            } else {
                rttPanel(c, r, ev, order, PANEL_WIDTH, top + HEADER_HEIGHT);
            }
        }
        return c.svg("One-way latency and round trips per AZ ID and endpoint", description(summary));
    }

    public static void writeSvg(Summary summary, RunAnalyzer.RunEvidence ev, Path file) throws IOException {
        Files.writeString(file, svg(summary, ev), StandardCharsets.UTF_8);
    }

    static String description(Summary summary) {
        List<String> parts = new ArrayList<>();
        for (Summary.EndpointResult r : summary.endpoints()) {
            StringBuilder d = new StringBuilder("Endpoint " + r.endpoint() + " (" + r.agreement() + "): ");
            for (Summary.Az az : r.azs()) {
                d.append(String.format(Locale.ROOT, "%s one-way rank %d, median per-symbol min %.1f µs ± %.1f µs "
                                + "clock bound, median per-symbol mean %.1f µs. ", az.azId(), az.rank(),
                        az.medianMinUs(), az.clockBoundUs(), az.medianMeanUs()));
            }
            for (Summary.RttAz a : r.rtt()) {
                d.append(String.format(Locale.ROOT, "%s round-trip rank %d, 10th-percentile RTT %.1f µs, median "
                        + "%.1f µs, %d samples. ", a.azId(), a.rank(), a.rttP10Us(), a.rttMedianUs(), a.rttSamples()));
            }
            parts.add(d.toString().strip());
        }
        return String.join(" ", parts);
    }
}

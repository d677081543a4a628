package com.kubetrader.analysis;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The answer over many windows instead of one. Pure: each window's summary and time in, per endpoint the win
 * share of every AZ ID (resolved wins only), the gap to the runner-up over time, latency by hour of day, every
 * flip of the winner, and a verdict that says "stable" only when one AZ ID wins at least {@link #STABLE_SHARE} of
 * at least {@link #MIN_RESOLVED} resolved windows.
 *
 * <p>A window's winner on an endpoint is the AZ ID its evidence resolves ({@link EvidenceVerdict#resolvedBest}):
 * the one-way winner when the one-way ranking is resolved and not contradicted, else the round trips' when only
 * they resolve. A contradicted or unresolved window counts, but wins for nobody.
 */
public final class Trend {

    /** The share of resolved windows one AZ ID must win for the verdict to call the placement stable. */
    public static final double STABLE_SHARE = 0.8;
    /** Fewer resolved windows than this are too few to call anything stable. */
    public static final int MIN_RESOLVED = 3;
    /** Hour of day is reported in the design's time zone: the trading day is Tokyo's. */
    public static final ZoneId JST = ZoneId.of("Asia/Tokyo");

    private Trend() {
    }

    /** One analysed window: its ID (the run ID), when it ran, and its summary. */
    public record Window(String runId, Instant time, Summary summary) {
    }

    /** A window in an endpoint's series: the winner (null: none resolved), the one-way top gap and its state. */
    public record Point(String runId, Instant time, String winner, String agreement, String oneWayBest,
                        Double gapToRunnerUpUs, boolean gapResolved, Map<String, Double> medianMinUsByAz) {
    }

    /** The winner changed from one resolved window to the next. */
    public record Flip(String runId, Instant time, String from, String to) {
    }

    /** One endpoint across the windows. */
    public record EndpointTrend(String endpoint, int windows, int resolvedWindows, Map<String, Integer> wins,
                                Map<String, Double> winShare, List<Point> points, List<Flip> flips,
                                Map<String, Map<Integer, Double>> medianMinUsByAzAndJstHour, boolean stable,
                                String leader, String verdict) {
    }

    public static List<EndpointTrend> of(List<Window> windows) {
        List<Window> sorted = windows.stream().sorted(Comparator.comparing(Window::time).thenComparing(Window::runId))
                .toList();
        List<String> endpoints = new ArrayList<>();
        for (Window w : sorted) {
            for (Summary.EndpointResult r : w.summary().endpoints()) {
                if (!endpoints.contains(r.endpoint())) {
                    endpoints.add(r.endpoint());
                }
            }
        }
        List<EndpointTrend> out = new ArrayList<>();
        for (String endpoint : endpoints) {
            out.add(endpoint(endpoint, sorted));
        }
        return out;
    }

    static EndpointTrend endpoint(String endpoint, List<Window> windows) {
        List<Point> points = new ArrayList<>();
        Map<String, Integer> wins = new TreeMap<>();
        List<Flip> flips = new ArrayList<>();
        Map<String, Map<Integer, List<Double>>> byHour = new TreeMap<>();
        String previous = null;
        for (Window w : windows) {
            Summary.EndpointResult r = w.summary().endpoints().stream().filter(e -> e.endpoint().equals(endpoint))
                    .findFirst().orElse(null);
            if (r == null) {
                continue;
            }
            String winner = EvidenceVerdict.resolvedBest(r);
            Map<String, Double> mins = new LinkedHashMap<>();
            for (Summary.Az a : r.azs()) {
                mins.put(a.azId(), a.medianMinUs());
                int hour = w.time().atZone(JST).getHour();
                byHour.computeIfAbsent(a.azId(), k -> new TreeMap<>()).computeIfAbsent(hour, k -> new ArrayList<>())
                        .add(a.medianMinUs());
            }
            Summary.Comparison top = r.comparisons().isEmpty() ? null : r.comparisons().get(0);
            points.add(new Point(w.runId(), w.time(), winner, r.agreement(), r.oneWayBestAzId(),
                    top == null ? null : top.gapUs(), top != null && top.resolved(), mins));
            if (winner != null) {
                wins.merge(winner, 1, Integer::sum);
                if (previous != null && !previous.equals(winner)) {
                    flips.add(new Flip(w.runId(), w.time(), previous, winner));
                }
                previous = winner;
            }
        }
        int resolved = wins.values().stream().mapToInt(Integer::intValue).sum();
        Map<String, Double> share = new TreeMap<>();
        wins.forEach((az, n) -> share.put(az, (double) n / resolved));
        String leader = share.entrySet().stream().max(Map.Entry.<String, Double>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder()))).map(Map.Entry::getKey).orElse(null);
        boolean stable = leader != null && resolved >= MIN_RESOLVED && share.get(leader) >= STABLE_SHARE;
        Map<String, Map<Integer, Double>> medians = new TreeMap<>();
        byHour.forEach((az, hours) -> {
            Map<Integer, Double> m = new TreeMap<>();
            hours.forEach((h, values) -> m.put(h, BoxStats.of(values).median()));
            medians.put(az, m);
        });
        return new EndpointTrend(endpoint, points.size(), resolved, wins, share, points, flips, medians, stable,
                leader, verdict(endpoint, points.size(), resolved, leader, share, flips, stable));
    }

    private static String verdict(String endpoint, int windows, int resolved, String leader,
                                  Map<String, Double> share, List<Flip> flips, boolean stable) {
        String head = endpoint + ": " + resolved + " of " + windows + " window(s) resolved";
        if (leader == null) {
            return head + "; none picked a winner, so nothing can be said about stability.";
        }
        String shares = share.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(e -> e.getKey() + " " + Math.round(e.getValue() * 100) + " %").reduce((a, b) -> a + ", " + b)
                .orElse("");
        if (stable) {
            return head + "; **stable**: " + leader + " won " + shares.split(",")[0].substring(leader.length() + 1)
                    + " of them (at least " + Math.round(STABLE_SHARE * 100) + " % needed), with " + flips.size()
                    + " flip(s). Wins: " + shares + ".";
        }
        String why = resolved < MIN_RESOLVED ? "too few resolved windows to call it stable (at least " + MIN_RESOLVED
                + " needed)" : "no AZ ID won at least " + Math.round(STABLE_SHARE * 100) + " % of them";
        return head + "; **not stable**: " + why + ". Wins: " + shares + "; the winner flipped " + flips.size()
                + " time(s).";
    }
}

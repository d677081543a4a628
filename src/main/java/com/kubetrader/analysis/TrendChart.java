package com.kubetrader.analysis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * trend.svg, one row per endpoint: left, the one-way gap between the winner and the runner-up in every window, one
 * tick per window (labelled with its JST start, thinned when there are many), each point in its winner's colour or
 * grey when the window resolved nothing, and every flip of the winner marked with a dashed line and its from → to;
 * right, each AZ ID's resolved wins, every AZ ID of the windows in it, those that never won too. Colours are the
 * ones latency.svg gives the same AZ IDs (sorted AZ IDs, {@link SvgCanvas#PALETTE}).
 */
public final class TrendChart {

    static final int WIDTH = 620;
    static final int HEIGHT = 420;
    static final int HEADER = 40;
    static final int LEFT = 92;
    static final int RIGHT = 24;
    static final int TOP = 62;
    static final int BOTTOM = 110;
    static final String UNRESOLVED = "#B0B0B0";
    static final String FLIP = "#B00020";
    /** At most this many window labels on the axis; the ticks stay on every window. */
    static final int MAX_LABELS = 8;
    static final DateTimeFormatter TICK = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(Trend.JST);

    private TrendChart() {
    }

    /** Every AZ ID the endpoint's windows name, won or not, sorted: the same order and colours as latency.svg. */
    static List<String> azOrder(Trend.EndpointTrend t) {
        TreeSet<String> azs = new TreeSet<>(t.wins().keySet());
        t.points().forEach(p -> azs.addAll(p.medianMinUsByAz().keySet()));
        azs.addAll(t.medianMinUsByAzAndJstHour().keySet());
        return new ArrayList<>(azs);
    }

    static void gapPanel(SvgCanvas c, Trend.EndpointTrend t, List<String> order, double x, double y) {
        double left = x + LEFT;
        double right = x + WIDTH - RIGHT;
        double top = y + TOP;
        double bottom = y + HEIGHT - BOTTOM;
        c.text(x + WIDTH / 2.0, y + 22, "One-way gap, winner to runner-up, per window", 15, "middle", "bold",
                SvgCanvas.INK);
        c.text(x + WIDTH / 2.0, y + 40, "higher is a clearer win; colour = the window's winner", 11.5, "middle",
                "normal", SvgCanvas.MUTED);
        List<Trend.Point> points = t.points();
        List<Double> gaps = new ArrayList<>();
        List<String> unplaceable = new ArrayList<>();
        for (Trend.Point p : points) {
            if (p.gapToRunnerUpUs() != null && Double.isFinite(p.gapToRunnerUpUs())) {
                gaps.add(p.gapToRunnerUpUs());
            } else {
                unplaceable.add(p.runId());
            }
        }
        SvgCanvas.Scale s = SvgCanvas.Scale.of(gaps, Double.POSITIVE_INFINITY, true, top, bottom);
        c.valueAxis(s, left, right, "gap, median per-symbol minimum");
        int n = points.size();
        double slot = (right - left) / Math.max(1, n);
        int every = Math.max(1, (int) Math.ceil(n / (double) MAX_LABELS));
        for (int i = 0; i < n; i++) {
            double cx = left + slot * (i + 0.5);
            c.line(cx, bottom, cx, bottom + 5, SvgCanvas.AXIS, 1, null);
            if (i % every == 0) {
                c.text(cx, bottom + 19, TICK.format(points.get(i).time()), 10.5, "middle", "normal", SvgCanvas.INK);
            }
        }
        c.line(left, bottom, right, bottom, SvgCanvas.AXIS, 1, null);
        c.text((left + right) / 2, bottom + 36, "window start (JST), one tick per window"
                + (every > 1 ? ", every " + every + "th labelled" : ""), 11.5, "middle", "normal", SvgCanvas.INK);
        int drawn = 0;
        for (Trend.Flip f : t.flips()) {
            int i = indexOf(points, f.runId());
            if (i < 0) {
                continue;
            }
            double fx = left + slot * i; // between the window before and the window that flipped
            c.line(fx, top, fx, bottom, FLIP, 1.5, "5,4");
            // labels step down so that flips in neighbouring windows stay readable
            c.text(fx + 3, top + 12 + 14 * (drawn++ % 4), f.from() + " → " + f.to(), 10.5, "start", "bold", FLIP);
        }
        for (int i = 0; i < n; i++) {
            Trend.Point p = points.get(i);
            if (p.gapToRunnerUpUs() == null || !s.placeable(p.gapToRunnerUpUs())) {
                continue;
            }
            double cx = left + slot * (i + 0.5);
            String colour = p.winner() == null ? UNRESOLVED : SvgCanvas.colour(order, p.winner());
            c.circle(cx, s.y(p.gapToRunnerUpUs()), 5.5, colour, p.winner() == null ? SvgCanvas.MUTED : "#ffffff");
        }
        List<SvgCanvas.Symbol> symbols = new ArrayList<>();
        List<String> words = new ArrayList<>();
        for (String az : order) {
            String colour = SvgCanvas.colour(order, az);
            symbols.add((g, lx, ly) -> g.circle(lx, ly, 5, colour, null));
            words.add(az + " won");
        }
        symbols.add((g, lx, ly) -> g.circle(lx, ly, 5, UNRESOLVED, SvgCanvas.MUTED));
        words.add("not resolved");
        symbols.add((g, lx, ly) -> g.line(lx, ly - 6, lx, ly + 5, FLIP, 1.5, "5,4"));
        words.add("flip");
        c.legend(x + 18, y + HEIGHT - 42, symbols, words);
        if (!unplaceable.isEmpty()) {
            c.text(x + 24, y + HEIGHT - 22, "no gap to draw (one AZ ID only): " + String.join(", ", unplaceable), 11,
                    "start", "normal", FLIP);
        }
    }

    static void winsPanel(SvgCanvas c, Trend.EndpointTrend t, List<String> order, double x, double y) {
        double left = x + LEFT;
        double right = x + WIDTH - RIGHT;
        double top = y + TOP;
        double bottom = y + HEIGHT - BOTTOM;
        c.text(x + WIDTH / 2.0, y + 22, "Resolved wins per AZ ID (" + t.resolvedWindows() + " of " + t.windows()
                + " windows)", 15, "middle", "bold", SvgCanvas.INK);
        c.text(x + WIDTH / 2.0, y + 40, "every AZ ID of the windows, those that never won too", 11.5, "middle",
                "normal", SvgCanvas.MUTED);
        int most = t.wins().values().stream().mapToInt(Integer::intValue).max().orElse(0);
        List<Double> counts = List.of(0.0, (double) Math.max(1, most));
        SvgCanvas.Scale s = SvgCanvas.Scale.of(counts, Double.POSITIVE_INFINITY, true, top, bottom);
        for (double tick : s.ticks()) {
            if (tick == Math.rint(tick)) {
                c.line(left, s.y(tick), right, s.y(tick), SvgCanvas.GRID, 1, null);
                c.text(left - 6, s.y(tick) + 4, String.valueOf((long) tick), 11, "end", "normal", SvgCanvas.MUTED);
            }
        }
        c.line(left, top, left, bottom, SvgCanvas.AXIS, 1, null);
        c.line(left, bottom, right, bottom, SvgCanvas.AXIS, 1, null);
        c.verticalText(left - 50, (top + bottom) / 2, "windows won", 12);
        double slot = (right - left) / Math.max(1, order.size());
        for (int i = 0; i < order.size(); i++) {
            String az = order.get(i);
            double cx = left + slot * (i + 0.5);
            int wins = t.wins().getOrDefault(az, 0);
            double w = Math.min(70, slot * 0.5);
            c.rect(cx - w / 2, s.y(wins), w, bottom - s.y(wins), SvgCanvas.colour(order, az), null, 1);
            c.text(cx, s.y(wins) - 6, String.valueOf(wins), 12, "middle", "bold", SvgCanvas.INK);
            c.text(cx, bottom + 20, az, 12.5, "middle", "bold", SvgCanvas.colour(order, az));
            Double share = t.winShare().get(az);
            c.text(cx, bottom + 36, share == null ? "no wins" : Math.round(share * 100) + " % of resolved", 11,
                    "middle", "normal", SvgCanvas.INK);
        }
    }

    private static int indexOf(List<Trend.Point> points, String runId) {
        for (int i = 0; i < points.size(); i++) {
            if (points.get(i).runId().equals(runId)) {
                return i;
            }
        }
        return -1;
    }

    static String svg(List<Trend.EndpointTrend> trends) {
        SvgCanvas c = new SvgCanvas(2 * WIDTH, Math.max(1, trends.size()) * (HEADER + HEIGHT));
        StringBuilder desc = new StringBuilder();
        for (int i = 0; i < trends.size(); i++) {
            Trend.EndpointTrend t = trends.get(i);
            double top = i * (HEADER + HEIGHT);
            List<String> order = azOrder(t);
            if (i > 0) {
                c.line(0, top + 1, 2 * WIDTH, top + 1, SvgCanvas.GRID, 2, null);
            }
            c.text(14, top + 27, "Endpoint " + t.endpoint() + ": " + (t.stable() ? "stable, " + t.leader()
                    : "not stable") + " (" + t.flips().size() + " flip" + (t.flips().size() == 1 ? "" : "s") + ")",
                    16, "start", "bold", SvgCanvas.INK);
            gapPanel(c, t, order, 0, top + HEADER);
            winsPanel(c, t, order, WIDTH, top + HEADER);
            desc.append(t.verdict().replace("**", "")).append(' ');
        }
        return c.svg("AZ latency trend across windows", desc.toString().strip());
    }

    public static void writeSvg(List<Trend.EndpointTrend> trends, Path file) throws IOException {
        Files.writeString(file, svg(trends), StandardCharsets.UTF_8);
    }
}

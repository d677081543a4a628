package com.kubetrader.analysis;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * trend.svg, one row per endpoint: left, the one-way gap between the winner and the runner-up in every window
 * over time, resolved windows and unresolved ones in two colours; right, each AZ ID's resolved wins.
 */
public final class TrendChart {

    static final Color UNRESOLVED = new Color(0xB0, 0xB0, 0xB0);
    static final int WIDTH = 620;
    static final int HEIGHT = 400;
    static final int HEADER = 34;

    private TrendChart() {
    }

    /** A colour per AZ ID, the same in both panels, so a flip shows as a change of colour. */
    static final Color[] PALETTE = {new Color(0x2E, 0x86, 0xC1), new Color(0xE6, 0x7E, 0x22),
            new Color(0x27, 0xAE, 0x60), new Color(0x8E, 0x44, 0xAD), new Color(0xC0, 0x39, 0x2B)};

    static Color colourOf(Trend.EndpointTrend t, String az) {
        List<String> azs = new ArrayList<>(new java.util.TreeSet<>(t.medianMinUsByAzAndJstHour().keySet()));
        int i = azs.indexOf(az);
        return i < 0 ? UNRESOLVED : PALETTE[i % PALETTE.length];
    }

    static XYChart gapPanel(Trend.EndpointTrend t) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("One-way gap between the winner and the runner-up, per window")
                .xAxisTitle("window start (JST)").yAxisTitle("gap, median per-symbol minimum (µs)").build();
        Styler st = chart.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setLegendPosition(Styler.LegendPosition.OutsideS);
        st.setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setDatePattern("MM-dd HH:mm");
        chart.getStyler().setTimezone(java.util.TimeZone.getTimeZone(Trend.JST));
        chart.getStyler().setYAxisMin(0.0);
        for (String az : new java.util.TreeSet<>(t.wins().keySet())) {
            addSeries(chart, t, p -> az.equals(p.winner()), az + " won", colourOf(t, az));
        }
        addSeries(chart, t, p -> p.winner() == null, "not resolved", UNRESOLVED);
        return chart;
    }

    private static void addSeries(XYChart chart, Trend.EndpointTrend t, java.util.function.Predicate<Trend.Point> which,
                                  String name, Color color) {
        List<Date> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (Trend.Point p : t.points()) {
            if (p.gapToRunnerUpUs() != null && which.test(p)) {
                x.add(Date.from(p.time()));
                y.add(p.gapToRunnerUpUs());
            }
        }
        if (x.isEmpty()) {
            return; // XChart refuses an empty series; the legend then names only what is drawn
        }
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(color);
        s.setLineColor(color);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    }

    static CategoryChart winsPanel(Trend.EndpointTrend t) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Resolved wins per AZ ID (" + t.resolvedWindows() + " of " + t.windows() + " windows)")
                .xAxisTitle("AZ ID").yAxisTitle("windows won").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendVisible(false); // one series, named by the axis
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisDecimalPattern("#");
        List<String> azs = new ArrayList<>(new java.util.TreeSet<>(t.wins().keySet()));
        chart.getStyler().setOverlapped(true); // one bar per AZ ID, each its own series for its colour
        for (String az : azs) {
            List<Integer> counts = azs.stream().map(a -> a.equals(az) ? t.wins().get(a) : 0).toList();
            chart.addSeries(az, azs, counts).setFillColor(colourOf(t, az));
        }
        return chart;
    }

    public static void writeSvg(List<Trend.EndpointTrend> trends, Path file) throws IOException {
        SvgPanels page = new SvgPanels(2 * WIDTH, Math.max(1, trends.size()) * (HEADER + HEIGHT));
        StringBuilder desc = new StringBuilder();
        for (int i = 0; i < trends.size(); i++) {
            Trend.EndpointTrend t = trends.get(i);
            int top = i * (HEADER + HEIGHT);
            page.heading("Endpoint " + t.endpoint() + ": " + (t.stable() ? "stable, " + t.leader() : "not stable"), top);
            page.paint(gapPanel(t), 0, top + HEADER, WIDTH, HEIGHT);
            page.paint(winsPanel(t), WIDTH, top + HEADER, WIDTH, HEIGHT);
            desc.append(t.verdict().replace("**", "")).append(' ');
        }
        Files.writeString(file, page.svg("AZ latency trend across windows", desc.toString().strip()),
                StandardCharsets.UTF_8);
    }
}

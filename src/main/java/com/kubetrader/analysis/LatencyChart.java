package com.kubetrader.analysis;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BoxChart;
import org.knowm.xchart.BoxChartBuilder;
import org.knowm.xchart.BoxSeries;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.BoxStyler;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;

/**
 * latency.svg, for a trader to read at a glance: one row per endpoint. Left, the one-way latency per AZ ID, best
 * first: the median per-symbol minimum and the median per-symbol mean side by side in two colours, the minimum's
 * whisker spanning ± the AZ's clock bound, so two AZs whose whiskers overlap visibly are not resolved. Right, the
 * round trips per AZ ID as boxes (ping to pong, no clock involved). XChart draws each panel; VectorGraphics2D
 * composes them into one SVG.
 */
public final class LatencyChart {

    static final Color MIN_COLOR = new Color(0x2E, 0x86, 0xC1);
    static final Color MEAN_COLOR = new Color(0xE6, 0x7E, 0x22);
    static final Color RTT_COLOR = new Color(0x27, 0xAE, 0x60);
    static final int PANEL_WIDTH = 620;
    static final int PANEL_HEIGHT = 430;
    static final int HEADER_HEIGHT = 34;

    private LatencyChart() {
    }

    /** The one-way panel of one endpoint: bars of median min (± clock bound) and median mean per AZ ID. */
    static CategoryChart oneWayPanel(Summary.EndpointResult r) {
        CategoryChart chart = new CategoryChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT)
                .title("One-way latency per AZ ID, best first")
                .xAxisTitle("AZ ID").yAxisTitle("recv − event time, median over symbols (µs)").build();
        CategoryStyler st = chart.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setLegendPosition(Styler.LegendPosition.InsideNW);
        st.setPlotGridVerticalLinesVisible(false);
        st.setErrorBarsColor(Color.BLACK);
        List<String> azs = r.azs().stream().map(Summary.Az::azId).toList();
        List<Double> mins = r.azs().stream().map(Summary.Az::medianMinUs).toList();
        List<Double> bounds = r.azs().stream().map(Summary.Az::clockBoundUs).toList();
        List<Double> means = r.azs().stream().map(Summary.Az::medianMeanUs).toList();
        double lowest = r.azs().stream().mapToDouble(Summary.Az::medianMinUs).min().orElse(1);
        double highest = r.azs().stream().mapToDouble(Summary.Az::medianMeanUs).max().orElse(1);
        // a rehearsal on a busy machine can have means 50x the minimums; a log axis keeps the minimums readable
        if (lowest > 0 && highest / lowest > 20) {
            st.setYAxisLogarithmic(true);
            chart.setYAxisTitle("recv − event time, median over symbols (µs, log scale)");
        } else {
            st.setYAxisMin(0.0);
        }
        CategorySeries min = chart.addSeries("per-symbol minimum; whisker ± clock bound", azs, mins, bounds);
        min.setFillColor(MIN_COLOR);
        CategorySeries mean = chart.addSeries("per-symbol mean", azs, means);
        mean.setFillColor(MEAN_COLOR);
        return chart;
    }

    /** The round-trip panel of one endpoint: a box of ping RTTs per AZ ID, in its RTT rank order. */
    static BoxChart rttPanel(Summary.EndpointResult r, RunAnalyzer.RunEvidence ev) {
        BoxChart chart = new BoxChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT)
                .title("Round trip per AZ ID (WebSocket ping to pong)")
                .xAxisTitle("AZ ID").yAxisTitle("round-trip time (µs)").build();
        BoxStyler st = chart.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setBoxplotCalCulationMethod(BoxStyler.BoxplotCalCulationMethod.N_LESS_1_PLUS_1);
        st.setLegendVisible(false); // each box is named on the axis
        st.setPlotGridVerticalLinesVisible(false);
        st.setYAxisMin(0.0);
        for (Summary.RttAz a : r.rtt()) {
            List<Long> samples = ev.roundTrips().get(a.instanceId()).byEndpoint().get(r.endpoint()).pingRttUs();
            BoxSeries s = chart.addSeries(a.azId(), new ArrayList<>(samples)); // XChart asks contains(null) of it
            s.setFillColor(RTT_COLOR);
            s.setLineColor(RTT_COLOR.darker());
        }
        return chart;
    }

    /**
     * Writes the SVG. VectorGraphics2D draws XChart's labels as glyph outlines, so a {@code <title>} and a
     * {@code <desc>} naming every endpoint, AZ ID and figure are added for search, screen readers and tests.
     */
    public static void writeSvg(Summary summary, RunAnalyzer.RunEvidence ev, Path file) throws IOException {
        List<Summary.EndpointResult> rows = summary.endpoints();
        SvgPanels page = new SvgPanels(2 * PANEL_WIDTH, rows.size() * (HEADER_HEIGHT + PANEL_HEIGHT));
        for (int i = 0; i < rows.size(); i++) {
            Summary.EndpointResult r = rows.get(i);
            int top = i * (HEADER_HEIGHT + PANEL_HEIGHT);
            page.heading("Endpoint " + r.endpoint() + (r.endpoint().equals(summary.primaryEndpoint())
                    ? " (primary)" : "") + ": " + r.agreement(), top);
            if (r.azs().isEmpty()) {
                page.note("no trades from this endpoint (rtt-only): no one-way latency", 40,
                        top + HEADER_HEIGHT + PANEL_HEIGHT / 2);
            } else {
                page.paint(oneWayPanel(r), 0, top + HEADER_HEIGHT, PANEL_WIDTH, PANEL_HEIGHT);
            }
            if (r.rtt().isEmpty()) {
                page.note("no round trips for this endpoint (no rtt.csv)", PANEL_WIDTH + 40,
                        top + HEADER_HEIGHT + PANEL_HEIGHT / 2);
            } else {
                page.paint(rttPanel(r, ev), PANEL_WIDTH, top + HEADER_HEIGHT, PANEL_WIDTH, PANEL_HEIGHT);
            }
        }
        Files.writeString(file, page.svg("One-way latency and round trips per AZ ID and endpoint",
                description(summary)), StandardCharsets.UTF_8);
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
                        + "%.1f µs. ", a.azId(), a.rank(), a.rttP10Us(), a.rttMedianUs()));
            }
            parts.add(d.toString().strip());
        }
        return String.join(" ", parts);
    }

}

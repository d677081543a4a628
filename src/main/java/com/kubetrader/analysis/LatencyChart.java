package com.kubetrader.analysis;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.BoxChart;
import org.knowm.xchart.BoxChartBuilder;
import org.knowm.xchart.BoxSeries;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.style.BoxStyler;

/**
 * latency.svg: one box of per-symbol minimum and one of per-symbol mean latency per AZ ID, best AZ first, with a
 * dashed line at the best AZ's median per-symbol minimum. XChart's BoxChart, exported through VectorGraphics2D.
 */
public final class LatencyChart {

    private static final Color MIN_COLOR = new Color(0x2E, 0x86, 0xC1);
    private static final Color MEAN_COLOR = new Color(0xE6, 0x7E, 0x22);

    private LatencyChart() {
    }

    public static BoxChart chart(Summary summary, RunData data) {
        System.setProperty("java.awt.headless", "true");
        int symbols = summary.azs().isEmpty() ? 0 : summary.azs().get(0).symbols();
        BoxChart chart = new BoxChartBuilder().width(900).height(560)
                .title("Latency to the exchange per AZ ID (" + symbols + " symbols; 1 point = 1 symbol)")
                .yAxisTitle("latency = recv - event time (µs)").xAxisTitle("AZ ID: per-symbol min | per-symbol mean")
                .build();
        BoxStyler st = chart.getStyler();
        st.setBoxplotCalCulationMethod(BoxStyler.BoxplotCalCulationMethod.N_LESS_1_PLUS_1);
        st.setLegendVisible(false);
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotGridVerticalLinesVisible(false);
        // a rehearsal on a busy machine can have means 50x the minimums; a log axis keeps the minimums readable
        double lowest = summary.azs().stream().mapToDouble(Summary.Az::whiskerLowMinUs).min().orElse(1);
        double highest = summary.azs().stream().mapToDouble(Summary.Az::whiskerHighMeanUs).max().orElse(1);
        boolean logarithmic = lowest > 0 && highest / lowest > 20;
        if (logarithmic) {
            st.setYAxisLogarithmic(true);
            chart.setYAxisTitle("latency = recv - event time (µs, log scale)");
        } else {
            st.setYAxisMin(0.0);
        }
        for (Summary.Az az : summary.azs()) {
            RunData.InstanceData in = data.instances().stream()
                    .filter(i -> i.metadata().instanceId().equals(az.instanceId())).findFirst().orElseThrow();
            List<Long> mins = in.symbols().stream().map(RunData.SymbolStats::minUs).toList();
            List<Double> means = in.symbols().stream().map(RunData.SymbolStats::meanUs).toList();
            BoxSeries min = chart.addSeries(az.azId() + " min", mins);
            min.setFillColor(MIN_COLOR);
            min.setLineColor(MIN_COLOR.darker());
            BoxSeries mean = chart.addSeries(az.azId() + " mean", means);
            mean.setFillColor(MEAN_COLOR);
            mean.setLineColor(MEAN_COLOR.darker());
        }
        if (!summary.azs().isEmpty()) {
            AnnotationLine best = new AnnotationLine(summary.azs().get(0).medianMinUs(), false, false);
            st.setAnnotationLineColor(Color.GRAY);
            st.setAnnotationLineStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {6f, 4f}, 0f));
            chart.addAnnotation(best);
        }
        return chart;
    }

    /**
     * Writes the SVG. VectorGraphics2D draws XChart's labels as glyph outlines, so a {@code <title>} and a
     * {@code <desc>} naming every AZ ID and its medians are added for search, screen readers and tests.
     */
    public static void writeSvg(Summary summary, RunData data, Path file) throws IOException {
        BoxChart chart = chart(summary, data);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        VectorGraphicsEncoder.saveVectorGraphic(chart, buffer, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        String svg = buffer.toString(StandardCharsets.UTF_8);
        int open = svg.indexOf("<svg");
        int end = open < 0 ? -1 : svg.indexOf('>', open);
        if (end > 0) {
            StringBuilder desc = new StringBuilder();
            for (Summary.Az az : summary.azs()) {
                desc.append(String.format(Locale.ROOT, "%s (rank %d, %s): median per-symbol min %.1f µs, median "
                                + "per-symbol mean %.1f µs. ", az.azId(), az.rank(), az.azName(), az.medianMinUs(),
                        az.medianMeanUs()));
            }
            svg = svg.substring(0, end + 1) + "\n  <title>" + escape(chart.getTitle()) + "</title>\n  <desc>"
                    + escape(desc.toString().strip()) + "</desc>" + svg.substring(end + 1);
        }
        Files.writeString(file, svg, StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

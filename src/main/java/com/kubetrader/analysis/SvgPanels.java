package com.kubetrader.analysis;

import de.erichseifert.vectorgraphics2d.Document;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Several XChart panels in one SVG: a white page, a bold heading per row, each chart painted into its own
 * rectangle, and a {@code <title>} and {@code <desc>} in the document (VectorGraphics2D draws labels as glyph
 * outlines, so the words are otherwise not in the file for search, screen readers and tests).
 */
final class SvgPanels {

    private final VectorGraphics2D g = new VectorGraphics2D();
    private final int width;
    private final int height;

    SvgPanels(int width, int height) {
        System.setProperty("java.awt.headless", "true");
        this.width = width;
        this.height = height;
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
    }

    void heading(String text, int top) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(text, 12, top + 23);
    }

    void note(String text, int x, int y) {
        g.setColor(Color.GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString(text, x, y);
    }

    void paint(Chart<?, ?> chart, int x, int y, int w, int h) {
        Graphics2D panel = (Graphics2D) g.create(x, y, w, h);
        chart.paint(panel, w, h);
        panel.dispose();
    }

    String svg(String title, String description) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        Document doc = new SVGProcessor().getDocument(g.getCommands(), new PageSize(0, 0, width, height));
        doc.writeTo(buffer);
        String svg = buffer.toString(StandardCharsets.UTF_8);
        int end = svg.indexOf('>', svg.indexOf("<svg"));
        return svg.substring(0, end + 1) + "\n  <title>" + escape(title) + "</title>\n  <desc>" + escape(description)
                + "</desc>" + svg.substring(end + 1);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

package com.kubetrader.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small SVG writer for the report's charts: text stays text ({@code <text>}, searchable, a few bytes a label),
 * shapes are plain elements, and every number is written with one decimal. XChart, which drew the charts before,
 * turns every label into glyph outlines, which made latency.svg about 0.8 MB and left no words in it.
 */
final class SvgCanvas {

    static final String FONT = "DejaVu Sans, Verdana, Arial, sans-serif";
    static final String GRID = "#e3e3e3";
    static final String AXIS = "#555555";
    static final String INK = "#222222";
    static final String MUTED = "#777777";

    /**
     * One colour per AZ ID, given in the order of the sorted AZ IDs of the run, the same in every panel and chart.
     * Colour-blind safe (Okabe and Ito), dark enough to read on white.
     */
    static final String[] PALETTE = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"};

    private final StringBuilder body = new StringBuilder();
    private final int width;
    private final int height;

    SvgCanvas(int width, int height) {
        this.width = width;
        this.height = height;
    }

    static String colour(List<String> azOrder, String az) {
        int i = azOrder.indexOf(az);
        return i < 0 ? MUTED : PALETTE[i % PALETTE.length];
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    SvgCanvas text(double x, double y, String s, double size, String anchor, String weight, String fill) {
        body.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" font-size=\"")
                .append(num(size)).append('"');
        if (!anchor.equals("start")) {
            body.append(" text-anchor=\"").append(anchor).append('"');
        }
        if (!weight.equals("normal")) {
            body.append(" font-weight=\"").append(weight).append('"');
        }
        if (!fill.equals(INK)) {
            body.append(" fill=\"").append(fill).append('"');
        }
        body.append('>').append(escape(s)).append("</text>\n");
        return this;
    }

    SvgCanvas text(double x, double y, String s, double size) {
        return text(x, y, s, size, "start", "normal", INK);
    }

    /** Text turned 90° counter-clockwise about (x, y), for a vertical axis title. */
    SvgCanvas verticalText(double x, double y, String s, double size) {
        body.append("<text transform=\"translate(").append(num(x)).append(',').append(num(y))
                .append(") rotate(-90)\" font-size=\"").append(num(size)).append("\" text-anchor=\"middle\">")
                .append(escape(s)).append("</text>\n");
        return this;
    }

    SvgCanvas line(double x1, double y1, double x2, double y2, String stroke, double w, String dash) {
        body.append("<line x1=\"").append(num(x1)).append("\" y1=\"").append(num(y1)).append("\" x2=\"")
                .append(num(x2)).append("\" y2=\"").append(num(y2)).append("\" stroke=\"").append(stroke)
                .append("\" stroke-width=\"").append(num(w)).append('"');
        if (dash != null) {
            body.append(" stroke-dasharray=\"").append(dash).append('"');
        }
        body.append("/>\n");
        return this;
    }

    SvgCanvas rect(double x, double y, double w, double h, String fill, String stroke, double opacity) {
        body.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"")
                .append(num(Math.max(0, w))).append("\" height=\"").append(num(Math.max(0, h))).append("\" fill=\"")
                .append(fill).append('"');
        if (stroke != null) {
            body.append(" stroke=\"").append(stroke).append('"');
        }
        if (opacity < 1) {
            body.append(" fill-opacity=\"").append(num(opacity)).append('"');
        }
        body.append("/>\n");
        return this;
    }

    SvgCanvas circle(double cx, double cy, double r, String fill, String stroke) {
        body.append("<circle cx=\"").append(num(cx)).append("\" cy=\"").append(num(cy)).append("\" r=\"")
                .append(num(r)).append("\" fill=\"").append(fill).append('"');
        if (stroke != null) {
            body.append(" stroke=\"").append(stroke).append("\" stroke-width=\"1.5\"");
        }
        body.append("/>\n");
        return this;
    }

    /** A diamond centred on (cx, cy). */
    SvgCanvas diamond(double cx, double cy, double r, String fill, String stroke) {
        body.append("<path d=\"M").append(num(cx)).append(',').append(num(cy - r)).append(" L")
                .append(num(cx + r)).append(',').append(num(cy)).append(" L").append(num(cx)).append(',')
                .append(num(cy + r)).append(" L").append(num(cx - r)).append(',').append(num(cy)).append(" Z\" fill=\"")
                .append(fill).append("\" stroke=\"").append(stroke).append("\" stroke-width=\"1.5\"/>\n");
        return this;
    }

    /** An upward triangle centred on (cx, cy). */
    SvgCanvas triangle(double cx, double cy, double r, String fill) {
        body.append("<path d=\"M").append(num(cx)).append(',').append(num(cy - r)).append(" L")
                .append(num(cx + r)).append(',').append(num(cy + r * 0.8)).append(" L").append(num(cx - r))
                .append(',').append(num(cy + r * 0.8)).append(" Z\" fill=\"").append(fill).append("\"/>\n");
        return this;
    }

    /** About how wide {@code s} is at {@code size} px in DejaVu Sans, for laying out legends. */
    static double textWidth(String s, double size) {
        return s.length() * size * 0.56;
    }

    /** A legend entry: a symbol drawn at (x, y) of a line whose text baseline is y + 4, then its words. */
    interface Symbol {
        void draw(SvgCanvas c, double x, double y);
    }

    /** Lays the entries out left to right from (x, baseline), each symbol 16 px wide, 14 px between entries. */
    void legend(double x, double baseline, List<Symbol> symbols, List<String> words) {
        double at = x;
        for (int i = 0; i < symbols.size(); i++) {
            symbols.get(i).draw(this, at + 6, baseline - 4);
            text(at + 16, baseline, words.get(i), 11);
            at += 16 + textWidth(words.get(i), 11) + 14;
        }
    }

    String svg(String title, String description) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\""
                + width + "\" height=\"" + height + "\" viewBox=\"0 0 " + width + " " + height + "\" font-family=\""
                + FONT + "\">\n<title>" + escape(title) + "</title>\n<desc>" + escape(description) + "</desc>\n"
                + "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n" + body + "</svg>\n";
    }

    /**
     * A value axis: linear, or log10 when every value is above zero and they span more than {@code logRatio}.
     * Values that cannot be placed (not finite) are for the caller to name; a log axis is never asked to place a
     * value at or below zero, because it is chosen only when there is none.
     */
    static final class Scale {
        final boolean log;
        final double lo;
        final double hi;
        final double top;
        final double bottom;

        private Scale(boolean log, double lo, double hi, double top, double bottom) {
            this.log = log;
            this.lo = lo;
            this.hi = hi;
            this.top = top;
            this.bottom = bottom;
        }

        static Scale of(List<Double> values, double logRatio, boolean includeZero, double top, double bottom) {
            double min = values.stream().filter(Double::isFinite).mapToDouble(Double::doubleValue).min().orElse(0);
            double max = values.stream().filter(Double::isFinite).mapToDouble(Double::doubleValue).max().orElse(1);
            if (min > 0 && max / min > logRatio) {
                double lo = Math.pow(10, Math.floor(Math.log10(min)));
                double hi = Math.pow(10, Math.ceil(Math.log10(max)));
                if (hi / lo < 10) {
                    hi = lo * 10;
                }
                return new Scale(true, lo, hi, top, bottom);
            }
            double lo = includeZero ? Math.min(0, min) : min;
            double hi = includeZero ? Math.max(0, max) : max;
            if (hi <= lo) {
                hi = lo + 1;
            }
            double step = niceStep((hi - lo) / 5);
            lo = Math.floor(lo / step) * step;
            hi = Math.ceil(hi / step) * step;
            if (!includeZero && lo < 0 && min >= 0) {
                lo = 0;
            }
            return new Scale(false, lo, hi, top, bottom);
        }

        double y(double v) {
            double f = log ? (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : (v - lo) / (hi - lo);
            return bottom - f * (bottom - top);
        }

        boolean placeable(double v) {
            return Double.isFinite(v) && (!log || v > 0) && v >= lo && v <= hi;
        }

        List<Double> ticks() {
            List<Double> out = new ArrayList<>();
            if (log) {
                for (double d = lo; d <= hi * 1.0001; d *= 10) {
                    out.add(d);
                    if (hi / lo <= 100) {
                        for (int m : new int[] {2, 5}) {
                            if (d * m < hi) {
                                out.add(d * m);
                            }
                        }
                    }
                }
                out.sort(Double::compare);
                return out;
            }
            double step = niceStep((hi - lo) / 5);
            for (double v = lo; v <= hi + step / 1000; v += step) {
                out.add(Math.abs(v) < step / 1e6 ? 0 : v);
            }
            return out;
        }

        static double niceStep(double raw) {
            if (raw <= 0 || !Double.isFinite(raw)) {
                return 1;
            }
            double p = Math.pow(10, Math.floor(Math.log10(raw)));
            double f = raw / p;
            return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
        }

        static String label(double v) {
            double a = Math.abs(v);
            if (a >= 1_000_000) {
                return trim(v / 1_000_000) + " s";
            }
            if (a >= 1_000) {
                return trim(v / 1_000) + " ms";
            }
            return trim(v) + " µs";
        }

        private static String trim(double v) {
            return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
        }
    }

    /** Draws the grid, the tick labels and the axis title of {@code s} over [left, right]. */
    void valueAxis(Scale s, double left, double right, String title) {
        for (double t : s.ticks()) {
            double y = s.y(t);
            line(left, y, right, y, t == 0 && !s.log ? AXIS : GRID, t == 0 && !s.log ? 1.2 : 1, null);
            text(left - 6, y + 4, Scale.label(t), 11, "end", "normal", MUTED);
        }
        line(left, s.top, left, s.bottom, AXIS, 1, null);
        verticalText(left - 62, (s.top + s.bottom) / 2, title, 12);
    }
}

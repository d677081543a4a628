package com.kubetrader.plan.cost;

import java.math.BigDecimal;
import java.util.List;

/** One network layout's bill for the same traffic. */
public record Layout(String key, String title, String assumption, List<CostLine> lines) {

    public Layout {
        lines = List.copyOf(lines);
    }

    public BigDecimal monthly() {
        return lines.stream().map(CostLine::monthly).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** Twelve times the monthly total in cents: a year is twelve of these months. */
    public BigDecimal yearly() {
        return CostReport.cents(monthly()).multiply(BigDecimal.valueOf(12));
    }

    public CostLine line(String item) {
        return lines.stream().filter(l -> l.item().equals(item)).findFirst()
                .orElseThrow(() -> new java.util.NoSuchElementException("no line " + item + " in " + key));
    }
}

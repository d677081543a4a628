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

    public BigDecimal yearly() {
        return lines.stream().map(CostLine::yearly).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    public CostLine line(String item) {
        return lines.stream().filter(l -> l.item().equals(item)).findFirst()
                .orElseThrow(() -> new java.util.NoSuchElementException("no line " + item + " in " + key));
    }
}

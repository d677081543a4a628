package com.kubetrader.plan.cost;

import java.math.BigDecimal;

/**
 * One line of a monthly bill: quantity per month × unit price. Derived per day first, so the
 * seed's conventions hold exactly: monthly = daily × 30, yearly = daily × 365.
 *
 * @param item     what is billed
 * @param basis    how the quantity comes about ("1 gateway × 24 h/day")
 * @param perDay   quantity per day
 * @param unit     the quantity's unit (h, GB)
 * @param unitPrice price per unit
 */
public record CostLine(String item, String basis, BigDecimal perDay, String unit, BigDecimal unitPrice,
                       int daysPerMonth, int daysPerYear) {

    public BigDecimal daily() {
        return perDay.multiply(unitPrice);
    }

    public BigDecimal quantityPerMonth() {
        return perDay.multiply(BigDecimal.valueOf(daysPerMonth));
    }

    public BigDecimal monthly() {
        return daily().multiply(BigDecimal.valueOf(daysPerMonth));
    }

    public BigDecimal yearly() {
        return daily().multiply(BigDecimal.valueOf(daysPerYear));
    }
}

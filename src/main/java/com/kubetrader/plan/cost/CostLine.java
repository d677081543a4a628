package com.kubetrader.plan.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * One line of a monthly bill: quantity per month × unit price. A month is a twelfth of a 365-day year (730 hours,
 * 30.42 days), so the yearly figure is exactly twelve times the monthly one, cent for cent as printed.
 *
 * @param item          what is billed
 * @param basis         how the quantity comes about ("1 gateway × 24 h/day")
 * @param perMonth      quantity per month
 * @param unit          the quantity's unit (h, GB, GB-mo)
 * @param unitPrice     price per unit
 * @param monthsPerYear 12
 */
public record CostLine(String item, String basis, BigDecimal perMonth, String unit, BigDecimal unitPrice,
                       int monthsPerYear) {

    /** A quantity given per day: a month holds daysPerYear / monthsPerYear of them. */
    public static CostLine perDay(Prices p, String item, String basis, BigDecimal perDay, String unit,
                                  BigDecimal unitPrice) {
        return new CostLine(item, basis, perDay.multiply(BigDecimal.valueOf(p.daysPerYear()))
                .divide(BigDecimal.valueOf(p.monthsPerYear()), 12, RoundingMode.HALF_EVEN), unit, unitPrice,
                p.monthsPerYear());
    }

    /** A quantity given per month (GB-months, say). */
    public static CostLine perMonth(Prices p, String item, String basis, BigDecimal perMonth, String unit,
                                    BigDecimal unitPrice) {
        return new CostLine(item, basis, perMonth, unit, unitPrice, p.monthsPerYear());
    }

    public BigDecimal quantityPerMonth() {
        return perMonth;
    }

    public BigDecimal monthly() {
        return perMonth.multiply(unitPrice);
    }

    /** Twelve times the monthly figure in cents, so the printed figures multiply exactly. */
    public BigDecimal yearly() {
        return CostReport.cents(monthly()).multiply(BigDecimal.valueOf(monthsPerYear));
    }
}

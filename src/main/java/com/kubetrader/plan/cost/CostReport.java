package com.kubetrader.plan.cost;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The estimate as text (a bill per layout, then the layouts side by side) or as JSON. */
public final class CostReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CostReport() {
    }

    public static String text(String stack, NetworkInventory inv, TrafficVolumes v, Prices p, List<Layout> layouts) {
        StringBuilder out = new StringBuilder();
        out.append("Network cost estimate of stack ").append(stack).append(" in ").append(p.region())
                .append(" (").append(p.currency()).append(", prices checked ").append(p.checked()).append(")\n");
        out.append("Declared: natMode ").append(inv.natMode()).append(", ").append(inv.natGateways())
                .append(" NAT gateway(s), ").append(inv.natInstances()).append(" NAT instance(s), ")
                .append(inv.publicIpv4Addresses()).append(" public IPv4 address(es), ")
                .append(inv.interfaceEndpoints()).append(" interface endpoint(s) in ").append(inv.interfaceEndpointAzs())
                .append(" endpoint-AZ(s), ").append(inv.gatewayEndpoints()).append(" gateway endpoint(s) (free)\n");
        out.append("Traffic (GB/day, from config): ingest ").append(v.ingestGbPerDay()).append(", NAT egress ")
                .append(v.natGbPerDay()).append(", cross-AZ ").append(v.crossAzGbPerDay()).append(", interface endpoints ")
                .append(v.endpointGbPerDay()).append(", out to the internet ").append(v.internetOutGbPerDay())
                .append('\n');
        out.append("A month is a twelfth of a ").append(p.daysPerYear()).append("-day year (")
                .append(p.hoursPerMonth().toPlainString()).append(" hours); yearly = 12 × monthly.\n");

        for (Layout layout : layouts) {
            appendLayout(out, layout);
        }

        out.append("\nSide by side (same traffic):\n");
        Layout base = layouts.get(0);
        out.append(String.format(Locale.ROOT, "  %-46s %14s %14s %16s%n", "Layout", "Monthly", "Yearly", "Yearly vs this"));
        for (Layout layout : layouts) {
            BigDecimal diff = layout.yearly().subtract(base.yearly());
            out.append(String.format(Locale.ROOT, "  %-46s %14s %14s %16s", layout.title(), money(layout.monthly()),
                    money(layout.yearly()), layout == base ? "" : (diff.signum() >= 0 ? "+" : "") + money(diff))
                    .stripTrailing()).append('\n');
        }
        CostModel.InstanceVsNatPerAz vs = CostModel.declaredVsNatPerAz(layouts);
        out.append(String.format(Locale.ROOT, "%nOn the lines that differ, this stack (natMode %s) costs %s/mo and NAT "
                + "per AZ %s/mo: this stack is %s× cheaper.%n", inv.natMode(), money(vs.instanceMonthly()),
                money(vs.natPerAzMonthly()), vs.timesCheaper().toPlainString()));
        out.append("\nPrices: ").append(String.join(" , ", p.sources())).append('\n');
        return out.toString();
    }

    private static void appendLayout(StringBuilder out, Layout layout) {
        out.append("\n").append(layout.title()).append("\n  ").append(layout.assumption()).append("\n");
        String format = "  %-55s %12s %-5s × %-9s = %12s/mo  %s%n";
        for (CostLine line : layout.lines()) {
            out.append(String.format(Locale.ROOT, format, line.item(), number(line.quantityPerMonth()), line.unit(),
                    "$" + line.unitPrice().stripTrailingZeros().toPlainString(), money(line.monthly()),
                    "(" + line.basis() + ")"));
        }
        out.append(String.format(Locale.ROOT, "  %-55s %43s/mo  %s/yr%n", "Total", money(layout.monthly()),
                money(layout.yearly())));
    }

    /**
     * The benchmark fleet's section: the stack's fleet and the same fleet the other way (always on, or on the
     * example schedule), and what the schedule saves.
     */
    public static String fleetText(FleetComparison fleet) {
        StringBuilder out = new StringBuilder("\nBenchmark fleet (").append(fleet.note()).append(")\n");
        appendLayout(out, fleet.declared());
        appendLayout(out, fleet.other());
        out.append(String.format(Locale.ROOT, "%n  The schedule saves %s/mo (%s/yr) against the same fleet always on: "
                        + "%s instead of %s a month.%n", money(fleet.savingMonthly()),
                money(cents(fleet.alwaysOn().yearly()).subtract(cents(fleet.scheduledLayout().yearly()))),
                money(fleet.scheduledLayout().monthly()), money(fleet.alwaysOn().monthly())));
        out.append("  Fleet prices: ").append(fleet.prices().checked()).append(". Not priced: ")
                .append(fleet.prices().notPriced()).append(".\n  Sources: ")
                .append(String.join(" , ", fleet.prices().sources())).append('\n');
        return out.toString();
    }

    /**
     * The stack's bill as a whole: its network, its fleet when it has one, and the network with the hot path in the
     * other AZ (an evacuation, or for an evacuated stack its return).
     *
     * @param network   the network as declared
     * @param fleet     the fleet's comparison, or null without a fleet
     * @param other     the network planned with kubetrader:activeAzId the other way, when it plans
     * @param evacuated whether the stack runs evacuated now
     * @param standbyAz the standby AZ ID, for the text
     */
    public record Totals(Layout network, FleetComparison fleet, java.util.Optional<Layout> other, boolean evacuated,
                         String standbyAz) {

        public BigDecimal monthly() {
            return cents(network.monthly()).add(fleet == null ? BigDecimal.ZERO : cents(fleet.declared().monthly()));
        }

        public BigDecimal yearly() {
            return monthly().multiply(BigDecimal.valueOf(12));
        }

        /** What a month evacuated adds to the network (negative: what returning saves). */
        public java.util.Optional<BigDecimal> evacuationMonthly() {
            return other.map(o -> evacuated ? cents(network.monthly()).subtract(cents(o.monthly()))
                    : cents(o.monthly()).subtract(cents(network.monthly())));
        }
    }

    public static String totalsText(Totals t) {
        StringBuilder out = new StringBuilder("\n");
        out.append(String.format(Locale.ROOT, "Stack total (%s): %s/mo, %s/yr%n", t.fleet() == null ? "network"
                : "network and benchmark fleet", money(t.monthly()), money(t.yearly())));
        t.evacuationMonthly().ifPresent(extra -> {
            BigDecimal perDay = extra.multiply(BigDecimal.valueOf(12)).divide(BigDecimal.valueOf(365), 2,
                    RoundingMode.HALF_UP);
            out.append(String.format(Locale.ROOT, "An evacuation (kubetrader:activeAzId %s) adds %s a month to the "
                    + "network while it lasts, %s a day: a NAT in the standby AZ beside the primary one, and the "
                    + "interface endpoints in both AZs (the standby EIP is billed already, idle or not).%s%n",
                    t.standbyAz(), money(extra), money(perDay), t.evacuated()
                            ? " The stack is evacuated now: returning saves it." : ""));
        });
        return out.toString();
    }

    /** The stack's fleet (declared) and the comparison layout (other); one of them is always on. */
    public record FleetComparison(Layout declared, Layout other, boolean declaredIsScheduled, String note,
                                  FleetCost.FleetPrices prices) {
        public Layout alwaysOn() {
            return declaredIsScheduled ? other : declared;
        }

        public Layout scheduledLayout() {
            return declaredIsScheduled ? declared : other;
        }

        /** In cents, from the rounded totals, so the printed figures add up. */
        public BigDecimal savingMonthly() {
            return cents(alwaysOn().monthly()).subtract(cents(scheduledLayout().monthly()));
        }
    }

    static Map<String, Object> layoutJson(Layout layout, Layout base) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("key", layout.key());
        l.put("title", layout.title());
        l.put("assumption", layout.assumption());
        List<Object> lines = new ArrayList<>();
        for (CostLine line : layout.lines()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("item", line.item());
            m.put("basis", line.basis());
            m.put("quantityPerMonth", line.quantityPerMonth().setScale(4, RoundingMode.HALF_UP).stripTrailingZeros()
                    .toPlainString());
            m.put("unit", line.unit());
            m.put("unitPrice", line.unitPrice().toPlainString());
            m.put("monthly", cents(line.monthly()));
            m.put("yearly", cents(line.yearly()));
            lines.add(m);
        }
        l.put("lines", lines);
        l.put("monthly", cents(layout.monthly()));
        l.put("yearly", cents(layout.yearly()));
        l.put("yearlyDifference", cents(layout.yearly().subtract(base.yearly())));
        return l;
    }

    public static String json(String stack, NetworkInventory inv, TrafficVolumes v, Prices p, List<Layout> layouts) {
        return json(stack, inv, v, p, layouts, null, null);
    }

    /** As above, with the benchmark fleet's comparison when the stack has a fleet (null: none). */
    public static String json(String stack, NetworkInventory inv, TrafficVolumes v, Prices p, List<Layout> layouts,
                              FleetComparison fleet, Totals totals) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("stack", stack);
        Map<String, Object> prices = new LinkedHashMap<>();
        prices.put("region", p.region());
        prices.put("currency", p.currency());
        prices.put("checked", p.checked());
        prices.put("sources", p.sources());
        doc.put("prices", prices);
        Map<String, Object> calendar = new LinkedHashMap<>();
        calendar.put("hoursPerDay", p.hoursPerDay());
        calendar.put("daysPerYear", p.daysPerYear());
        calendar.put("monthsPerYear", p.monthsPerYear());
        calendar.put("hoursPerMonth", p.hoursPerMonth());
        doc.put("calendar", calendar);
        doc.put("inventory", inv);
        doc.put("volumesGbPerDay", v);
        List<Object> out = new ArrayList<>();
        Layout base = layouts.get(0);
        for (Layout layout : layouts) {
            out.add(layoutJson(layout, base));
        }
        doc.put("layouts", out);
        CostModel.InstanceVsNatPerAz vs = CostModel.declaredVsNatPerAz(layouts);
        Map<String, Object> modes = new LinkedHashMap<>();
        modes.put("declaredMonthly", cents(vs.instanceMonthly()));
        modes.put("natPerAzMonthly", cents(vs.natPerAzMonthly()));
        modes.put("timesCheaper", vs.timesCheaper());
        doc.put("differingLinesDeclaredVsNatPerAz", modes);
        if (fleet != null) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("note", fleet.note());
            f.put("declared", layoutJson(fleet.declared(), fleet.declared()));
            f.put("other", layoutJson(fleet.other(), fleet.declared()));
            f.put("scheduleSavingMonthly", fleet.savingMonthly());
            f.put("pricesChecked", fleet.prices().checked());
            f.put("notPriced", fleet.prices().notPriced());
            doc.put("fleet", f);
        }
        if (totals != null) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("monthly", totals.monthly());
            t.put("yearly", totals.yearly());
            t.put("includesFleet", totals.fleet() != null);
            doc.put("total", t);
            totals.evacuationMonthly().ifPresent(extra -> {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("activeAzId", totals.standbyAz());
                e.put("evacuatedNow", totals.evacuated());
                e.put("networkMonthlyIncrease", extra);
                doc.put("evacuation", e);
            });
        }
        try {
            return JSON.writeValueAsString(doc) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Cents, as a JSON number. */
    static BigDecimal cents(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP);
    }

    public static String money(BigDecimal amount) {
        DecimalFormat format = new DecimalFormat("$#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
        format.setRoundingMode(RoundingMode.HALF_UP);
        return amount.signum() < 0 ? "-" + format.format(amount.negate()) : format.format(amount);
    }

    static String number(BigDecimal amount) {
        DecimalFormat format = new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.ROOT));
        return format.format(amount);
    }
}

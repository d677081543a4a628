package com.kubetrader.plan.cost;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The network part of the bill, from what a stack declares and the traffic it carries: NAT gateway hours and
 * processing, NAT instance hours and storage, interface endpoint hours per AZ and processing, public IPv4 hours,
 * cross-AZ transfer (billed on both sides) and data out to the internet. Beside it, the same stack in the other
 * NAT modes and the layouts one would otherwise get, all for the same traffic. Pure: inventory + volumes +
 * prices in, lines out.
 */
public final class CostModel {

    /** AZs in the awsx VPC default (numberOfAvailabilityZones = 3), and what CDK gives a 3-AZ region. */
    public static final int DEFAULT_LAYOUT_AZS = 3;
    public static final List<String> NAT_MODES = List.of("gateway", "instance", "none");

    public static final String NAT_HOURS = "NAT gateway hours";
    public static final String NAT_GB = "NAT gateway data processing";
    public static final String NAT_INSTANCE_HOURS = "NAT instance hours";
    public static final String NAT_INSTANCE_VOLUME = "NAT instance root volume (gp3)";
    public static final String ENDPOINT_HOURS = "Interface endpoint hours (per AZ)";
    public static final String ENDPOINT_GB = "Interface endpoint data processing";
    public static final String IPV4_HOURS = "Public IPv4 address hours";
    public static final String STANDBY_EIP = "Standby EIP, idle until an evacuation";
    public static final String CROSS_AZ_OUT = "Cross-AZ transfer, sending side";
    public static final String CROSS_AZ_IN = "Cross-AZ transfer, receiving side";
    public static final String INGEST_IGW = "Exchange ingest in through the internet gateway";
    /** The same in every layout: shown so no comparison looks cheaper by leaving it out. */
    public static final String INTERNET_OUT = "Data transfer out to the internet (shared)";

    private CostModel() {
    }

    /** What one layout holds and carries; a NAT instance's type is priced from the price file. */
    record Quantities(int nats, long natGb, int natInstances, String natInstanceType, long igwIngestGb,
                      int endpointAzs, long endpointGb, int ipv4, int standbyEips, long crossAzGb, long internetOutGb) {
    }

    /** This stack, then the same stack in the other NAT modes, then the two alternatives; same traffic. */
    public static List<Layout> compare(NetworkInventory declared, TrafficVolumes volumes, Prices prices) {
        List<Layout> layouts = new ArrayList<>();
        layouts.add(declared(declared, volumes, prices));
        for (String mode : NAT_MODES) {
            if (!mode.equals(declared.natMode())) {
                layouts.add(inMode(declared, mode, volumes, prices));
            }
        }
        layouts.add(ingestBehindNat(declared, volumes, prices));
        layouts.add(natPerAz(declared, volumes, prices, DEFAULT_LAYOUT_AZS));
        return layouts;
    }

    /** This stack: ingest straight in through the internet gateway; only private egress through the NAT. */
    public static Layout declared(NetworkInventory inv, TrafficVolumes v, Prices p) {
        return new Layout("declared", "This stack (natMode " + inv.natMode() + ", ingest via IGW)",
                "the resources the stack declares; ingest reaches the public subnet directly through the internet "
                        + "gateway" + (inv.natMode().equals("none") ? "; no NAT, so no private egress" : ""),
                lines(p, modeQuantities(inv, inv.natMode(), v)));
    }

    /** The same stack with kubetrader:natMode set to {@code mode}; the EIP stays in every mode. */
    public static Layout inMode(NetworkInventory inv, String mode, TrafficVolumes v, Prices p) {
        String assumption = switch (mode) {
            case "gateway" -> "one NAT gateway holding the EIP; private egress NAT-processed per GB";
            case "instance" -> "one fck-nat " + natType(inv) + " behind a fixed interface, the EIP on it; "
                    + "no per-GB processing";
            case "none" -> "no NAT: the EIP kept idle for a switch back; no private egress at all";
            default -> throw new IllegalArgumentException("no NAT mode " + mode);
        };
        return new Layout("natMode-" + mode, "This stack, natMode " + mode, assumption,
                lines(p, modeQuantities(inv, mode, v)));
    }

    /** Same resources, but the ingest nodes sit in a private subnet: ingest goes through the NAT too. */
    public static Layout ingestBehindNat(NetworkInventory inv, TrafficVolumes v, Prices p) {
        int nats = Math.max(1, inv.natGateways());
        int ips = inv.publicIpv4Addresses() - inv.natEips() - inv.standbyEips() + nats;
        return new Layout("ingest-behind-nat", "Ingest behind the NAT",
                "the same resources with NAT gateways, and the ingest path in a private subnet: ingest GB are "
                        + "NAT-processed as well",
                lines(p, new Quantities(nats, v.natGbPerDay() + v.ingestGbPerDay(), 0, "", 0,
                        inv.interfaceEndpointAzs(), v.endpointGbPerDay(), ips, 0, v.crossAzGbPerDay(),
                        v.internetOutGbPerDay())));
    }

    /** The awsx/CDK default: a NAT gateway (and EIP) per AZ, all private egress including ingest through them. */
    public static Layout natPerAz(NetworkInventory inv, TrafficVolumes v, Prices p, int azs) {
        int ips = inv.publicIpv4Addresses() - inv.natEips() - inv.standbyEips() + azs;
        return new Layout("nat-per-az", "NAT per AZ (awsx/CDK default, " + azs + " AZs)",
                azs + " NAT gateways with an EIP each; all private egress, ingest included, NAT-processed; "
                        + "interface endpoints with an ENI in each of the " + azs + " AZs",
                lines(p, new Quantities(azs, v.natGbPerDay() + v.ingestGbPerDay(), 0, "", 0,
                        inv.interfaceEndpoints() * azs, v.endpointGbPerDay(), ips, 0, v.crossAzGbPerDay(),
                        v.internetOutGbPerDay())));
    }

    /**
     * The monthly sum of the lines on which two layouts differ: what choosing one over the other changes. Lines
     * both carry at the same amount (cross-AZ, data out) drop out.
     */
    public static BigDecimal differingMonthly(Layout layout, Layout other) {
        BigDecimal sum = BigDecimal.ZERO;
        for (CostLine line : layout.lines()) {
            BigDecimal theirs = other.lines().stream().filter(l -> l.item().equals(line.item()))
                    .map(CostLine::monthly).findFirst().orElse(BigDecimal.ZERO);
            if (line.monthly().compareTo(theirs) != 0) {
                sum = sum.add(line.monthly());
            }
        }
        return sum;
    }

    /** natMode instance against the NAT-per-AZ default, on only the lines where they differ. */
    public record InstanceVsNatPerAz(BigDecimal instanceMonthly, BigDecimal natPerAzMonthly) {
        /** How many times cheaper instance mode is; the target is at least 30 at 1 TB/day of ingest. */
        public BigDecimal timesCheaper() {
            return instanceMonthly.signum() == 0 ? BigDecimal.ZERO
                    : natPerAzMonthly.divide(instanceMonthly, 1, java.math.RoundingMode.HALF_EVEN);
        }
    }

    /** @param declaredNatMode the stack's own mode: in instance mode, the declared layout is the instance one */
    public static InstanceVsNatPerAz instanceVsNatPerAz(String declaredNatMode, List<Layout> layouts) {
        String instanceKey = declaredNatMode.equals("instance") ? "declared" : "natMode-instance";
        Layout instance = layouts.stream().filter(l -> l.key().equals(instanceKey)).findFirst().orElseThrow();
        Layout perAz = layouts.stream().filter(l -> l.key().equals("nat-per-az")).findFirst().orElseThrow();
        return new InstanceVsNatPerAz(differingMonthly(instance, perAz), differingMonthly(perAz, instance));
    }

    /** The stack as configured against the NAT-per-AZ default, on only the lines where they differ. */
    public static InstanceVsNatPerAz declaredVsNatPerAz(List<Layout> layouts) {
        Layout declared = layouts.stream().filter(l -> l.key().equals("declared")).findFirst().orElseThrow();
        Layout perAz = layouts.stream().filter(l -> l.key().equals("nat-per-az")).findFirst().orElseThrow();
        return new InstanceVsNatPerAz(differingMonthly(declared, perAz), differingMonthly(perAz, declared));
    }

    /**
     * The stack's quantities in one NAT mode. The EIP is counted in every mode (it is billed idle or not); a
     * NAT instance's own public address is released when fck-nat associates the EIP, so it adds none.
     */
    static Quantities modeQuantities(NetworkInventory inv, String mode, TrafficVolumes v) {
        int ipv4 = inv.publicIpv4Addresses() - inv.standbyEips();
        int standby = inv.standbyEips();
        return switch (mode) {
            case "gateway" -> new Quantities(Math.max(1, inv.natGateways()), v.natGbPerDay(), 0, "",
                    v.ingestGbPerDay(), inv.interfaceEndpointAzs(), v.endpointGbPerDay(), ipv4, standby,
                    v.crossAzGbPerDay(), v.internetOutGbPerDay());
            case "instance" -> new Quantities(0, 0, Math.max(1, inv.natInstances()), natType(inv),
                    v.ingestGbPerDay(), inv.interfaceEndpointAzs(), v.endpointGbPerDay(), ipv4, standby,
                    v.crossAzGbPerDay(), v.internetOutGbPerDay());
            case "none" -> new Quantities(0, 0, 0, "", v.ingestGbPerDay(), inv.interfaceEndpointAzs(),
                    v.endpointGbPerDay(), ipv4, standby, v.crossAzGbPerDay(), v.internetOutGbPerDay());
            default -> throw new IllegalArgumentException("no NAT mode " + mode);
        };
    }

    /** The declared NAT instance's type, or the default one would get by switching (Pulumi.yaml's). */
    private static String natType(NetworkInventory inv) {
        return inv.natInstanceType().isEmpty() ? DEFAULT_NAT_INSTANCE_TYPE : inv.natInstanceType();
    }

    /** Pulumi.yaml's default for kubetrader:natInstanceType, for pricing a switch from another mode. */
    public static final String DEFAULT_NAT_INSTANCE_TYPE = "t4g.nano";

    private static List<CostLine> lines(Prices p, Quantities q) {
        int h = p.hoursPerDay();
        List<CostLine> lines = new ArrayList<>();
        lines.add(line(p, NAT_HOURS, q.nats() + " gateway(s) × " + h + " h/day", q.nats() * (long) h, "h",
                p.natGatewayHour()));
        lines.add(line(p, NAT_GB, q.natGb() + " GB/day", q.natGb(), "GB", p.natGatewayGb()));
        BigDecimal instanceHour = q.natInstances() == 0 ? BigDecimal.ZERO : p.natInstanceHour(q.natInstanceType());
        lines.add(line(p, NAT_INSTANCE_HOURS, q.natInstances() + " instance(s)"
                        + (q.natInstances() == 0 ? "" : " " + q.natInstanceType()) + " × " + h + " h/day",
                q.natInstances() * (long) h, "h", instanceHour));
        lines.add(CostLine.perMonth(p, NAT_INSTANCE_VOLUME, q.natInstances() * p.natInstanceVolumeGb() + " GB",
                BigDecimal.valueOf((long) q.natInstances() * p.natInstanceVolumeGb()), "GB-mo", p.gp3GbMonth()));
        lines.add(line(p, ENDPOINT_HOURS, q.endpointAzs() + " endpoint-AZ(s) × " + h + " h/day",
                q.endpointAzs() * (long) h, "h", p.interfaceEndpointAzHour()));
        lines.add(line(p, ENDPOINT_GB, (q.endpointAzs() == 0 ? 0 : q.endpointGb()) + " GB/day",
                q.endpointAzs() == 0 ? 0 : q.endpointGb(), "GB", p.interfaceEndpointGb()));
        lines.add(line(p, IPV4_HOURS, q.ipv4() + " address(es) × " + h + " h/day", q.ipv4() * (long) h, "h",
                p.publicIpv4Hour()));
        lines.add(line(p, STANDBY_EIP, q.standbyEips() + " address(es) × " + h + " h/day",
                q.standbyEips() * (long) h, "h", p.publicIpv4Hour()));
        lines.add(line(p, CROSS_AZ_OUT, q.crossAzGb() + " GB/day", q.crossAzGb(), "GB", p.crossAzGbEachWay()));
        lines.add(line(p, CROSS_AZ_IN, q.crossAzGb() + " GB/day", q.crossAzGb(), "GB", p.crossAzGbEachWay()));
        lines.add(line(p, INGEST_IGW, q.igwIngestGb() + " GB/day; data in is free", q.igwIngestGb(), "GB",
                p.internetInGb()));
        lines.add(line(p, INTERNET_OUT, q.internetOutGb() + " GB/day, the same in every layout", q.internetOutGb(),
                "GB", p.internetOutGb()));
        return lines;
    }

    private static CostLine line(Prices p, String item, String basis, long perDay, String unit, BigDecimal price) {
        return CostLine.perDay(p, item, basis, BigDecimal.valueOf(perDay), unit, price);
    }
}

package com.kubetrader.plan.cost;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The network part of the bill, from what a stack declares and the traffic it carries: NAT
 * gateway hours and processing, interface endpoint hours per AZ and processing, public IPv4
 * hours, and cross-AZ transfer, billed on both sides. Beside it, the same traffic on the
 * layouts one would otherwise get. Pure: inventory + volumes + prices in, lines out.
 */
public final class CostModel {

    /** AZs in the awsx VPC default (numberOfAvailabilityZones = 3), and what CDK gives a 3-AZ region. */
    public static final int DEFAULT_LAYOUT_AZS = 3;

    public static final String NAT_HOURS = "NAT gateway hours";
    public static final String NAT_GB = "NAT gateway data processing";
    public static final String ENDPOINT_HOURS = "Interface endpoint hours (per AZ)";
    public static final String ENDPOINT_GB = "Interface endpoint data processing";
    public static final String IPV4_HOURS = "Public IPv4 address hours";
    public static final String CROSS_AZ_OUT = "Cross-AZ transfer, sending side";
    public static final String CROSS_AZ_IN = "Cross-AZ transfer, receiving side";
    public static final String INGEST_IGW = "Exchange ingest in through the internet gateway";

    private CostModel() {
    }

    /** The declared layout and the two alternatives, same traffic. */
    public static List<Layout> compare(NetworkInventory declared, TrafficVolumes volumes, Prices prices) {
        return List.of(declared(declared, volumes, prices), ingestBehindNat(declared, volumes, prices),
                natPerAz(declared, volumes, prices, DEFAULT_LAYOUT_AZS));
    }

    /** This stack: ingest straight in through the internet gateway; only private egress through the NAT. */
    public static Layout declared(NetworkInventory inv, TrafficVolumes v, Prices p) {
        return new Layout("declared", "This stack (ingest via IGW)",
                "the resources the stack declares; ingest reaches the public subnet directly through the internet gateway",
                lines(p, inv.natGateways(), v.natGbPerDay(), v.ingestGbPerDay(), inv.interfaceEndpointAzs(),
                        v.endpointGbPerDay(), inv.publicIpv4Addresses(), v.crossAzGbPerDay()));
    }

    /** Same resources, but the ingest nodes sit in a private subnet: ingest goes through the NAT too. */
    public static Layout ingestBehindNat(NetworkInventory inv, TrafficVolumes v, Prices p) {
        int nats = Math.max(1, inv.natGateways());
        int ips = inv.publicIpv4Addresses() - inv.natEips() + nats;
        return new Layout("ingest-behind-nat", "Ingest behind the NAT",
                "the same resources, with the ingest path in a private subnet: ingest GB are NAT-processed as well",
                lines(p, nats, v.natGbPerDay() + v.ingestGbPerDay(), 0, inv.interfaceEndpointAzs(),
                        v.endpointGbPerDay(), ips, v.crossAzGbPerDay()));
    }

    /** The awsx/CDK default: a NAT gateway (and EIP) per AZ, all private egress including ingest through them. */
    public static Layout natPerAz(NetworkInventory inv, TrafficVolumes v, Prices p, int azs) {
        int ips = inv.publicIpv4Addresses() - inv.natEips() + azs;
        return new Layout("nat-per-az", "NAT per AZ (awsx/CDK default, " + azs + " AZs)",
                azs + " NAT gateways with an EIP each; all private egress, ingest included, NAT-processed; "
                        + "interface endpoints with an ENI in each of the " + azs + " AZs",
                lines(p, azs, v.natGbPerDay() + v.ingestGbPerDay(), 0, inv.interfaceEndpoints() * azs,
                        v.endpointGbPerDay(), ips, v.crossAzGbPerDay()));
    }

    private static List<CostLine> lines(Prices p, int nats, long natGb, long igwIngestGb, int endpointAzs,
                                        long endpointGb, int ipv4, long crossAzGb) {
        int h = p.hoursPerDay();
        List<CostLine> lines = new ArrayList<>();
        lines.add(line(p, NAT_HOURS, nats + " gateway(s) × " + h + " h/day", nats * (long) h, "h", p.natGatewayHour()));
        lines.add(line(p, NAT_GB, natGb + " GB/day", natGb, "GB", p.natGatewayGb()));
        lines.add(line(p, ENDPOINT_HOURS, endpointAzs + " endpoint-AZ(s) × " + h + " h/day", endpointAzs * (long) h,
                "h", p.interfaceEndpointAzHour()));
        lines.add(line(p, ENDPOINT_GB, (endpointAzs == 0 ? 0 : endpointGb) + " GB/day",
                endpointAzs == 0 ? 0 : endpointGb, "GB", p.interfaceEndpointGb()));
        lines.add(line(p, IPV4_HOURS, ipv4 + " address(es) × " + h + " h/day", ipv4 * (long) h, "h", p.publicIpv4Hour()));
        lines.add(line(p, CROSS_AZ_OUT, crossAzGb + " GB/day", crossAzGb, "GB", p.crossAzGbEachWay()));
        lines.add(line(p, CROSS_AZ_IN, crossAzGb + " GB/day", crossAzGb, "GB", p.crossAzGbEachWay()));
        lines.add(line(p, INGEST_IGW, igwIngestGb + " GB/day; data in is free", igwIngestGb, "GB", p.internetInGb()));
        return lines;
    }

    private static CostLine line(Prices p, String item, String basis, long perDay, String unit, BigDecimal price) {
        return new CostLine(item, basis, BigDecimal.valueOf(perDay), unit, price, p.daysPerMonth(), p.daysPerYear());
    }
}

package com.kubetrader.plan.cost;

import com.kubetrader.plan.settings.SettingsReader;

/**
 * The traffic the cost estimate assumes, in GB per day, from the stack's config (declared with
 * their defaults in Pulumi.yaml). Only the estimate reads them; nothing is deployed from them.
 *
 * @param ingestGbPerDay    exchange market data into the public subnet through the internet gateway
 * @param natGbPerDay       private subnets' egress through the NAT gateway (exchange APIs, image pulls)
 * @param crossAzGbPerDay   traffic between AZs (Aurora reader, ALB to targets)
 * @param endpointGbPerDay  traffic through interface endpoints
 * @param internetOutGbPerDay data sent to the internet (orders, subscriptions, requests); the same in every layout
 */
public record TrafficVolumes(long ingestGbPerDay, long natGbPerDay, long crossAzGbPerDay, long endpointGbPerDay,
                             long internetOutGbPerDay) {

    /** Volumes with nothing sent to the internet. */
    public TrafficVolumes(long ingestGbPerDay, long natGbPerDay, long crossAzGbPerDay, long endpointGbPerDay) {
        this(ingestGbPerDay, natGbPerDay, crossAzGbPerDay, endpointGbPerDay, 0);
    }

    public static final int MAX_GB_PER_DAY = 10_000_000;

    /** Reads into a shared reader, so bad volumes are reported with every other bad setting. */
    public static TrafficVolumes read(SettingsReader in) {
        return new TrafficVolumes(
                in.integer("ingestGbPerDay", 0, MAX_GB_PER_DAY),
                in.integer("natGbPerDay", 0, MAX_GB_PER_DAY),
                in.integer("crossAzGbPerDay", 0, MAX_GB_PER_DAY),
                in.integer("endpointGbPerDay", 0, MAX_GB_PER_DAY),
                in.integer("internetOutGbPerDay", 0, MAX_GB_PER_DAY));
    }
}

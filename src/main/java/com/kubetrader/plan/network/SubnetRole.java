package com.kubetrader.plan.network;

/**
 * Every subnet of the address plan, with what its role implies. The smallest size per role
 * is why: an ALB wants a /27 per subnet, EKS pods on the VPC CNI eat addresses quickly, and
 * AWS does not create anything smaller than a /28.
 */
public enum SubnetRole {
    PUBLIC("public", "publicSubnetCidr", Zone.PRIMARY, "kubestream", 27, Egress.INTERNET_GATEWAY),
    WORKLOAD("workload", "workloadSubnetCidr", Zone.PRIMARY, "workload", 22, Egress.NAT_GATEWAY),
    DATA("data", "dataSubnetCidr", Zone.PRIMARY, "data", 28, Egress.NONE),
    STANDBY_PUBLIC("standby-public", "standbyPublicSubnetCidr", Zone.STANDBY, "alb", 27, Egress.INTERNET_GATEWAY),
    STANDBY_PRIVATE("standby-private", "standbyPrivateSubnetCidr", Zone.STANDBY, "data", 28, Egress.NONE),
    /** Dormant until an evacuation (kubetrader:activeAzId): then the workload runs here, behind the standby NAT. */
    STANDBY_WORKLOAD("standby-workload", "standbyWorkloadSubnetCidr", Zone.STANDBY, "workload", 22, Egress.NAT_GATEWAY),
    RESERVED_PUBLIC("reserved-public", "reservedPublicSubnetCidr", Zone.RESERVED, "reserved", 27, Egress.NONE),
    RESERVED_PRIVATE("reserved-private", "reservedPrivateSubnetCidr", Zone.RESERVED, "reserved", 28, Egress.NONE);

    /** Where a subnet's default route goes. */
    public enum Egress { INTERNET_GATEWAY, NAT_GATEWAY, NONE }

    private final String slug;
    private final String configKey;
    private final Zone zone;
    private final String roleTag;
    private final int largestPrefix;
    private final Egress egress;

    SubnetRole(String slug, String configKey, Zone zone, String roleTag, int largestPrefix, Egress egress) {
        this.slug = slug;
        this.configKey = configKey;
        this.zone = zone;
        this.roleTag = roleTag;
        this.largestPrefix = largestPrefix;
        this.egress = egress;
    }

    public String slug() {
        return slug;
    }

    /** The project config key (without namespace) that sets this subnet's CIDR. */
    public String configKey() {
        return configKey;
    }

    public Zone zone() {
        return zone;
    }

    /** Value of the kubetrader.io/role tag that a Karpenter EC2NodeClass selects on, with the primary AZ active. */
    public String roleTag() {
        return roleTag;
    }

    /** The tag where the hot path runs in {@code active}: the selection moves with it, the rest say inactive. */
    public String roleTag(Zone active) {
        if (this == PUBLIC || this == STANDBY_PUBLIC) {
            return zone == active ? PUBLIC.roleTag : STANDBY_PUBLIC.roleTag; // kubestream follows the hot path
        }
        if (this == WORKLOAD || this == STANDBY_WORKLOAD) {
            return zone == active ? WORKLOAD.roleTag : INACTIVE_WORKLOAD;
        }
        return roleTag;
    }

    /** What a workload subnet's role tag says while the hot path runs in the other AZ: Karpenter does not select it. */
    public static final String INACTIVE_WORKLOAD = "workload-inactive";

    /** The workload subnet of a zone: where the trading engine runs when the hot path is there. */
    public static SubnetRole workload(Zone zone) {
        return zone == Zone.PRIMARY ? WORKLOAD : STANDBY_WORKLOAD;
    }

    /** The public subnet of a zone: where its NAT runs. */
    public static SubnetRole publicSubnet(Zone zone) {
        return zone == Zone.PRIMARY ? PUBLIC : STANDBY_PUBLIC;
    }

    /** The longest prefix (smallest subnet) this role can live with. */
    public int largestPrefix() {
        return largestPrefix;
    }

    public Egress egress() {
        return egress;
    }

    public boolean isDeclared() {
        return zone != Zone.RESERVED;
    }

    public boolean isPublic() {
        return egress == Egress.INTERNET_GATEWAY;
    }
}

package com.kubetrader.plan.cost;

/**
 * What a stack declares that AWS bills by the hour, counted from the declared resources.
 *
 * @param natGateways            public NAT gateways
 * @param publicIpv4Addresses    public IPv4 addresses: Elastic IPs (the NAT's and the standby one included) and
 *                               instances' public IPs
 * @param natEips                how many of those addresses are the whitelisted NAT EIP (in every NAT mode)
 * @param interfaceEndpoints     interface (PrivateLink) endpoints
 * @param interfaceEndpointAzs   interface endpoint ENIs: each endpoint is billed once per AZ it has a subnet in
 * @param gatewayEndpoints       S3/DynamoDB gateway endpoints (free)
 * @param natInstances           NAT instances (natMode instance: an Auto Scaling group of one each)
 * @param natInstanceType        the NAT instance type: the declared one, else the configured one (what a switch to
 *                               natMode instance would run)
 * @param standbyEips            of the addresses, the standby EIP kept for an evacuation (idle until one)
 */
public record NetworkInventory(int natGateways, int publicIpv4Addresses, int natEips, int interfaceEndpoints,
                               int interfaceEndpointAzs, int gatewayEndpoints, int natInstances,
                               String natInstanceType, int standbyEips) {

    /** A stack without NAT instances or a standby EIP. */
    public NetworkInventory(int natGateways, int publicIpv4Addresses, int natEips, int interfaceEndpoints,
                            int interfaceEndpointAzs, int gatewayEndpoints) {
        this(natGateways, publicIpv4Addresses, natEips, interfaceEndpoints, interfaceEndpointAzs, gatewayEndpoints,
                0, "", 0);
    }

    /** The NAT mode these resources amount to. */
    public String natMode() {
        return natGateways > 0 ? "gateway" : natInstances > 0 ? "instance" : "none";
    }

    /** The same, pricing a NAT instance as this type when the stack declares none. */
    public NetworkInventory withConfiguredNatInstanceType(String configured) {
        return natInstanceType.isEmpty() ? new NetworkInventory(natGateways, publicIpv4Addresses, natEips,
                interfaceEndpoints, interfaceEndpointAzs, gatewayEndpoints, natInstances, configured, standbyEips)
                : this;
    }
}

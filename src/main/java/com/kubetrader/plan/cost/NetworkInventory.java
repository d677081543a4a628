package com.kubetrader.plan.cost;

/**
 * What a stack declares that AWS bills by the hour, counted from the declared resources.
 *
 * @param natGateways            public NAT gateways
 * @param publicIpv4Addresses    public IPv4 addresses: Elastic IPs (a NAT's included) and instances' public IPs
 * @param natEips                how many of those addresses are NAT gateways' EIPs
 * @param interfaceEndpoints     interface (PrivateLink) endpoints
 * @param interfaceEndpointAzs   interface endpoint ENIs: each endpoint is billed once per AZ it has a subnet in
 * @param gatewayEndpoints       S3/DynamoDB gateway endpoints (free)
 */
public record NetworkInventory(int natGateways, int publicIpv4Addresses, int natEips, int interfaceEndpoints,
                               int interfaceEndpointAzs, int gatewayEndpoints) {
}

package com.kubetrader.plan.network;

/** An interface endpoint to a custom PrivateLink service (another team's VPC, a BYOC vendor). */
public record PrivateLinkEndpoint(String name, String serviceName) {
}

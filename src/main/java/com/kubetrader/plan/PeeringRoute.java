package com.kubetrader.plan;

/** A route from the workload subnet to another VPC over an existing peering connection. */
public record PeeringRoute(Cidr destination, String peeringConnectionId) {
}

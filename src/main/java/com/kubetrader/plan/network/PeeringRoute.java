package com.kubetrader.plan.network;

import com.kubetrader.plan.Cidr;

/** A route from the workload subnet to another VPC over an existing peering connection. */
public record PeeringRoute(Cidr destination, String peeringConnectionId) {
}

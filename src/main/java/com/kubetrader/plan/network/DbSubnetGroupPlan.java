package com.kubetrader.plan.network;

import java.util.List;

/** Aurora's subnet group: the isolated data subnet and the standby's private subnet for the reader. */
public record DbSubnetGroupPlan(String name, List<SubnetRole> subnets) {
    public DbSubnetGroupPlan {
        subnets = List.copyOf(subnets);
    }

    public String description() {
        return "Aurora: the isolated data subnet and the standby AZ's private subnet";
    }
}

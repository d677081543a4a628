package com.kubetrader.plan.fleet;

import com.kubetrader.plan.AzId;

import java.util.Set;

/** What the account says about the fleet: where the instance type is offered, and the AMI to boot. */
public record FleetFacts(Set<AzId> instanceTypeOfferedIn, String amiId) {
    public FleetFacts {
        instanceTypeOfferedIn = Set.copyOf(instanceTypeOfferedIn);
    }
}

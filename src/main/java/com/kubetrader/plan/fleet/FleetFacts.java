package com.kubetrader.plan.fleet;

import com.kubetrader.plan.AzId;

import java.util.Set;

/**
 * What the account says about the fleet: where the instance type is offered, the AMI to boot, and the account's
 * ID (the recurring window's roles name their resources by ARN).
 */
public record FleetFacts(Set<AzId> instanceTypeOfferedIn, String amiId, String accountId) {
    public FleetFacts {
        instanceTypeOfferedIn = Set.copyOf(instanceTypeOfferedIn);
    }
}

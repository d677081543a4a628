package com.kubetrader.stack;

import com.kubetrader.plan.AccountZones;
import com.pulumi.aws.AwsFunctions;
import com.pulumi.aws.inputs.GetAvailabilityZonesPlainArgs;

/**
 * Facts about the account that decide the plan. Looked up synchronously, before any resource is
 * declared, so a wrong AZ ID fails the preview with a message instead of a half-declared graph.
 */
final class AccountLookups {

    private AccountLookups() {
    }

    static AccountZones zones(String region) {
        var result = AwsFunctions.getAvailabilityZonesPlain(GetAvailabilityZonesPlainArgs.builder()
                .state("available")
                .build()).join();
        return AccountZones.fromLookup(region, result.zoneIds(), result.names());
    }
}

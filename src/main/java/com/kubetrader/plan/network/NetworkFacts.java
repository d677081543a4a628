package com.kubetrader.plan.network;

import java.util.Optional;

/**
 * What the account says that the network plan needs beyond its zones: the account ID (trust policies name it
 * against the confused deputy) and, in natMode instance, the NAT AMI.
 */
public record NetworkFacts(String accountId, Optional<NatAmi> natAmi) {

    public static NetworkFacts of(String accountId) {
        return new NetworkFacts(accountId, Optional.empty());
    }
}

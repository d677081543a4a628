package com.kubetrader.offline;

import com.kubetrader.plan.AccountZones;
import com.kubetrader.plan.AzId;
import com.kubetrader.plan.network.NatAmi;
import com.kubetrader.stack.AccountFacts;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The simulated account's answers, for planning without the mock engine. */
public final class SimulatedFacts implements AccountFacts {

    private final SimulatedAccount account = new SimulatedAccount();
    private final java.util.Map<String, Object> lastOutputs;

    public SimulatedFacts() {
        this(java.util.Map.of());
    }

    public SimulatedFacts(java.util.Map<String, Object> lastOutputs) {
        this.lastOutputs = lastOutputs;
    }

    @Override
    public java.util.Map<String, Object> lastOutputs(String organization, String project, String stack) {
        return lastOutputs;
    }

    @Override
    public AccountZones zones(String region) {
        return AccountZones.fromLookup(region, List.copyOf(account.azNamesById().keySet()),
                List.copyOf(account.azNamesById().values()));
    }

    @Override
    public NatAmi natAmi(Optional<String> pinned) {
        return new NatAmi(pinned.orElse(SimulatedAccount.FCK_NAT_AMI), "arm64");
    }

    @Override
    public String accountId() {
        return SimulatedAccount.ACCOUNT_ID;
    }

    @Override
    public Set<AzId> zonesOffering(String instanceType) {
        return account.azNamesById().keySet().stream().filter(az -> account.offers(instanceType, az))
                .map(AzId::of).collect(Collectors.toSet());
    }

    @Override
    public String amiId(String parameterName) {
        return SimulatedAccount.amiFor(parameterName);
    }
}

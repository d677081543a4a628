package com.kubetrader.stack;

import com.kubetrader.plan.AccountZones;
import com.kubetrader.plan.AzId;
import com.kubetrader.plan.network.NatAmi;
import java.util.Optional;
import java.util.Set;

/**
 * What the plan needs to know about the account, asked before anything is declared: under {@code pulumi up} the AWS
 * provider's lookups ({@link AccountLookups}), in tests the simulated account's answers.
 */
public interface AccountFacts {

    AccountZones zones(String region);

    /** The NAT instance's image: the pinned one, else fck-nat's newest arm64 image. */
    NatAmi natAmi(Optional<String> pinned);

    String accountId();

    /** The AZ IDs of the region where EC2 offers this instance type. */
    Set<AzId> zonesOffering(String instanceType);

    /** The AMI a public SSM parameter points at now. */
    String amiId(String parameterName);

    /** This stack's outputs as its last pulumi up left them; empty for a stack never deployed. */
    java.util.Map<String, Object> lastOutputs(String organization, String project, String stack);
}

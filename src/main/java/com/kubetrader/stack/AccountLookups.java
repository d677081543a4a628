package com.kubetrader.stack;

import com.kubetrader.plan.AccountZones;
import com.pulumi.aws.AwsFunctions;
import com.kubetrader.plan.network.NatAmi;
import com.pulumi.aws.ec2.Ec2Functions;
import com.pulumi.aws.ec2.inputs.GetAmiFilter;
import com.pulumi.aws.ec2.inputs.GetAmiPlainArgs;
import com.pulumi.aws.ec2.inputs.GetInstanceTypeOfferingsFilter;
import com.pulumi.aws.ec2.inputs.GetInstanceTypeOfferingsPlainArgs;
import com.pulumi.aws.inputs.GetAvailabilityZonesPlainArgs;
import com.pulumi.aws.ssm.SsmFunctions;
import com.pulumi.aws.ssm.inputs.GetParameterPlainArgs;
import com.kubetrader.plan.AzId;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Facts about the account that decide the plan. Looked up synchronously, before any resource is
 * declared, so a wrong AZ ID fails the preview with a message instead of a half-declared graph.
 */
final class AccountLookups implements AccountFacts {

    static final AccountLookups INSTANCE = new AccountLookups();

    private AccountLookups() {
    }

    @Override
    public AccountZones zones(String region) {
        return lookupZones(region);
    }

    @Override
    public NatAmi natAmi(java.util.Optional<String> pinned) {
        return lookupNatAmi(pinned);
    }

    @Override
    public String accountId() {
        return lookupAccountId();
    }

    @Override
    public Set<AzId> zonesOffering(String instanceType) {
        return lookupZonesOffering(instanceType);
    }

    @Override
    public String amiId(String parameterName) {
        return lookupAmiId(parameterName);
    }

    @Override
    public java.util.Map<String, Object> lastOutputs(String organization, String project, String stack) {
        return LastOutputs.read(organization, project, stack);
    }

    static AccountZones lookupZones(String region) {
        var result = AwsFunctions.getAvailabilityZonesPlain(GetAvailabilityZonesPlainArgs.builder()
                .state("available")
                .build()).join();
        return AccountZones.fromLookup(region, result.zoneIds(), result.names());
    }

    /** The AZ IDs of the region where EC2 offers this instance type. */
    static Set<AzId> lookupZonesOffering(String instanceType) {
        var result = Ec2Functions.getInstanceTypeOfferingsPlain(GetInstanceTypeOfferingsPlainArgs.builder()
                .locationType("availability-zone-id")
                .filters(GetInstanceTypeOfferingsFilter.builder().name("instance-type").values(instanceType).build())
                .build()).join();
        return result.locations().stream().map(AzId::of).collect(Collectors.toSet());
    }

    /** The account the stack deploys into (the recurring window's roles name its resources by ARN). */
    static String lookupAccountId() {
        return AwsFunctions.getCallerIdentityPlain(com.pulumi.aws.inputs.GetCallerIdentityPlainArgs.builder().build())
                .join().accountId();
    }

    /**
     * The NAT instance's image: the pinned AMI when the user pinned one, else fck-nat's newest arm64 AL2023 image
     * from its publisher. The architecture comes back too, so the planner can refuse a mismatch.
     */
    static NatAmi lookupNatAmi(java.util.Optional<String> pinned) {
        var args = GetAmiPlainArgs.builder().mostRecent(true);
        if (pinned.isPresent()) {
            args.filters(GetAmiFilter.builder().name("image-id").values(pinned.get()).build());
        } else {
            args.owners(NatAmi.FCK_NAT_OWNER)
                    .filters(GetAmiFilter.builder().name("name").values(NatAmi.FCK_NAT_NAME_PATTERN).build());
        }
        var ami = Ec2Functions.getAmiPlain(args.build()).join();
        return new NatAmi(ami.id(), ami.architecture());
    }

    /** The AMI ID a public SSM parameter points at now (the latest Amazon Linux 2023 arm64). */
    static String lookupAmiId(String parameterName) {
        return SsmFunctions.getParameterPlain(GetParameterPlainArgs.builder().name(parameterName).build()).join().value();
    }
}

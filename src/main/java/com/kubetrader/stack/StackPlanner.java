package com.kubetrader.stack;

import com.kubetrader.plan.AccountZones;
import com.kubetrader.plan.AzId;
import com.kubetrader.plan.aws.AwsCatalog;
import com.kubetrader.plan.aws.AwsRules;
import com.kubetrader.plan.aws.DeclaredInput;
import com.kubetrader.plan.aws.Declarations;
import com.kubetrader.plan.aws.ProviderDefaults;
import com.kubetrader.plan.fleet.BenchmarkPlan;
import com.kubetrader.plan.fleet.CollectorJar;
import com.kubetrader.plan.fleet.FleetDeclarations;
import com.kubetrader.plan.fleet.FleetFacts;
import com.kubetrader.plan.fleet.FleetPlanner;
import com.kubetrader.plan.fleet.FleetSettings;
import com.kubetrader.plan.network.NatAmi;
import com.kubetrader.plan.network.NetworkDeclarations;
import com.kubetrader.plan.network.NetworkFacts;
import com.kubetrader.plan.network.NetworkPlan;
import com.kubetrader.plan.network.NetworkPlanner;
import com.kubetrader.plan.network.NetworkSettings;
import com.kubetrader.plan.network.SecurityInvariants;
import com.kubetrader.plan.network.SubnetRole;
import com.kubetrader.plan.settings.ConfigSource;
import com.kubetrader.plan.settings.InvalidSettingsException;
import com.kubetrader.plan.settings.SettingsReader;
import com.kubetrader.plan.transition.TransitionGuard;
import com.kubetrader.plan.transition.TransitionRefusedException;
import com.kubetrader.plan.transition.TransitionState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything decided before a resource is declared: the settings read and validated, the account asked, the
 * network and benchmark planned, and the plan checked against the security stance and AWS's own rules. The Pulumi
 * program declares what this returns; tests call it directly with the simulated account's facts.
 */
public final class StackPlanner {

    private StackPlanner() {
    }

    /** Which stack: the fully qualified name reads its last outputs; the project names URNs. */
    public record StackId(String organization, String project, String stack) {
    }

    /** The stack's plan, checked, with the state it will leave and what the change from the last one means. */
    public record StackPlan(String stack, NetworkSettings networkSettings, FleetSettings fleetSettings,
                            Map<String, String> defaultTags, String accountId, NetworkPlan network,
                            BenchmarkPlan bench, TransitionState transitionState, TransitionGuard.Verdict verdict) {
        public StackPlan {
            defaultTags = Map.copyOf(defaultTags);
        }

        /** What the components will send to AWS, with IDs AWS assigns at their longest. */
        public List<DeclaredInput> declarations() {
            return declarations(Declarations.Ids.longest(network.region(), accountId));
        }

        /** The same with the given IDs (a mock run's, in tests). */
        public List<DeclaredInput> declarations(Declarations.Ids ids) {
            Declarations out = new Declarations(AwsCatalog.bundled(), defaultTags, ids);
            NetworkDeclarations.declare(network, out);
            FleetDeclarations.declare(bench, out);
            return out.inputs();
        }
    }

    /**
     * kubetrader:natInstanceType against the data cost prices it from (any NAT mode: cost shows the instance mode
     * beside the others) and, when the stack runs a NAT instance, against what EC2 offers in the AZs a NAT
     * instance can run in (the primary's, and the standby's for an evacuation).
     */
    static void checkNatInstanceType(NetworkSettings network, AccountFacts facts, SettingsReader config) {
        String type = network.natInstanceType();
        com.kubetrader.plan.cost.Prices prices = com.kubetrader.plan.cost.Prices.forRegion(network.region());
        if (!prices.natInstanceTypes().contains(type)) {
            config.error("natInstanceType", type, "no such NAT instance type in the price data (prices/"
                    + network.region() + ".json prices " + String.join(", ", prices.natInstanceTypes()) + ")"
                    + com.kubetrader.plan.settings.Suggest.nearest(type, prices.natInstanceTypes())
                    .map(t -> "; did you mean " + t + "?").orElse("; to use another type, add its on-demand hour "
                            + "there"));
            config.throwIfInvalid();
        }
        if (network.natMode() != NetworkSettings.NatMode.INSTANCE) {
            return;
        }
        java.util.Set<AzId> offered = facts.zonesOffering(type);
        for (AzId az : List.of(network.primaryAzId(), network.standbyAzId())) {
            if (!offered.contains(az)) {
                config.error("natInstanceType", type, "EC2 does not offer " + type + " in " + az.value()
                        + " (offered in: " + (offered.isEmpty() ? "none of this account's AZs" : String.join(", ",
                        offered.stream().map(AzId::value).sorted().toList())) + "); a NAT instance runs in the primary "
                        + "AZ and, during an evacuation, the standby AZ: pick a type offered in both");
            }
        }
        config.throwIfInvalid();
    }

    /**
     * Reads, asks, plans and checks.
     *
     * @param fromPackagedJar whether the program runs from target/kubetrader.jar (a stale collector jar is refused)
     * @throws InvalidSettingsException for any bad setting, an AWS rule a setting breaks included
     * @throws IllegalStateException    when the program itself would break the security stance or AWS's rules
     */
    public static StackPlan plan(StackId id, ConfigSource source, AccountFacts facts, Path projectDir,
                                 boolean fromPackagedJar) {
        String stack = id.stack();
        SettingsReader config = new SettingsReader(source, NetworkSettings.NAMESPACE);
        NetworkSettings network = NetworkSettings.read(config);
        FleetSettings fleet = FleetSettings.read(config);
        // The cost estimate's volumes: not deployed, but a typo in them fails here like any other setting.
        com.kubetrader.plan.cost.TrafficVolumes.read(config);
        Map<String, String> defaultTags = ProviderDefaults.defaultTags(config);
        config.throwIfInvalid();

        Map<String, String> policies = EndpointPolicyFiles.load(network.endpointPolicyFiles(), projectDir);
        AccountZones zones = facts.zones(network.region());
        Optional<NatAmi> natAmi = network.natMode() == NetworkSettings.NatMode.INSTANCE
                ? Optional.of(facts.natAmi(network.natInstanceAmiId())) : Optional.empty();
        String accountId = facts.accountId(); // one lookup: the network's and the fleet's trust policies
        NetworkPlan plan = NetworkPlanner.plan(KubetraderStack.NETWORK_NAME, stack, network, zones, policies,
                new NetworkFacts(accountId, natAmi));
        SecurityInvariants.enforce(plan);
        checkNatInstanceType(network, facts, config); // after the planner has checked the AZ IDs exist

        if (fleet.enabled()) {
            CollectorJar.problem(projectDir, fromPackagedJar).ifPresent(problem -> {
                throw new com.pulumi.exceptions.RunException(problem);
            });
        }
        Optional<FleetFacts> fleetFacts = fleet.enabled()
                ? Optional.of(new FleetFacts(facts.zonesOffering(fleet.instanceType()), facts.amiId(fleet.amiParameter()),
                        accountId))
                : Optional.empty();
        BenchmarkPlan bench = FleetPlanner.plan(KubetraderStack.BENCHMARK_NAME, stack, fleet, zones, fleetFacts,
                projectDir);

        TransitionState next = TransitionState.of(network, plan, fleet.enabled() && fleet.schedule().isPresent());
        StackPlan unguarded = new StackPlan(stack, network, fleet, defaultTags, accountId, plan, bench, next,
                new TransitionGuard.Verdict(List.of(), List.of()));
        // AWS's own rules, on every value the components will send: a value AWS refuses fails here, before anything
        // is declared, not halfway through `pulumi up`.
        AwsRules.enforce(AwsCatalog.bundled(), unguarded.declarations());
        // The change from what the last run left: refused here when AWS or the engine would stop it halfway.
        TransitionGuard.Verdict verdict = TransitionGuard.bundled().check(
                TransitionState.fromOutputs(facts.lastOutputs(id.organization(), id.project(), stack)), next,
                new TransitionGuard.Context(id.project(), stack, network.vpcCidr(),
                        List.of(network.subnetCidr(SubnetRole.RESERVED_PUBLIC), network.subnetCidr(SubnetRole.RESERVED_PRIVATE)),
                        network.confirmEgressAddressChange()));
        if (verdict.refused()) {
            throw new TransitionRefusedException(verdict);
        }
        return new StackPlan(stack, network, fleet, defaultTags, accountId, plan, bench, next, verdict);
    }
}

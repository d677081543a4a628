package com.kubetrader.stack;

import com.kubetrader.bench.BenchmarkFleet;
import com.kubetrader.bench.BenchmarkResults;
import com.kubetrader.network.SingleAzVpc;
import com.kubetrader.plan.fleet.BenchmarkPlan;
import com.kubetrader.plan.settings.InvalidSettingsException;
import com.kubetrader.plan.network.NetworkPlan;
import com.kubetrader.plan.network.NetworkSettings;
import com.kubetrader.plan.network.SubnetPlan;
import com.kubetrader.plan.network.Zone;
import com.pulumi.Context;
import com.pulumi.core.Output;
import com.pulumi.exceptions.RunException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads and validates the stack's settings, plans, then declares the components. */
public final class KubetraderStack {

    /** The component name every child name derives from. */
    public static final String NETWORK_NAME = "kubetrader";
    /** The benchmark's components (results bucket, fleet) derive their children's names from this. */
    public static final String BENCHMARK_NAME = "kubetrader-bench";

    private KubetraderStack() {
    }

    public static void declare(Context ctx) {
        try {
            declareValidated(ctx);
        } catch (InvalidSettingsException | com.kubetrader.plan.transition.TransitionRefusedException e) {
            // RunException: Pulumi prints the message alone, the way a user wants a config error.
            throw new RunException(e.getMessage(), e);
        }
    }

    private static void declareValidated(Context ctx) {
        StackPlanner.StackPlan stackPlan = StackPlanner.plan(new StackPlanner.StackId(ctx.organizationName(),
                ctx.projectName(), ctx.stackName()), new PulumiConfigSource(ctx), AccountLookups.INSTANCE, Path.of(""),
                runningFromPackagedJar());
        stackPlan.verdict().notices().forEach(n -> ctx.log().warn(n.text() + " [" + n.rule() + "]"));
        NetworkPlan plan = stackPlan.network();
        NetworkSettings network = stackPlan.networkSettings();
        BenchmarkPlan bench = stackPlan.bench();

        var vpc = new SingleAzVpc(NETWORK_NAME, plan, null);

        ctx.export("region", Output.of(plan.region()));
        ctx.export("vpcId", vpc.vpcId);
        ctx.export("vpcCidr", Output.of(plan.vpcCidr().toString()));
        ctx.export("primaryAz", Output.of(zoneOf(plan, Zone.PRIMARY)));
        ctx.export("standbyAz", Output.of(zoneOf(plan, Zone.STANDBY)));
        ctx.export("subnets", vpc.subnetIds.applyValue(ids -> subnets(plan, ids)));
        ctx.export("natPublicIp", vpc.nat.publicIp);
        ctx.export("natEipAllocationId", vpc.nat.allocationId);
        ctx.export("natMode", Output.of(network.natMode().key()));
        ctx.export("natEipSource", Output.of(stackPlan.transitionState().eip().source()));
        ctx.export("standbyNatPublicIp", vpc.nat.standbyPublicIp);
        ctx.export("activeAzId", Output.of(stackPlan.transitionState().activeAzId()));
        // What the next run reads back to refuse, at preview, a change AWS would refuse halfway.
        ctx.export(com.kubetrader.plan.transition.TransitionState.OUTPUT,
                Output.tuple(vpc.nat.allocationId, vpc.nat.standbyAllocationId).applyValue(t ->
                        stackPlan.transitionState().withAllocations(t.t1, t.t2).toOutput()));
        ctx.export("workloadEgress", Output.of(plan.nat().workloadEgress()));
        ctx.export("securityGroupIds", vpc.securityGroupIds);
        ctx.export("dbSubnetGroupName", vpc.dbSubnetGroupName);
        ctx.export("endpointIds", vpc.endpoints.endpointIds);
        declareBenchmark(ctx, bench);
    }

    private static void declareBenchmark(Context ctx, BenchmarkPlan bench) {
        bench.results().ifPresent(resultsPlan -> {
            var results = new BenchmarkResults(BENCHMARK_NAME + "-results", resultsPlan, null);
            ctx.export("benchmarkBucket", results.bucketName);
            bench.fleet().ifPresent(fleetPlan -> {
                var fleet = new BenchmarkFleet(BENCHMARK_NAME, fleetPlan, results.bucketName, null);
                ctx.export("benchmarkInstanceIds", fleet.instanceIds);
                ctx.export("benchmarkDocumentName", fleet.documentName);
                ctx.export("benchmarkSendCommand", fleet.sendCommand);
                ctx.export("benchmarkSyncCommand", fleet.syncCommand);
            });
        });
    }

    /** True under pulumi up (the Java runtime runs target/kubetrader.jar); false from compiled classes. */
    private static boolean runningFromPackagedJar() {
        return StaleJarGuard.packagedJar(KubetraderStack.class).isPresent();
    }

    private static Map<String, String> zoneOf(NetworkPlan plan, Zone zone) {
        SubnetPlan any = plan.subnets().stream().filter(s -> s.role().zone() == zone).findFirst().orElseThrow();
        return Map.of("id", any.azId().value(), "name", any.azName());
    }

    private static Map<String, Map<String, String>> subnets(NetworkPlan plan, Map<String, String> ids) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (SubnetPlan s : plan.subnets()) {
            out.put(s.role().slug(), Map.of("id", ids.get(s.role().slug()), "cidr", s.cidr().toString(),
                    "azId", s.azId().value(), "azName", s.azName()));
        }
        return out;
    }
}

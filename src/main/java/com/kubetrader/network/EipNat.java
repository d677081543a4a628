package com.kubetrader.network;

import com.kubetrader.plan.network.NatPlan;
import com.kubetrader.plan.network.ResourceNames;
import com.kubetrader.plan.network.Route;
import com.kubetrader.plan.network.RouteDestination;
import com.kubetrader.plan.network.RouteTarget;
import com.kubetrader.plan.network.SubnetRole;
import com.pulumi.aws.ec2.Eip;
import com.pulumi.aws.ec2.EipArgs;
import com.pulumi.aws.ec2.NatGateway;
import com.pulumi.aws.ec2.NatGatewayArgs;
import com.pulumi.aws.ec2.RouteArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import java.util.Map;

/**
 * One NAT gateway in the primary AZ's public subnet, behind the Elastic IP an exchange
 * whitelists, and the default routes of the subnets that egress through it. An EIP this stack
 * creates is protected and retained on delete: no destroy and no replacement ever gives the
 * whitelisted address back to AWS.
 */
public final class EipNat extends ComponentResource {

    public static final String TYPE = "kubetrader:network:EipNat";

    /** The address to paste into the exchange's API-key whitelist. */
    public final Output<String> publicIp;
    public final Output<String> allocationId;
    public final Output<String> natGatewayId;

    public record Args(NatPlan plan, ResourceNames names, Output<String> subnetId,
                       Map<SubnetRole, Output<String>> routeTableIds) {
    }

    public EipNat(String name, Args args, ComponentResourceOptions options) {
        super(TYPE, name, options);
        NatPlan plan = args.plan();

        Eip eip;
        if (plan.eip() instanceof NatPlan.EipSource.Adopt adopt) {
            // Read, not managed: the allocation outlives this stack whatever happens to it.
            eip = Eip.get(adopt.name(), Output.of(adopt.allocationId()), null,
                    CustomResourceOptions.builder().parent(this).build());
        } else {
            eip = new Eip(plan.eip() instanceof NatPlan.EipSource.Create c ? c.name() : args.names().natEip(),
                    EipArgs.builder()
                            .domain("vpc")
                            .tags(Map.of("Name", args.names().natEip(), "kubetrader.io/whitelisted", "true"))
                            .build(),
                    CustomResourceOptions.builder().parent(this).protect(true).retainOnDelete(true).build());
        }

        var nat = new NatGateway(plan.name(), NatGatewayArgs.builder()
                .allocationId(eip.allocationId())
                .subnetId(args.subnetId())
                .connectivityType("public")
                .tags(Map.of("Name", args.names().nameTag(plan.name(), plan.azId())))
                .build(), CustomResourceOptions.builder().parent(this).build());

        for (SubnetRole role : plan.routedSubnets()) {
            Route route = new Route(RouteDestination.anywhere(), new RouteTarget.NatGateway());
            new com.pulumi.aws.ec2.Route(args.names().route(role, route), RouteArgs.builder()
                    .routeTableId(args.routeTableIds().get(role))
                    .destinationCidrBlock(RouteDestination.ANYWHERE.toString())
                    .natGatewayId(nat.id())
                    .build(), CustomResourceOptions.builder().parent(this).build());
        }

        this.publicIp = eip.publicIp();
        this.allocationId = eip.allocationId();
        this.natGatewayId = nat.id();
        registerOutputs(Map.of("publicIp", publicIp, "allocationId", allocationId, "natGatewayId", natGatewayId));
    }
}

package com.kubetrader.network;

import com.kubetrader.plan.network.GatewayEndpointPlan;
import com.kubetrader.plan.network.InterfaceEndpointPlan;
import com.kubetrader.plan.network.SecurityGroupRole;
import com.kubetrader.plan.network.SubnetRole;
import com.pulumi.aws.ec2.VpcEndpoint;
import com.pulumi.aws.ec2.VpcEndpointArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * VPC endpoints: the free S3 and DynamoDB gateways on the tables that carry that traffic, and
 * interface endpoints with a single ENI each (every extra AZ is another hourly line on the bill).
 */
public final class Endpoints extends ComponentResource {

    public static final String TYPE = "kubetrader:network:Endpoints";

    /** Endpoint ID by endpoint name (s3, dynamodb, secretsmanager, ...). */
    public final Output<Map<String, String>> endpointIds;

    public record Args(List<GatewayEndpointPlan> gateways, List<InterfaceEndpointPlan> interfaces,
                       Output<String> vpcId, Map<SubnetRole, Output<String>> routeTableIds,
                       Map<SubnetRole, Output<String>> subnetIds,
                       Map<SecurityGroupRole, Output<String>> securityGroupIds) {
    }

    public Endpoints(String name, Args args, ComponentResourceOptions options) {
        super(TYPE, name, options);
        Map<String, Output<String>> ids = new LinkedHashMap<>();

        for (GatewayEndpointPlan gateway : args.gateways()) {
            var builder = VpcEndpointArgs.builder()
                    .vpcId(args.vpcId())
                    .serviceName(gateway.serviceName())
                    .vpcEndpointType("Gateway")
                    .routeTableIds(Output.all(gateway.routeTables().stream().map(args.routeTableIds()::get).toList()))
                    .tags(Map.of("Name", gateway.name()));
            gateway.policy().ifPresent(builder::policy);
            ids.put(gateway.service().shortName(),
                    new VpcEndpoint(gateway.name(), builder.build(), child()).id());
        }

        for (InterfaceEndpointPlan endpoint : args.interfaces()) {
            var builder = VpcEndpointArgs.builder()
                    .vpcId(args.vpcId())
                    .serviceName(endpoint.serviceName())
                    .vpcEndpointType("Interface")
                    .privateDnsEnabled(endpoint.privateDns())
                    .subnetIds(Output.all(endpoint.subnets().stream().map(args.subnetIds()::get).toList()))
                    .securityGroupIds(Output.all(List.of(args.securityGroupIds().get(endpoint.securityGroup()))))
                    .tags(Map.of("Name", endpoint.name()));
            endpoint.policy().ifPresent(builder::policy);
            ids.put(endpoint.key(), new VpcEndpoint(endpoint.name(), builder.build(), child()).id());
        }

        this.endpointIds = Output.all(List.copyOf(ids.values())).applyValue(values -> {
            Map<String, String> out = new LinkedHashMap<>();
            var keys = ids.keySet().iterator();
            values.forEach(v -> out.put(keys.next(), v));
            return out;
        });
        registerOutputs(Map.of("endpointIds", endpointIds));
    }

    private CustomResourceOptions child() {
        return CustomResourceOptions.builder().parent(this).build();
    }
}

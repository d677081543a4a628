package com.kubetrader.network;

import com.kubetrader.plan.network.FlowLogPlan;
import com.pulumi.aws.cloudwatch.LogGroup;
import com.pulumi.aws.cloudwatch.LogGroupArgs;
import com.pulumi.aws.ec2.FlowLog;
import com.pulumi.aws.ec2.FlowLogArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import java.util.Map;

/** Flow logs for the whole VPC into a CloudWatch log group with bounded retention. */
final class VpcFlowLogs {

    VpcFlowLogs(FlowLogPlan plan, Output<String> vpcId, Resource parent) {
        var logGroup = new LogGroup(plan.name(), LogGroupArgs.builder()
                .name(plan.logGroupName())
                .retentionInDays(plan.retentionDays())
                .build(), CustomResourceOptions.builder().parent(parent).protect(plan.protect()).build());

        var role = new Role(plan.roleName(), RoleArgs.builder()
                .assumeRolePolicy(plan.trustPolicyJson())
                .description(plan.roleDescription())
                .build(), CustomResourceOptions.builder().parent(parent).build());

        // Scoped to this one log group, not logs:* on everything.
        new RolePolicy(plan.policyName(), RolePolicyArgs.builder()
                .role(role.id())
                .policy(logGroup.arn().applyValue(plan::permissionsPolicyJson))
                .build(), CustomResourceOptions.builder().parent(parent).build());

        new FlowLog(plan.name(), FlowLogArgs.builder()
                .vpcId(vpcId)
                .trafficType("ALL")
                .logDestinationType("cloud-watch-logs")
                .logDestination(logGroup.arn())
                .iamRoleArn(role.arn())
                .maxAggregationInterval(60)
                .tags(Map.of("Name", plan.name()))
                .build(), CustomResourceOptions.builder().parent(parent).build());
    }
}

package com.kubetrader.plan.network;

import com.kubetrader.plan.IamPolicy;
import com.kubetrader.plan.IamStatement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * VPC flow logs to CloudWatch Logs, all traffic, with a bounded retention, and the role that publishes them as the
 * AWS VPC guide asks ("IAM role for publishing flow logs to CloudWatch Logs").
 */
public record FlowLogPlan(String name, String logGroupName, int retentionDays, boolean protect, String region,
                          String accountId) {

    /** The five actions the guide lists; the service creates streams and may look the group up. */
    public static final List<String> ACTIONS = List.of("logs:CreateLogGroup", "logs:CreateLogStream",
            "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams");

    /**
     * Only the flow-logs service, and only on behalf of a flow log in this account and region: the confused-deputy
     * conditions the guide recommends.
     */
    public String trustPolicyJson() {
        Map<String, Map<String, String>> condition = new LinkedHashMap<>(IamPolicy.sourceAccount(accountId));
        condition.put("ArnLike", Map.of("aws:SourceArn",
                "arn:aws:ec2:" + region + ":" + accountId + ":vpc-flow-log/*"));
        return IamPolicy.trust("vpc-flow-logs.amazonaws.com", condition);
    }

    /**
     * Scoped to this stack's log group and its streams, not logs:* on everything. DescribeLogGroups is a listing
     * call, so its statement names the account's log groups in the region; it reveals names, never contents.
     */
    public List<IamStatement> permissions(String logGroupArn) {
        return List.of(
                IamStatement.allow("PublishToTheFlowLogGroup", ACTIONS.stream()
                        .filter(a -> !a.equals("logs:DescribeLogGroups")).toList(),
                        List.of(logGroupArn, logGroupArn + ":*")),
                IamStatement.allow("FindTheFlowLogGroup", List.of("logs:DescribeLogGroups"),
                        List.of("arn:aws:logs:" + region + ":" + accountId + ":log-group:*")));
    }

    public String roleDescription() {
        return "Lets VPC flow logs write to " + logGroupName;
    }

    public String roleName() {
        return name + "-role";
    }

    public String policyName() {
        return name + "-write";
    }

    /** The log group's ARN as CloudWatch Logs forms it (the provider's arn output, without the :* suffix). */
    public String logGroupArn() {
        return "arn:aws:logs:" + region + ":" + accountId + ":log-group:" + logGroupName;
    }

    public String permissionsPolicyJson(String logGroupArn) {
        return IamPolicy.of(permissions(logGroupArn));
    }
}

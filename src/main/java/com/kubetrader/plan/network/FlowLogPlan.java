package com.kubetrader.plan.network;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    /** Keys sorted: Map.of iterates in a per-JVM order, and a policy must read the same on every preview. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /** The five actions the guide lists; the service creates streams and may look the group up. */
    public static final List<String> ACTIONS = List.of("logs:CreateLogGroup", "logs:CreateLogStream",
            "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams");

    /**
     * Only the flow-logs service, and only on behalf of a flow log in this account and region: the confused-deputy
     * conditions the guide recommends.
     */
    public String trustPolicyJson() {
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("StringEquals", Map.of("aws:SourceAccount", accountId));
        condition.put("ArnLike", Map.of("aws:SourceArn",
                "arn:aws:ec2:" + region + ":" + accountId + ":vpc-flow-log/*"));
        return json(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of("Effect", "Allow",
                "Principal", Map.of("Service", "vpc-flow-logs.amazonaws.com"), "Action", "sts:AssumeRole",
                "Condition", condition))));
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

    public String permissionsPolicyJson(String logGroupArn) {
        return json(Map.of("Version", "2012-10-17", "Statement",
                permissions(logGroupArn).stream().map(IamStatement::toJsonMap).toList()));
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

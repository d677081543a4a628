package com.kubetrader.plan.fleet;

import com.kubetrader.plan.IamStatement;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The instances' role: SSM's managed core policy and one inline S3 policy, nothing else. */
public record FleetIamPlan(String roleResource, String profileResource, String managedAttachmentResource,
                           String inlinePolicyResource, String trustedService, List<String> managedPolicyArns,
                           List<IamStatement> statements) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public FleetIamPlan {
        managedPolicyArns = List.copyOf(managedPolicyArns);
        statements = List.copyOf(statements);
    }

    public String assumeRolePolicyJson() {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Effect", "Allow");
        statement.put("Principal", Map.of("Service", trustedService));
        statement.put("Action", "sts:AssumeRole");
        return document(List.of(statement));
    }

    public String inlinePolicyJson() {
        return document(statements.stream().map(IamStatement::toJsonMap).toList());
    }

    /** An IAM policy document of these statements. */
    public static String document(List<?> statements) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("Version", "2012-10-17");
        doc.put("Statement", statements);
        try {
            return JSON.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

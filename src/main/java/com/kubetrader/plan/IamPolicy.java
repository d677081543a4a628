package com.kubetrader.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * IAM policy documents as JSON, keys in IAM's usual order and the same bytes on every run: a policy that reads
 * differently between previews shows as a change that is not there.
 */
public final class IamPolicy {

    private static final ObjectMapper JSON = new ObjectMapper();

    private IamPolicy() {
    }

    /** A permissions policy of these statements. */
    public static String of(List<IamStatement> statements) {
        return document(statements.stream().map(IamStatement::toJsonMap).toList());
    }

    /** A policy of statements written as maps (a bucket policy's, which names a Principal). */
    public static String document(List<Map<String, Object>> statements) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("Version", "2012-10-17");
        doc.put("Statement", statements);
        try {
            return JSON.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A trust policy that lets {@code service} assume the role, under {@code condition} (operator to key to value,
     * in the order given; empty for none).
     */
    public static String trust(String service, Map<String, Map<String, String>> condition) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Effect", "Allow");
        statement.put("Principal", Map.of("Service", service));
        statement.put("Action", "sts:AssumeRole");
        if (!condition.isEmpty()) {
            statement.put("Condition", condition);
        }
        return document(List.of(statement));
    }

    /** Only on behalf of this account: the confused-deputy condition. */
    public static Map<String, Map<String, String>> sourceAccount(String accountId) {
        return Map.of("StringEquals", Map.of("aws:SourceAccount", accountId));
    }
}

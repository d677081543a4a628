package com.kubetrader.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.kubetrader.plan.settings.InvalidSettingsException;
import com.kubetrader.plan.settings.SettingError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the endpoint policy files that kubetrader:endpointPolicies names, relative to the project. */
final class EndpointPolicyFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EndpointPolicyFiles() {
    }

    static Map<String, String> load(Map<String, String> filesByEndpoint, Path projectDir) {
        Map<String, String> policies = new LinkedHashMap<>();
        List<SettingError> errors = new ArrayList<>();
        filesByEndpoint.forEach((endpoint, file) -> {
            Path path = projectDir.resolve(file);
            String entry = endpoint + "=" + file;
            try {
                String text = Files.readString(path);
                JSON.readTree(text);
                policies.put(endpoint, text.strip());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                errors.add(new SettingError("kubetrader:endpointPolicies", entry,
                        path + " is not valid JSON (" + e.getOriginalMessage() + "); expected an IAM policy document"));
            } catch (IOException e) {
                errors.add(new SettingError("kubetrader:endpointPolicies", entry,
                        "cannot read " + path.toAbsolutePath() + "; expected a policy file relative to the project directory"));
            }
        });
        if (!errors.isEmpty()) {
            throw new InvalidSettingsException(errors);
        }
        return policies;
    }
}

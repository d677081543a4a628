package com.kubetrader.plan.settings;

import java.util.Map;
import java.util.Optional;

/**
 * Raw stack configuration as the Pulumi CLI hands it over: strings, with arrays as JSON text.
 * Keys are fully qualified ({@code kubetrader:vpcCidr}, {@code aws:region}).
 */
@FunctionalInterface
public interface ConfigSource {

    Optional<String> get(String qualifiedKey);

    static ConfigSource of(Map<String, String> values) {
        return key -> Optional.ofNullable(values.get(key));
    }
}

package com.kubetrader.plan.aws;

import java.util.Optional;

/**
 * One value the program will send for one input of one resource, known before anything is declared.
 *
 * @param type      the Pulumi type token ({@code aws:ec2/securityGroup:SecurityGroup})
 * @param resource  the Pulumi resource name
 * @param input     the input path as the catalog keys it ({@code description}, {@code tags{}value},
 *                  {@code rootBlockDevice.volumeSize}, {@code subnetIds[]} for each element)
 * @param value     a String, Number, Boolean, List or Map
 * @param configKey the stack setting the value comes from, when a user can change it there
 * @param estimated true when the value holds IDs or names AWS assigns, written at their longest: a length rule on
 *                  it holds for any ID AWS can give
 */
public record DeclaredInput(String type, String resource, String input, Object value, Optional<String> configKey,
                            boolean estimated) {

    public static DeclaredInput of(String type, String resource, String input, Object value) {
        return new DeclaredInput(type, resource, input, value instanceof Integer i ? Long.valueOf(i) : value,
                Optional.empty(), false);
    }

    public DeclaredInput fromConfig(String key) {
        return new DeclaredInput(type, resource, input, value, Optional.of(key), estimated);
    }

    public DeclaredInput withEstimatedIds() {
        return new DeclaredInput(type, resource, input, value, configKey, true);
    }
}

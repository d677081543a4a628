package com.kubetrader.plan;

import java.util.regex.Pattern;

/**
 * A physical availability zone, by its account-independent ID (apne1-az4). AZ names
 * (ap-northeast-1a) map to different zones in every account, so nothing is placed by name.
 */
public record AzId(String value) implements Comparable<AzId> {

    private static final Pattern SHAPE = Pattern.compile("[a-z]+[0-9]+-az[0-9]+");

    public AzId {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("not an AZ ID; expected the form apne1-az4");
        }
    }

    public static AzId of(String value) {
        return new AzId(value);
    }

    /** The short form used in names and tags: az4 for apne1-az4. */
    public String suffix() {
        return value.substring(value.lastIndexOf('-') + 1);
    }

    @Override
    public int compareTo(AzId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}

package com.kubetrader.plan.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * S3 general purpose bucket naming rules. Bucket names are global across all AWS accounts, so a
 * bad one is cheaper to catch here than as a CreateBucket error halfway through an update.
 */
public final class BucketNames {

    private static final Pattern CHARACTERS = Pattern.compile("[a-z0-9.-]+");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    private static final List<String> RESERVED_PREFIXES = List.of("xn--", "sthree-", "amzn-s3-demo-");
    private static final List<String> RESERVED_SUFFIXES = List.of("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3");

    private BucketNames() {
    }

    /** Every rule the name breaks, each saying what is allowed; empty when the name is valid. */
    public static List<String> problems(String name) {
        List<String> problems = new ArrayList<>();
        if (name.length() < 3 || name.length() > 63) {
            problems.add("S3 bucket names are 3 to 63 characters long; this one has " + name.length());
        }
        if (!CHARACTERS.matcher(name).matches()) {
            problems.add("S3 bucket names use only lower-case letters, digits, dots and hyphens");
        }
        if (!name.isEmpty() && !(Character.isLowerCase(name.charAt(0)) || Character.isDigit(name.charAt(0)))
                || !name.isEmpty() && !(Character.isLowerCase(name.charAt(name.length() - 1))
                || Character.isDigit(name.charAt(name.length() - 1)))) {
            problems.add("S3 bucket names begin and end with a lower-case letter or a digit");
        }
        if (name.contains("..")) {
            problems.add("S3 bucket names must not contain two adjacent dots");
        }
        if (IP_ADDRESS.matcher(name).matches()) {
            problems.add("S3 bucket names must not look like an IP address");
        }
        RESERVED_PREFIXES.stream().filter(name::startsWith).forEach(p ->
                problems.add("S3 reserves the prefix " + p + " for its own names"));
        RESERVED_SUFFIXES.stream().filter(name::endsWith).forEach(s ->
                problems.add("S3 reserves the suffix " + s + " for its own names"));
        return problems;
    }
}

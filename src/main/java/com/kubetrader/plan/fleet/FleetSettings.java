package com.kubetrader.plan.fleet;

import com.kubetrader.plan.AzId;
import com.kubetrader.plan.Cidr;
import com.kubetrader.plan.network.NetworkSettings;
import com.kubetrader.plan.settings.SettingsReader;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The AZ latency benchmark's settings: the results bucket and the fleet, read apart on purpose.
 * The bucket exists whenever {@code benchmarkBucketName} is set, whatever {@code benchmarkEnabled}
 * says, so switching the fleet off tears the instances down and keeps the results.
 * Defaults live in Pulumi.yaml; {@link #read} checks everything that needs no AWS call.
 */
public record FleetSettings(
        String region,
        boolean enabled,
        Optional<String> bucketName,
        boolean protectBucket,
        Cidr vpcCidr,
        List<AzId> azIds,
        List<Cidr> subnetCidrs,
        String instanceType,
        String amiParameter,
        int rootVolumeGiB,
        String endpoint,
        String symbols,
        int durationSeconds,
        java.util.Map<AzId, String> placementGroups,
        Optional<ScheduleExpression> schedule,
        java.time.ZoneId scheduleTimezone) {

    static final String NAMESPACE_PREFIX = NetworkSettings.NAMESPACE + ":";
    static final String ENABLED = "benchmarkEnabled";
    static final String BUCKET = "benchmarkBucketName";
    static final String PROTECT_BUCKET = "benchmarkBucketProtect";
    static final String VPC_CIDR = "benchmarkVpcCidr";
    static final String AZ_IDS = "benchmarkAzIds";
    static final String SUBNET_CIDRS = "benchmarkSubnetCidrs";
    static final String INSTANCE_TYPE = "benchmarkInstanceType";
    static final String AMI_PARAMETER = "benchmarkAmiParameter";
    static final String ROOT_VOLUME = "benchmarkRootVolumeGiB";
    static final String ENDPOINT = "benchmarkEndpoint";
    static final String SYMBOLS = "benchmarkSymbols";
    static final String DURATION = "benchmarkDurationSeconds";
    static final String PLACEMENT_GROUPS = "benchmarkPlacementGroups";
    static final String SCHEDULE = "benchmarkSchedule";
    static final String SCHEDULE_TIMEZONE = "benchmarkScheduleTimezone";

    /** An EC2 instance type: family.size (c8g.xlarge, m7gd.2xlarge). */
    static final Pattern INSTANCE_TYPE_SHAPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9]+");
    /** Graviton families carry a g after the generation (c8g, m7gd, t4g, x2gd): the only ones arm64 AMIs boot on. */
    static final Pattern GRAVITON_FAMILY = Pattern.compile("[a-z]+[0-9]+[a-z]*g[a-z]*\\..+");
    static final Pattern SSM_PARAMETER = Pattern.compile("/[A-Za-z0-9_./-]+");
    /** One collector endpoint: optionally rtt-only: and NAME=, then a WebSocket URL without query. */
    private static final String ONE_ENDPOINT =
            "(rtt-only:)?([a-z][a-z0-9-]{0,31}=)?wss?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._/-]*)?";
    /**
     * The collector's --endpoint list, comma-separated. Also the SSM document's allowedPattern: the value is
     * substituted into a shell command, so nothing outside these characters gets through.
     */
    public static final String ENDPOINT_PATTERN = "^" + ONE_ENDPOINT + "(," + ONE_ENDPOINT + ")*$";
    /** An EC2 placement group name as the benchmark adopts it; letters, digits, '-' and '_'. */
    static final Pattern PLACEMENT_GROUP_NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");
    /** ALL, or upper-case symbols separated by commas; also the SSM document's allowedPattern. */
    public static final String SYMBOLS_PATTERN = "^(ALL|[A-Z0-9]{2,20}(,[A-Z0-9]{2,20})*)$";
    /** runShellScript's largest timeoutSeconds (48 hours). */
    public static final int MAX_STEP_TIMEOUT_SECONDS = 172_800;

    public FleetSettings {
        azIds = List.copyOf(azIds);
        subnetCidrs = List.copyOf(subnetCidrs);
        placementGroups = java.util.Map.copyOf(placementGroups);
    }

    /**
     * AZ ID=placement group name pairs. c8g exposes its PTP hardware clock only inside a precision-time placement
     * group; provider 6.83.0 may reject that strategy (its documented strategies are cluster, partition and spread),
     * so the fleet adopts groups made with the AWS CLI (docs/benchmark.md). A group lives in one AZ: one per AZ ID.
     */
    static java.util.Map<AzId, String> readPlacementGroups(SettingsReader in, List<AzId> azIds) {
        java.util.Map<AzId, String> out = new java.util.LinkedHashMap<>();
        for (String entry : in.stringList(PLACEMENT_GROUPS)) {
            String[] parts = entry.split("=", -1);
            AzId id;
            try {
                id = parts.length == 2 ? AzId.of(parts[0].trim()) : null;
            } catch (IllegalArgumentException e) {
                id = null;
            }
            if (id == null || !PLACEMENT_GROUP_NAME.matcher(parts[1].trim()).matches()) {
                in.error(PLACEMENT_GROUPS, entry, "expected AZ ID=placement group name, such as apne1-az4=kubetrader-ptp-az4");
                continue;
            }
            if (!azIds.isEmpty() && !azIds.contains(id)) {
                in.error(PLACEMENT_GROUPS, entry, id.value() + " is not one of " + in.qualified(AZ_IDS) + " ("
                        + String.join(", ", azIds.stream().map(AzId::value).toList()) + ")");
                continue;
            }
            if (out.put(id, parts[1].trim()) != null) {
                in.error(PLACEMENT_GROUPS, entry, id.value() + " is given twice; one placement group per AZ ID");
            }
        }
        return out;
    }

    static java.time.ZoneId readTimezone(SettingsReader in) {
        String raw = in.required(SCHEDULE_TIMEZONE);
        if (raw == null) {
            return java.time.ZoneOffset.UTC;
        }
        try {
            return java.time.ZoneId.of(raw);
        } catch (java.time.DateTimeException e) {
            in.error(SCHEDULE_TIMEZONE, raw, "not an IANA time zone; expected a name such as Asia/Tokyo or UTC");
            return java.time.ZoneOffset.UTC;
        }
    }

    /**
     * The recurring window's schedule, or empty for none. Refused: a malformed expression, a schedule for a fleet
     * that is switched off, and a window (start, the run, its upload margin, stop) longer than the shortest gap
     * between two firings, because two windows must never overlap.
     */
    static Optional<ScheduleExpression> readSchedule(SettingsReader in, boolean enabled, int durationSeconds,
                                                     java.time.ZoneId zone) {
        Optional<String> raw = in.optional(SCHEDULE);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        ScheduleExpression e;
        try {
            e = ScheduleExpression.parse(raw.get());
        } catch (ScheduleExpression.InvalidExpression bad) {
            in.error(SCHEDULE, raw.get(), "not an EventBridge Scheduler expression: " + bad.getMessage());
            return Optional.empty();
        }
        if (!enabled) {
            in.error(SCHEDULE, raw.get(), "a schedule runs the fleet, but " + in.qualified(ENABLED) + " is false; "
                    + "switch the fleet on, or set the schedule to \"\" for no recurring windows");
            return Optional.empty();
        }
        long window = WindowRunbook.windowSeconds(durationSeconds);
        java.time.Duration gap = e.shortestGap(zone);
        if (gap.isZero() || window > gap.getSeconds()) {
            in.error(SCHEDULE, raw.get(), "two windows would overlap: a window takes " + window + " s ("
                    + WindowRunbook.START_SECONDS + " s to start and come online + " + in.qualified(DURATION) + " "
                    + durationSeconds + " s + " + FleetPlanner.EXECUTION_MARGIN_SECONDS + " s setup and upload + "
                    + WindowRunbook.STOP_SECONDS + " s to stop), but firings can be " + gap.getSeconds()
                    + " s apart; fire less often or shorten the duration");
            return Optional.empty();
        }
        return Optional.of(e);
    }

    /** Reads into a shared reader, so the fleet's errors are reported with the network's. */
    public static FleetSettings read(SettingsReader in) {
        String region = in.required("aws:region");
        boolean enabled = in.bool(ENABLED);
        Optional<String> bucket = in.optional(BUCKET);
        // S3's naming rules, as the AWS catalog records them (botocore points at the S3 User Guide for them)
        bucket.ifPresent(name -> com.kubetrader.plan.aws.AwsRules.problems(com.kubetrader.plan.aws.AwsCatalog.bundled(),
                "aws:s3/bucketV2:BucketV2", "bucket", name).forEach(p -> in.error(BUCKET, name, p)));
        if (enabled && bucket.isEmpty()) {
            in.error(ENABLED, "true", "the fleet uploads its results to S3 but " + in.qualified(BUCKET)
                    + " is empty; set a bucket name (kubetrader-benchmark-results-tokyo) or switch the fleet off");
        }
        boolean protectBucket = in.bool(PROTECT_BUCKET);

        Cidr vpc = in.cidr(VPC_CIDR);
        if (vpc != null && (vpc.prefix() < 16 || vpc.prefix() > 28)) {
            in.error(VPC_CIDR, vpc.toString(), "AWS accepts VPC blocks from /16 to /28");
        }
        List<AzId> azIds = readAzIds(in);
        List<Cidr> subnets = readSubnets(in, vpc);
        if (azIds.size() != subnets.size() && !in.errors().stream().anyMatch(e -> e.key().equals(in.qualified(SUBNET_CIDRS)))) {
            in.error(SUBNET_CIDRS, String.valueOf(subnets.stream().map(Cidr::toString).toList()),
                    subnets.size() + " subnets for " + azIds.size() + " AZ IDs in " + in.qualified(AZ_IDS)
                            + "; expected one subnet per AZ ID, in the same order");
        }

        String amiParameter = in.required(AMI_PARAMETER);
        if (amiParameter != null && !SSM_PARAMETER.matcher(amiParameter).matches()) {
            in.error(AMI_PARAMETER, amiParameter, "not an SSM parameter path; expected the form "
                    + "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64");
        }
        String type = in.required(INSTANCE_TYPE);
        if (type != null && !INSTANCE_TYPE_SHAPE.matcher(type).matches()) {
            in.error(INSTANCE_TYPE, type, "not an EC2 instance type; expected the form c8g.xlarge");
        } else if (type != null && amiParameter != null && amiParameter.contains("arm64")
                && !GRAVITON_FAMILY.matcher(type).matches()) {
            in.error(INSTANCE_TYPE, type, "not a Graviton (arm64) type, but " + in.qualified(AMI_PARAMETER)
                    + " names an arm64 AMI; expected a type such as c8g.xlarge");
        }
        int rootVolume = in.integer(ROOT_VOLUME, 8, 16_384);

        String endpoint = in.required(ENDPOINT);
        if (endpoint != null && !endpoint.matches(ENDPOINT_PATTERN)) {
            in.error(ENDPOINT, endpoint, "not a list of WebSocket base URLs; expected comma-separated "
                    + "wss://host[:port][/path] without query, each optionally rtt-only: (ping only) and NAME=, such as "
                    + "wss://stream.binance.com:9443,rtt-only:wss://ws-api.binance.com:443/ws-api/v3");
        } else if (endpoint != null && java.util.Arrays.stream(endpoint.split(",")).allMatch(e -> e.startsWith("rtt-only:"))) {
            in.error(ENDPOINT, endpoint, "every endpoint is rtt-only; at least one must stream trades, such as "
                    + "wss://stream.binance.com:9443");
        }
        java.util.Map<AzId, String> placementGroups = readPlacementGroups(in, azIds);
        String symbols = in.required(SYMBOLS);
        if (symbols != null && !symbols.matches(SYMBOLS_PATTERN)) {
            in.error(SYMBOLS, symbols, "expected ALL or upper-case symbols separated by commas, such as BTCUSDT,ETHUSDT");
        }
        int duration = in.integer(DURATION, 60, MAX_STEP_TIMEOUT_SECONDS - FleetPlanner.EXECUTION_MARGIN_SECONDS);
        java.time.ZoneId zone = readTimezone(in);
        Optional<ScheduleExpression> schedule = readSchedule(in, enabled, duration, zone);

        return new FleetSettings(region, enabled, bucket, protectBucket, vpc, azIds, subnets, type, amiParameter,
                rootVolume, endpoint, symbols, duration, placementGroups, schedule, zone);
    }

    private static List<AzId> readAzIds(SettingsReader in) {
        List<AzId> ids = new ArrayList<>();
        Set<AzId> seen = new HashSet<>();
        for (String raw : in.stringList(AZ_IDS)) {
            AzId id;
            try {
                id = AzId.of(raw);
            } catch (IllegalArgumentException e) {
                in.error(AZ_IDS, raw, e.getMessage() + " (an AZ ID, not an AZ name such as ap-northeast-1a)");
                continue;
            }
            if (!seen.add(id)) {
                in.error(AZ_IDS, raw, "listed twice; the benchmark compares distinct AZ IDs");
                continue;
            }
            ids.add(id);
        }
        if (ids.isEmpty() && !in.errors().stream().anyMatch(e -> e.key().equals(in.qualified(AZ_IDS)))) {
            in.error(AZ_IDS, "[]", "no AZ IDs; expected at least one, such as [apne1-az4, apne1-az1, apne1-az2]");
        }
        return ids;
    }

    private static List<Cidr> readSubnets(SettingsReader in, Cidr vpc) {
        List<Cidr> subnets = new ArrayList<>();
        for (String raw : in.stringList(SUBNET_CIDRS)) {
            Cidr cidr;
            try {
                cidr = Cidr.parse(raw);
            } catch (IllegalArgumentException e) {
                in.error(SUBNET_CIDRS, raw, e.getMessage());
                continue;
            }
            if (vpc != null && !vpc.contains(cidr)) {
                in.error(SUBNET_CIDRS, raw, "outside " + in.qualified(VPC_CIDR) + " " + vpc + "; expected a block inside it");
                continue;
            }
            if (cidr.prefix() > 28) {
                in.error(SUBNET_CIDRS, raw, "AWS subnets are /28 or larger");
                continue;
            }
            for (Cidr other : subnets) {
                if (cidr.overlaps(other)) {
                    in.error(SUBNET_CIDRS, raw, "overlaps " + other + "; each AZ's subnet needs its own block");
                }
            }
            subnets.add(cidr);
        }
        return subnets;
    }
}

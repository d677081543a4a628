package com.kubetrader.plan.fleet;

import com.kubetrader.plan.AccountZones;
import com.kubetrader.plan.AzId;
import com.kubetrader.plan.IamStatement;
import com.kubetrader.plan.settings.InvalidSettingsException;
import com.kubetrader.plan.settings.SettingError;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Turns {@link FleetSettings} and the account's answers into a {@link BenchmarkPlan}. Pure. */
public final class FleetPlanner {

    /** Added to durationSeconds for the collect step's timeout: metadata, collector shutdown, upload. */
    public static final int EXECUTION_MARGIN_SECONDS = 900;
    /** How long past durationSeconds the collector may run before run-benchmark.sh stops it. */
    public static final int COLLECTOR_GRACE_SECONDS = 120;
    public static final String SCRIPTS_PREFIX = "scripts";
    public static final String RESULTS_PREFIX = "results";
    public static final String SSM_CORE_POLICY_ARN = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";
    /** The files under bench/instance/ the document runs, uploaded to scripts/. */
    public static final List<String> INSTANCE_SCRIPTS = List.of("run-benchmark.sh", "write-metadata.sh", "imds.sh",
            "sample-clock.sh", "setup-phc.sh");
    public static final String SCRIPTS_DIR = "bench/instance";
    public static final String AZ_ID_TAG = "kubetrader:az-id";

    private FleetPlanner() {
    }

    /**
     * @param facts the account's answers, present when the fleet is enabled
     * @throws InvalidSettingsException when an AZ ID is not in the account or the type is not offered there
     */
    public static BenchmarkPlan plan(String name, String stack, FleetSettings settings, AccountZones zones,
                                     Optional<FleetFacts> facts, Path projectDir) {
        Optional<ResultsBucketPlan> results = settings.bucketName().map(bucket -> results(name, settings, bucket));
        if (!settings.enabled()) {
            return new BenchmarkPlan(results, Optional.empty());
        }
        FleetFacts known = facts.orElseThrow(() -> new IllegalArgumentException("an enabled fleet needs the account's facts"));
        checkAccount(settings, zones, known);
        String bucket = settings.bucketName().orElseThrow();

        List<FleetZone> fleetZones = new ArrayList<>();
        for (int i = 0; i < settings.azIds().size(); i++) {
            AzId az = settings.azIds().get(i);
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put("Name", name + "-" + az.suffix());
            tags.put(AZ_ID_TAG, az.value());
            fleetZones.add(new FleetZone(az, zones.nameOf(az).orElseThrow(), settings.subnetCidrs().get(i),
                    name + "-subnet-" + az.suffix(), name + "-rta-" + az.suffix(), name + "-" + az.suffix(), tags,
                    java.util.Optional.ofNullable(settings.placementGroups().get(az))));
        }

        FleetInstanceSpec instance = new FleetInstanceSpec(settings.instanceType(), known.amiId(),
                settings.rootVolumeGiB(), "gp3", true, "enabled", "required", 1, true);

        String bucketArn = "arn:aws:s3:::" + bucket;
        FleetIamPlan iam = new FleetIamPlan(name + "-role", name + "-profile", name + "-ssm-core", name + "-s3",
                "ec2.amazonaws.com", List.of(SSM_CORE_POLICY_ARN), List.of(
                        IamStatement.allow("ReadBenchmarkScripts", List.of("s3:GetObject"),
                                List.of(bucketArn + "/" + SCRIPTS_PREFIX + "/*")),
                        new IamStatement("ListScriptsAndResults", "Allow", List.of("s3:ListBucket"), List.of(bucketArn),
                                Map.of("StringLike", Map.of("s3:prefix", List.of(
                                        SCRIPTS_PREFIX + "/", SCRIPTS_PREFIX + "/*", RESULTS_PREFIX + "/*")))),
                        IamStatement.allow("WriteBenchmarkResults", List.of("s3:PutObject"),
                                List.of(bucketArn + "/" + RESULTS_PREFIX + "/*"))));

        List<ScriptUpload> scripts = new ArrayList<>();
        for (String script : INSTANCE_SCRIPTS) {
            scripts.add(new ScriptUpload(name + "-script-" + script.replace('.', '-'), SCRIPTS_PREFIX + "/" + script,
                    projectDir.resolve(SCRIPTS_DIR).resolve(script)));
        }
        scripts.add(new ScriptUpload(name + "-script-stream-trades-jar", SCRIPTS_PREFIX + "/stream-trades.jar",
                projectDir.resolve(CollectorJar.RELATIVE_PATH)));

        SsmDocumentPlan document = new SsmDocumentPlan(name + "-document",
                "kubetrader-" + stack + "-stream-trades-" + StreamTradesDocument.VERSION,
                StreamTradesDocument.description(),
                StreamTradesDocument.content(settings.region(), bucket, RESULTS_PREFIX, settings.durationSeconds(),
                        settings.endpoint(), settings.symbols()),
                Map.of("Name", name + "-document", "version", StreamTradesDocument.VERSION));

        return new BenchmarkPlan(results, Optional.of(new FleetPlan(name, settings.region(), bucket, RESULTS_PREFIX,
                settings.vpcCidr(), name + "-vpc", name + "-igw", name + "-rt-public", name + "-route-internet",
                name + "-sg", fleetZones, instance, iam, scripts, document, settings.durationSeconds(),
                settings.endpoint(), settings.symbols(), known.accountId(),
                settings.schedule().map(e -> WindowRunbook.of(name, document.documentName(), e,
                        settings.scheduleTimezone(), settings.durationSeconds())))));
    }

    private static ResultsBucketPlan results(String name, FleetSettings settings, String bucket) {
        String arn = "arn:aws:s3:::" + bucket;
        Map<String, Object> deny = new LinkedHashMap<>();
        deny.put("Sid", "DenyInsecureTransport");
        deny.put("Effect", "Deny");
        deny.put("Principal", "*");
        deny.put("Action", "s3:*");
        deny.put("Resource", List.of(arn, arn + "/*"));
        deny.put("Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")));
        return new ResultsBucketPlan(name + "-results", bucket, settings.protectBucket(), settings.protectBucket(),
                "AES256", "Enabled", com.kubetrader.plan.IamPolicy.document(List.of(deny)));
    }

    /** Every AZ ID must exist in the account, and the instance type must be offered in each. */
    static void checkAccount(FleetSettings settings, AccountZones zones, FleetFacts facts) {
        List<SettingError> errors = new ArrayList<>();
        String azKey = FleetSettings.NAMESPACE_PREFIX + FleetSettings.AZ_IDS;
        for (AzId id : settings.azIds()) {
            if (zones.nameOf(id).isEmpty()) {
                errors.add(new SettingError(azKey, id.value(), "no such AZ for this account in " + zones.region()
                        + "; available AZ IDs: " + zones.describeAvailable()));
            }
        }
        Set<AzId> missing = new TreeSet<>(settings.azIds());
        missing.removeAll(facts.instanceTypeOfferedIn());
        missing.removeIf(id -> zones.nameOf(id).isEmpty());
        if (!missing.isEmpty()) {
            Set<AzId> offered = new TreeSet<>(facts.instanceTypeOfferedIn());
            errors.add(new SettingError(FleetSettings.NAMESPACE_PREFIX + FleetSettings.INSTANCE_TYPE,
                    settings.instanceType(), "not offered in " + describe(missing, zones) + "; " + settings.region()
                            + " offers " + settings.instanceType() + " in "
                            + (offered.isEmpty() ? "no AZ" : describe(offered, zones))
                            + ". Choose a type offered in every AZ ID under test, or change " + azKey));
        }
        if (!errors.isEmpty()) {
            throw new InvalidSettingsException(errors);
        }
    }

    private static String describe(Set<AzId> ids, AccountZones zones) {
        return ids.stream().map(id -> id + zones.nameOf(id).map(n -> " (" + n + ")").orElse(""))
                .reduce((a, b) -> a + ", " + b).orElse("");
    }
}

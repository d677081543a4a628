package com.kubetrader.offline;

import com.pulumi.test.Mocks;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A simulated AWS account in ap-northeast-1 that answers the program's lookups, and gives every
 * declared resource a stable, realistic-looking ID. The default AZ mapping is the seed's account
 * (ap-northeast-1a = apne1-az4, 1c = apne1-az1, 1d = apne1-az2; apne1-az3 is not offered).
 */
public class SimulatedAccount implements Mocks {

    public static final String REGION = "ap-northeast-1";
    public static final String ACCOUNT_ID = "123456789012";
    /** The seed's account: AZ ID to that account's AZ name. */
    public static final Map<String, String> SEED_AZ_NAMES = orderedMap(
            "apne1-az4", "ap-northeast-1a",
            "apne1-az1", "ap-northeast-1c",
            "apne1-az2", "ap-northeast-1d");

    private final Map<String, String> azNamesById;
    private final Map<String, Object> lastOutputs;

    public SimulatedAccount() {
        this(SEED_AZ_NAMES);
    }

    public SimulatedAccount(Map<String, String> azNamesById) {
        this(azNamesById, Map.of());
    }

    /**
     * @param lastOutputs the stack's outputs as its last pulumi up left them (a saved plan's, for a diff); empty for
     *                    a stack never deployed
     */
    public SimulatedAccount(Map<String, String> azNamesById, Map<String, Object> lastOutputs) {
        this.azNamesById = new LinkedHashMap<>(azNamesById);
        this.lastOutputs = Map.copyOf(lastOutputs);
    }

    /** The same account, with a stack that was last deployed with these outputs. */
    public SimulatedAccount withLastOutputs(Map<String, Object> outputs) {
        return new SimulatedAccount(azNamesById, outputs);
    }

    public Map<String, String> azNamesById() {
        return Map.copyOf(azNamesById);
    }

    @Override
    public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
        Map<String, Object> state = new HashMap<>(args.inputs);
        String id = args.id != null && !args.id.isEmpty() ? args.id : SimulatedIds.idFor(args.type, args.name, args.inputs);
        state.putAll(SimulatedIds.computedOutputs(args.type, args.name, id, args.inputs));
        return CompletableFuture.completedFuture(ResourceResult.of(Optional.of(id), state));
    }

    @Override
    public CompletableFuture<Map<String, Object>> callAsync(CallArgs args) {
        return CompletableFuture.completedFuture(answer(args.token, args.args));
    }

    /** Answers one invoke; subclasses add lookups, failing loudly on any they do not know. */
    protected Map<String, Object> answer(String token, Map<String, Object> args) {
        switch (token) {
            case "aws:index/getAvailabilityZones:getAvailabilityZones": {
                Map<String, Object> result = new HashMap<>();
                result.put("id", REGION);
                result.put("names", List.copyOf(azNamesById.values()));
                result.put("zoneIds", List.copyOf(azNamesById.keySet()));
                result.put("groupNames", List.copyOf(azNamesById.values().stream().map(n -> REGION).distinct().toList()));
                result.put("excludeNames", List.of());
                result.put("excludeZoneIds", List.of());
                result.put("filters", List.of());
                result.put("state", args.getOrDefault("state", "available"));
                return result;
            }
            case "aws:index/getCallerIdentity:getCallerIdentity":
                return Map.of("id", ACCOUNT_ID, "accountId", ACCOUNT_ID,
                        "arn", "arn:aws:iam::" + ACCOUNT_ID + ":user/offline-plan", "userId", "AIDAOFFLINEPLAN");
            case "aws:index/getRegion:getRegion":
                return Map.of("id", REGION, "name", REGION, "region", REGION, "description", "Asia Pacific (Tokyo)",
                        "endpoint", "ec2.ap-northeast-1.amazonaws.com");
            case "aws:ec2/getInstanceTypeOfferings:getInstanceTypeOfferings":
                return instanceTypeOfferings(args);
            case "aws:ssm/getParameter:getParameter": {
                String name = String.valueOf(args.get("name"));
                Map<String, Object> result = new HashMap<>();
                result.put("arn", "arn:aws:ssm:" + REGION + "::parameter" + name);
                result.put("id", name);
                result.put("name", name);
                result.put("type", "String");
                result.put("value", amiFor(name));
                result.put("insecureValue", amiFor(name));
                result.put("version", 1);
                result.put("withDecryption", args.getOrDefault("withDecryption", true));
                return result;
            }
            case "aws:ec2/getAmi:getAmi":
                return natAmi(args);
            case "pulumi:pulumi:readStackOutputs":
                return Map.of("name", String.valueOf(args.get("name")), "outputs", lastOutputs,
                        "secretOutputNames", List.of());
            default:
                throw new UnsupportedOperationException("the simulated account does not answer " + token);
        }
    }

    /** fck-nat's newest arm64 image as its publisher lists it in the seed region. */
    public static final String FCK_NAT_AMI = "ami-0fc7a1b2c3d4e5f60";

    /** The architecture of an AMI the simulated account knows; subclasses add x86_64 images to test refusals. */
    protected String architectureOf(String amiId) {
        return "arm64";
    }

    /** Answers the NAT AMI lookup: by image-id when pinned, else fck-nat's owner and name pattern. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> natAmi(Map<String, Object> args) {
        String id = FCK_NAT_AMI;
        String name = "fck-nat-al2023-hvm-1.3.0-20240125-arm64-ebs";
        for (Object f : (List<Object>) args.getOrDefault("filters", List.of())) {
            Map<String, Object> filter = (Map<String, Object>) f;
            List<Object> values = (List<Object>) filter.get("values");
            if ("image-id".equals(filter.get("name"))) {
                id = String.valueOf(values.get(0));
                name = "pinned-" + id;
            } else if ("name".equals(filter.get("name")) && !values.contains("fck-nat-al2023-*-arm64-ebs")) {
                throw new UnsupportedOperationException("the simulated account lists only fck-nat's arm64 images");
            }
        }
        Map<String, Object> result = new HashMap<>();
        result.put("id", id);
        result.put("imageId", id);
        result.put("name", name);
        result.put("architecture", architectureOf(id));
        result.put("arn", "arn:aws:ec2:" + REGION + "::image/" + id);
        result.put("blockDeviceMappings", List.of());
        result.put("bootMode", "uefi");
        result.put("creationDate", "2026-10-01T00:00:00.000Z");
        result.put("deprecationTime", "2028-10-01T00:00:00.000Z");
        result.put("description", "fck-nat, a NAT instance image");
        result.put("enaSupport", true);
        result.put("executableUsers", List.of());
        result.put("filters", args.getOrDefault("filters", List.of()));
        result.put("hypervisor", "xen");
        result.put("imageLocation", "568608671756/" + name);
        result.put("imageOwnerAlias", "");
        result.put("imageType", "machine");
        result.put("imdsSupport", "v2.0");
        result.put("includeDeprecated", false);
        result.put("kernelId", "");
        result.put("lastLaunchedTime", "");
        result.put("mostRecent", args.getOrDefault("mostRecent", true));
        result.put("nameRegex", "");
        result.put("ownerId", "568608671756");
        result.put("owners", args.getOrDefault("owners", List.of()));
        result.put("platform", "");
        result.put("platformDetails", "Linux/UNIX");
        result.put("productCodes", List.of());
        result.put("public", true);
        result.put("ramdiskId", "");
        result.put("rootDeviceName", "/dev/xvda");
        result.put("rootDeviceType", "ebs");
        result.put("rootSnapshotId", "snap-0123456789abcdef0");
        result.put("sriovNetSupport", "simple");
        result.put("state", "available");
        result.put("stateReason", Map.of("code", "UNSET", "message", "UNSET"));
        result.put("tags", Map.of());
        result.put("tpmSupport", "");
        result.put("uefiData", "");
        result.put("usageOperation", "RunInstances");
        result.put("virtualizationType", "hvm");
        return result;
    }

    /** The AMI a public SSM parameter points at; one stable, realistic ID per parameter. */
    public static String amiFor(String parameterName) {
        return "ami-0" + Integer.toHexString(parameterName.hashCode() | 0x10000000).substring(0, 8) + "c0ffee12";
    }

    /**
     * Whether EC2 offers the type in the AZ ID. Graviton4 c8g sizes are offered in the seed
     * account's three zones; subclasses take zones away to test the preview check.
     */
    protected boolean offers(String instanceType, String azId) {
        return azNamesById.containsKey(azId)
                && (instanceType.startsWith("c8g.") || instanceType.startsWith("t4g.") || instanceType.startsWith("m7g.")
                || instanceType.startsWith("c6gn.") || instanceType.startsWith("c7gn."));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> instanceTypeOfferings(Map<String, Object> args) {
        String locationType = String.valueOf(args.getOrDefault("locationType", "region"));
        if (!"availability-zone-id".equals(locationType)) {
            throw new UnsupportedOperationException("the simulated account answers offerings by availability-zone-id only");
        }
        List<String> types = List.of();
        List<Object> filters = (List<Object>) args.getOrDefault("filters", List.of());
        for (Object f : filters) {
            Map<String, Object> filter = (Map<String, Object>) f;
            if ("instance-type".equals(filter.get("name"))) {
                types = ((List<Object>) filter.get("values")).stream().map(String::valueOf).toList();
            }
        }
        List<String> locations = new java.util.ArrayList<>();
        List<String> instanceTypes = new java.util.ArrayList<>();
        for (String type : types) {
            for (String az : azNamesById.keySet()) {
                if (offers(type, az)) {
                    locations.add(az);
                    instanceTypes.add(type);
                }
            }
        }
        Map<String, Object> result = new HashMap<>();
        result.put("id", REGION);
        result.put("filters", filters);
        result.put("instanceTypes", instanceTypes);
        result.put("locations", locations);
        result.put("locationTypes", locations.stream().map(l -> locationType).toList());
        result.put("locationType", locationType);
        return result;
    }

    static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}

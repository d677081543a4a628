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

    public SimulatedAccount() {
        this(SEED_AZ_NAMES);
    }

    public SimulatedAccount(Map<String, String> azNamesById) {
        this.azNamesById = new LinkedHashMap<>(azNamesById);
    }

    public Map<String, String> azNamesById() {
        return Map.copyOf(azNamesById);
    }

    @Override
    public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
        Map<String, Object> state = new HashMap<>(args.inputs);
        String id = args.id != null && !args.id.isEmpty() ? args.id : SimulatedIds.idFor(args.type, args.name);
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
            default:
                throw new UnsupportedOperationException("the simulated account does not answer " + token);
        }
    }

    static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}

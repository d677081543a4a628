package com.kubetrader.plan;

import com.kubetrader.plan.network.NetworkPlan;
import com.kubetrader.plan.network.NetworkPlanner;
import com.kubetrader.plan.network.NetworkSettings;
import com.kubetrader.plan.settings.ConfigSource;

import com.kubetrader.offline.StackFiles;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Config exactly as a stack would get it: Pulumi.yaml defaults, the stack file, then overrides. */
public final class TestConfig {

    public static final Path PROJECT = Path.of("").toAbsolutePath();

    private TestConfig() {
    }

    public static Map<String, String> of(String stack, String... overrides) {
        Map<String, String> extra = new HashMap<>();
        for (int i = 0; i < overrides.length; i += 2) {
            extra.put(overrides[i], overrides[i + 1]);
        }
        return StackFiles.load(PROJECT).config(PROJECT, stack, extra);
    }

    public static NetworkSettings settings(String stack, String... overrides) {
        return NetworkSettings.read(ConfigSource.of(of(stack, overrides)));
    }

    /** The seed account's zones: ap-northeast-1a=apne1-az4, 1c=apne1-az1, 1d=apne1-az2. */
    public static AccountZones seedAccount() {
        return AccountZones.fromLookup("ap-northeast-1",
                java.util.List.of("apne1-az4", "apne1-az1", "apne1-az2"),
                java.util.List.of("ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"));
    }

    public static NetworkPlan plan(String stack, String... overrides) {
        return NetworkPlanner.plan("kubetrader", stack, settings(stack, overrides), seedAccount(), Map.of(),
                seedFacts());
    }

    /** The seed account's ID and fck-nat's arm64 image, as the simulated account answers. */
    public static com.kubetrader.plan.network.NetworkFacts seedFacts() {
        return new com.kubetrader.plan.network.NetworkFacts(com.kubetrader.offline.SimulatedAccount.ACCOUNT_ID,
                java.util.Optional.of(new com.kubetrader.plan.network.NatAmi(
                        com.kubetrader.offline.SimulatedAccount.FCK_NAT_AMI, "arm64")));
    }
}

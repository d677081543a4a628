package com.kubetrader.plan.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The NAT instance's health check, run with bash against fake ip, sysctl, iptables, curl and aws commands: it
 * marks the instance unhealthy only after the threshold of consecutive failures, and names what failed.
 */
class NatHealthScriptTest {

    @TempDir
    Path dir;
    Path script;
    Path awsCalls;

    /** A fake command: exits with $FAKE_&lt;NAME&gt;_RC (0 unless set), printing $FAKE_&lt;NAME&gt;_OUT. */
    void fake(String name, String body) throws IOException {
        Path bin = dir.resolve("bin").resolve(name);
        Files.writeString(bin, "#!/bin/bash\n" + body + "\n");
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(dir.resolve("bin"));
        script = dir.resolve("kubetrader-nat-health");
        Files.writeString(script, NatInstanceBoot.healthScript());
        awsCalls = dir.resolve("aws-calls");
        fake("ip", "exit ${FAKE_IP_RC:-0}");
        fake("sysctl", "echo ${FAKE_FORWARD:-1}");
        fake("iptables", "echo \"-A POSTROUTING -o ens5 -j ${FAKE_TARGET:-MASQUERADE}\"");
        fake("curl", """
                case "$*" in
                  *api/token*) echo token ;;
                  *instance-id*) echo i-0123456789abcdef0 ;;
                  *) echo "${FAKE_EGRESS:-203.0.113.7}"; exit ${FAKE_PROBE_RC:-0} ;;
                esac""");
        fake("aws", "echo \"$*\" >> " + awsCalls);
    }

    record Run(int exit, String out, String err) {
    }

    Run run(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), "eni-0123456789abcdef0", "ap-northeast-1",
                "203.0.113.7");
        pb.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
        pb.environment().put("KUBETRADER_NAT_STATE", dir.resolve("failures").toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("the health check finishes").isTrue();
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    List<String> awsCalls() throws IOException {
        return Files.exists(awsCalls) ? Files.readAllLines(awsCalls) : List.of();
    }

    @Nested
    class AForwardingNat {
        @Test
        void passesAndClearsEarlierFailures() throws Exception {
            assertThat(run(Map.of("FAKE_IP_RC", "1")).exit()).isEqualTo(1);
            Run ok = run(Map.of());
            assertThat(ok.exit()).isZero();
            assertThat(ok.out()).contains("nat-health: forwarding");
            assertThat(dir.resolve("failures")).doesNotExist();
            assertThat(awsCalls()).isEmpty();
        }
    }

    @Nested
    class ANatThatIsNotForwarding {
        @ParameterizedTest(name = "{0}={1}")
        @CsvSource({
                "FAKE_IP_RC,     1,      the fixed interface eni-0123456789abcdef0 is not attached",
                "FAKE_FORWARD,   0,      IPv4 forwarding is off",
                "FAKE_TARGET,    ACCEPT, no MASQUERADE rule in the nat table",
                "FAKE_PROBE_RC,  28,     no way out: https://checkip.amazonaws.com did not answer in 5 s",
                "FAKE_EGRESS,    198.51.100.9, 'traffic leaves from 198.51.100.9, not the whitelisted 203.0.113.7'"})
        void isMarkedUnhealthyOnTheThirdFailureInARowNamingTheCause(String key, String value, String cause)
                throws Exception {
            Map<String, String> env = Map.of(key, value);
            Run first = run(env);
            Run second = run(env);
            assertThat(List.of(first.exit(), second.exit())).containsExactly(1, 1);
            assertThat(first.err()).contains("nat-health: " + cause + " (1 of 3)");
            assertThat(awsCalls()).isEmpty();

            Run third = run(env);
            assertThat(third.exit()).isEqualTo(2);
            assertThat(third.err()).contains("(3 of 3)", "marking i-0123456789abcdef0 unhealthy");
            assertThat(awsCalls()).containsExactly("autoscaling set-instance-health --region ap-northeast-1 "
                    + "--instance-id i-0123456789abcdef0 --health-status Unhealthy");
        }

        @Test
        void waitsForTheThresholdTheEnvironmentSets() throws Exception {
            Run first = run(Map.of("FAKE_IP_RC", "1", "KUBETRADER_NAT_THRESHOLD", "1"));
            assertThat(first.exit()).isEqualTo(2);
            assertThat(awsCalls()).hasSize(1);
        }
    }
}

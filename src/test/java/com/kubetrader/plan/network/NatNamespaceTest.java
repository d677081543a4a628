package com.kubetrader.plan.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The NAT instance's health check against a real kernel. The NAT is built in Linux network namespaces on this
 * machine, with fck-nat's own set-up (forwarding on, rp_filter off, MASQUERADE on the outbound interface, real
 * iptables); a workload reaches an outside server through it, and the health script, unchanged, is run inside the
 * NAT's namespace against each fault it claims to catch. Only loopback and the namespaces this class creates are
 * touched; it needs root and skips, saying why, only where root or network namespaces are unavailable.
 *
 * <pre>
 *   workload                nat (the instance)                                   outside ("the internet")
 *   eth0 10.0.2.10 ──── ens6 10.0.2.1, altname eni-…
 *   default via 10.0.2.1    ens5 198.51.100.10 (the EIP) ─────────────────── eth0 198.51.100.1
 *                           default via 198.51.100.1                         lo 203.0.113.5:80, echoes the caller
 *                           lo 169.254.169.254:80, IMDS
 * </pre>
 *
 * <p>There is no internet gateway, so the outbound interface's own address stands in for the EIP, and the outside has
 * no route back to 10.0.2.0/24: only translated traffic gets an answer, as on the internet.
 */
class NatNamespaceTest {

    static final String ENI_ID = "eni-0123456789abcdef0";
    static final String REGION = "ap-northeast-1";
    static final String INSTANCE_ID = "i-0123456789abcdef0";
    static final String WORKLOAD_IP = "10.0.2.10";
    static final String INSIDE_IP = "10.0.2.1";
    /** The NAT's inside interface: the fixed one, fck-nat's eni_id, named by AL2023's udev rules. */
    static final String INSIDE = "ens6";
    /** The whitelisted address: the NAT's outbound address, what the outside sees once MASQUERADE rewrites. */
    static final String EIP = "198.51.100.10";
    /** The instance's own public address, which traffic leaves from when the EIP could not be associated. */
    static final String OWN_PUBLIC_IP = "198.51.100.99";
    static final String OUTSIDE_GATEWAY = "198.51.100.1";
    static final String PROBE_IP = "203.0.113.5";
    static final String PROBE_URL = "http://" + PROBE_IP + "/";
    static final String IMDS_IP = "169.254.169.254";
    /** fck-nat's rule, word for word (service/fck-nat.sh). */
    static final List<String> MASQUERADE = List.of("POSTROUTING", "-o", "ens5", "-j", "MASQUERADE", "-m", "comment",
            "--comment", "NAT routing rule installed by fck-nat");
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final Pattern OURS = Pattern.compile("ktnat(\\d+)-(workload|nat|outside)");

    @TempDir
    static Path dir;
    static long started;
    static Nat nat;
    static Path script;
    static Path bin;
    static Path awsCalls;
    static Path failures;

    record Result(List<String> command, int exit, String out, String err) {
        Result ok() {
            assertThat(exit).as("%s exits 0; stderr: %s", command, err).isZero();
            return this;
        }
    }

    static final AtomicInteger RUNS = new AtomicInteger();

    /** Runs a command to completion, within {@link #TIMEOUT}, its output captured in files (nothing can block it). */
    static Result run(Map<String, String> env, List<String> command) {
        int n = RUNS.incrementAndGet();
        Path out = dir.resolve("run-" + n + ".out");
        Path err = dir.resolve("run-" + n + ".err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError(command + " did not finish in " + TIMEOUT.toSeconds() + " s");
            }
            return new Result(command, p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Result run(String... command) {
        return run(Map.of(), List.of(command));
    }

    static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    /** Is {@code name} a command here? Needs only bash, which the health script needs anyway. */
    static boolean installed(String name) {
        return run("bash", "-c", "command -v " + name).exit() == 0;
    }

    /**
     * The three namespaces and what runs in them. Every method is one step of the set-up, so a fault is made
     * and repaired with the same steps the set-up uses.
     */
    static final class Nat {
        final String workload;
        final String nat;
        final String outside;
        final String iptables;
        final String python;
        final List<Process> servers = new ArrayList<>();

        Nat(String prefix, String iptables, String python) {
            this.workload = prefix + "-workload";
            this.nat = prefix + "-nat";
            this.outside = prefix + "-outside";
            this.iptables = iptables;
            this.python = python;
        }

        List<String> namespaces() {
            return List.of(workload, nat, outside);
        }

        static List<String> in(String namespace, String... command) {
            return concat(List.of("ip", "netns", "exec", namespace), command);
        }

        Result ip(String namespace, String... args) {
            return run(Map.of(), concat(List.of("ip", "-n", namespace), args)).ok();
        }

        Result sysctl(String setting) {
            return run(Map.of(), in(nat, "sysctl", "-q", "-w", setting)).ok();
        }

        Result iptables(String... args) {
            return iptables(List.of(args));
        }

        Result iptables(List<String> args) {
            List<String> command = in(nat, iptables, "-t", "nat");
            command.addAll(args);
            return run(Map.of(), command).ok();
        }

        /**
         * Namespaces with loopback up, the outside's public address and the IMDS address on loopback. The NAT's
         * namespace exists already: creating it is how the class finds out whether namespaces are available.
         */
        void namespacesUp() {
            for (String ns : List.of(workload, outside)) {
                run("ip", "netns", "add", ns).ok();
            }
            for (String ns : namespaces()) {
                ip(ns, "link", "set", "lo", "up");
            }
            ip(outside, "addr", "add", PROBE_IP + "/32", "dev", "lo");
            ip(nat, "addr", "add", IMDS_IP + "/32", "dev", "lo");
        }

        /** The fixed interface, the workload's way in: ens6, its altname the ENI ID (as amazon-ec2-net-utils adds). */
        void attachInside() {
            run("ip", "link", "add", "ens6", "netns", nat, "type", "veth", "peer", "name", "eth0", "netns", workload)
                    .ok();
            ip(nat, "link", "property", "add", "dev", "ens6", "altname", ENI_ID);
            ip(nat, "addr", "add", INSIDE_IP + "/24", "dev", "ens6");
            ip(nat, "link", "set", "ens6", "up");
            ip(workload, "addr", "add", WORKLOAD_IP + "/24", "dev", "eth0");
            ip(workload, "link", "set", "eth0", "up");
            ip(workload, "route", "add", "default", "via", INSIDE_IP);
        }

        /** Detached: the interface is gone from the instance (and so is the workload's end of it). */
        void detachInside() {
            ip(nat, "link", "del", "ens6");
        }

        /** ens5, the instance's own interface, to the outside, which has no route back to the private subnet. */
        void attachOutbound() {
            run("ip", "link", "add", "ens5", "netns", nat, "type", "veth", "peer", "name", "eth0", "netns", outside)
                    .ok();
            ip(outside, "addr", "add", OUTSIDE_GATEWAY + "/24", "dev", "eth0");
            ip(outside, "link", "set", "eth0", "up");
            ip(nat, "link", "set", "ens5", "up");
            outboundAddress(EIP);
        }

        /** The address traffic leaves from; removing the old one takes the default route with it, so it is set anew. */
        void outboundAddress(String address) {
            ip(nat, "addr", "flush", "dev", "ens5");
            ip(nat, "addr", "add", address + "/24", "dev", "ens5");
            defaultRoute();
        }

        void defaultRoute() {
            ip(nat, "route", "replace", "default", "via", OUTSIDE_GATEWAY, "dev", "ens5");
        }

        void noDefaultRoute() {
            ip(nat, "route", "del", "default");
        }

        /** What fck-nat's service script does to the kernel: forwarding on, rp_filter off everywhere, its NAT rule. */
        void fckNat() {
            forwarding(true);
            run(Map.of(), in(nat, "sh", "-c",
                    "for i in $(find /proc/sys/net/ipv4/conf/ -name rp_filter); do echo 0 > $i; done")).ok();
            iptables("-F");
            masquerade();
        }

        void forwarding(boolean on) {
            sysctl("net.ipv4.ip_forward=" + (on ? 1 : 0));
        }

        void insideForwarding(boolean on) {
            sysctl("net.ipv4.conf." + INSIDE + ".forwarding=" + (on ? 1 : 0));
        }

        void masquerade() {
            iptables(concat(List.of("-A"), MASQUERADE.toArray(String[]::new)));
        }

        void noMasquerade() {
            iptables(concat(List.of("-D"), MASQUERADE.toArray(String[]::new)));
        }

        /** Starts the stub in a namespace and waits until it listens. */
        void serve(String namespace, String mode, String address, String... extra) throws Exception {
            Path stub = dir.resolve("http_stub.py");
            if (!Files.exists(stub)) {
                try (InputStream in = NatNamespaceTest.class.getResourceAsStream("/netns/http_stub.py")) {
                    assertThat(in).as("netns/http_stub.py on the test classpath").isNotNull();
                    Files.write(stub, in.readAllBytes());
                }
            }
            Path ready = dir.resolve(mode + ".ready");
            Path log = dir.resolve(mode + ".log");
            List<String> command = concat(in(namespace, python, stub.toString(), mode, address, "80", ready.toString()),
                    extra);
            Process server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            servers.add(server);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!Files.exists(ready)) {
                if (!server.isAlive()) {
                    throw new AssertionError(mode + " server exited " + server.exitValue() + ": "
                            + Files.readString(log));
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(mode + " server did not listen in " + TIMEOUT.toSeconds() + " s: "
                            + Files.readString(log));
                }
                Thread.sleep(20);
            }
        }

        /** Stops the servers and deletes the namespaces, whatever state they are in; safe to call twice. */
        void down() {
            for (Process server : servers) {
                server.destroy();
            }
            for (Process server : servers) {
                try {
                    if (!server.waitFor(5, TimeUnit.SECONDS)) {
                        server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            servers.clear();
            for (String ns : namespaces()) {
                delete(ns);
            }
        }

        /** Ends what still runs in one of our namespaces (only what this class started there), then deletes it. */
        static void delete(String ns) {
            Result pids = run("ip", "netns", "pids", ns);
            if (pids.exit() == 0) {
                pids.out().lines().map(String::strip).filter(s -> s.matches("\\d+")).map(Long::parseLong)
                        .forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
                run("ip", "netns", "del", ns);
            }
        }

        /** What the outside sees as the workload's address, or null when the workload cannot reach it. */
        String workloadSeenAs(int seconds) {
            Result r = run(Map.of(), in(workload, "curl", "-sS", "-m", String.valueOf(seconds), PROBE_URL));
            return r.exit() == 0 ? r.out().strip() : null;
        }
    }

    /** Why this machine cannot build the NAT (no root, no namespaces), or null: every test then skips saying so. */
    static String skipReason;

    @BeforeAll
    static void buildTheNat() throws Exception {
        started = System.nanoTime();
        String uid = run("id", "-u").ok().out().strip();
        if (!System.getProperty("os.name").startsWith("Linux")) {
            skipReason = "network namespaces are Linux's, this is " + System.getProperty("os.name");
        } else if (!uid.equals("0")) {
            skipReason = "building network namespaces needs root, and this runs as uid " + uid
                    + " (CI runs as root)";
        }
        if (skipReason != null) {
            System.out.println("NatNamespaceTest skipped: " + skipReason);
            return;
        }
        assertThat(installed("ip")).as("iproute2's ip is installed (Debian: apt-get install iproute2)").isTrue();
        removeNamespacesOfDeadRuns();

        String prefix = "ktnat" + ProcessHandle.current().pid();
        Result probe = run("ip", "netns", "add", prefix + "-nat");
        if (probe.exit() != 0) {
            skipReason = "network namespaces are unavailable here: ip netns add: " + probe.err().strip();
            System.out.println("NatNamespaceTest skipped: " + skipReason);
            return;
        }
        try {
            for (String tool : List.of("curl", "python3", "sysctl", "iptables")) {
                assertThat(installed(tool)).as("%s is installed (Debian: apt-get install %s)", tool,
                        Map.of("sysctl", "procps").getOrDefault(tool, tool)).isTrue();
            }
            String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
            nat = new Nat(prefix, iptablesThatWorksIn(prefix + "-nat"), python);
            nat.namespacesUp();
            nat.attachInside();
            nat.attachOutbound();
            nat.fckNat();
            nat.serve(nat.outside, "echo-source", PROBE_IP);
            nat.serve(nat.nat, "imds", IMDS_IP, INSTANCE_ID);

            bin = Files.createDirectories(dir.resolve("bin"));
            awsCalls = dir.resolve("aws-calls");
            failures = dir.resolve("failures");
            Path aws = bin.resolve("aws");
            Files.writeString(aws, "#!/bin/bash\necho \"$*\" >> " + awsCalls + "\n");
            Files.setPosixFilePermissions(aws, PosixFilePermissions.fromString("rwxr-xr-x"));
            if (!nat.iptables.equals("iptables")) {
                // the health script calls plain iptables: give it the backend that works in a namespace here
                Files.createSymbolicLink(bin.resolve("iptables"), Path.of(nat.iptables));
            }
            script = dir.resolve("kubetrader-nat-health");
            Files.writeString(script, NatInstanceBoot.healthScript());
            System.out.printf("NatNamespaceTest: the NAT is up in %d ms (%s)%n", millisSince(started),
                    run(nat.iptables, "-V").out().strip());
        } catch (Throwable t) {
            tearDown();
            Nat.delete(prefix + "-nat");
            throw t;
        }
    }

    /** iptables-nft where it works in a namespace (Debian's default), else iptables-legacy. */
    static String iptablesThatWorksIn(String ns) {
        List<String> tried = new ArrayList<>();
        for (String candidate : List.of("iptables", "iptables-legacy")) {
            if (!installed(candidate)) {
                continue;
            }
            Result r = run(Map.of(), Nat.in(ns, candidate, "-t", "nat", "-S", "POSTROUTING"));
            if (r.exit() == 0) {
                return candidate.equals("iptables") ? candidate : run("bash", "-c", "command -v " + candidate)
                        .out().strip();
            }
            tried.add(candidate + ": " + r.err().strip());
        }
        throw new AssertionError("no iptables works inside a network namespace: " + tried);
    }

    /** Namespaces left by a run of this class that was killed before its tear-down (its JVM is gone). */
    static void removeNamespacesOfDeadRuns() {
        for (String line : run("ip", "netns", "list").out().lines().toList()) {
            Matcher m = OURS.matcher(line.split(" ")[0]);
            if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                Nat.delete(m.group());
            }
        }
    }

    @AfterAll
    static void tearDown() {
        if (nat != null) {
            nat.down();
            assertThat(run("ip", "netns", "list").out()).as("our namespaces are gone").doesNotContain(nat.nat);
            nat = null;
        }
        if (started != 0 && skipReason == null) {
            System.out.printf("NatNamespaceTest: %d ms in all, from building the NAT to tearing it down%n",
                    millisSince(started));
            started = 0;
        }
    }

    static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    @BeforeEach
    void noEarlierFailuresOrCalls() throws IOException {
        Assumptions.assumeTrue(skipReason == null, skipReason);
        Files.deleteIfExists(failures);
        Files.deleteIfExists(awsCalls);
    }

    /** Runs the health script, unchanged, in the NAT's namespace, with the fake aws first on PATH. */
    static Result healthCheck(int threshold) {
        Map<String, String> env = Map.of(
                "PATH", bin + ":" + System.getenv("PATH") + ":/usr/sbin:/sbin",
                "KUBETRADER_NAT_THRESHOLD", String.valueOf(threshold),
                "KUBETRADER_NAT_STATE", failures.toString(),
                "KUBETRADER_NAT_PROBE_URL", PROBE_URL);
        return run(env, Nat.in(nat.nat, "bash", script.toString(), ENI_ID, REGION, EIP));
    }

    static List<String> awsCalls() throws IOException {
        return Files.exists(awsCalls) ? Files.readAllLines(awsCalls) : List.of();
    }

    @Nested
    class AWorkloadBehindTheNat {
        @Test
        void reachesTheOutsideWhichSeesTheStandInAddressNotItsOwn() {
            assertThat(nat.workloadSeenAs(5)).isEqualTo(EIP).isNotEqualTo(WORKLOAD_IP);
        }

        @Test
        void isSeenFromTheAddressTheOutboundInterfaceHasNow() {
            try {
                nat.outboundAddress(OWN_PUBLIC_IP);
                assertThat(nat.workloadSeenAs(5)).isEqualTo(OWN_PUBLIC_IP);
            } finally {
                nat.outboundAddress(EIP);
            }
            assertThat(nat.workloadSeenAs(5)).isEqualTo(EIP);
        }
    }

    /** Each fault the health script claims to catch, made in the kernel the way it happens on the instance. */
    enum Fault {
        INTERFACE_MISSING("the fixed interface is detached",
                "the fixed interface " + ENI_ID + " is not attached", Nat::detachInside, Nat::attachInside, null),
        FORWARDING_OFF("net.ipv4.ip_forward is 0",
                "IPv4 forwarding is off", n -> n.forwarding(false), n -> n.forwarding(true), null),
        INSIDE_FORWARDING_OFF("forwarding is off on the inside interface only (the kernel decides by the inbound one)",
                "IPv4 forwarding is off on the inside interface " + INSIDE, n -> n.insideForwarding(false),
                n -> n.insideForwarding(true), null),
        NO_MASQUERADE("fck-nat's MASQUERADE rule is deleted",
                "no MASQUERADE rule in the nat table", Nat::noMasquerade, Nat::masquerade, null),
        NO_WAY_OUT("the outbound default route is gone",
                "no way out: " + PROBE_URL + " did not answer in 5 s", Nat::noDefaultRoute, Nat::defaultRoute, null),
        WRONG_SOURCE("the EIP is not on the outbound interface, its own public address is",
                "traffic leaves from " + OWN_PUBLIC_IP + ", not the whitelisted " + EIP,
                n -> n.outboundAddress(OWN_PUBLIC_IP), n -> n.outboundAddress(EIP), OWN_PUBLIC_IP);

        final String description;
        final String problem;
        final Consumer<Nat> make;
        final Consumer<Nat> repair;
        /** What the outside sees of the workload while the fault lasts: null when nothing gets through. */
        final String workloadSeenAs;

        Fault(String description, String problem, Consumer<Nat> make, Consumer<Nat> repair, String workloadSeenAs) {
            this.description = description;
            this.problem = problem;
            this.make = make;
            this.repair = repair;
            this.workloadSeenAs = workloadSeenAs;
        }

        @Override
        public String toString() {
            return description;
        }
    }

    @Nested
    class TheHealthCheck {
        @Test
        void passesOnAForwardingNat() throws IOException {
            Result ok = healthCheck(1);
            assertThat(ok.exit()).as("exit; stderr: %s", ok.err()).isZero();
            assertThat(ok.out()).contains("nat-health: forwarding");
            assertThat(awsCalls()).isEmpty();
            assertThat(failures).doesNotExist();
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(Fault.class)
        void catchesTheFaultMarksTheInstanceUnhealthyAndPassesOnceItIsRepaired(Fault fault) throws IOException {
            try {
                fault.make.accept(nat);
                // the kernel state is real: the workload is cut off, or seen from the wrong address
                // (waiting 1 s for what should not get through, 5 s for what should)
                assertThat(nat.workloadSeenAs(fault.workloadSeenAs == null ? 1 : 5))
                        .as("what the outside sees of the workload")
                        .isEqualTo(fault.workloadSeenAs);

                Result caught = healthCheck(1);
                assertThat(caught.exit()).as("exit; stdout: %s; stderr: %s", caught.out(), caught.err())
                        .isEqualTo(2);
                assertThat(caught.err()).contains("nat-health: " + fault.problem + " (1 of 1)",
                        "nat-health: marking " + INSTANCE_ID + " unhealthy");
                assertThat(awsCalls()).containsExactly("autoscaling set-instance-health --region " + REGION
                        + " --instance-id " + INSTANCE_ID + " --health-status Unhealthy");
            } finally {
                fault.repair.accept(nat);
            }
            Files.deleteIfExists(awsCalls);
            Result repaired = healthCheck(1);
            assertThat(repaired.exit()).as("exit once repaired; stderr: %s", repaired.err()).isZero();
            assertThat(repaired.out()).contains("nat-health: forwarding");
            assertThat(failures).doesNotExist();
            assertThat(awsCalls()).isEmpty();
            assertThat(nat.workloadSeenAs(5)).isEqualTo(EIP);
        }
    }
}

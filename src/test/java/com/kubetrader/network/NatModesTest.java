package com.kubetrader.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.kubetrader.offline.OfflineRun;
import com.kubetrader.offline.PlannedResource;
import com.kubetrader.offline.SimulatedAccount;
import com.kubetrader.plan.Cidr;
import com.kubetrader.plan.TestConfig;
import com.kubetrader.plan.network.NatPlan;
import com.kubetrader.plan.network.NetworkPlan;
import com.kubetrader.plan.network.SecurityInvariants;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** kubetrader:natMode gateway, instance and none, on both shipped stacks, under Pulumi's mock engine. */
class NatModesTest {

    static final String INTERFACE = "aws:ec2/networkInterface:NetworkInterface";
    static final String GROUP = "aws:autoscaling/group:Group";
    static final String TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
    static final String ROLE = "aws:iam/role:Role";
    static final String ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
    static final List<String> STACKS = List.of("dev", "prod");
    static final List<String> MODES = List.of("gateway", "instance", "none");
    static final ObjectMapper JSON = new ObjectMapper();

    static OfflineRun.Result run(String stack, String mode, String... overrides) {
        Map<String, String> config = new HashMap<>();
        config.put("kubetrader:natMode", mode);
        for (int i = 0; i < overrides.length; i += 2) {
            config.put(overrides[i], overrides[i + 1]);
        }
        return OfflineRun.run(Path.of(""), stack, config, new SimulatedAccount());
    }

    static Stream<Arguments> stacksAndModes() {
        return STACKS.stream().flatMap(stack -> MODES.stream().map(mode -> Arguments.of(stack, mode)));
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class EveryModeOnBothStacks {
        private final Map<String, OfflineRun.Result> runs = new LinkedHashMap<>();

        OfflineRun.Result of(String stack, String mode) {
            return runs.computeIfAbsent(stack + "/" + mode, k -> run(stack, mode));
        }

        @ParameterizedTest(name = "{0} in natMode {1}")
        @MethodSource("com.kubetrader.network.NatModesTest#stacksAndModes")
        void plansWithoutErrors(String stack, String mode) {
            assertThat(of(stack, mode).errors()).isEmpty();
            assertThat(of(stack, mode).outputs()).containsEntry("natMode", mode);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({"dev", "prod"})
        void keepTheEipUnderOneUrnWithTheSameInputsAndProtection(String stack) {
            Set<String> eips = new HashSet<>();
            for (String mode : MODES) {
                PlannedResource eip = of(stack, mode).named(NetworkStackTest.EIP, "kubetrader-nat-eip");
                eips.add(eip.urn() + " " + eip.inputs() + " protect=" + eip.protect() + " retain=" + eip.retainOnDelete());
            }
            assertThat(eips).containsExactly("urn:pulumi:" + stack + "::kubetrader::pulumi:pulumi:Stack$kubetrader:network:SingleAzVpc$"
                    + "kubetrader:network:EipNat$aws:ec2/eip:Eip::kubetrader-nat-eip {domain=vpc, tags={Name=kubetrader-nat-eip, "
                    + "kubetrader.io/whitelisted=true}} protect=true retain=true");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({"dev", "prod"})
        void exportTheSameWhitelistedAddressInEveryMode(String stack) {
            assertThat(MODES.stream().map(mode -> of(stack, mode).outputs().get("natPublicIp")).distinct().toList())
                    .hasSize(1).doesNotContainNull();
        }

        @ParameterizedTest(name = "{0} in natMode {1}")
        @CsvSource({"dev, gateway, kubetrader-workload: 0.0.0.0/0 -> kubetrader-nat",
                "dev, instance, kubetrader-workload: 0.0.0.0/0 -> kubetrader-nat-eni",
                "prod, gateway, kubetrader-workload: 0.0.0.0/0 -> kubetrader-nat",
                "prod, instance, kubetrader-workload: 0.0.0.0/0 -> kubetrader-nat-eni"})
        void routeTheWorkloadsDefaultRouteToTheModesNat(String stack, String mode, String route) {
            assertThat(NetworkStackTest.declaredRoutes(of(stack, mode))).contains(route)
                    .filteredOn(r -> r.startsWith("kubetrader-workload: 0.0.0.0/0")).hasSize(1);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({"dev", "prod"})
        void giveTheWorkloadNoDefaultRouteInModeNone(String stack) {
            assertThat(NetworkStackTest.declaredRoutes(of(stack, "none"))).containsExactly(
                    "kubetrader-public: 0.0.0.0/0 -> kubetrader-igw",
                    "kubetrader-standby-public: 0.0.0.0/0 -> kubetrader-igw");
            assertThat(of(stack, "none").ofType(NetworkStackTest.NAT)).isEmpty();
            assertThat(of(stack, "none").ofType(INTERFACE)).isEmpty();
            assertThat(String.valueOf(of(stack, "none").outputs().get("workloadEgress"))).startsWith(
                    "none: the workload subnet has no default route. Image pulls need the ecr.api and ecr.dkr "
                            + "interface endpoints");
        }

        @ParameterizedTest(name = "{0} in natMode {1}")
        @MethodSource("com.kubetrader.network.NatModesTest#stacksAndModes")
        void turnSourceDestCheckOffOnlyOnTheNatInterface(String stack, String mode) {
            List<String> forwarding = of(stack, mode).resources().stream()
                    .filter(r -> Boolean.FALSE.equals(r.inputs().get("sourceDestCheck")))
                    .map(PlannedResource::name).toList();
            assertThat(forwarding).isEqualTo(mode.equals("instance") ? List.of("kubetrader-nat-eni") : List.of());
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({"dev", "prod"})
        void nameTheNatGatewayOnlyInGatewayModeAndTheNatInstanceOnlyInInstanceMode(String stack) {
            assertThat(of(stack, "gateway").ofType(NetworkStackTest.NAT)).hasSize(1);
            assertThat(of(stack, "gateway").ofType(GROUP)).isEmpty();
            assertThat(of(stack, "instance").ofType(NetworkStackTest.NAT)).isEmpty();
            assertThat(of(stack, "instance").ofType(GROUP)).extracting(g -> g.inputText("name"))
                    .containsExactly("kubetrader-" + stack + "-nat");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class InstanceMode {
        private final OfflineRun.Result dev = run("dev", "instance");
        private final PlannedResource eni = dev.named(INTERFACE, "kubetrader-nat-eni");
        private final PlannedResource eip = dev.named(NetworkStackTest.EIP, "kubetrader-nat-eip");

        @Test
        void putsAFixedInterfaceWithSourceDestCheckOffAndTheNatTagInThePrimaryPublicSubnet() {
            assertThat(dev.byId(eni.inputText("subnetId")).name()).isEqualTo("kubetrader-public");
            assertThat(eni.inputs().get("sourceDestCheck")).isEqualTo(false);
            assertThat(eni.<Map<String, Object>>input("tags")).containsEntry(NatPlan.InstanceSlot.TAG, "kubetrader-dev-nat");
            assertThat((List<?>) eni.input("securityGroups")).extracting(id -> dev.byId((String) id).name())
                    .containsExactly("kubetrader-nat-sg");
        }

        @Test
        void admitsOnlyTheRoutedSubnetAndSendsAnywhere() {
            List<String> rules = new ArrayList<>();
            for (String type : List.of(NetworkStackTest.INGRESS, NetworkStackTest.EGRESS)) {
                for (PlannedResource rule : dev.ofType(type)) {
                    if (dev.byId(rule.inputText("securityGroupId")).name().equals("kubetrader-nat-sg")) {
                        rules.add((type.equals(NetworkStackTest.INGRESS) ? "in " : "out ") + rule.inputText("cidrIpv4"));
                    }
                }
            }
            assertThat(rules).containsExactlyInAnyOrder("in 10.0.16.0/20", "out 0.0.0.0/0");
        }

        @Test
        void runsFckNatOnT4gNanoInAGroupOfExactlyOneWithImdsV2Only() {
            PlannedResource group = dev.named(GROUP, "kubetrader-nat-asg");
            assertThat(List.of(group.inputs().get("minSize"), group.inputs().get("maxSize"),
                    group.inputs().get("desiredCapacity"))).extracting(n -> ((Number) n).intValue())
                    .containsExactly(1, 1, 1);
            assertThat((List<?>) group.input("vpcZoneIdentifiers")).extracting(id -> dev.byId((String) id).name())
                    .containsExactly("kubetrader-public");
            PlannedResource template = dev.named(TEMPLATE, "kubetrader-nat-template");
            assertThat(template.inputText("imageId")).isEqualTo(SimulatedAccount.FCK_NAT_AMI);
            assertThat(template.inputText("instanceType")).isEqualTo("t4g.nano");
            assertThat(template.<Map<String, Object>>input("metadataOptions")).containsEntry("httpTokens", "required");
            assertThat(template.inputs()).doesNotContainKey("keyName");
        }

        @Test
        void bootsFckNatWithTheFixedInterfaceAndTheWhitelistedAllocationAndAHealthCheck() {
            String userData = new String(Base64.getDecoder().decode(dev.named(TEMPLATE, "kubetrader-nat-template")
                    .inputText("userData")), StandardCharsets.UTF_8);
            assertThat(userData)
                    .contains("eni_id=" + eni.id().orElseThrow() + "\n")
                    .contains("eip_id=" + eip.id().orElseThrow() + "\n")
                    .contains("ExecStart=/usr/local/bin/kubetrader-nat-health " + eni.id().orElseThrow() + " ap-northeast-1 "
                            + dev.outputs().get("natPublicIp") + "\n")
                    .contains("set-instance-health")
                    .contains("systemctl enable --now kubetrader-nat-health.timer");
        }

        @Test
        void letsTheRoleAttachOnlyThatInterfaceAndAssociateOnlyThatAllocation() {
            JsonNode policy = json(dev.named(ROLE_POLICY, "kubetrader-nat-role-nat").inputText("policy"));
            Map<String, List<String>> resourcesByAction = new LinkedHashMap<>();
            for (JsonNode statement : policy.get("Statement")) {
                for (JsonNode action : statement.get("Action")) {
                    List<String> resources = resourcesByAction.computeIfAbsent(action.asText(), k -> new ArrayList<>());
                    statement.get("Resource").forEach(r -> resources.add(r.asText()));
                }
            }
            String arn = "arn:aws:ec2:ap-northeast-1:" + SimulatedAccount.ACCOUNT_ID + ":";
            assertThat(resourcesByAction.keySet()).containsExactlyInAnyOrder("ec2:AttachNetworkInterface",
                    "ec2:ModifyNetworkInterfaceAttribute", "ec2:AssociateAddress", "ec2:DescribeAddresses",
                    "autoscaling:SetInstanceHealth");
            // a listing call takes no resource-level permission: the address keeper only reads who holds the EIP
            assertThat(resourcesByAction.get("ec2:DescribeAddresses")).containsExactly("*");
            assertThat(resourcesByAction.get("ec2:AttachNetworkInterface"))
                    .containsExactly(arn + "network-interface/" + eni.id().orElseThrow(), arn + "instance/*");
            assertThat(resourcesByAction.get("ec2:AssociateAddress"))
                    .contains(arn + "elastic-ip/" + eip.id().orElseThrow());
            assertThat(resourcesByAction.get("autoscaling:SetInstanceHealth")).containsExactly("arn:aws:autoscaling:"
                    + "ap-northeast-1:" + SimulatedAccount.ACCOUNT_ID + ":autoScalingGroup:*:autoScalingGroupName/kubetrader-dev-nat");
            assertThat(dev.named("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "kubetrader-nat-role-ssm")
                    .inputText("policyArn")).isEqualTo("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore");
        }

        @Test
        void holdsEveryWildcardResourceToThisNatsTag() {
            JsonNode policy = json(dev.named(ROLE_POLICY, "kubetrader-nat-role-nat").inputText("policy"));
            for (JsonNode statement : policy.get("Statement")) {
                boolean wildcard = false;
                for (JsonNode resource : statement.get("Resource")) {
                    wildcard |= resource.asText().endsWith("/*") && resource.asText().startsWith("arn:aws:ec2:");
                }
                if (wildcard) {
                    assertThat(statement.at("/Condition/StringEquals/aws:ResourceTag~1kubetrader.io~1nat/0").asText())
                            .as(statement.get("Sid").asText()).isEqualTo("kubetrader-dev-nat");
                }
            }
        }

        @Test
        void usesAPinnedAmiWhenTheUserPinsOne() {
            var pinned = run("dev", "instance", "kubetrader:natInstanceAmiId", "ami-0123456789abcdef0");
            assertThat(pinned.named(TEMPLATE, "kubetrader-nat-template").inputText("imageId"))
                    .isEqualTo("ami-0123456789abcdef0");
        }
    }

    @Nested
    class BadValues {
        /** An account whose pinned images are x86_64. */
        static final class X86Images extends SimulatedAccount {
            @Override
            protected String architectureOf(String amiId) {
                return amiId.equals(FCK_NAT_AMI) ? "arm64" : "x86_64";
            }
        }

        @ParameterizedTest(name = "{0} = {1}")
        @CsvSource(delimiter = '|', value = {
                "kubetrader:natMode         | bridge           | kubetrader:natMode = 'bridge': not a NAT mode; expected gateway",
                "kubetrader:natInstanceType | t3.nano          | kubetrader:natInstanceType = 't3.nano': not a Graviton (arm64) type",
                "kubetrader:natInstanceType | c8g.             | kubetrader:natInstanceType = 'c8g.': not a Graviton (arm64) type",
                "kubetrader:natInstanceAmiId | ami-123         | kubetrader:natInstanceAmiId = 'ami-123': not an AMI ID; expected ami-",
                "kubetrader:natInstanceAmiId | AMI-0123456789abcdef0 | kubetrader:natInstanceAmiId = 'AMI-0123456789abcdef0': not an AMI ID"})
        void areRefusedNamingTheKeyTheValueAndTheFix(String key, String value, String message) {
            Map<String, String> config = new HashMap<>(Map.of("kubetrader:natMode", "instance"));
            config.put(key, value);
            var result = OfflineRun.run(Path.of(""), "dev", config, new SimulatedAccount());
            assertThat(String.join("\n", result.errors())).contains(message);
            assertThat(result.resources()).filteredOn(r -> r.type().equals(NetworkStackTest.EIP)).isEmpty();
        }

        @Test
        void aPinnedX86AmiIsRefusedForTheArm64Type() {
            var result = OfflineRun.run(Path.of(""), "dev", Map.of("kubetrader:natMode", "instance",
                    "kubetrader:natInstanceAmiId", "ami-0aaaaaaaaaaaaaaa1"), new X86Images());
            assertThat(String.join("\n", result.errors())).contains("kubetrader:natInstanceAmiId = "
                    + "'ami-0aaaaaaaaaaaaaaa1': the NAT AMI ami-0aaaaaaaaaaaaaaa1 is x86_64, but kubetrader:natInstanceType "
                    + "t4g.nano is arm64 (Graviton)");
        }

        @Test
        void anArmTypeThePriceDataHoldsIsAcceptedWhenNoNatInstanceRuns() {
            assertThat(run("prod", "gateway", "kubetrader:natInstanceType", "t4g.small").errors()).isEmpty();
        }

        @Test
        void aTypeThePriceDataDoesNotHoldIsRefusedEvenWhenNoNatInstanceRunsBecauseCostPricesTheSwitch() {
            assertThat(String.join("\n", run("prod", "gateway", "kubetrader:natInstanceType", "t3.nano").errors()))
                    .contains("kubetrader:natInstanceType = 't3.nano': no such NAT instance type in the price data");
        }
    }

    @Nested
    class Invariants {
        @Test
        void refuseANatSecurityGroupThatAdmitsTheWorld() {
            NetworkPlan plan = TestConfig.plan("dev", "kubetrader:natMode", "instance");
            NatPlan.Slot slot = plan.nat().slots().get(0);
            NatPlan.InstanceSlot nat = slot.instance().orElseThrow();
            NatPlan.InstanceSlot open = new NatPlan.InstanceSlot(nat.interfaceName(), nat.securityGroupName(),
                    nat.roleName(), nat.profileName(), nat.launchTemplateName(), nat.groupName(),
                    nat.autoScalingGroupName(), List.of(Cidr.parse("0.0.0.0/0")));
            NetworkPlan opened = new NetworkPlan(plan.name(), plan.region(), plan.vpcCidr(), plan.vpcName(), plan.vpcTags(),
                    plan.internetGatewayName(), plan.subnets(), plan.routeTables(),
                    new NatPlan(plan.nat().mode(), plan.nat().primaryEip(), plan.nat().standbyEip(),
                            List.of(new NatPlan.Slot(slot.key(), slot.gatewayName(), slot.subnet(), slot.azId(), slot.eip(),
                                    slot.routedSubnets(), java.util.Optional.of(open))), plan.nat().activeZone()),
                    plan.securityRules(), plan.gatewayEndpoints(), plan.interfaceEndpoints(), plan.dbSubnetGroup(),
                    plan.flowLogs(), plan.reservedBlocks(), plan.reservedAzId(), plan.protect(), plan.names());
            assertThat(SecurityInvariants.violations(plan)).isEmpty();
            assertThat(SecurityInvariants.violations(opened)).containsExactly("kubetrader-nat-sg admits 0.0.0.0/0; "
                    + "a NAT interface forwards only for the VPC's routed subnets, never for the world");
        }

        @Test
        void refuseSourceDestCheckOffAnywhereButTheTaggedNatInterface() {
            assertThat(SecurityInvariants.forwardingViolations(List.of(
                    new SecurityInvariants.Forwarding(INTERFACE, "kubetrader-nat-eni", false, true),
                    new SecurityInvariants.Forwarding(INTERFACE, "an-eni", true, false),
                    new SecurityInvariants.Forwarding("aws:ec2/instance:Instance", "a-router", false, true),
                    new SecurityInvariants.Forwarding(INTERFACE, "an-untagged-eni", false, false))))
                    .containsExactly(
                            "a-router (aws:ec2/instance:Instance) turns source/destination check off; only the NAT "
                                    + "instance's fixed interface may",
                            "an-untagged-eni (" + INTERFACE + ") turns source/destination check off; only the NAT "
                                    + "instance's fixed interface may");
        }
    }

    @Nested
    class TheFlowLogRole {
        private final OfflineRun.Result prod = run("prod", "gateway");

        @Test
        void isAssumableOnlyByFlowLogsOfThisAccountAndRegion() {
            JsonNode statement = json(prod.named(ROLE, "kubetrader-flow-logs-role").inputText("assumeRolePolicy"))
                    .get("Statement").get(0);
            assertThat(statement.at("/Principal/Service").asText()).isEqualTo("vpc-flow-logs.amazonaws.com");
            assertThat(statement.at("/Condition/StringEquals/aws:SourceAccount").asText())
                    .isEqualTo(SimulatedAccount.ACCOUNT_ID);
            assertThat(statement.at("/Condition/ArnLike/aws:SourceArn").asText())
                    .isEqualTo("arn:aws:ec2:ap-northeast-1:" + SimulatedAccount.ACCOUNT_ID + ":vpc-flow-log/*");
        }

        @Test
        void grantsTheFiveActionsTheVpcGuideListsOnTheStacksLogGroup() {
            JsonNode policy = json(prod.named(ROLE_POLICY, "kubetrader-flow-logs-write").inputText("policy"));
            List<String> actions = new ArrayList<>();
            for (JsonNode statement : policy.get("Statement")) {
                statement.get("Action").forEach(a -> actions.add(a.asText()));
                statement.get("Resource").forEach(r -> assertThat(r.asText()).isNotEqualTo("*"));
            }
            assertThat(actions).containsExactlyInAnyOrder("logs:CreateLogGroup", "logs:CreateLogStream",
                    "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams");
            assertThat(policy.get("Statement").get(0).get("Resource").get(0).asText())
                    .endsWith(":log-group:/kubetrader/prod/vpc-flow-logs");
        }
    }
}

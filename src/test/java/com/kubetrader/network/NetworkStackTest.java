package com.kubetrader.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.kubetrader.offline.OfflineRun;
import com.kubetrader.offline.PlannedResource;
import com.kubetrader.offline.SimulatedAccount;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The whole program under Pulumi's mock engine, for the stack files this repository ships. */
class NetworkStackTest {

    static final String SUBNET = "aws:ec2/subnet:Subnet";
    static final String ROUTE_TABLE = "aws:ec2/routeTable:RouteTable";
    static final String ROUTE = "aws:ec2/route:Route";
    static final String ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation";
    static final String EIP = "aws:ec2/eip:Eip";
    static final String NAT = "aws:ec2/natGateway:NatGateway";
    static final String ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
    static final String INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
    static final String EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";

    static OfflineRun.Result run(String stack, String... overrides) {
        Map<String, String> extra = new HashMap<>();
        for (int i = 0; i < overrides.length; i += 2) {
            extra.put(overrides[i], overrides[i + 1]);
        }
        return OfflineRun.run(Path.of(""), stack, extra, new SimulatedAccount());
    }

    /** Resources of one type inside the network component (the dev stack also holds the benchmark fleet). */
    static List<PlannedResource> network(OfflineRun.Result result, String type) {
        return result.ofType(type).stream().filter(NetworkStackTest::inNetwork).toList();
    }

    static boolean inNetwork(PlannedResource r) {
        return r.urn().contains(SingleAzVpc.TYPE + "$") || r.type().startsWith("kubetrader:network:");
    }

    /** The name of the subnet a route table is associated with. */
    static String subnetOfTable(OfflineRun.Result result, PlannedResource table) {
        PlannedResource association = network(result, ASSOCIATION).stream()
                .filter(a -> table.id().orElseThrow().equals(a.inputText("routeTableId"))).findFirst().orElseThrow();
        return result.byId(association.inputText("subnetId")).name();
    }

    /** Routes as "subnet: destination -> target resource name", following IDs to what they name. */
    static List<String> declaredRoutes(OfflineRun.Result result) {
        return network(result, ROUTE).stream().map(route -> {
            String subnet = subnetOfTable(result, result.byId(route.inputText("routeTableId")));
            String target = route.inputs().containsKey("gatewayId") ? result.byId(route.inputText("gatewayId")).name()
                    : route.inputs().containsKey("natGatewayId") ? result.byId(route.inputText("natGatewayId")).name()
                    : route.inputs().containsKey("networkInterfaceId")
                    ? result.byId(route.inputText("networkInterfaceId")).name()
                    : route.inputText("vpcPeeringConnectionId");
            return subnet + ": " + route.inputText("destinationCidrBlock") + " -> " + target;
        }).sorted().toList();
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class DevStack {
        private final OfflineRun.Result dev = run("dev");

        @Test
        void runsWithoutErrors() {
            assertThat(dev.errors()).isEmpty();
        }

        @Test
        void declaresEverySubnetWithItsCidrAndAzId() {
            assertThat(network(dev, SUBNET)).extracting(s -> s.name() + " " + s.inputText("cidrBlock") + " "
                            + s.inputText("availabilityZoneId") + " publicIp=" + s.inputs().get("mapPublicIpOnLaunch"))
                    .containsExactlyInAnyOrder(
                            "kubetrader-public 10.0.0.0/24 apne1-az4 publicIp=true",
                            "kubetrader-workload 10.0.16.0/20 apne1-az4 publicIp=false",
                            "kubetrader-data 10.0.10.0/24 apne1-az4 publicIp=false",
                            "kubetrader-standby-public 10.0.1.0/24 apne1-az1 publicIp=false",
                            "kubetrader-standby-private 10.0.11.0/24 apne1-az1 publicIp=false",
                            "kubetrader-standby-workload 10.0.32.0/20 apne1-az1 publicIp=false");
        }

        @Test
        void neverPlacesBySubnetAzName() {
            assertThat(network(dev, SUBNET)).allSatisfy(s -> assertThat(s.inputs()).doesNotContainKey("availabilityZone"));
        }

        @Test
        void givesEachSubnetItsOwnRouteTable() {
            assertThat(network(dev, ROUTE_TABLE)).hasSize(6);
            assertThat(network(dev, ROUTE_TABLE)).extracting(t -> subnetOfTable(dev, t)).doesNotHaveDuplicates().hasSize(6);
        }

        @Test
        void routesPublicSubnetsToTheIgwTheWorkloadToTheNatInstanceAndTheDataTierNowhere() {
            assertThat(declaredRoutes(dev)).containsExactly(
                    "kubetrader-public: 0.0.0.0/0 -> kubetrader-igw",
                    "kubetrader-standby-public: 0.0.0.0/0 -> kubetrader-igw",
                    "kubetrader-workload: 0.0.0.0/0 -> kubetrader-nat-eni");
        }

        @Test
        void putsTheNatInstancesFixedInterfaceInThePrimaryPublicSubnet() {
            PlannedResource eni = dev.named(NatModesTest.INTERFACE, "kubetrader-nat-eni");
            PlannedResource subnet = dev.byId(eni.inputText("subnetId"));
            assertThat(subnet.name()).isEqualTo("kubetrader-public");
            assertThat(subnet.inputText("availabilityZoneId")).isEqualTo("apne1-az4");
        }

        @Test
        void protectsAndRetainsTheWhitelistedEip() {
            PlannedResource eip = dev.named(EIP, "kubetrader-nat-eip");
            assertThat(eip.protect()).isTrue();
            assertThat(eip.retainOnDelete()).isTrue();
            assertThat(eip.inputText("domain")).isEqualTo("vpc");
        }

        @Test
        void exportsTheNatPublicIpForTheExchangeWhitelist() {
            assertThat(dev.outputs().get("natPublicIp")).asString().matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
            assertThat(dev.outputs().get("natEipAllocationId")).isEqualTo(dev.named(EIP, "kubetrader-nat-eip").id().orElseThrow());
        }

        @Test
        void attachesGatewayEndpointsToThePublicAndBothWorkloadTables() {
            for (String service : List.of("s3", "dynamodb")) {
                PlannedResource endpoint = dev.named(ENDPOINT, "kubetrader-vpce-" + service);
                assertThat(endpoint.inputText("vpcEndpointType")).isEqualTo("Gateway");
                List<String> tables = endpoint.input("routeTableIds");
                assertThat(tables).extracting(id -> subnetOfTable(dev, dev.byId(id)))
                        .containsExactly("kubetrader-public", "kubetrader-workload", "kubetrader-standby-workload");
            }
        }

        @Test
        void putsSecretsManagerInTheWorkloadSubnetOnlyBehindTheEndpointGroup() {
            PlannedResource secrets = dev.named(ENDPOINT, "kubetrader-vpce-secretsmanager");
            assertThat(secrets.inputText("serviceName")).isEqualTo("com.amazonaws.ap-northeast-1.secretsmanager");
            assertThat(secrets.inputs().get("privateDnsEnabled")).isEqualTo(true);
            List<String> subnets = secrets.input("subnetIds");
            assertThat(subnets).extracting(id -> dev.byId(id).name()).containsExactly("kubetrader-workload");
            List<String> groups = secrets.input("securityGroupIds");
            assertThat(groups).extracting(id -> dev.byId(id).name()).containsExactly("kubetrader-sg-endpoints");
        }

        @Test
        void declaresEverySecurityGroupRuleAndNoOther() {
            List<String> rules = new java.util.ArrayList<>();
            for (String type : List.of(INGRESS, EGRESS)) {
                for (PlannedResource rule : network(dev, type)) {
                    String peer = rule.inputs().containsKey("cidrIpv4") ? rule.inputText("cidrIpv4")
                            : dev.byId(rule.inputText("referencedSecurityGroupId")).name();
                    Object from = rule.inputs().get("fromPort");
                    rules.add(dev.byId(rule.inputText("securityGroupId")).name() + (type.equals(INGRESS) ? " in " : " out ")
                            + rule.inputText("ipProtocol") + " " + (from == null ? "all" : ((Number) from).intValue() + "-"
                            + ((Number) rule.inputs().get("toPort")).intValue()) + " " + peer);
                }
            }
            assertThat(rules).containsExactlyInAnyOrder(
                    "kubetrader-nat-sg in -1 all 10.0.16.0/20",
                    "kubetrader-nat-sg out -1 all 0.0.0.0/0",
                    "kubetrader-sg-workload out -1 all 0.0.0.0/0",
                    "kubetrader-sg-database in tcp 5432-5432 kubetrader-sg-workload",
                    "kubetrader-sg-alb in tcp 443-443 0.0.0.0/0",
                    "kubetrader-sg-alb in tcp 80-80 0.0.0.0/0",
                    "kubetrader-sg-alb out tcp 0-65535 kubetrader-sg-workload",
                    "kubetrader-sg-endpoints in tcp 443-443 10.0.0.0/16");
        }

        @Test
        void emptiesTheDefaultSecurityGroup() {
            PlannedResource defaultGroup = dev.named("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "kubetrader-default-sg");
            assertThat(defaultGroup.inputs()).doesNotContainKeys("ingress", "egress");
        }

        @Test
        void groupsTheDataAndStandbyPrivateSubnetsForAurora() {
            List<String> ids = dev.named("aws:rds/subnetGroup:SubnetGroup", "kubetrader-db").input("subnetIds");
            assertThat(ids).extracting(id -> dev.byId(id).name())
                    .containsExactly("kubetrader-data", "kubetrader-standby-private");
        }

        @Test
        void declaresNoFlowLogsAndProtectsNothingButTheTwoEips() {
            assertThat(network(dev, "aws:ec2/flowLog:FlowLog")).isEmpty();
            assertThat(dev.resources()).filteredOn(NetworkStackTest::inNetwork).filteredOn(PlannedResource::protect)
                    .extracting(PlannedResource::name).containsExactly("kubetrader-nat-eip", "kubetrader-standby-nat-eip");
        }

        @Test
        void parentsEveryAwsResourceUnderAKubetraderComponent() {
            assertThat(dev.resources()).filteredOn(PlannedResource::custom).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.parentType()).hasValueSatisfying(
                            parent -> assertThat(parent).startsWith("kubetrader:")));
        }

        @Test
        void registersTheThreeComponentsUnderTheirTypeTokens() {
            assertThat(dev.resources()).filteredOn(r -> r.type().startsWith("kubetrader:network:"))
                    .extracting(r -> r.type() + " " + r.name())
                    .containsExactlyInAnyOrder("kubetrader:network:SingleAzVpc kubetrader",
                            "kubetrader:network:EipNat kubetrader-egress",
                            "kubetrader:network:Endpoints kubetrader-endpoints");
        }

        @Test
        void exportsBothAzIdAndTheAccountsNameForEverySubnet() {
            @SuppressWarnings("unchecked")
            Map<String, Map<String, String>> subnets = (Map<String, Map<String, String>>) dev.outputs().get("subnets");
            assertThat(subnets.get("public")).containsEntry("azId", "apne1-az4").containsEntry("azName", "ap-northeast-1a")
                    .containsEntry("cidr", "10.0.0.0/24");
            assertThat(subnets.get("standby-public")).containsEntry("azId", "apne1-az1").containsEntry("azName", "ap-northeast-1c");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ProdStack {
        private final OfflineRun.Result prod = run("prod");

        @Test
        void protectsTheStatefulResources() {
            assertThat(prod.errors()).isEmpty();
            assertThat(prod.resources()).filteredOn(NetworkStackTest::inNetwork).filteredOn(PlannedResource::protect)
                    .extracting(PlannedResource::name)
                    .containsExactlyInAnyOrder("kubetrader-vpc", "kubetrader-public", "kubetrader-workload",
                            "kubetrader-data", "kubetrader-standby-public", "kubetrader-standby-private",
                            "kubetrader-standby-workload", "kubetrader-db", "kubetrader-flow-logs", "kubetrader-nat-eip",
                            "kubetrader-standby-nat-eip");
        }

        @Test
        void logsAllVpcTrafficToItsOwnLogGroupThroughAScopedRole() {
            PlannedResource flowLog = prod.named("aws:ec2/flowLog:FlowLog", "kubetrader-flow-logs");
            assertThat(flowLog.inputText("trafficType")).isEqualTo("ALL");
            assertThat(prod.byId(flowLog.inputText("vpcId")).name()).isEqualTo("kubetrader-vpc");
            PlannedResource group = prod.named("aws:cloudwatch/logGroup:LogGroup", "kubetrader-flow-logs");
            assertThat(group.inputText("name")).isEqualTo("/kubetrader/prod/vpc-flow-logs");
            assertThat(((Number) group.inputs().get("retentionInDays")).intValue()).isEqualTo(90);
            String policy = prod.named("aws:iam/rolePolicy:RolePolicy", "kubetrader-flow-logs-write").inputText("policy");
            assertThat(policy).contains("log-group:/kubetrader/prod/vpc-flow-logs").doesNotContain("\"*\"");
        }

        @Test
        void hasTheSameTopologyAsDevInGatewayMode() {
            assertThat(declaredRoutes(prod)).isEqualTo(declaredRoutes(run("dev", "kubetrader:natMode", "gateway")));
        }

        @Test
        void putsTheNatGatewayInThePrimaryPublicSubnetBehindTheEip() {
            PlannedResource nat = prod.named(NAT, "kubetrader-nat");
            PlannedResource subnet = prod.byId(nat.inputText("subnetId"));
            assertThat(subnet.name()).isEqualTo("kubetrader-public");
            assertThat(subnet.inputText("availabilityZoneId")).isEqualTo("apne1-az4");
            assertThat(prod.byId(nat.inputText("allocationId")).name()).isEqualTo("kubetrader-nat-eip");
        }
    }

    @Nested
    class Hooks {
        @Test
        void aPeeringRouteIsAddedToTheWorkloadTable() {
            var result = run("dev", "kubetrader:peeringRoutes", "[\"10.100.0.0/16=pcx-0123456789abcdef0\"]");
            assertThat(declaredRoutes(result)).contains("kubetrader-workload: 10.100.0.0/16 -> pcx-0123456789abcdef0");
        }

        @Test
        void anAdoptedEipIsReadNotCreatedSoNoDestroyCanReleaseIt() {
            var result = run("dev", "kubetrader:natEipAllocationId", "eipalloc-0123456789abcdef0",
                    "kubetrader:natMode", "gateway");
            PlannedResource eip = result.named(EIP, "kubetrader-nat-eip");
            assertThat(eip.readId()).contains("eipalloc-0123456789abcdef0");
            assertThat(result.named(NAT, "kubetrader-nat").inputText("allocationId")).isEqualTo("eipalloc-0123456789abcdef0");
        }

        @Test
        void extraInterfaceAndPrivateLinkEndpointsAreDeclaredInTheWorkloadSubnet() {
            var result = run("dev", "kubetrader:interfaceEndpoints", "[\"secretsmanager\",\"ecr.api\"]",
                    "kubetrader:privateLinkEndpoints", "[\"clickhouse=com.amazonaws.vpce.ap-northeast-1.vpce-svc-0123456789abcdef0\"]");
            assertThat(network(result, ENDPOINT)).extracting(PlannedResource::name).containsExactlyInAnyOrder(
                    "kubetrader-vpce-s3", "kubetrader-vpce-dynamodb", "kubetrader-vpce-secretsmanager",
                    "kubetrader-vpce-ecr-api", "kubetrader-vpce-clickhouse");
            assertThat(result.named(ENDPOINT, "kubetrader-vpce-clickhouse").inputs().get("privateDnsEnabled")).isEqualTo(false);
        }

        @Test
        void anEndpointPolicyFileIsAttachedToItsEndpoint() {
            var result = run("dev", "kubetrader:endpointPolicies", "[\"s3=src/test/resources/policies/s3-read-only.json\"]");
            assertThat(result.named(ENDPOINT, "kubetrader-vpce-s3").inputText("policy")).contains("s3:GetObject");
        }
    }

    @Nested
    class Refusals {
        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"apne1-az3", "apne1-az7"})
        void anAzIdMissingFromTheAccountStopsTheRunBeforeAnyResource(String azId) {
            var result = run("dev", "kubetrader:primaryAzId", azId);
            assertThat(result.errors()).singleElement().asString()
                    .contains("kubetrader:primaryAzId = '" + azId + "': no such AZ for this account")
                    .contains("apne1-az1 (ap-northeast-1c), apne1-az2 (ap-northeast-1d), apne1-az4 (ap-northeast-1a)");
            assertThat(result.resources()).noneMatch(PlannedResource::custom);
        }

        @Test
        void badSettingsStopTheRunBeforeAnyResourceWithTheMessageAlone() {
            var result = run("dev", "kubetrader:dataSubnetCidr", "10.0.16.0/24");
            assertThat(result.errors()).singleElement().asString()
                    .startsWith("Invalid stack setting:")
                    .contains("kubetrader:dataSubnetCidr = '10.0.16.0/24': overlaps workloadSubnetCidr 10.0.16.0/20");
            assertThat(result.resources()).noneMatch(r -> r.type().startsWith("aws:") || r.type().startsWith("kubetrader:"));
        }

        @Test
        void aMissingPolicyFileIsASettingsError() {
            var result = run("dev", "kubetrader:endpointPolicies", "[\"s3=policies/missing.json\"]");
            assertThat(result.errors()).singleElement().asString()
                    .contains("kubetrader:endpointPolicies = 's3=policies/missing.json': cannot read");
        }
    }

    @Nested
    class AnotherAccountsAzNames {
        @Test
        void moveNamesButNeverAzIds() {
            var other = new SimulatedAccount(Map.of("apne1-az4", "ap-northeast-1c", "apne1-az1", "ap-northeast-1a",
                    "apne1-az2", "ap-northeast-1d"));
            var result = OfflineRun.run(Path.of(""), "dev", Map.of(), other);
            assertThat(result.named(SUBNET, "kubetrader-public").inputText("availabilityZoneId")).isEqualTo("apne1-az4");
            assertThat(result.outputs().get("primaryAz")).isEqualTo(Map.of("id", "apne1-az4", "name", "ap-northeast-1c"));
        }
    }
}

package com.kubetrader.plan.network;

import com.kubetrader.plan.AccountZones;
import com.kubetrader.plan.AzId;
import com.kubetrader.plan.Cidr;
import com.kubetrader.plan.TestConfig;
import com.kubetrader.plan.settings.InvalidSettingsException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class NetworkPlannerTest {

    private final NetworkPlan dev = TestConfig.plan("dev");

    @Nested
    class Subnets {
        @Test
        void everythingThatWorksSitsInThePrimaryAzAndTheStandbyHoldsAlbReaderAndADormantWorkloadSubnet() {
            assertThat(dev.subnets()).extracting(s -> s.role() + " " + s.cidr() + " " + s.azId() + " " + s.azName())
                    .containsExactly(
                            "PUBLIC 10.0.0.0/24 apne1-az4 ap-northeast-1a",
                            "WORKLOAD 10.0.16.0/20 apne1-az4 ap-northeast-1a",
                            "DATA 10.0.10.0/24 apne1-az4 ap-northeast-1a",
                            "STANDBY_PUBLIC 10.0.1.0/24 apne1-az1 ap-northeast-1c",
                            "STANDBY_PRIVATE 10.0.11.0/24 apne1-az1 ap-northeast-1c",
                            "STANDBY_WORKLOAD 10.0.32.0/20 apne1-az1 ap-northeast-1c");
        }

        @Test
        void theReservedAzOnlyHoldsAddressSpace() {
            assertThat(dev.subnets()).noneMatch(s -> s.azId().equals(dev.reservedAzId()));
            assertThat(dev.reservedBlocks()).containsOnly(
                    Map.entry(SubnetRole.RESERVED_PUBLIC, Cidr.parse("10.0.2.0/24")),
                    Map.entry(SubnetRole.RESERVED_PRIVATE, Cidr.parse("10.0.12.0/24")));
        }

        @Test
        void onlyThePrimaryPublicSubnetHandsOutPublicIps() {
            assertThat(dev.subnets()).filteredOn(SubnetPlan::mapPublicIpOnLaunch)
                    .extracting(SubnetPlan::role).containsExactly(SubnetRole.PUBLIC);
        }

        @Test
        void subnetsCarryTheTagsKarpenterAndTheLoadBalancerControllerSelectOn() {
            assertThat(dev.subnet(SubnetRole.PUBLIC).tags()).containsEntry(NetworkPlanner.ROLE_TAG, "kubestream")
                    .containsEntry(NetworkPlanner.PUBLIC_ELB_TAG, "1")
                    .containsEntry(NetworkPlanner.AZ_ID_TAG, "apne1-az4");
            assertThat(dev.subnet(SubnetRole.WORKLOAD).tags()).containsEntry(NetworkPlanner.ROLE_TAG, "workload")
                    .containsEntry(NetworkPlanner.INTERNAL_ELB_TAG, "1");
            assertThat(dev.subnet(SubnetRole.DATA).tags()).containsEntry(NetworkPlanner.ROLE_TAG, "data")
                    .doesNotContainKey(NetworkPlanner.PUBLIC_ELB_TAG);
            assertThat(dev.subnet(SubnetRole.STANDBY_PUBLIC).tags()).containsEntry(NetworkPlanner.PUBLIC_ELB_TAG, "1");
        }

        @Test
        void placementFollowsAzIdsWhateverNamesTheAccountUses() {
            AccountZones otherAccount = AccountZones.fromLookup("ap-northeast-1",
                    List.of("apne1-az1", "apne1-az2", "apne1-az4"),
                    List.of("ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"));
            NetworkPlan moved = NetworkPlanner.plan("kubetrader", "dev", TestConfig.settings("dev"), otherAccount, Map.of(),
                    TestConfig.seedFacts());
            assertThat(moved.subnet(SubnetRole.PUBLIC).azId()).isEqualTo(dev.subnet(SubnetRole.PUBLIC).azId());
            assertThat(moved.subnet(SubnetRole.PUBLIC).azName()).isEqualTo("ap-northeast-1d");
            assertThat(moved.subnet(SubnetRole.STANDBY_PUBLIC).azName()).isEqualTo("ap-northeast-1a");
        }
    }

    @Nested
    class Routing {
        @Test
        void eachSubnetHasItsOwnRouteTable() {
            assertThat(dev.routeTables()).extracting(RouteTablePlan::subnet)
                    .containsExactlyElementsOf(dev.subnets().stream().map(SubnetPlan::role).toList());
        }

        @org.junit.jupiter.params.ParameterizedTest(name = "natMode {0}")
        @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
                "gateway  | 10.0.0.0/16 -> local, 0.0.0.0/0 -> nat, pl-s3 -> vpce-s3, pl-dynamodb -> vpce-dynamodb",
                "instance | 10.0.0.0/16 -> local, 0.0.0.0/0 -> nat-instance, pl-s3 -> vpce-s3, pl-dynamodb -> vpce-dynamodb",
                "none     | 10.0.0.0/16 -> local, pl-s3 -> vpce-s3, pl-dynamodb -> vpce-dynamodb"})
        void theWorkloadsDefaultRouteFollowsTheNatMode(String mode, String routes) {
            NetworkPlan plan = TestConfig.plan("prod", "kubetrader:natMode", mode);
            assertThat(String.join(", ", plan.routeTable(SubnetRole.WORKLOAD).routes().stream().map(Route::toString)
                    .toList())).isEqualTo(routes);
            assertThat(plan.nat().routedSubnets()).hasSize(mode.equals("none") ? 0 : 1);
            assertThat(plan.nat().primaryEip()).isEqualTo(new NatPlan.EipSource.Create("kubetrader-nat-eip"));
        }

        @Test
        void publicTablesGoOutThroughTheInternetGatewayAndWorkloadThroughDevsNatInstance() {
            assertThat(dev.routeTable(SubnetRole.PUBLIC).routes()).extracting(Route::toString)
                    .containsExactly("10.0.0.0/16 -> local", "0.0.0.0/0 -> igw", "pl-s3 -> vpce-s3", "pl-dynamodb -> vpce-dynamodb");
            assertThat(dev.routeTable(SubnetRole.WORKLOAD).routes()).extracting(Route::toString)
                    .containsExactly("10.0.0.0/16 -> local", "0.0.0.0/0 -> nat-instance", "pl-s3 -> vpce-s3", "pl-dynamodb -> vpce-dynamodb");
            assertThat(dev.routeTable(SubnetRole.STANDBY_PUBLIC).routes()).extracting(Route::toString)
                    .containsExactly("10.0.0.0/16 -> local", "0.0.0.0/0 -> igw");
        }

        @Test
        void theDataTierHoldsOnlyTheLocalRoute() {
            for (SubnetRole isolated : List.of(SubnetRole.DATA, SubnetRole.STANDBY_PRIVATE)) {
                assertThat(dev.routeTable(isolated).routes()).extracting(Route::toString)
                        .containsExactly("10.0.0.0/16 -> local");
                assertThat(dev.routeTable(isolated).reachesInternet()).isFalse();
            }
        }

        @Test
        void peeringRoutesLandInTheWorkloadTablesOnlyTheStandbyOneTooSoAnEvacuationDoesNotTouchThem() {
            NetworkPlan peered = TestConfig.plan("dev", "kubetrader:peeringRoutes",
                    "[\"10.100.0.0/16=pcx-0123456789abcdef0\"]");
            for (SubnetRole workload : List.of(SubnetRole.WORKLOAD, SubnetRole.STANDBY_WORKLOAD)) {
                assertThat(peered.routeTable(workload).routes()).extracting(Route::toString)
                        .contains("10.100.0.0/16 -> pcx-0123456789abcdef0");
            }
            assertThat(peered.routeTables()).filteredOn(t -> t.subnet() != SubnetRole.WORKLOAD
                            && t.subnet() != SubnetRole.STANDBY_WORKLOAD)
                    .allSatisfy(t -> assertThat(t.routes()).noneMatch(r -> r.target() instanceof RouteTarget.VpcPeering));
        }
    }

    @Nested
    class NatAndEndpoints {
        @Test
        void theSingleNatSitsInThePrimaryPublicSubnetAndServesTheWorkloadSubnet() {
            assertThat(dev.nat().slots()).singleElement().satisfies(slot -> {
                assertThat(slot.key()).isEqualTo(NatPlan.PRIMARY);
                assertThat(slot.subnet()).isEqualTo(SubnetRole.PUBLIC);
                assertThat(slot.azId()).isEqualTo(AzId.of("apne1-az4"));
                assertThat(slot.routedSubnets()).containsExactly(SubnetRole.WORKLOAD);
                assertThat(slot.eip()).isSameAs(dev.nat().primaryEip());
            });
        }

        @Test
        void withoutAnAllocationIdTheStackCreatesTheEip() {
            assertThat(dev.nat().primaryEip()).isEqualTo(new NatPlan.EipSource.Create("kubetrader-nat-eip"));
        }

        @Test
        void anAllocationIdIsAdoptedInsteadOfCreated() {
            NetworkPlan adopted = TestConfig.plan("dev", "kubetrader:natEipAllocationId", "eipalloc-0123456789abcdef0");
            assertThat(adopted.nat().primaryEip())
                    .isEqualTo(new NatPlan.EipSource.Adopt("kubetrader-nat-eip", "eipalloc-0123456789abcdef0"));
        }

        @Test
        void gatewayEndpointsAttachToThePublicAndBothWorkloadTables() {
            assertThat(dev.gatewayEndpoints()).extracting(GatewayEndpointPlan::serviceName)
                    .containsExactly("com.amazonaws.ap-northeast-1.s3", "com.amazonaws.ap-northeast-1.dynamodb");
            assertThat(dev.gatewayEndpoints()).allSatisfy(g -> assertThat(g.routeTables())
                    .containsExactly(SubnetRole.PUBLIC, SubnetRole.WORKLOAD, SubnetRole.STANDBY_WORKLOAD));
        }

        @Test
        void interfaceEndpointsTakeOneEniInTheWorkloadSubnet() {
            assertThat(dev.interfaceEndpoints()).singleElement().satisfies(e -> {
                assertThat(e.serviceName()).isEqualTo("com.amazonaws.ap-northeast-1.secretsmanager");
                assertThat(e.privateDns()).isTrue();
                assertThat(e.subnets()).containsExactly(SubnetRole.WORKLOAD);
                assertThat(e.securityGroup()).isEqualTo(SecurityGroupRole.ENDPOINTS);
            });
        }

        @Test
        void privateLinkServicesGetEndpointsWithoutAwsPrivateDns() {
            NetworkPlan linked = TestConfig.plan("dev", "kubetrader:privateLinkEndpoints",
                    "[\"clickhouse=com.amazonaws.vpce.ap-northeast-1.vpce-svc-0123456789abcdef0\"]");
            assertThat(linked.interfaceEndpoints()).filteredOn(InterfaceEndpointPlan::customPrivateLink)
                    .singleElement().satisfies(e -> {
                        assertThat(e.name()).isEqualTo("kubetrader-vpce-clickhouse");
                        assertThat(e.privateDns()).isFalse();
                    });
        }

        @Test
        void endpointPoliciesGoToTheEndpointTheyName() {
            NetworkPlan withPolicy = NetworkPlanner.plan("kubetrader", "dev", TestConfig.settings("dev"),
                    TestConfig.seedAccount(), Map.of("s3", "{\"Statement\":[]}"), TestConfig.seedFacts());
            assertThat(withPolicy.gatewayEndpoints().get(0).policy()).contains("{\"Statement\":[]}");
            assertThat(withPolicy.gatewayEndpoints().get(1).policy()).isEmpty();
        }
    }

    @Nested
    class Zones {
        @Test
        void anAzIdTheAccountDoesNotHaveIsRejectedListingTheOnesItHas() {
            NetworkSettings settings = TestConfig.settings("dev", "kubetrader:primaryAzId", "apne1-az3");
            assertThatThrownBy(() -> NetworkPlanner.plan("kubetrader", "dev", settings, TestConfig.seedAccount(), Map.of(),
                    TestConfig.seedFacts()))
                    .isInstanceOf(InvalidSettingsException.class)
                    .hasMessageContaining("kubetrader:primaryAzId = 'apne1-az3': no such AZ for this account in ap-northeast-1; "
                            + "available AZ IDs: apne1-az1 (ap-northeast-1c), apne1-az2 (ap-northeast-1d), apne1-az4 (ap-northeast-1a)");
        }
    }

    @Nested
    class Stacks {
        @Test
        void prodProtectsAndLogsFlowsToItsOwnLogGroup() {
            NetworkPlan prod = TestConfig.plan("prod");
            assertThat(prod.protect()).isTrue();
            assertThat(prod.flowLogs()).hasValueSatisfying(f -> {
                assertThat(f.logGroupName()).isEqualTo("/kubetrader/prod/vpc-flow-logs");
                assertThat(f.retentionDays()).isEqualTo(90);
            });
        }

        @Test
        void devHasNoFlowLogs() {
            assertThat(dev.flowLogs()).isEmpty();
            assertThat(dev.protect()).isFalse();
        }

        @Test
        void theDbSubnetGroupSpansTheDataSubnetAndTheStandbyPrivateSubnet() {
            assertThat(dev.dbSubnetGroup().subnets()).containsExactly(SubnetRole.DATA, SubnetRole.STANDBY_PRIVATE);
            assertThat(dev.subnet(SubnetRole.DATA).azId()).isNotEqualTo(dev.subnet(SubnetRole.STANDBY_PRIVATE).azId());
        }
    }
}

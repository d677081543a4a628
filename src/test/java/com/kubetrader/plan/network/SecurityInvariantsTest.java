package com.kubetrader.plan.network;

import com.kubetrader.plan.Cidr;
import com.kubetrader.plan.TestConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.kubetrader.plan.network.SecurityRule.Direction;
import com.kubetrader.plan.network.SecurityRule.Peer;
import com.kubetrader.plan.network.SecurityRule.Protocol;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SecurityInvariantsTest {

    @Nested
    class OnTheShippedStacks {
        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"dev", "prod"})
        void holdEveryInvariant(String stack) {
            assertThat(SecurityInvariants.violations(TestConfig.plan(stack))).isEmpty();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"dev", "prod"})
        void noIngressRuleCoversPort22(String stack) {
            assertThat(TestConfig.plan(stack).securityRules())
                    .filteredOn(r -> r.direction() == Direction.INGRESS)
                    .noneMatch(r -> r.coversPort(22));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"dev", "prod"})
        void onlyTheAlbsHttpsAndRedirectAcceptTheInternet(String stack) {
            assertThat(TestConfig.plan(stack).securityRules()).filteredOn(SecurityRule::isFromAnywhere)
                    .extracting(r -> r.group() + ":" + r.ports())
                    .containsExactlyInAnyOrder("ALB:443", "ALB:80");
        }

        @Test
        void everyRuleIsTheOneTheDesignAsksFor() {
            assertThat(TestConfig.plan("dev").securityRules())
                    .extracting(r -> r.group() + " " + r.direction() + " " + r.protocol().awsName() + " "
                            + r.ports() + " " + r.peer().describe())
                    .containsExactly(
                            "WORKLOAD EGRESS -1 all 0.0.0.0/0",
                            "DATABASE INGRESS tcp 5432 sg-workload",
                            "ALB INGRESS tcp 443 0.0.0.0/0",
                            "ALB INGRESS tcp 80 0.0.0.0/0",
                            "ALB EGRESS tcp 0-65535 sg-workload",
                            "ENDPOINTS INGRESS tcp 443 10.0.0.0/16");
        }
    }

    @Nested
    class CatchBreaches {
        private final NetworkPlan dev = TestConfig.plan("dev");

        private NetworkPlan withRule(SecurityRule extra) {
            List<SecurityRule> rules = new ArrayList<>(dev.securityRules());
            rules.add(extra);
            return new NetworkPlan(dev.name(), dev.region(), dev.vpcCidr(), dev.vpcName(), dev.vpcTags(),
                    dev.internetGatewayName(), dev.subnets(), dev.routeTables(), dev.nat(), rules,
                    dev.gatewayEndpoints(), dev.interfaceEndpoints(), dev.dbSubnetGroup(), dev.flowLogs(),
                    dev.reservedBlocks(), dev.reservedAzId(), dev.protect(), dev.names());
        }

        @Test
        void sshFromInsideTheVpcIsStillABreach() {
            NetworkPlan breached = withRule(new SecurityRule("ssh", SecurityGroupRole.WORKLOAD, Direction.INGRESS,
                    Protocol.TCP, 22, 22, new Peer.Block(Cidr.parse("10.0.0.0/16")), "ssh"));
            assertThat(SecurityInvariants.violations(breached)).containsExactly(
                    "ssh opens port 22 inbound; shell access is SSM Session Manager only");
        }

        @Test
        void aPortRangeThatIncludes22IsABreach() {
            NetworkPlan breached = withRule(new SecurityRule("range", SecurityGroupRole.DATABASE, Direction.INGRESS,
                    Protocol.TCP, 1, 1024, new Peer.Group(SecurityGroupRole.WORKLOAD), "range"));
            assertThat(SecurityInvariants.violations(breached)).singleElement().asString().contains("port 22");
        }

        @Test
        void theInternetReachingAnythingButTheAlbIsABreach() {
            NetworkPlan breached = withRule(new SecurityRule("open-db", SecurityGroupRole.DATABASE, Direction.INGRESS,
                    Protocol.TCP, 5432, 5432, new Peer.Block(RouteDestination.ANYWHERE), "oops"));
            assertThat(SecurityInvariants.violations(breached)).containsExactly(
                    "open-db accepts 5432 from 0.0.0.0/0; only the ALB's 443 and 80 may");
            assertThatThrownBy(() -> SecurityInvariants.enforce(breached))
                    .hasMessageContaining("breaks the security stance");
        }

        @Test
        void aDataTableWithADefaultRouteIsABreach() {
            List<RouteTablePlan> tables = new ArrayList<>(dev.routeTables());
            RouteTablePlan data = dev.routeTable(SubnetRole.DATA);
            tables.set(tables.indexOf(data), new RouteTablePlan(SubnetRole.DATA, data.name(),
                    List.of(new Route(RouteDestination.anywhere(), new RouteTarget.NatGateway(NatPlan.PRIMARY))), data.tags()));
            NetworkPlan breached = new NetworkPlan(dev.name(), dev.region(), dev.vpcCidr(), dev.vpcName(), dev.vpcTags(),
                    dev.internetGatewayName(), dev.subnets(), tables, dev.nat(), dev.securityRules(),
                    dev.gatewayEndpoints(), dev.interfaceEndpoints(), dev.dbSubnetGroup(), dev.flowLogs(),
                    dev.reservedBlocks(), dev.reservedAzId(), dev.protect(), dev.names());
            assertThat(SecurityInvariants.violations(breached)).containsExactly(
                    "kubetrader-rt-data routes beyond the VPC; the data tier must hold only the local route");
        }
    }
}

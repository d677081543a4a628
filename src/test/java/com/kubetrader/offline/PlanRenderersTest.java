package com.kubetrader.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The renderers work by type, not by knowing this stack: a benchmark fleet (instances in three
 * AZs, a bucket, an SSM document) declared beside the network shows up in every format.
 */
class PlanRenderersTest {

    static final String STACK_URN = "urn:pulumi:dev::kubetrader::pulumi:pulumi:Stack::kubetrader-dev";
    static final String FLEET_URN = "urn:pulumi:dev::kubetrader::pulumi:pulumi:Stack$kubetrader:benchmark:Fleet::fleet";

    static PlannedResource custom(String type, String name, String id, Map<String, Object> inputs) {
        return new PlannedResource(FLEET_URN.replace("::fleet", "") + "$" + type + "::" + name, type, name, FLEET_URN,
                true, false, false, Optional.empty(), inputs, Optional.of(id));
    }

    static OfflineRun.Result fleet() {
        List<PlannedResource> r = new ArrayList<>();
        r.add(new PlannedResource(STACK_URN, "pulumi:pulumi:Stack", "kubetrader-dev", "", false, false, false,
                Optional.empty(), Map.of()));
        r.add(new PlannedResource(FLEET_URN, "kubetrader:benchmark:Fleet", "fleet", STACK_URN, false, false, false,
                Optional.empty(), Map.of()));
        r.add(custom("aws:ec2/vpc:Vpc", "bench-vpc", "vpc-1", Map.of("cidrBlock", "10.0.0.0/16")));
        r.add(custom("aws:ec2/internetGateway:InternetGateway", "bench-igw", "igw-1", Map.of("vpcId", "vpc-1")));
        String[][] zones = {{"apne1-az4", "10.0.1.0/24"}, {"apne1-az1", "10.0.2.0/24"}, {"apne1-az2", "10.0.3.0/24"}};
        for (String[] z : zones) {
            String suffix = z[0].substring(z[0].length() - 3);
            r.add(custom("aws:ec2/subnet:Subnet", "bench-" + suffix, "subnet-" + suffix,
                    Map.of("vpcId", "vpc-1", "cidrBlock", z[1], "availabilityZoneId", z[0], "mapPublicIpOnLaunch", true)));
            r.add(custom("aws:ec2/instance:Instance", "bench-" + suffix + "-i", "i-" + suffix,
                    Map.of("instanceType", "c8g.xlarge", "subnetId", "subnet-" + suffix, "ami", "ami-0abc")));
        }
        r.add(custom("aws:ec2/routeTable:RouteTable", "bench-rt", "rtb-1", Map.of("vpcId", "vpc-1")));
        r.add(custom("aws:ec2/routeTableAssociation:RouteTableAssociation", "bench-rta-az4", "rtbassoc-1",
                Map.of("routeTableId", "rtb-1", "subnetId", "subnet-az4")));
        r.add(custom("aws:ec2/route:Route", "bench-default", "r-1",
                Map.of("routeTableId", "rtb-1", "destinationCidrBlock", "0.0.0.0/0", "gatewayId", "igw-1")));
        r.add(custom("aws:s3/bucketV2:BucketV2", "results", "kubetrader-benchmark-results-tokyo",
                Map.of("bucket", "kubetrader-benchmark-results-tokyo")));
        r.add(custom("aws:ssm/document:Document", "stream-trades", "stream-trades",
                Map.of("documentType", "Command", "documentFormat", "YAML")));
        return new OfflineRun.Result("dev", Map.of(), r, Map.of("bucket", "kubetrader-benchmark-results-tokyo"),
                List.of(), List.of());
    }

    @Nested
    class ABenchmarkFleet {

        @Test
        void showsEachInstanceWithItsTypeSubnetAndTheAzItLandsIn() {
            String tree = PlanTree.render(fleet(), SimulatedAccount.SEED_AZ_NAMES);
            assertThat(KeyProperties.knows("aws:ec2/instance:Instance")).isTrue();
            assertThat(tree).containsPattern("└─ kubetrader:benchmark:Fleet +fleet")
                    .containsPattern("aws:ec2/instance:Instance +bench-az4-i +create +instanceType=c8g\\.xlarge +subnet=bench-az4")
                    .containsPattern("aws:ec2/subnet:Subnet +bench-az1 .*az=apne1-az1 \\(ap-northeast-1c\\)")
                    .containsPattern("aws:s3/bucketV2:BucketV2 +results .*bucket=kubetrader-benchmark-results-tokyo")
                    .containsPattern("aws:ssm/document:Document +stream-trades .*documentType=Command")
                    .containsPattern("\\n +3  aws:ec2/instance:Instance\\n");
        }

        @Test
        void drawsTheInstancesInsideTheirAzs() {
            String diagram = PlanMermaid.render(fleet(), SimulatedAccount.SEED_AZ_NAMES);
            assertThat(diagram).contains("[\"apne1-az4 · ap-northeast-1a\"]", "[\"apne1-az1 · ap-northeast-1c\"]",
                    "[\"apne1-az2 · ap-northeast-1d\"]", "Instance_bench_az2_i[\"EC2 bench-az2-i<br/>c8g.xlarge\"]",
                    "Subnet_bench_az2 -.- Instance_bench_az2_i", "Subnet_bench_az4 -->|\"0.0.0.0/0\"| InternetGateway_bench_igw",
                    "bench-az4<br/>10.0.1.0/24<br/>public");
        }

        @Test
        void countsTheInstancesPublicAddressesForTheBill() {
            assertThat(CostInventory.of(fleet(), SimulatedAccount.SEED_AZ_NAMES).publicIpv4Addresses()).isEqualTo(3);
        }

        @Test
        void writesAJsonPlanWithEveryResource() throws Exception {
            String json = PlanJson.render(fleet(), SimulatedAccount.SEED_AZ_NAMES);
            var plan = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
            assertThat(plan.path("resources").size()).isEqualTo(fleet().resources().size());
            assertThat(json).isEqualTo(PlanJson.render(fleet(), SimulatedAccount.SEED_AZ_NAMES));
        }
    }
}

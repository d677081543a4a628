package com.kubetrader.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.kubetrader.plan.cost.Prices;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CostCommandTest {

    static final Prices PRICES = Prices.forRegion("ap-northeast-1");

    static JsonNode json(String... args) throws Exception {
        CliRun run = CliRun.cached(args);
        assertThat(run.exit()).as(run.err()).isZero();
        return new ObjectMapper().readTree(run.out());
    }

    static BigDecimal money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP);
    }

    static JsonNode line(JsonNode layout, String item) {
        for (JsonNode line : layout.path("lines")) {
            if (line.path("item").asText().equals(item)) {
                return line;
            }
        }
        throw new AssertionError("no line " + item);
    }

    @Nested
    class TheProdStack {

        @Test
        void countsWhatItDeclares() throws Exception {
            JsonNode cost = json("cost", "--stack", "prod", "--json");
            JsonNode inventory = cost.path("inventory");
            assertThat(inventory.path("natGateways").asInt()).isEqualTo(1);
            assertThat(inventory.path("publicIpv4Addresses").asInt()).isEqualTo(1); // the NAT's EIP
            assertThat(inventory.path("interfaceEndpoints").asInt()).isEqualTo(1); // secretsmanager
            assertThat(inventory.path("interfaceEndpointAzs").asInt()).isEqualTo(1); // one ENI, workload subnet
            assertThat(inventory.path("gatewayEndpoints").asInt()).isEqualTo(2);
        }

        @Test
        void pricesTheDefaultVolumesFromPulumiYaml() throws Exception {
            JsonNode cost = json("cost", "--stack", "prod", "--json");
            JsonNode volumes = cost.path("volumesGbPerDay");
            assertThat(volumes.path("ingestGbPerDay").asLong()).isEqualTo(1000);
            JsonNode declared = cost.path("layouts").get(0);
            long nat = volumes.path("natGbPerDay").asLong();
            long crossAz = volumes.path("crossAzGbPerDay").asLong();
            long endpoint = volumes.path("endpointGbPerDay").asLong();
            BigDecimal daily = PRICES.natGatewayHour().multiply(BigDecimal.valueOf(24))
                    .add(PRICES.natGatewayGb().multiply(BigDecimal.valueOf(nat)))
                    .add(PRICES.interfaceEndpointAzHour().multiply(BigDecimal.valueOf(24)))
                    .add(PRICES.interfaceEndpointGb().multiply(BigDecimal.valueOf(endpoint)))
                    .add(PRICES.publicIpv4Hour().multiply(BigDecimal.valueOf(24)))
                    .add(PRICES.crossAzGbEachWay().multiply(BigDecimal.valueOf(2 * crossAz)));
            assertThat(declared.path("monthly").decimalValue()).isEqualByComparingTo(money(daily.multiply(BigDecimal.valueOf(30))));
            assertThat(declared.path("yearly").decimalValue()).isEqualByComparingTo(money(daily.multiply(BigDecimal.valueOf(365))));
            assertThat(line(declared, "NAT gateway hours").path("quantityPerMonth").asText()).isEqualTo("720");
        }

        @Test
        void showsTheSeedsNatExampleAsTheDifferenceToIngestBehindTheNat() throws Exception {
            JsonNode cost = json("cost", "--stack", "prod", "--json");
            JsonNode behindNat = cost.path("layouts").get(1);
            assertThat(behindNat.path("key").asText()).isEqualTo("ingest-behind-nat");
            BigDecimal expected = PRICES.natGatewayGb().multiply(BigDecimal.valueOf(1000)).multiply(BigDecimal.valueOf(365));
            assertThat(behindNat.path("yearlyDifference").decimalValue()).isEqualByComparingTo(money(expected)); // $22,630
        }

        @Test
        void printsEachLineAsQuantityTimesUnitPriceAndTheLayoutsSideBySide() {
            CliRun run = CliRun.cached("cost", "--stack", "prod");
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out())
                    .containsPattern("NAT gateway hours +720 h +× \\$0\\.062 += +\\$44\\.64/mo")
                    .containsPattern("Cross-AZ transfer, sending side .*× \\$0\\.01 ")
                    .containsPattern("Cross-AZ transfer, receiving side .*× \\$0\\.01 ")
                    .containsPattern("Public IPv4 address hours +720 h +× \\$0\\.005 += +\\$3\\.60/mo")
                    .contains("Side by side (same traffic):", "Ingest behind the NAT", "+$22,630.00",
                            "NAT per AZ (awsx/CDK default, 3 AZs)", "https://aws.amazon.com/vpc/pricing/");
        }
    }

    @Nested
    class VolumeOverrides {

        @Test
        void changeTheTrafficPriced() throws Exception {
            JsonNode cost = json("cost", "--stack", "dev", "--json", "--set", "kubetrader:natGbPerDay=1000",
                    "--set", "kubetrader:crossAzGbPerDay=0");
            JsonNode declared = cost.path("layouts").get(0);
            assertThat(line(declared, "NAT gateway data processing").path("yearly").decimalValue())
                    .isEqualByComparingTo(money(PRICES.natGatewayGb().multiply(BigDecimal.valueOf(1000 * 365))));
            assertThat(line(declared, "Cross-AZ transfer, sending side").path("monthly").decimalValue()).isZero();
        }

        @Test
        void countAnAdoptedEipAsAPublicAddressToo() throws Exception {
            JsonNode cost = json("cost", "--stack", "prod", "--json",
                    "--set", "kubetrader:natEipAllocationId=eipalloc-0123456789abcdef0");
            assertThat(cost.path("inventory").path("publicIpv4Addresses").asInt()).isEqualTo(1);
        }
    }
}

package com.kubetrader.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.kubetrader.plan.cost.Prices;
import java.math.BigDecimal;
import java.util.List;
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

    static JsonNode layout(JsonNode cost, String key) {
        for (JsonNode layout : cost.path("layouts")) {
            if (layout.path("key").asText().equals(key)) {
                return layout;
            }
        }
        throw new AssertionError("no layout " + key);
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
                    .add(PRICES.crossAzGbEachWay().multiply(BigDecimal.valueOf(2 * crossAz)))
                    .add(PRICES.internetOutGb().multiply(BigDecimal.valueOf(volumes.path("internetOutGbPerDay").asLong())));
            assertThat(declared.path("monthly").decimalValue()).isEqualByComparingTo(money(daily.multiply(BigDecimal.valueOf(30))));
            assertThat(declared.path("yearly").decimalValue()).isEqualByComparingTo(money(daily.multiply(BigDecimal.valueOf(365))));
            assertThat(line(declared, "NAT gateway hours").path("quantityPerMonth").asText()).isEqualTo("720");
        }

        @Test
        void showsTheSeedsNatExampleAsTheDifferenceToIngestBehindTheNat() throws Exception {
            JsonNode cost = json("cost", "--stack", "prod", "--json");
            JsonNode behindNat = layout(cost, "ingest-behind-nat");
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
    class NatModes {

        @Test
        void priceTheStackInEachModeSideBySideTheDeclaredOneFirst() throws Exception {
            JsonNode cost = json("cost", "--stack", "prod", "--json");
            List<String> keys = new java.util.ArrayList<>();
            cost.path("layouts").forEach(l -> keys.add(l.path("key").asText()));
            assertThat(keys).containsExactly("declared", "natMode-instance", "natMode-none", "ingest-behind-nat",
                    "nat-per-az");
            assertThat(cost.path("layouts").get(0).path("title").asText()).contains("natMode gateway");
        }

        @Test
        void priceAnInstanceByTheHourAndItsVolumeWithNoPerGbProcessing() throws Exception {
            JsonNode instance = layout(json("cost", "--stack", "prod", "--json"), "natMode-instance");
            assertThat(line(instance, "NAT instance hours").path("monthly").decimalValue())
                    .isEqualByComparingTo(money(PRICES.natInstanceHour("t4g.nano").multiply(BigDecimal.valueOf(720))));
            assertThat(line(instance, "NAT instance root volume (gp3)").path("monthly").decimalValue())
                    .isEqualByComparingTo(money(PRICES.gp3GbMonth().multiply(BigDecimal.valueOf(4))));
            assertThat(line(instance, "NAT gateway data processing").path("monthly").decimalValue()).isZero();
            assertThat(line(instance, "NAT gateway hours").path("monthly").decimalValue()).isZero();
        }

        @Test
        void chargeDataOutToTheInternetTheSameInEveryLayout() throws Exception {
            JsonNode cost = json("cost", "--stack", "prod", "--json");
            java.util.Set<String> amounts = new java.util.HashSet<>();
            cost.path("layouts").forEach(l -> amounts.add(money(
                    line(l, "Data transfer out to the internet (shared)").path("monthly").decimalValue()).toPlainString()));
            assertThat(amounts).containsExactly(
                    money(PRICES.internetOutGb().multiply(BigDecimal.valueOf(5 * 30))).toPlainString()); // $17.10
        }

        @Test
        void makeProdInInstanceModeAtLeastThirtyTimesCheaperThanNatPerAzOnTheLinesThatDiffer() throws Exception {
            JsonNode cost = json("cost", "--stack", "prod", "--json", "--set", "kubetrader:natMode=instance",
                    "--set", "kubetrader:ingestGbPerDay=1000");
            JsonNode vs = cost.path("differingLinesInstanceVsNatPerAz");
            BigDecimal ratio = vs.path("natPerAzMonthly").decimalValue()
                    .divide(vs.path("instanceMonthly").decimalValue(), 1, java.math.RoundingMode.HALF_EVEN);
            assertThat(ratio).isEqualByComparingTo(vs.path("timesCheaper").decimalValue());
            assertThat(ratio).isGreaterThanOrEqualTo(BigDecimal.valueOf(30));
        }

        @Test
        void refuseANatInstanceTypeThePriceFileDoesNotPriceNamingTheFix() {
            CliRun run = CliRun.of("cost", "--stack", "prod", "--set", "kubetrader:natMode=instance",
                    "--set", "kubetrader:natInstanceType=m7g.large");
            assertThat(run.exit()).isNotZero();
            assertThat(run.err()).contains("no price for kubetrader:natInstanceType 'm7g.large' in "
                    + "prices/ap-northeast-1.json").contains("add its on-demand hour there");
        }
    }

    @Nested
    class VolumeOverrides {

        @Test
        void changeTheTrafficPriced() throws Exception {
            JsonNode cost = json("cost", "--stack", "dev", "--json", "--set", "kubetrader:natGbPerDay=1000",
                    "--set", "kubetrader:crossAzGbPerDay=0", "--set", "kubetrader:natMode=gateway");
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

    @Nested
    class TheBenchmarkFleet {

        static final java.math.BigDecimal HOUR = new java.math.BigDecimal("0.2016"); // c8g.xlarge, the price file

        @Test
        void isPricedAlwaysOnInDevBesideAnExampleScheduleWithTheSaving() throws Exception {
            JsonNode fleet = json("cost", "--stack", "dev", "--json").path("fleet");
            JsonNode on = fleet.path("declared");
            assertThat(on.path("key").asText()).isEqualTo("fleet-always-on");
            // 3 instances × 24 h × 30 days; gp3 3 × 30 GiB; one IPv4 per running instance
            assertThat(line(on, "Benchmark instance hours").path("monthly").decimalValue())
                    .isEqualByComparingTo(money(HOUR.multiply(BigDecimal.valueOf(3 * 24 * 30))));
            assertThat(line(on, "Benchmark root volumes (gp3), billed while stopped too").path("monthly").decimalValue())
                    .isEqualByComparingTo("8.64");
            assertThat(line(on, "Benchmark public IPv4 hours, while running").path("monthly").decimalValue())
                    .isEqualByComparingTo(money(new BigDecimal("0.005").multiply(BigDecimal.valueOf(2160))));
            JsonNode windows = fleet.path("other");
            // cron(0 */6 * * ? *): 120 windows a month of (600 + 3600 + 900 + 300) s = 1.5 h
            assertThat(line(windows, "Benchmark instance hours").path("quantityPerMonth").asText()).isEqualTo("540");
            assertThat(line(windows, "Benchmark root volumes (gp3), billed while stopped too").path("monthly")
                    .decimalValue()).as("billed while stopped, so the same").isEqualByComparingTo("8.64");
            assertThat(line(windows, "Results added to S3 each month (Standard)").path("quantityPerMonth").asText())
                    .isEqualTo("180");
            assertThat(fleet.path("scheduleSavingMonthly").decimalValue()).isEqualByComparingTo(
                    on.path("monthly").decimalValue().subtract(windows.path("monthly").decimalValue()));
            assertThat(CliRun.cached("cost", "--stack", "dev").out()).contains("The schedule saves $330.20/mo");
        }

        @Test
        void isPricedForTheStacksOwnScheduleBesideTheSameFleetAlwaysOn() throws Exception {
            JsonNode fleet = json("cost", "--stack", "dev", "--json", "--set", "kubetrader:benchmarkSchedule=rate(1 day)")
                    .path("fleet");
            assertThat(fleet.path("declared").path("key").asText()).isEqualTo("fleet-scheduled");
            assertThat(line(fleet.path("declared"), "Benchmark instance hours").path("quantityPerMonth").asText())
                    .isEqualTo("135"); // 3 × 30 windows × 1.5 h
            assertThat(fleet.path("other").path("key").asText()).isEqualTo("fleet-always-on");
            assertThat(fleet.path("note").asText()).contains("kubetrader:benchmarkSchedule = rate(1 day) in Asia/Tokyo");
        }

        @Test
        void leavesTheFleetsAddressesOutOfTheNetworkBillSoNothingIsCountedTwice() throws Exception {
            assertThat(json("cost", "--stack", "dev", "--json").path("inventory").path("publicIpv4Addresses").asInt())
                    .as("the NAT's EIP only").isEqualTo(1);
            assertThat(json("cost", "--stack", "prod", "--json").has("fleet")).isFalse();
        }
    }
}

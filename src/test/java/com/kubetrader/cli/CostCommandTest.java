package com.kubetrader.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.kubetrader.plan.cost.Prices;
import java.math.BigDecimal;
import java.util.List;
import java.math.RoundingMode;
import org.junit.jupiter.api.Nested;
import com.kubetrader.plan.cost.CostReport;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;
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

    /** A daily quantity over a month of 365/12 days, in cents at the given price. */
    static BigDecimal monthlyOf(BigDecimal perDay, BigDecimal price) {
        return money(perDay.multiply(price).multiply(BigDecimal.valueOf(365)).divide(BigDecimal.valueOf(12), 12,
                RoundingMode.HALF_EVEN));
    }

    @Nested
    class TheProdStack {

        @Test
        void countsWhatItDeclares() throws Exception {
            JsonNode cost = json("cost", "--stack", "prod", "--json");
            JsonNode inventory = cost.path("inventory");
            assertThat(inventory.path("natGateways").asInt()).isEqualTo(1);
            assertThat(inventory.path("publicIpv4Addresses").asInt()).as("the NAT's EIP and the standby EIP")
                    .isEqualTo(2);
            assertThat(inventory.path("standbyEips").asInt()).isEqualTo(1);
            assertThat(inventory.path("interfaceEndpoints").asInt()).isEqualTo(1); // secretsmanager
            assertThat(inventory.path("interfaceEndpointAzs").asInt()).isEqualTo(1); // one ENI, workload subnet
            assertThat(inventory.path("gatewayEndpoints").asInt()).isEqualTo(2);
        }

        @Test
        void pricesTheDefaultVolumesFromPulumiYamlOverAMonthOf730Hours() throws Exception {
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
                    .add(PRICES.publicIpv4Hour().multiply(BigDecimal.valueOf(2 * 24)))
                    .add(PRICES.crossAzGbEachWay().multiply(BigDecimal.valueOf(2 * crossAz)))
                    .add(PRICES.internetOutGb().multiply(BigDecimal.valueOf(volumes.path("internetOutGbPerDay").asLong())));
            BigDecimal monthly = monthlyOf(daily, BigDecimal.ONE);
            assertThat(declared.path("monthly").decimalValue()).isEqualByComparingTo(monthly);
            assertThat(declared.path("yearly").decimalValue()).as("12 × monthly")
                    .isEqualByComparingTo(monthly.multiply(BigDecimal.valueOf(12)));
            assertThat(line(declared, "NAT gateway hours").path("quantityPerMonth").asText()).isEqualTo("730");
            assertThat(cost.path("calendar").path("hoursPerMonth").decimalValue()).isEqualByComparingTo("730");
        }

        @Test
        void showsTheSeedsNatExampleAsTheDifferenceToIngestBehindTheNat() throws Exception {
            JsonNode cost = json("cost", "--stack", "prod", "--json");
            JsonNode behindNat = layout(cost, "ingest-behind-nat");
            // 1 TB/day more at $0.062/GB: $22,630 a year, the seed's ≈ $22k (12 × the monthly figure in cents)
            BigDecimal more = line(behindNat, "NAT gateway data processing").path("yearly").decimalValue()
                    .subtract(line(cost.path("layouts").get(0), "NAT gateway data processing").path("yearly").decimalValue());
            assertThat(more).isCloseTo(BigDecimal.valueOf(22630), org.assertj.core.data.Offset.offset(BigDecimal.ONE));
        }

        @Test
        void printsEachLineAsQuantityTimesUnitPriceTheLayoutsSideBySideAndTheStackTotal() {
            CliRun run = CliRun.cached("cost", "--stack", "prod");
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out())
                    .containsPattern("NAT gateway hours +730 h +× \\$0\\.062 += +\\$45\\.26/mo")
                    .containsPattern("Cross-AZ transfer, sending side .*× \\$0\\.01 ")
                    .containsPattern("Cross-AZ transfer, receiving side .*× \\$0\\.01 ")
                    .containsPattern("Public IPv4 address hours +730 h +× \\$0\\.005 += +\\$3\\.65/mo")
                    .containsPattern("Standby EIP, idle until an evacuation +730 h +× \\$0\\.005 += +\\$3\\.65/mo")
                    .contains("Side by side (same traffic):", "Ingest behind the NAT",
                            "NAT per AZ (awsx/CDK default, 3 AZs)", "https://aws.amazon.com/vpc/pricing/",
                            "A month is a twelfth of a 365-day year (730 hours); yearly = 12 × monthly.")
                    .containsPattern("Stack total \\(network\\): \\$[0-9,.]+/mo, \\$[0-9,.]+/yr");
        }

        @Test
        void comparesTheStackAsConfiguredNotAnotherNatModeInItsHeadline() {
            String out = CliRun.cached("cost", "--stack", "prod").out();
            assertThat(out).contains("On the lines that differ, this stack (natMode gateway) costs")
                    .doesNotContain("natMode instance costs");
        }
    }

    @Nested
    class TheReadme {

        @Test
        void showsProdsLayoutsAsCostPricesThem() throws Exception {
            JsonNode cost = json("cost", "--stack", "prod", "--json");
            StringBuilder table = new StringBuilder("| Layout | Monthly | Yearly | vs this stack |\n"
                    + "| --- | ---: | ---: | ---: |\n");
            for (JsonNode l : cost.path("layouts")) {
                BigDecimal diff = l.path("yearlyDifference").decimalValue();
                table.append("| ").append(l.path("title").asText()).append(" | ")
                        .append(CostReport.money(l.path("monthly").decimalValue())).append(" | ")
                        .append(CostReport.money(l.path("yearly").decimalValue())).append(" |")
                        .append(l.path("key").asText().equals("declared") ? " "
                                : " " + (diff.signum() >= 0 ? "+" : "−") + CostReport.money(diff.abs()) + " ")
                        .append("|\n");
            }
            String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
            String block = readme.substring(readme.indexOf("<!-- cost:prod:begin -->") + 25,
                    readme.indexOf("<!-- cost:prod:end -->"));
            assertThat(block).as("README.md's prod cost table; paste `cost --stack prod`'s figures").isEqualTo(
                    table.toString());
            var vs = cost.path("differingLinesDeclaredVsNatPerAz");
            assertThat(readme).contains("costs " + CostReport.money(vs.path("declaredMonthly").decimalValue())
                    + " a month against NAT per\nAZ's " + CostReport.money(vs.path("natPerAzMonthly").decimalValue())
                    + ", " + vs.path("timesCheaper").decimalValue().toPlainString() + "× cheaper")
                    .contains("an evacuation adds " + CostReport.money(cost.path("evacuation")
                            .path("networkMonthlyIncrease").decimalValue()) + " a month");
        }
    }

    @Nested
    class EveryYearlyFigure {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"prod", "dev"})
        void isTwelveTimesItsMonthlyFigureAsPrinted(String stack) throws Exception {
            JsonNode cost = json("cost", "--stack", stack, "--json");
            List<JsonNode> layouts = new java.util.ArrayList<>();
            cost.path("layouts").forEach(layouts::add);
            if (cost.has("fleet")) {
                layouts.add(cost.path("fleet").path("declared"));
                layouts.add(cost.path("fleet").path("other"));
            }
            for (JsonNode l : layouts) {
                assertThat(l.path("yearly").decimalValue()).as(l.path("key").asText())
                        .isEqualByComparingTo(l.path("monthly").decimalValue().multiply(BigDecimal.valueOf(12)));
                l.path("lines").forEach(line -> assertThat(line.path("yearly").decimalValue())
                        .as(line.path("item").asText())
                        .isEqualByComparingTo(line.path("monthly").decimalValue().multiply(BigDecimal.valueOf(12))));
            }
            assertThat(cost.path("total").path("yearly").decimalValue())
                    .isEqualByComparingTo(cost.path("total").path("monthly").decimalValue().multiply(BigDecimal.valueOf(12)));
        }
    }

    @Nested
    class TheGrandTotal {

        @Test
        void addsTheFleetToTheNetworkInDev() throws Exception {
            JsonNode cost = json("cost", "--stack", "dev", "--json");
            BigDecimal network = cost.path("layouts").get(0).path("monthly").decimalValue();
            BigDecimal fleet = cost.path("fleet").path("declared").path("monthly").decimalValue();
            assertThat(cost.path("total").path("monthly").decimalValue()).isEqualByComparingTo(network.add(fleet));
            assertThat(cost.path("total").path("includesFleet").asBoolean()).isTrue();
            assertThat(CliRun.cached("cost", "--stack", "dev").out()).contains("Stack total (network and benchmark fleet): "
                    + CostReport.money(network.add(fleet)) + "/mo");
        }

        @Test
        void isTheNetworkAloneInProd() throws Exception {
            JsonNode cost = json("cost", "--stack", "prod", "--json");
            assertThat(cost.path("total").path("monthly").decimalValue())
                    .isEqualByComparingTo(cost.path("layouts").get(0).path("monthly").decimalValue());
        }
    }

    @Nested
    class AnEvacuation {

        @Test
        void addsASecondNatAndTheEndpointsSecondAzWhileItLastsAndTheStandbyEipIsBilledIdleAlready() throws Exception {
            JsonNode cost = json("cost", "--stack", "prod", "--json");
            BigDecimal extra = cost.path("evacuation").path("networkMonthlyIncrease").decimalValue();
            BigDecimal natGateway = money(PRICES.natGatewayHour().multiply(BigDecimal.valueOf(730)));
            BigDecimal endpointAz = money(PRICES.interfaceEndpointAzHour().multiply(BigDecimal.valueOf(730)));
            assertThat(extra).isEqualByComparingTo(natGateway.add(endpointAz));
            assertThat(cost.path("evacuation").path("activeAzId").asText()).isEqualTo("apne1-az1");
            assertThat(line(cost.path("layouts").get(0), "Standby EIP, idle until an evacuation").path("monthly")
                    .decimalValue()).isEqualByComparingTo("3.65");
            assertThat(CliRun.cached("cost", "--stack", "prod").out())
                    .contains("An evacuation (kubetrader:activeAzId apne1-az1) adds " + CostReport.money(extra) + " a month");
        }

        @Test
        void isPricedTheOtherWayForAStackEvacuatedNow() throws Exception {
            JsonNode cost = json("cost", "--stack", "prod", "--json", "--set", "kubetrader:activeAzId=apne1-az1");
            assertThat(cost.path("evacuation").path("evacuatedNow").asBoolean()).isTrue();
            assertThat(cost.path("evacuation").path("networkMonthlyIncrease").decimalValue()).isPositive();
        }

        @Test
        void withoutAStandbyEipHasNoStandbyEipLine() throws Exception {
            JsonNode cost = json("cost", "--stack", "prod", "--json", "--set", "kubetrader:standbyEip=false");
            assertThat(line(cost.path("layouts").get(0), "Standby EIP, idle until an evacuation").path("monthly")
                    .decimalValue()).isZero();
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
                    .isEqualByComparingTo(money(PRICES.natInstanceHour("t4g.nano").multiply(BigDecimal.valueOf(730))));
            assertThat(line(instance, "NAT instance root volume (gp3)").path("monthly").decimalValue())
                    .isEqualByComparingTo(money(PRICES.gp3GbMonth().multiply(BigDecimal.valueOf(4))));
            assertThat(line(instance, "NAT gateway data processing").path("monthly").decimalValue()).isZero();
            assertThat(line(instance, "NAT gateway hours").path("monthly").decimalValue()).isZero();
        }

        @Test
        void priceTheInstanceAlternativeAsTheConfiguredTypeNotAlwaysTheDefault() throws Exception {
            JsonNode instance = layout(json("cost", "--stack", "prod", "--json",
                    "--set", "kubetrader:natInstanceType=t4g.small"), "natMode-instance");
            assertThat(line(instance, "NAT instance hours").path("monthly").decimalValue())
                    .isEqualByComparingTo(money(PRICES.natInstanceHour("t4g.small").multiply(BigDecimal.valueOf(730))));
            assertThat(line(instance, "NAT instance hours").path("basis").asText()).contains("t4g.small");
        }

        @Test
        void chargeDataOutToTheInternetTheSameInEveryLayout() throws Exception {
            JsonNode cost = json("cost", "--stack", "prod", "--json");
            java.util.Set<String> amounts = new java.util.HashSet<>();
            cost.path("layouts").forEach(l -> amounts.add(money(
                    line(l, "Data transfer out to the internet (shared)").path("monthly").decimalValue()).toPlainString()));
            assertThat(amounts).containsExactly(monthlyOf(BigDecimal.valueOf(5), PRICES.internetOutGb()).toPlainString());
        }

        @Test
        void makeProdInInstanceModeAtLeastThirtyTimesCheaperThanNatPerAzOnTheLinesThatDiffer() throws Exception {
            JsonNode cost = json("cost", "--stack", "prod", "--json", "--set", "kubetrader:natMode=instance",
                    "--set", "kubetrader:ingestGbPerDay=1000");
            JsonNode vs = cost.path("differingLinesDeclaredVsNatPerAz");
            BigDecimal ratio = vs.path("natPerAzMonthly").decimalValue()
                    .divide(vs.path("declaredMonthly").decimalValue(), 1, java.math.RoundingMode.HALF_EVEN);
            assertThat(ratio).isEqualByComparingTo(vs.path("timesCheaper").decimalValue());
            assertThat(ratio).isGreaterThanOrEqualTo(BigDecimal.valueOf(30));
        }
    }

    @Nested
    class AWrongNatInstanceType {

        @ParameterizedTest(name = "{0} in natMode {1}")
        @CsvSource({"t4g.nanoo, instance, did you mean t4g.nano?", "t4g.nanoo, gateway, did you mean t4g.nano?",
                "m7g.large, instance, add its on-demand hour there"})
        void isRefusedByPlanAndCostNamingTheKeyTheValueAndTheFix(String type, String mode, String fix) {
            for (String command : List.of("plan", "cost")) {
                CliRun run = CliRun.of(command, "--stack", "prod", "--set", "kubetrader:natMode=" + mode,
                        "--set", "kubetrader:natInstanceType=" + type);
                assertThat(run.exit()).as(command + ": " + run.err()).isEqualTo(1);
                assertThat(run.err()).contains("kubetrader:natInstanceType", "'" + type + "'",
                        "no such NAT instance type in the price data", fix).doesNotContain("Exception");
            }
        }

        @Test
        void notOfferedInTheStandbyAzIsRefusedNamingTheAzsItIsOfferedIn() {
            var account = new com.kubetrader.offline.SimulatedAccount() {
                @Override
                protected boolean offers(String instanceType, String azId) {
                    return super.offers(instanceType, azId) && !(instanceType.equals("t4g.small")
                            && azId.equals("apne1-az1"));
                }
            };
            var result = com.kubetrader.offline.OfflineRun.run(java.nio.file.Path.of(""), "prod",
                    java.util.Map.of("kubetrader:natMode", "instance", "kubetrader:natInstanceType", "t4g.small"),
                    account);
            assertThat(result.errors()).singleElement().asString().contains("kubetrader:natInstanceType",
                    "EC2 does not offer t4g.small in apne1-az1 (offered in: apne1-az2, apne1-az4)");
            var fine = com.kubetrader.offline.OfflineRun.run(java.nio.file.Path.of(""), "prod",
                    java.util.Map.of("kubetrader:natMode", "instance", "kubetrader:natInstanceType", "t4g.nano"),
                    account);
            assertThat(fine.errors()).isEmpty();
        }
    }

    @Nested
    class VolumeOverrides {

        @Test
        void changeTheTrafficPriced() throws Exception {
            JsonNode cost = json("cost", "--stack", "dev", "--json", "--set", "kubetrader:natGbPerDay=1000",
                    "--set", "kubetrader:crossAzGbPerDay=0", "--set", "kubetrader:natMode=gateway");
            JsonNode declared = cost.path("layouts").get(0);
            assertThat(line(declared, "NAT gateway data processing").path("monthly").decimalValue())
                    .isEqualByComparingTo(monthlyOf(BigDecimal.valueOf(1000), PRICES.natGatewayGb()));
            assertThat(line(declared, "Cross-AZ transfer, sending side").path("monthly").decimalValue()).isZero();
        }

        @Test
        void countAnAdoptedEipAsAPublicAddressToo() throws Exception {
            JsonNode cost = json("cost", "--stack", "prod", "--json",
                    "--set", "kubetrader:natEipAllocationId=eipalloc-0123456789abcdef0");
            assertThat(cost.path("inventory").path("publicIpv4Addresses").asInt()).isEqualTo(2);
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
            // 3 instances × 730 h; gp3 3 × 30 GiB; one IPv4 per running instance
            assertThat(line(on, "Benchmark instance hours").path("monthly").decimalValue())
                    .isEqualByComparingTo(money(HOUR.multiply(BigDecimal.valueOf(3 * 730))));
            assertThat(line(on, "Benchmark root volumes (gp3), billed while stopped too").path("monthly").decimalValue())
                    .isEqualByComparingTo("8.64");
            assertThat(line(on, "Benchmark public IPv4 hours, while running").path("monthly").decimalValue())
                    .isEqualByComparingTo(money(new BigDecimal("0.005").multiply(BigDecimal.valueOf(2190))));
            JsonNode windows = fleet.path("other");
            // cron(0 */6 * * ? *): 120 windows in 30 days, 121.67 in a month of 365/12 days, each (600 + 3600 + 900
            // + 300) s = 1.5 h
            assertThat(new BigDecimal(line(windows, "Benchmark instance hours").path("quantityPerMonth").asText())).isEqualByComparingTo("547.5");
            assertThat(line(windows, "Benchmark root volumes (gp3), billed while stopped too").path("monthly")
                    .decimalValue()).as("billed while stopped, so the same").isEqualByComparingTo("8.64");
            assertThat(new BigDecimal(line(windows, "Results added to S3 each month (Standard)").path("quantityPerMonth").asText())).isEqualByComparingTo("182.5");
            assertThat(fleet.path("scheduleSavingMonthly").decimalValue()).isEqualByComparingTo(
                    on.path("monthly").decimalValue().subtract(windows.path("monthly").decimalValue()));
            assertThat(CliRun.cached("cost", "--stack", "dev").out()).contains("The schedule saves "
                    + CostReport.money(fleet.path("scheduleSavingMonthly").decimalValue()) + "/mo");
        }

        @Test
        void isPricedForTheStacksOwnScheduleBesideTheSameFleetAlwaysOn() throws Exception {
            JsonNode fleet = json("cost", "--stack", "dev", "--json", "--set", "kubetrader:benchmarkSchedule=rate(1 day)")
                    .path("fleet");
            assertThat(fleet.path("declared").path("key").asText()).isEqualTo("fleet-scheduled");
            assertThat(new BigDecimal(line(fleet.path("declared"), "Benchmark instance hours").path("quantityPerMonth").asText())).isEqualByComparingTo("136.875"); // 3 × 30.42 windows × 1.5 h
            assertThat(fleet.path("other").path("key").asText()).isEqualTo("fleet-always-on");
            assertThat(fleet.path("note").asText()).contains("kubetrader:benchmarkSchedule = rate(1 day) in Asia/Tokyo");
        }

        @Test
        void leavesTheFleetsAddressesOutOfTheNetworkBillSoNothingIsCountedTwice() throws Exception {
            assertThat(json("cost", "--stack", "dev", "--json").path("inventory").path("publicIpv4Addresses").asInt())
                    .as("the NAT's EIP and the standby EIP only").isEqualTo(2);
            assertThat(json("cost", "--stack", "prod", "--json").has("fleet")).isFalse();
        }
    }
}

package com.kubetrader.plan.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CostModelTest {

    static final Prices PRICES = Prices.forRegion("ap-northeast-1");

    static BigDecimal bd(long value) {
        return BigDecimal.valueOf(value);
    }

    @Nested
    class ThePriceFile {

        @Test
        void namesItsRegionWhenItWasCheckedAndItsSources() {
            assertThat(PRICES.region()).isEqualTo("ap-northeast-1");
            assertThat(PRICES.currency()).isEqualTo("USD");
            assertThat(PRICES.checked()).matches("\\d{4}-\\d{2}(-\\d{2})?");
            assertThat(PRICES.sources()).contains("https://aws.amazon.com/vpc/pricing/",
                    "https://aws.amazon.com/privatelink/pricing/");
        }

        @Test
        void usesTheSeedsCalendarAndNatPrices() {
            assertThat(PRICES.daysPerMonth()).isEqualTo(30);
            assertThat(PRICES.daysPerYear()).isEqualTo(365);
            assertThat(PRICES.hoursPerDay()).isEqualTo(24);
            assertThat(PRICES.natGatewayGb()).isEqualByComparingTo("0.062");
            assertThat(PRICES.natGatewayHour()).isEqualByComparingTo("0.062");
            assertThat(PRICES.crossAzGbEachWay()).isEqualByComparingTo("0.01");
            assertThat(PRICES.publicIpv4Hour()).isEqualByComparingTo("0.005");
        }
    }

    @Nested
    class TheSeedsExample {

        static final NetworkInventory ONE_NAT = new NetworkInventory(1, 1, 1, 0, 0, 0);

        @Test
        void oneTerabyteADayThroughANatCostsAbout22kAYear() {
            Layout layout = CostModel.declared(ONE_NAT, new TrafficVolumes(0, 1000, 0, 0), PRICES);
            CostLine processing = layout.line(CostModel.NAT_GB);
            BigDecimal expected = PRICES.natGatewayGb().multiply(bd(1000)).multiply(bd(PRICES.daysPerYear()));
            assertThat(processing.yearly()).isEqualByComparingTo(expected);
            assertThat(processing.yearly()).isEqualByComparingTo("22630"); // 0.062 × 1000 × 365, the seed's ≈ $22k
            assertThat(processing.monthly()).isEqualByComparingTo(
                    PRICES.natGatewayGb().multiply(bd(1000)).multiply(bd(PRICES.daysPerMonth())));
        }

        @Test
        void isTheYearlyDifferenceBetweenIngestViaTheIgwAndIngestBehindTheNat() {
            TrafficVolumes volumes = new TrafficVolumes(1000, 20, 10, 1);
            List<Layout> layouts = CostModel.compare(ONE_NAT, volumes, PRICES);
            Layout behindNat = layouts.stream().filter(l -> l.key().equals("ingest-behind-nat")).findFirst().orElseThrow();
            BigDecimal difference = behindNat.yearly().subtract(layouts.get(0).yearly());
            assertThat(difference).isEqualByComparingTo(
                    PRICES.natGatewayGb().multiply(bd(1000)).multiply(bd(PRICES.daysPerYear())));
        }
    }

    @Nested
    class EachLine {

        final NetworkInventory inventory = new NetworkInventory(1, 2, 1, 1, 1, 2);
        final TrafficVolumes volumes = new TrafficVolumes(1000, 20, 10, 3);
        final Layout layout = CostModel.declared(inventory, volumes, PRICES);

        @Test
        void isQuantityPerMonthTimesUnitPrice() {
            for (CostLine line : layout.lines()) {
                assertThat(line.monthly()).as(line.item()).isEqualByComparingTo(line.quantityPerMonth().multiply(line.unitPrice()));
                assertThat(line.yearly()).as(line.item()).isEqualByComparingTo(line.daily().multiply(bd(365)));
            }
        }

        @Test
        void chargesNatHoursAndProcessing() {
            assertThat(layout.line(CostModel.NAT_HOURS).quantityPerMonth()).isEqualByComparingTo("720");
            assertThat(layout.line(CostModel.NAT_HOURS).monthly())
                    .isEqualByComparingTo(PRICES.natGatewayHour().multiply(bd(24 * 30))); // ≈ $45/mo, as the seed says
            assertThat(layout.line(CostModel.NAT_GB).monthly()).isEqualByComparingTo(PRICES.natGatewayGb().multiply(bd(20 * 30)));
        }

        @Test
        void chargesInterfaceEndpointsPerAzHourAndPerGb() {
            assertThat(layout.line(CostModel.ENDPOINT_HOURS).monthly())
                    .isEqualByComparingTo(PRICES.interfaceEndpointAzHour().multiply(bd(24 * 30)));
            assertThat(layout.line(CostModel.ENDPOINT_GB).monthly())
                    .isEqualByComparingTo(PRICES.interfaceEndpointGb().multiply(bd(3 * 30)));
        }

        @Test
        void chargesEveryPublicIpv4AddressByTheHour() {
            assertThat(layout.line(CostModel.IPV4_HOURS).monthly())
                    .isEqualByComparingTo(PRICES.publicIpv4Hour().multiply(bd(2 * 24 * 30))); // $7.20
        }

        @Test
        void billsCrossAzTransferOnBothSides() {
            BigDecimal eachWay = PRICES.crossAzGbEachWay().multiply(bd(10 * 30));
            assertThat(layout.line(CostModel.CROSS_AZ_OUT).monthly()).isEqualByComparingTo(eachWay);
            assertThat(layout.line(CostModel.CROSS_AZ_IN).monthly()).isEqualByComparingTo(eachWay);
        }

        @Test
        void chargesNothingForIngestThroughTheInternetGateway() {
            assertThat(layout.line(CostModel.INGEST_IGW).quantityPerMonth()).isEqualByComparingTo("30000");
            assertThat(layout.line(CostModel.INGEST_IGW).monthly()).isEqualByComparingTo(
                    PRICES.internetInGb().multiply(bd(30000)));
        }

        @Test
        void addUpToTheTotal() {
            BigDecimal hand = PRICES.natGatewayHour().multiply(bd(720))
                    .add(PRICES.natGatewayGb().multiply(bd(600)))
                    .add(PRICES.interfaceEndpointAzHour().multiply(bd(720)))
                    .add(PRICES.interfaceEndpointGb().multiply(bd(90)))
                    .add(PRICES.publicIpv4Hour().multiply(bd(1440)))
                    .add(PRICES.crossAzGbEachWay().multiply(bd(600)))
                    .add(PRICES.internetInGb().multiply(bd(30000)));
            assertThat(layout.monthly()).isEqualByComparingTo(hand);
            assertThat(layout.yearly()).isEqualByComparingTo(hand.divide(bd(30)).multiply(bd(365)));
        }
    }

    @Nested
    class TheNatPerAzDefault {

        @Test
        void hasANatAndAnEipPerAzAndEveryInterfaceEndpointInEachAz() {
            NetworkInventory inventory = new NetworkInventory(1, 1, 1, 2, 2, 2);
            Layout layout = CostModel.natPerAz(inventory, new TrafficVolumes(1000, 20, 10, 1), PRICES, 3);
            assertThat(layout.line(CostModel.NAT_HOURS).quantityPerMonth()).isEqualByComparingTo(bd(3 * 720));
            assertThat(layout.line(CostModel.NAT_GB).quantityPerMonth()).isEqualByComparingTo(bd(1020 * 30));
            assertThat(layout.line(CostModel.IPV4_HOURS).quantityPerMonth()).isEqualByComparingTo(bd(3 * 720));
            assertThat(layout.line(CostModel.ENDPOINT_HOURS).quantityPerMonth()).isEqualByComparingTo(bd(2 * 3 * 720));
            assertThat(layout.line(CostModel.INGEST_IGW).quantityPerMonth()).isEqualByComparingTo("0");
        }
    }
}

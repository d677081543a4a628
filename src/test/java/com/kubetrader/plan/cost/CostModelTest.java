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

    /** A daily quantity over a month of 365/12 days. */
    static BigDecimal days(long perDay) {
        return BigDecimal.valueOf(perDay * 365).divide(BigDecimal.valueOf(12), 12, java.math.RoundingMode.HALF_EVEN);
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
        void usesAYearOfTwelveEqualMonthsAndTheSeedsNatPrices() {
            assertThat(PRICES.monthsPerYear()).isEqualTo(12);
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
            // 0.062 × 1000 × 365 = 22,630 a year, the seed's ≈ $22k; a month is a twelfth of it
            assertThat(processing.monthly()).isCloseTo(bd(22630).divide(bd(12), 12, java.math.RoundingMode.HALF_EVEN),
                    org.assertj.core.data.Offset.offset(new BigDecimal("1e-6")));
            assertThat(processing.yearly()).as("12 × the monthly figure in cents").isEqualByComparingTo("22629.96");
        }

        @Test
        void isTheYearlyDifferenceBetweenIngestViaTheIgwAndIngestBehindTheNat() {
            TrafficVolumes volumes = new TrafficVolumes(1000, 20, 10, 1);
            List<Layout> layouts = CostModel.compare(ONE_NAT, volumes, PRICES);
            Layout behindNat = layouts.stream().filter(l -> l.key().equals("ingest-behind-nat")).findFirst().orElseThrow();
            BigDecimal difference = behindNat.yearly().subtract(layouts.get(0).yearly());
            assertThat(difference).isCloseTo(bd(22630), org.assertj.core.data.Offset.offset(bd(1)));
        }
    }

    @Nested
    class TheCalendar {

        @Test
        void aMonthIsATwelfthOfA365DayYearSoYearlyIsTwelveTimesMonthlyAsPrinted() {
            Layout layout = CostModel.declared(new NetworkInventory(1, 2, 1, 1, 1, 2),
                    new TrafficVolumes(1000, 20, 10, 3), PRICES);
            assertThat(PRICES.hoursPerMonth()).isEqualByComparingTo("730");
            assertThat(layout.yearly()).isEqualByComparingTo(layout.monthly().setScale(2,
                    java.math.RoundingMode.HALF_UP).multiply(bd(12)));
            for (CostLine line : layout.lines()) {
                assertThat(line.yearly()).as(line.item()).isEqualByComparingTo(line.monthly().setScale(2,
                        java.math.RoundingMode.HALF_UP).multiply(bd(12)));
            }
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
            }
        }

        @Test
        void chargesNatHoursAndProcessing() {
            assertThat(layout.line(CostModel.NAT_HOURS).quantityPerMonth()).isEqualByComparingTo("730");
            assertThat(layout.line(CostModel.NAT_HOURS).monthly())
                    .isEqualByComparingTo(PRICES.natGatewayHour().multiply(bd(730))); // ≈ $45/mo, as the seed says
            assertThat(layout.line(CostModel.NAT_GB).monthly()).isEqualByComparingTo(
                    PRICES.natGatewayGb().multiply(days(20)));
        }

        @Test
        void chargesInterfaceEndpointsPerAzHourAndPerGb() {
            assertThat(layout.line(CostModel.ENDPOINT_HOURS).monthly())
                    .isEqualByComparingTo(PRICES.interfaceEndpointAzHour().multiply(bd(730)));
            assertThat(layout.line(CostModel.ENDPOINT_GB).monthly())
                    .isEqualByComparingTo(PRICES.interfaceEndpointGb().multiply(days(3)));
        }

        @Test
        void chargesEveryPublicIpv4AddressByTheHour() {
            assertThat(layout.line(CostModel.IPV4_HOURS).monthly())
                    .isEqualByComparingTo(PRICES.publicIpv4Hour().multiply(bd(2 * 730))); // $7.30
        }

        @Test
        void billsCrossAzTransferOnBothSides() {
            BigDecimal eachWay = PRICES.crossAzGbEachWay().multiply(days(10));
            assertThat(layout.line(CostModel.CROSS_AZ_OUT).monthly()).isEqualByComparingTo(eachWay);
            assertThat(layout.line(CostModel.CROSS_AZ_IN).monthly()).isEqualByComparingTo(eachWay);
        }

        @Test
        void chargesNothingForIngestThroughTheInternetGateway() {
            assertThat(layout.line(CostModel.INGEST_IGW).quantityPerMonth()).isEqualByComparingTo(days(1000));
            assertThat(layout.line(CostModel.INGEST_IGW).monthly()).isEqualByComparingTo(
                    PRICES.internetInGb().multiply(days(1000)));
        }

        @Test
        void addUpToTheTotal() {
            BigDecimal hand = PRICES.natGatewayHour().multiply(bd(730))
                    .add(PRICES.natGatewayGb().multiply(days(20)))
                    .add(PRICES.interfaceEndpointAzHour().multiply(bd(730)))
                    .add(PRICES.interfaceEndpointGb().multiply(days(3)))
                    .add(PRICES.publicIpv4Hour().multiply(bd(1460)))
                    .add(PRICES.crossAzGbEachWay().multiply(days(20)))
                    .add(PRICES.internetInGb().multiply(days(1000)));
            assertThat(layout.monthly()).isCloseTo(hand, org.assertj.core.data.Offset.offset(new BigDecimal("1e-6")));
        }
    }

    @Nested
    class TheNatPerAzDefault {

        @Test
        void hasANatAndAnEipPerAzAndEveryInterfaceEndpointInEachAz() {
            NetworkInventory inventory = new NetworkInventory(1, 1, 1, 2, 2, 2);
            Layout layout = CostModel.natPerAz(inventory, new TrafficVolumes(1000, 20, 10, 1), PRICES, 3);
            assertThat(layout.line(CostModel.NAT_HOURS).quantityPerMonth()).isEqualByComparingTo(bd(3 * 730));
            assertThat(layout.line(CostModel.NAT_GB).quantityPerMonth()).isEqualByComparingTo(days(1020));
            assertThat(layout.line(CostModel.IPV4_HOURS).quantityPerMonth()).isEqualByComparingTo(bd(3 * 730));
            assertThat(layout.line(CostModel.ENDPOINT_HOURS).quantityPerMonth()).isEqualByComparingTo(bd(2 * 3 * 730));
            assertThat(layout.line(CostModel.INGEST_IGW).quantityPerMonth()).isEqualByComparingTo("0");
        }
    }
}

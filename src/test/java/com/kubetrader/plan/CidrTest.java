package com.kubetrader.plan;

import com.kubetrader.plan.network.RouteDestination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrTest {

    @Nested
    class Parsing {
        @Test
        void readsAddressAndPrefixAndPrintsThemBack() {
            Cidr cidr = Cidr.parse("10.0.16.0/20");
            assertThat(cidr.prefix()).isEqualTo(20);
            assertThat(cidr.network()).isEqualTo((10L << 24) | (16L << 8));
            assertThat(cidr).hasToString("10.0.16.0/20");
        }

        @ParameterizedTest(name = "{0} is rejected: {1}")
        @CsvSource(delimiter = '|', value = {
                "10.0.0.0        | expected the form a.b.c.d/n",
                "10.0.0/16       | expected the form a.b.c.d/n",
                "10.0.0.256/24   | octet 256 is above 255",
                "10.0.0.0/33     | prefix length /33 is above /32",
                "10.0.0.1/16     | host bits are set; the block starts at 10.0.0.0/16",
                "ten.0.0.0/8     | expected the form a.b.c.d/n",
        })
        void rejectsMalformedBlocksSayingWhatIsValid(String text, String expected) {
            assertThatThrownBy(() -> Cidr.parse(text))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(expected);
        }
    }

    @Nested
    class Geometry {
        private final Cidr vpc = Cidr.parse("10.0.0.0/16");

        @Test
        void aSubnetInsideTheVpcIsContainedAndOverlaps() {
            Cidr workload = Cidr.parse("10.0.16.0/20");
            assertThat(vpc.contains(workload)).isTrue();
            assertThat(workload.contains(vpc)).isFalse();
            assertThat(vpc.overlaps(workload)).isTrue();
        }

        @Test
        void adjacentBlocksDoNotOverlap() {
            assertThat(Cidr.parse("10.0.0.0/24").overlaps(Cidr.parse("10.0.1.0/24"))).isFalse();
        }

        @Test
        void aBlockThatStraddlesAnotherOverlapsWithoutBeingContained() {
            Cidr wide = Cidr.parse("10.0.8.0/21");
            Cidr data = Cidr.parse("10.0.10.0/24");
            assertThat(wide.overlaps(data)).isTrue();
            assertThat(data.contains(wide)).isFalse();
        }

        @Test
        void awsKeepsFiveAddressesOfEverySubnet() {
            assertThat(Cidr.parse("10.0.0.0/24").awsUsableAddresses()).isEqualTo(256 - 5);
            assertThat(Cidr.parse("10.0.0.0/28").awsUsableAddresses()).isEqualTo(16 - 5);
        }

        @Test
        void theWholeAddressSpaceContainsEverything() {
            assertThat(RouteDestination.ANYWHERE.contains(vpc)).isTrue();
            assertThat(RouteDestination.ANYWHERE.size()).isEqualTo(1L << 32);
        }
    }
}

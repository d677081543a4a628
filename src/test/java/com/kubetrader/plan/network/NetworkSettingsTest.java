package com.kubetrader.plan.network;

import com.kubetrader.plan.AzId;
import com.kubetrader.plan.Cidr;
import com.kubetrader.plan.TestConfig;
import com.kubetrader.plan.settings.ConfigSource;
import com.kubetrader.plan.settings.InvalidSettingsException;
import com.kubetrader.plan.settings.SettingError;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NetworkSettingsTest {

    @Nested
    class TheShippedStacks {
        @Test
        void devReadsTheSeedLayoutFromPulumiYamlDefaults() {
            NetworkSettings dev = TestConfig.settings("dev");
            assertThat(dev.region()).isEqualTo("ap-northeast-1");
            assertThat(dev.vpcCidr()).isEqualTo(Cidr.parse("10.0.0.0/16"));
            assertThat(dev.primaryAzId()).isEqualTo(AzId.of("apne1-az4"));
            assertThat(dev.standbyAzId()).isEqualTo(AzId.of("apne1-az1"));
            assertThat(dev.reservedAzId()).isEqualTo(AzId.of("apne1-az2"));
            assertThat(dev.subnetCidr(SubnetRole.PUBLIC)).hasToString("10.0.0.0/24");
            assertThat(dev.subnetCidr(SubnetRole.DATA)).hasToString("10.0.10.0/24");
            assertThat(dev.subnetCidr(SubnetRole.WORKLOAD)).hasToString("10.0.16.0/20");
            assertThat(dev.subnetCidr(SubnetRole.STANDBY_PUBLIC)).hasToString("10.0.1.0/24");
            assertThat(dev.subnetCidr(SubnetRole.STANDBY_PRIVATE)).hasToString("10.0.11.0/24");
            assertThat(dev.natEipAllocationId()).isEmpty();
            assertThat(dev.interfaceEndpoints()).containsExactly("secretsmanager");
            assertThat(dev.protect()).isFalse();
            assertThat(dev.flowLogs()).isFalse();
        }

        @Test
        void prodProtectsStatefulResourcesAndTurnsFlowLogsOn() {
            NetworkSettings prod = TestConfig.settings("prod");
            assertThat(prod.protect()).isTrue();
            assertThat(prod.flowLogs()).isTrue();
            assertThat(prod.flowLogRetentionDays()).isEqualTo(90);
        }

        @Test
        void listsArriveAsJsonTheWayThePulumiCliPassesThem() {
            NetworkSettings settings = TestConfig.settings("dev",
                    "kubetrader:peeringRoutes", "[\"10.100.0.0/16=pcx-0123456789abcdef0\"]",
                    "kubetrader:interfaceEndpoints", "[\"secretsmanager\",\"ecr.api\"]");
            assertThat(settings.peeringRoutes()).containsExactly(
                    new PeeringRoute(Cidr.parse("10.100.0.0/16"), "pcx-0123456789abcdef0"));
            assertThat(settings.interfaceEndpoints()).containsExactly("secretsmanager", "ecr.api");
        }
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
                Arguments.of("kubetrader:vpcCidr", "10.0.0.0/33",
                        "kubetrader:vpcCidr = '10.0.0.0/33': prefix length /33 is above /32"),
                Arguments.of("kubetrader:vpcCidr", "10.0.0.0/12",
                        "kubetrader:vpcCidr = '10.0.0.0/12': AWS accepts VPC blocks from /16 to /28"),
                Arguments.of("kubetrader:publicSubnetCidr", "10.0.0.0/2x",
                        "kubetrader:publicSubnetCidr = '10.0.0.0/2x': not an IPv4 CIDR"),
                Arguments.of("kubetrader:dataSubnetCidr", "10.1.10.0/24",
                        "kubetrader:dataSubnetCidr = '10.1.10.0/24': outside vpcCidr 10.0.0.0/16"),
                Arguments.of("kubetrader:dataSubnetCidr", "10.0.16.0/24",
                        "kubetrader:dataSubnetCidr = '10.0.16.0/24': overlaps workloadSubnetCidr 10.0.16.0/20"),
                Arguments.of("kubetrader:reservedPublicSubnetCidr", "10.0.0.128/25",
                        "kubetrader:reservedPublicSubnetCidr = '10.0.0.128/25': overlaps publicSubnetCidr 10.0.0.0/24"),
                Arguments.of("kubetrader:workloadSubnetCidr", "10.0.16.0/24",
                        "kubetrader:workloadSubnetCidr = '10.0.16.0/24': too small for the workload subnet (251 usable addresses); expected /22 or larger"),
                Arguments.of("kubetrader:publicSubnetCidr", "10.0.0.0/28",
                        "kubetrader:publicSubnetCidr = '10.0.0.0/28': too small for the public subnet (11 usable addresses); expected /27 or larger"),
                Arguments.of("kubetrader:standbyAzId", "apne1-az4",
                        "kubetrader:primaryAzId and kubetrader:standbyAzId = 'apne1-az4': both are apne1-az4"),
                Arguments.of("kubetrader:primaryAzId", "apne1-az1",
                        "kubetrader:primaryAzId and kubetrader:standbyAzId = 'apne1-az1': both are apne1-az1; the "
                                + "primary and standby must be different AZ IDs: change whichever of the two you meant to move"),
                Arguments.of("kubetrader:reservedAzId", "apne1-az1",
                        "kubetrader:standbyAzId and kubetrader:reservedAzId = 'apne1-az1': both are apne1-az1"),
                Arguments.of("aws:region", "us-east-1",
                        "aws:region = 'us-east-1': not supported; kubetrader is built for ap-northeast-1 (Tokyo)"),
                Arguments.of("kubetrader:primaryAzId", "ap-northeast-1a",
                        "kubetrader:primaryAzId = 'ap-northeast-1a': not an AZ ID; expected the form apne1-az4 (an AZ ID, not an AZ name"),
                Arguments.of("kubetrader:natEipAllocationId", "eip-12345678",
                        "kubetrader:natEipAllocationId = 'eip-12345678': not an Elastic IP allocation ID; expected eipalloc-"),
                Arguments.of("kubetrader:natEipAllocationId", "eipalloc-1234",
                        "kubetrader:natEipAllocationId = 'eipalloc-1234': not an Elastic IP allocation ID"),
                Arguments.of("kubetrader:peeringRoutes", "[\"10.0.128.0/17=pcx-0123456789abcdef0\"]",
                        "destination 10.0.128.0/17 overlaps vpcCidr 10.0.0.0/16"),
                Arguments.of("kubetrader:peeringRoutes", "[\"10.100.0.0/16=vpc-0123456789abcdef0\"]",
                        "'vpc-0123456789abcdef0' is not a peering connection ID; expected pcx-"),
                Arguments.of("kubetrader:peeringRoutes", "[\"10.100.0.0/16\"]",
                        "expected CIDR=peering connection ID"),
                Arguments.of("kubetrader:peeringRoutes", "10.100.0.0/16=pcx-0123456789abcdef0",
                        "not a list; expected a YAML list of strings"),
                Arguments.of("kubetrader:interfaceEndpoints", "[\"s3\"]",
                        "kubetrader:interfaceEndpoints = 's3': already reached through the free gateway endpoint"),
                Arguments.of("kubetrader:interfaceEndpoints", "[\"Secrets Manager\"]",
                        "not an AWS service short name"),
                Arguments.of("kubetrader:privateLinkEndpoints", "[\"clickhouse=com.example.service\"]",
                        "'com.example.service' is not a PrivateLink service name"),
                Arguments.of("kubetrader:endpointPolicies", "[\"ecr=policies/ecr.json\"]",
                        "no endpoint named 'ecr'; expected one of [dynamodb, s3, secretsmanager]"),
                Arguments.of("kubetrader:flowLogRetentionDays", "10",
                        "kubetrader:flowLogRetentionDays = '10': CloudWatch Logs does not offer this retention"),
                Arguments.of("kubetrader:flowLogs", "yes",
                        "kubetrader:flowLogs = 'yes': not a boolean; expected true or false"),
                Arguments.of("kubetrader:activeAzId", "apne1-az2",
                        "kubetrader:activeAzId = 'apne1-az2': neither kubetrader:primaryAzId (apne1-az4) nor "
                                + "kubetrader:standbyAzId (apne1-az1); the hot path runs in the primary AZ, or in the "
                                + "standby AZ during an evacuation. Set apne1-az1 to evacuate, or unset it"),
                Arguments.of("kubetrader:activeAzId", "apne1-az9", "kubetrader:activeAzId = 'apne1-az9': neither"),
                Arguments.of("kubetrader:activeAzId", "ap-northeast-1c",
                        "kubetrader:activeAzId = 'ap-northeast-1c': not an AZ ID; expected the form apne1-az4 (an AZ "
                                + "ID, not an AZ name"),
                Arguments.of("kubetrader:standbyEip", "maybe",
                        "kubetrader:standbyEip = 'maybe': not a boolean; expected true or false"),
                Arguments.of("kubetrader:standbyWorkloadSubnetCidr", "10.0.16.0/20",
                        "kubetrader:standbyWorkloadSubnetCidr"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("badSettings")
    void aBadSettingIsRejectedNamingTheKeyTheValueAndWhatIsValid(String key, String value, String expected) {
        assertThatThrownBy(() -> TestConfig.settings("dev", key, value))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void everyProblemIsReportedAtOnceNotJustTheFirst() {
        var error = (InvalidSettingsException) org.assertj.core.api.Assertions.catchThrowable(() ->
                TestConfig.settings("dev", "kubetrader:vpcCidr", "nonsense",
                        "kubetrader:standbyAzId", "apne1-az4",
                        "kubetrader:natEipAllocationId", "eipalloc-xyz"));
        assertThat(error.errors()).extracting(SettingError::key).containsExactlyInAnyOrder(
                "kubetrader:vpcCidr", "kubetrader:primaryAzId and kubetrader:standbyAzId",
                "kubetrader:natEipAllocationId");
        assertThat(error).hasMessageStartingWith("3 invalid stack settings:");
    }

    @Test
    void aMissingKeySaysPulumiYamlWasNotApplied() {
        Map<String, String> config = new java.util.HashMap<>(TestConfig.of("dev"));
        config.remove("kubetrader:vpcCidr");
        assertThatThrownBy(() -> NetworkSettings.read(ConfigSource.of(config)))
                .hasMessageContaining("kubetrader:vpcCidr = (not set): not set; Pulumi.yaml declares a default");
    }
}

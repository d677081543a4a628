package com.kubetrader.plan.fleet;

import com.kubetrader.plan.AzId;
import com.kubetrader.plan.Cidr;
import com.kubetrader.plan.network.NetworkSettings;
import com.kubetrader.plan.settings.ConfigSource;
import com.kubetrader.plan.settings.SettingError;
import com.kubetrader.plan.settings.SettingsReader;

import static org.assertj.core.api.Assertions.assertThat;

import com.kubetrader.offline.StackFiles;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Fleet settings")
class FleetSettingsTest {

    static Map<String, String> config(String stack, Map<String, String> overrides) {
        return StackFiles.load(Path.of("")).config(Path.of(""), stack, overrides);
    }

    static SettingsReader reader(String stack, Map<String, String> overrides) {
        return new SettingsReader(ConfigSource.of(config(stack, overrides)), NetworkSettings.NAMESPACE);
    }

    static Map<String, String> one(String key, String value) {
        Map<String, String> m = new HashMap<>();
        m.put("kubetrader:" + key, value);
        return m;
    }

    @Nested
    @DisplayName("as the dev stack file and Pulumi.yaml's defaults give them")
    class Dev {
        @Test
        void areValidAndSwitchTheFleetOnWithTheSeedBucketAndThreeAzIds() {
            SettingsReader in = reader("dev", Map.of());
            FleetSettings s = FleetSettings.read(in);
            assertThat(in.errors()).isEmpty();
            assertThat(s.enabled()).isTrue();
            assertThat(s.bucketName()).contains("kubetrader-benchmark-results-tokyo");
            assertThat(s.azIds()).extracting(AzId::value).containsExactly("apne1-az4", "apne1-az1", "apne1-az2");
            assertThat(s.subnetCidrs()).extracting(Cidr::toString)
                    .containsExactly("10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24");
            assertThat(s.vpcCidr()).hasToString("10.0.0.0/16");
            assertThat(s.instanceType()).isEqualTo("c8g.xlarge");
            assertThat(s.amiParameter()).isEqualTo("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64");
        }

        @Test
        void everyBenchmarkKeyTheReaderAsksForIsDeclaredInPulumiYaml() {
            SettingsReader in = reader("dev", Map.of());
            FleetSettings.read(in);
            var declared = StackFiles.load(Path.of("")).declaredKeys().keySet();
            assertThat(in.keysRead().stream().filter(k -> k.startsWith("kubetrader:")).toList())
                    .isNotEmpty()
                    .allSatisfy(key -> assertThat(declared).contains(key));
        }
    }

    @Nested
    @DisplayName("with a recurring window")
    class Schedule {
        @Test
        void readsTheExpressionInTheTimeZoneAndCountsItsWindows() {
            SettingsReader in = reader("dev", Map.of("kubetrader:benchmarkSchedule", "cron(0 */6 * * ? *)"));
            FleetSettings s = FleetSettings.read(in);
            assertThat(in.errors()).isEmpty();
            assertThat(s.schedule()).hasValueSatisfying(e -> {
                assertThat(e.windowsPerMonth(s.scheduleTimezone())).isEqualTo(120);
                assertThat(e.shortestGap(s.scheduleTimezone())).isEqualTo(java.time.Duration.ofHours(6));
            });
            assertThat(s.scheduleTimezone()).isEqualTo(java.time.ZoneId.of("Asia/Tokyo"));
        }

        @Test
        void countsWeekdayCronFiringsAndTheirShortestGapAcrossTheWeekend() throws Exception {
            ScheduleExpression e = ScheduleExpression.parse("cron(30 9,21 ? * MON-FRI *)");
            java.time.ZoneId tokyo = java.time.ZoneId.of("Asia/Tokyo");
            assertThat(e.shortestGap(tokyo)).isEqualTo(java.time.Duration.ofHours(12));
            // 2026-01-05 is a Monday: 30 days hold 22 weekdays, two firings each
            assertThat(e.windowsPerMonth(tokyo)).isEqualTo(44);
            assertThat(ScheduleExpression.parse("rate(1 day)").windowsPerMonth(tokyo)).isEqualTo(30);
        }

        @Test
        void isRefusedForAFleetThatIsSwitchedOff() {
            SettingsReader in = reader("dev", Map.of("kubetrader:benchmarkSchedule", "rate(1 day)",
                    "kubetrader:benchmarkEnabled", "false"));
            FleetSettings.read(in);
            assertThat(in.errors()).anySatisfy(e -> {
                assertThat(e.key()).isEqualTo("kubetrader:benchmarkSchedule");
                assertThat(e.message()).contains("'rate(1 day)'").contains("kubetrader:benchmarkEnabled is false");
            });
        }
    }

    @Nested
    @DisplayName("as the prod stack file gives them")
    class Prod {
        @Test
        void areValidWithNoFleetAndNoBucket() {
            SettingsReader in = reader("prod", Map.of());
            FleetSettings s = FleetSettings.read(in);
            assertThat(in.errors()).isEmpty();
            assertThat(s.enabled()).isFalse();
            assertThat(s.bucketName()).isEmpty();
        }
    }

    @Nested
    @DisplayName("with a bad value")
    class Bad {
        @ParameterizedTest(name = "{0} = {1} is refused, naming the problem")
        @CsvSource(delimiter = '|', value = {
                "benchmarkBucketName | Kubetrader-Results | lower-case letters, numbers, periods and hyphens",
                "benchmarkBucketName | ab | 2 characters, fewer than the 3 required",
                "benchmarkBucketName | kubetrader..results | must not contain two adjacent periods",
                "benchmarkBucketName | 192.168.10.20 | must not be formatted as an IP address",
                "benchmarkBucketName | -kubetrader-results | beginning and ending with a letter or number",
                "benchmarkBucketName | xn--kubetrader | starts with xn--, which AWS reserves",
                "benchmarkBucketName | kubetrader-s3alias | ends with -s3alias, which AWS reserves",
                "benchmarkAzIds | [\"apne1-az4\",\"apne1-az4\",\"apne1-az2\"] | listed twice",
                "benchmarkAzIds | [\"ap-northeast-1a\",\"apne1-az1\",\"apne1-az2\"] | not an AZ name such as ap-northeast-1a",
                "benchmarkAzIds | [] | no AZ IDs",
                "benchmarkSubnetCidrs | [\"10.0.1.0/24\",\"10.0.2.0/24\"] | 2 subnets for 3 AZ IDs",
                "benchmarkSubnetCidrs | [\"10.0.1.0/24\",\"10.1.2.0/24\",\"10.0.3.0/24\"] | outside kubetrader:benchmarkVpcCidr 10.0.0.0/16",
                "benchmarkSubnetCidrs | [\"10.0.1.0/24\",\"10.0.1.128/25\",\"10.0.3.0/24\"] | overlaps 10.0.1.0/24",
                "benchmarkSubnetCidrs | [\"10.0.1.0/24\",\"10.0.2.1/24\",\"10.0.3.0/24\"] | host bits are set",
                "benchmarkVpcCidr | 10.0.0.0/8 | /16 to /28",
                "benchmarkInstanceType | c8gxlarge | not an EC2 instance type",
                "benchmarkInstanceType | c7i.xlarge | not a Graviton (arm64) type",
                "benchmarkAmiParameter | al2023-arm64 | not an SSM parameter path",
                "benchmarkEndpoint | https://stream.binance.com | not a list of WebSocket base URLs",
                "benchmarkEndpoint | wss://stream.binance.com;rm -rf / | not a list of WebSocket base URLs",
                "benchmarkEndpoint | wss://a.example,,wss://b.example | not a list of WebSocket base URLs",
                "benchmarkEndpoint | rtt-only:wss://ws-api.binance.com:443/ws-api/v3 | every endpoint is rtt-only",
                "benchmarkSchedule | cron(0 */6 * *) | not an EventBridge Scheduler expression: a cron expression has six fields",
                "benchmarkSchedule | cron(0 */6 * * * *) | exactly one of day-of-month and day-of-week must be ?",
                "benchmarkSchedule | cron(0 25 * * ? *) | is not valid; expected 0 to 23",
                "benchmarkSchedule | cron(0 0 L * ? *) | uses L, W or #",
                "benchmarkSchedule | rate(1 hours) | the singular for 1 and the plural otherwise",
                "benchmarkSchedule | rate(0 days) | a rate must be at least 1",
                "benchmarkSchedule | every day | expected rate(value unit) or cron(",
                "benchmarkSchedule | at(2026-12-01T00:00:00) | fires once",
                "benchmarkSchedule | rate(30 minutes) | two windows would overlap: a window takes 5400 s (600 s to start and come online + kubetrader:benchmarkDurationSeconds 3600 s + 900 s setup and upload + 300 s to stop), but firings can be 1800 s apart",
                "benchmarkSchedule | cron(0 8,9 * * ? *) | firings can be 3600 s apart",
                "benchmarkScheduleTimezone | Tokyo | not an IANA time zone",
                "benchmarkPlacementGroups | [\"apne1-az4\"] | expected AZ ID=placement group name",
                "benchmarkPlacementGroups | [\"apne1-az4=ptp group\"] | expected AZ ID=placement group name",
                "benchmarkPlacementGroups | [\"apne1-az3=kubetrader-ptp\"] | apne1-az3 is not one of kubetrader:benchmarkAzIds",
                "benchmarkPlacementGroups | [\"apne1-az4=a\",\"apne1-az4=b\"] | apne1-az4 is given twice",
                "benchmarkSymbols | btcusdt | expected ALL or upper-case symbols",
                "benchmarkSymbols | BTCUSDT ETHUSDT | expected ALL or upper-case symbols",
                "benchmarkDurationSeconds | 30 | out of range",
                "benchmarkDurationSeconds | 172800 | out of range",
                "benchmarkRootVolumeGiB | 4 | out of range",
                "benchmarkEnabled | yes | not a boolean",
        })
        void isRefusedWithAMessageNamingTheKeyAndTheValue(String key, String value, String problem) {
            SettingsReader in = reader("dev", one(key, value));
            FleetSettings.read(in);
            assertThat(in.errors()).anySatisfy(e -> {
                assertThat(e.key()).isEqualTo("kubetrader:" + key);
                assertThat(e.message()).contains(problem);
            });
        }

        @Test
        void aFleetSwitchedOnWithoutABucketIsRefused() {
            SettingsReader in = reader("dev", one("benchmarkBucketName", ""));
            FleetSettings.read(in);
            assertThat(in.errors()).singleElement().satisfies(e -> {
                assertThat(e.key()).isEqualTo("kubetrader:benchmarkEnabled");
                assertThat(e.message()).contains("kubetrader:benchmarkBucketName is empty");
            });
        }

        @Test
        void everyProblemIsReportedInOneGo() {
            Map<String, String> overrides = one("benchmarkBucketName", "UPPER");
            overrides.put("kubetrader:benchmarkInstanceType", "nonsense");
            overrides.put("kubetrader:benchmarkAzIds", "[\"apne1-az4\",\"apne1-az4\",\"apne1-az2\"]");
            SettingsReader in = reader("dev", overrides);
            FleetSettings.read(in);
            assertThat(in.errors()).extracting(SettingError::key).contains("kubetrader:benchmarkBucketName",
                    "kubetrader:benchmarkInstanceType", "kubetrader:benchmarkAzIds");
        }
    }

    static java.util.List<String> bucketProblems(String name) {
        return com.kubetrader.plan.aws.AwsRules.problems(com.kubetrader.plan.aws.AwsCatalog.bundled(),
                "aws:s3/bucketV2:BucketV2", "bucket", name);
    }

    @Nested
    @DisplayName("bucket names")
    class Buckets {
        @ParameterizedTest(name = "{0} is a valid S3 bucket name")
        @CsvSource({"kubetrader-benchmark-results-tokyo", "abc", "results.kubetrader.example", "0kubetrader9"})
        void validNamesHaveNoProblems(String name) {
            assertThat(bucketProblems(name)).isEmpty();
        }

        @Test
        void aSixtyFourCharacterNameIsTooLong() {
            String name = "a".repeat(64);
            assertThat(bucketProblems(name)).singleElement().asString()
                    .contains("64 characters, more than the 63 allowed", "bucketnamingrules");
        }
    }
}

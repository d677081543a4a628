package com.kubetrader.plan.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The catalog of AWS's constraints: generated from AWS's models, every rule with its source, nothing dropped. */
class AwsCatalogTest {

    static final AwsCatalog CATALOG = AwsCatalog.bundled();

    @Nested
    class EveryRuleNamesItsSource {

        @Test
        void everyModelEntryNamesTheBotocoreVersionServiceShapeAndMember() {
            assertThat(CATALOG.botocore()).isEqualTo("1.43.11");
            assertThat(CATALOG.entries()).isNotEmpty().allSatisfy(e -> {
                assertThat(e.source()).as(e.key().toString()).startsWith("botocore 1.43.11 ")
                        .contains(e.operation()).matches(".*\\S+\\.\\S+.*");
                assertThat(e.providerSource()).as(e.key() + " provider source").contains("internal/service/");
            });
        }

        @Test
        void everyProseRuleNamesTheDocumentationItComesFrom() {
            assertThat(CATALOG.prose()).isNotEmpty().allSatisfy(r ->
                    assertThat(r.source()).as(r.id().orElse("?")).containsPattern("https://docs\\.aws\\.amazon\\.com/|botocore"));
        }

        @Test
        void everyInputLeftUncheckedSaysWhy() {
            assertThat(CATALOG.notChecked()).isNotEmpty().allSatisfy(n -> assertThat(n.reason()).hasSizeGreaterThan(20));
        }

        @Test
        void everyTypeSaysWhetherTheProviderAddsDefaultTagsAndWhere() {
            assertThat(CATALOG.types()).isNotEmpty().allSatisfy((type, info) ->
                    assertThat(info.source()).as(type).contains("internal/service/"));
            assertThat(CATALOG.takesDefaultTags("aws:iam/role:Role")).isTrue();
            assertThat(CATALOG.takesDefaultTags("aws:autoscaling/group:Group")).as("ASG has no tags_all").isFalse();
        }
    }

    @Nested
    class WhatTheModelsSayOnlyInProse {

        @Test
        void ec2DescriptionCharactersComeFromTheDocumentationAndLeaveOutTheApostrophe() {
            var rules = CATALOG.rules("aws:ec2/securityGroup:SecurityGroup", "description");
            assertThat(rules).anySatisfy(r -> {
                assertThat(r.constraint()).isInstanceOf(Constraint.Charset.class);
                assertThat(r.origin()).isEqualTo("documentation");
                assertThat(r.constraint().problem("routed subnets' traffic")).isPresent();
                assertThat(r.constraint().problem("a-z, (0-9): #@[]+=&;{}!$*")).isEmpty();
            });
        }

        @Test
        void sentencesTheGeneratorCouldNotTurnIntoARuleAreKeptAndShown() {
            var entry = CATALOG.entries("aws:rds/subnetGroup:SubnetGroup", "name").get(0);
            assertThat(entry.untranslated()).contains("Must not be default.", "First character must be a letter.");
        }

        @Test
        void theLimitsStatedOnlyInProseAreRecorded() {
            assertThat(CATALOG.rules("aws:iam/rolePolicy:RolePolicy", "policy")).extracting(r -> r.sumBy().orElse(""))
                    .contains("role");
            assertThat(CATALOG.rules("aws:ec2/launchTemplate:LaunchTemplate", "userData"))
                    .extracting(r -> r.constraint().describe()).contains("at most 16384 bytes before base64 encoding");
            assertThat(CATALOG.rules("aws:ssm/document:Document", "content"))
                    .extracting(r -> r.constraint().describe()).contains("at most 65536 bytes");
            assertThat(CATALOG.rules("aws:s3/bucketV2:BucketV2", "bucket")).hasSizeGreaterThan(5);
            assertThat(CATALOG.rules("aws:scheduler/schedule:Schedule", "target.input"))
                    .extracting(r -> r.id().orElse("") + ": " + r.constraint().describe())
                    .contains("scheduler.target-input-size: not documented");
        }

        @Test
        void tagRulesDifferByServiceAsTheModelsSay() {
            Constraint.Pattern iam = (Constraint.Pattern) CATALOG.rules("aws:iam/role:Role", "tags{}value").stream()
                    .map(AwsCatalog.Rule::constraint).filter(Constraint.Pattern.class::isInstance).findFirst().orElseThrow();
            assertThat(iam.problem("kubetrader (dev)")).isPresent();
            assertThat(CATALOG.rules("aws:ec2/vpc:Vpc", "tags{}value")).allSatisfy(r ->
                    assertThat(r.constraint().problem("kubetrader (dev)")).isEmpty());
        }
    }

    @Test
    void theCommittedCatalogIsWhatTheGeneratorWritesFromTheInstalledModels() throws Exception {
        Process probe;
        try {
            probe = new ProcessBuilder("python3", "-c", "import botocore; print(botocore.__version__)")
                    .redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "python3 is not installed: the catalog cannot be regenerated here");
            return;
        }
        String version = new String(probe.getInputStream().readAllBytes()).strip();
        probe.waitFor(30, TimeUnit.SECONDS);
        assumeTrue(probe.exitValue() == 0 && version.equals("1.43.11"),
                "botocore 1.43.11 is not installed for python3 (found: " + version + "): the catalog cannot be regenerated here");
        Process check = new ProcessBuilder("python3", "tools/aws-catalog/generate.py", "--check")
                .redirectErrorStream(true).start();
        String out = new String(check.getInputStream().readAllBytes());
        assertThat(check.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(out).isZero();
    }

    @Test
    void theCatalogRecordsTheHashesOfTheDataItWasGeneratedFrom() throws Exception {
        JsonNode root = new ObjectMapper().readTree(Files.readString(Path.of("src/main/resources/aws/catalog.json")));
        for (String input : new String[] {"mapping.json", "prose.json"}) {
            byte[] bytes = Files.readAllBytes(Path.of("tools/aws-catalog", input));
            String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
            assertThat(root.path("inputsSha256").path(input).asText())
                    .as(input + " changed since the catalog was generated: run python3 tools/aws-catalog/generate.py")
                    .isEqualTo(sha);
        }
    }
}

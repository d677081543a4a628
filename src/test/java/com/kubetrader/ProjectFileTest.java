package com.kubetrader;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.kubetrader.offline.StackFiles;
import com.kubetrader.plan.settings.ConfigSource;
import com.kubetrader.plan.network.NetworkSettings;
import com.kubetrader.plan.settings.SettingsReader;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Pulumi.yaml is where every default lives; it and the code must agree on the keys. */
class ProjectFileTest {

    static final Path PROJECT = Path.of("");
    final StackFiles files = StackFiles.load(PROJECT);

    /** Every settings group the program and the commands read. */
    static Set<String> keysTheCodeReads(Map<String, String> config) {
        SettingsReader reader = new SettingsReader(ConfigSource.of(config), NetworkSettings.NAMESPACE);
        NetworkSettings.read(reader);
        com.kubetrader.plan.fleet.FleetSettings.read(reader);
        com.kubetrader.plan.cost.TrafficVolumes.read(reader);
        return reader.keysRead().stream().filter(k -> k.startsWith("kubetrader:")).collect(Collectors.toSet());
    }

    @Test
    void theProjectIsNamedKubetraderSoKeysReadKubetraderColonSomething() {
        assertThat(files.projectName()).isEqualTo("kubetrader");
    }

    @Test
    void everyDeclaredKeyIsReadByTheCodeAndEveryKeyTheCodeReadsIsDeclared() {
        Set<String> read = keysTheCodeReads(files.config(PROJECT, "dev", Map.of()));
        assertThat(files.declaredKeys().keySet()).containsExactlyInAnyOrderElementsOf(read);
    }

    @Test
    void everyDeclaredKeyHasATypeADefaultAndADescription() {
        assertThat(files.declaredKeys()).allSatisfy((key, schema) -> {
            assertThat(schema.path("type").asText()).as(key + " type").isIn("string", "boolean", "integer", "array");
            assertThat(schema.has("default")).as(key + " default").isTrue();
            assertThat(schema.path("description").asText()).as(key + " description").isNotBlank();
        });
    }

    @ParameterizedTest(name = "Pulumi.{0}.yaml")
    @ValueSource(strings = {"dev", "prod"})
    void eachStackFileSetsTokyoAndTheDefaultTagsAndOnlyKnownKeys(String stack) {
        Map<String, String> config = files.config(PROJECT, stack, Map.of());
        assertThat(config).containsEntry("aws:region", "ap-northeast-1");
        assertThat(config.get("aws:defaultTags")).contains("\"project\":\"kubetrader\"")
                .contains("\"stack\":\"" + stack + "\"").contains("\"managed-by\":\"pulumi\"");
        Set<String> projectKeys = config.keySet().stream().filter(k -> k.startsWith("kubetrader:")).collect(Collectors.toSet());
        assertThat(files.declaredKeys().keySet()).containsAll(projectKeys);
    }

    @Test
    void theReadmeDocumentsEveryKey() throws java.io.IOException {
        String readme = java.nio.file.Files.readString(PROJECT.resolve("README.md"));
        assertThat(files.declaredKeys().keySet()).allSatisfy(key ->
                assertThat(readme).as("README.md mentions " + key).contains("`" + key + "`"));
    }

    @Test
    void declaredTypesMatchTheDefaultsTheyCarry() {
        for (Map.Entry<String, JsonNode> entry : files.declaredKeys().entrySet()) {
            JsonNode schema = entry.getValue();
            JsonNode value = schema.get("default");
            switch (schema.path("type").asText()) {
                case "boolean" -> assertThat(value.isBoolean()).as(entry.getKey()).isTrue();
                case "integer" -> assertThat(value.isInt()).as(entry.getKey()).isTrue();
                case "array" -> assertThat(value.isArray()).as(entry.getKey()).isTrue();
                default -> assertThat(value.isTextual()).as(entry.getKey()).isTrue();
            }
        }
    }
}

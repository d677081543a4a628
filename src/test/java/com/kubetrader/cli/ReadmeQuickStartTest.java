package com.kubetrader.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README starts where a new user starts: a quick start first, whose commands are the CLI's real commands. */
class ReadmeQuickStartTest {

    static final String README = read();

    static String read() {
        try {
            return Files.readString(Path.of("README.md"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> quickStartCommands() {
        String section = README.substring(README.indexOf("## Quick start"));
        String block = section.substring(section.indexOf("```sh\n") + 6, section.indexOf("```", section.indexOf("```sh\n") + 6));
        return block.lines().map(l -> l.replaceFirst("\\s+#.*$", "").strip()).filter(l -> !l.isEmpty()).toList();
    }

    @Test
    void theFirstSectionIsTheQuickStart() {
        assertThat(README.lines().filter(l -> l.startsWith("## ")).findFirst()).hasValue("## Quick start");
    }

    @Test
    void buildsThenPlansCostsRehearsesAndReadsTheReportInThatOrder() {
        List<String> commands = quickStartCommands();
        assertThat(commands).hasSize(5);
        assertThat(commands.get(0)).startsWith("./mvnw ").contains("package");
        assertThat(commands.get(1)).startsWith("java -jar target/kubetrader.jar plan ");
        assertThat(commands.get(2)).startsWith("java -jar target/kubetrader.jar cost ");
        assertThat(commands.get(3)).startsWith("java -jar target/kubetrader.jar rehearse ");
        String out = commands.get(3).replaceFirst(".*--out (\\S+).*", "$1");
        assertThat(commands.get(4)).contains(out + "/report/report.md");
    }

    @Test
    void everyKubetraderCommandInItParsesWithTheCliItNames() {
        for (String command : quickStartCommands()) {
            if (command.startsWith("java -jar target/kubetrader.jar ")) {
                String[] args = command.substring("java -jar target/kubetrader.jar ".length()).split("\\s+");
                assertThatCode(() -> KubetraderCli.commandLine().parseArgs(args)).as(command).doesNotThrowAnyException();
            }
        }
    }
}

package com.kubetrader.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A rehearsal that fails removes what it created and nothing else (docs/output-rules.md, rules 1 and 4). */
class RehearsalOutputTest {

    /** A "collector" that fails at once, so the rehearsal fails after it has staged its run. */
    static final List<String> FAILING_COLLECTOR = List.of("sh", "-c", "echo 'no exchange today' >&2; exit 3", "sh");

    static Rehearsal.Options options(Path out, boolean overwrite) {
        return new Rehearsal.Options(out, 1, 3, 100, FAILING_COLLECTOR, false, "dev", false, line -> { }, Map.of(),
                overwrite);
    }

    static List<String> filesUnder(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    /** An earlier rehearsal's run/ and report/, with content to compare. */
    static Path earlierRehearsal(Path out) throws IOException {
        Files.createDirectories(out.resolve("run/i-rehearsal-apne1-az4"));
        Files.writeString(out.resolve("run/i-rehearsal-apne1-az4/trades.csv"), "earlier run\n");
        Files.createDirectories(out.resolve("report"));
        Files.writeString(out.resolve("report/summary.json"), "{\"earlier\": true}\n");
        return out;
    }

    @Nested
    class AFailingRehearsal {

        @TempDir
        Path dir;

        @Test
        @Timeout(60)
        void withOverwriteLeavesTheEarlierRunAndReportAsTheyWereAndNothingElse() throws Exception {
            Path out = earlierRehearsal(dir.resolve("out"));
            List<String> before = filesUnder(dir);
            assertThatThrownBy(() -> Rehearsal.run(options(out, true)))
                    .isInstanceOf(Rehearsal.RehearsalException.class).hasMessageContaining("exited with 3");
            assertThat(filesUnder(dir)).isEqualTo(before);
            assertThat(Files.readString(out.resolve("run/i-rehearsal-apne1-az4/trades.csv"))).isEqualTo("earlier run\n");
            assertThat(Files.readString(out.resolve("report/summary.json"))).isEqualTo("{\"earlier\": true}\n");
        }

        @Test
        @Timeout(60)
        void intoANewOutRemovesTheOutItMade() throws Exception {
            Path out = dir.resolve("new/out");
            assertThatThrownBy(() -> Rehearsal.run(options(out, false)))
                    .isInstanceOf(Rehearsal.RehearsalException.class);
            assertThat(out).doesNotExist();
        }

        @Test
        @Timeout(60)
        void ofSeveralWindowsLeavesAnEarlierRunsAndTrendAsTheyWere() throws Exception {
            Path out = dir.resolve("out");
            Files.createDirectories(out.resolve("runs/20261101T000000Z"));
            Files.writeString(out.resolve("runs/20261101T000000Z/note.txt"), "earlier window\n");
            Files.createDirectories(out.resolve("trend"));
            Files.writeString(out.resolve("trend/trend.json"), "{}\n");
            List<String> before = filesUnder(dir);
            assertThatThrownBy(() -> Rehearsal.runWindows(options(out, true), 2))
                    .isInstanceOf(Rehearsal.RehearsalException.class);
            assertThat(filesUnder(dir)).isEqualTo(before);
        }
    }

    @Nested
    class AnEarlierRehearsal {

        @TempDir
        Path dir;

        @Test
        void isRefusedWithoutOverwriteBeforeAnythingStarts() throws Exception {
            Path out = earlierRehearsal(dir.resolve("out"));
            List<String> before = filesUnder(dir);
            assertThatThrownBy(() -> Rehearsal.run(options(out, false)))
                    .isInstanceOf(Rehearsal.RehearsalException.class)
                    .hasMessageContaining("already holds run/ or report/ from an earlier rehearsal")
                    .hasMessageContaining("--overwrite");
            assertThat(filesUnder(dir)).isEqualTo(before);
        }
    }
}

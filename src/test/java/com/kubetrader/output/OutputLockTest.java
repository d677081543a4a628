package com.kubetrader.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputLockTest {

    @TempDir
    Path dir;

    @Test
    void aSecondWriterToTheSameOutputIsRefusedNamingTheHolderAndTheFlag() {
        Path out = dir.resolve("trades.csv");
        try (OutputLock first = OutputLock.acquire(out, "--out")) {
            assertThat(first.file()).isEqualTo(dir.resolve("trades.csv.lock"));
            assertThatThrownBy(() -> OutputLock.acquire(out, "--out"))
                    .isInstanceOf(OutputLock.Held.class)
                    .hasMessageContaining("--out '" + out + "' is being written by another run")
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
        }
    }

    @Test
    void aCleanCloseRemovesTheLockFileAndTheNextWriterTakesIt() {
        Path out = dir.resolve("report");
        OutputLock.acquire(out, "--out").close();
        assertThat(Files.exists(dir.resolve("report.lock"))).isFalse();
        try (OutputLock again = OutputLock.acquire(out, "--out")) {
            assertThat(Files.exists(again.file())).isTrue();
        }
    }

    @Test
    void aLeftoverLockFileFromAKilledRunDoesNotBlockTheNextOne() throws Exception {
        Path out = dir.resolve("report");
        Files.writeString(OutputLock.lockFile(out), "pid 1 on elsewhere, started 2026-01-01T00:00:00Z\n");
        try (OutputLock lock = OutputLock.acquire(out, "--out")) {
            assertThat(Files.readString(lock.file())).contains("pid " + ProcessHandle.current().pid());
        }
    }

    @Test
    void differentOutputsInOneDirectoryDoNotShareALock() {
        try (OutputLock a = OutputLock.acquire(dir.resolve("a.csv"), "--out");
             OutputLock b = OutputLock.acquire(dir.resolve("b.csv"), "--out")) {
            assertThat(a.file()).isNotEqualTo(b.file());
        }
    }

    @Test
    void anIoFailureIsDescribedWithoutItsClassName() {
        String reason = OutputException.reason(new java.nio.file.AccessDeniedException("/root/x"));
        assertThat(reason).isEqualTo("permission denied: /root/x").doesNotContain("Exception");
    }
}

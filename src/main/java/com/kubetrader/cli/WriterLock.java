package com.kubetrader.cli;

import com.kubetrader.output.Interrupts;
import com.kubetrader.output.OutputLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * analyze, trend and rehearse hold {@code <out>.lock} while they run (docs/output-rules.md, rule 3). On top of
 * {@link OutputLock}: the lock is released on Ctrl-C or SIGTERM too, and the directories the lock file needed are
 * removed again when nothing else was written in them, so a refused or failed run leaves no trace.
 */
final class WriterLock implements AutoCloseable {

    private final OutputLock lock;
    private final List<Path> created;
    private final Runnable onSignal;

    private WriterLock(OutputLock lock, List<Path> created) {
        this.lock = lock;
        this.created = created;
        this.onSignal = Interrupts.register(this::release);
    }

    /**
     * Takes the lock on {@code out}.
     *
     * @throws OutputLock.Held when another run holds it (exit {@link OutputLock#EXIT_LOCKED})
     * @throws com.kubetrader.output.OutputException when the lock file cannot be created
     */
    static WriterLock acquire(Path out) {
        Path parent = OutputLock.lockFile(out).getParent();
        List<Path> missing = new ArrayList<>();
        for (Path p = parent; p != null && !Files.exists(p); p = p.getParent()) {
            missing.add(p); // deepest first
        }
        OutputLock lock;
        try {
            lock = OutputLock.acquire(out, "--out");
        } catch (RuntimeException e) {
            removeEmpty(missing);
            throw e;
        }
        return new WriterLock(lock, missing);
    }

    private void release() {
        lock.close();
        removeEmpty(created);
    }

    private static void removeEmpty(List<Path> dirs) {
        for (Path dir : dirs) {
            try {
                Files.deleteIfExists(dir);
            } catch (IOException notEmpty) {
                return; // the run's output is in it: it stays, and so do its parents
            }
        }
    }

    @Override
    public void close() {
        Interrupts.unregister(onSignal);
        release();
    }
}

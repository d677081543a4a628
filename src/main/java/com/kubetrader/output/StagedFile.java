package com.kubetrader.output;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * One output written under {@code .<name>.partial-<random>} beside its target (same directory, so the same file
 * system) and moved into place with one rename once complete (docs/output-rules.md, rule 4). Until then the
 * target keeps whatever it held; a run that fails deletes its partial file and nothing else. Until it is committed
 * or discarded, the partial file is also deleted if the JVM exits (Ctrl-C, SIGTERM: {@link Interrupts}). Used by
 * the collector's trades and round trips and by {@code plan --update-readme}.
 */
public final class StagedFile {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path target;
    private final Path partial;
    private final Runnable atExit;
    private boolean done;

    private StagedFile(Path target, Path partial) {
        this.target = target;
        this.partial = partial;
        this.atExit = Interrupts.register(this::discard);
    }

    /** Creates a new, empty partial file beside {@code target}; never an existing one. */
    public static StagedFile create(Path target) throws IOException {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        Path partial = target.resolveSibling("." + target.getFileName() + ".partial-" + HexFormat.of().formatHex(bytes));
        Files.createFile(partial);
        return new StagedFile(target, partial);
    }

    /** The partial file's path, to write to. */
    public Path partial() {
        return partial;
    }

    public Path target() {
        return target;
    }

    /** Moves the partial file into place, replacing the target in one rename. */
    public synchronized void commit() throws IOException {
        if (done) {
            return;
        }
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        }
        finish();
    }

    /** Deletes the partial file (only it: the target is left as it was). Best effort; idempotent. */
    public synchronized void discard() {
        if (done) {
            return;
        }
        try {
            Files.deleteIfExists(partial);
        } catch (IOException ignored) {
            // nothing more can be done; the name says it is a leftover
        }
        finish();
    }

    private void finish() {
        done = true;
        Interrupts.unregister(atExit);
    }
}

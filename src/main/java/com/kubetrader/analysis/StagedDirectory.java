package com.kubetrader.analysis;

import com.kubetrader.output.OutputException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import com.kubetrader.output.Interrupts;

/**
 * Output written to a hidden directory beside its target and moved into place only by {@link #commit()}, so a
 * failed command leaves nothing half-written: {@link #close()} without a commit deletes the staging directory and
 * leaves an earlier output at the target untouched. A target that already holds an earlier result (nothing but
 * {@code replaceable} files) is refused unless the caller passes overwrite, and then replaced only on commit;
 * anything else there is refused up front, with or without overwrite, so a mistyped {@code --out} never deletes a
 * user's files (docs/output-rules.md, rules 1 and 4). Until it is committed or closed, the staging directory is
 * registered with {@link Interrupts}: Ctrl-C or SIGTERM removes it (and puts an earlier result back if the signal
 * came in the middle of the commit).
 */
public final class StagedDirectory implements AutoCloseable {

    private final Path target;
    private final Path staging;
    private final Runnable onSignal;
    private volatile Path old;
    private volatile boolean committed;

    private StagedDirectory(Path target, Path staging) {
        this.target = target;
        this.staging = staging;
        this.onSignal = Interrupts.register(this::abandon);
    }

    /** What a signal leaves: no staging directory, and the earlier result where it was. */
    private void abandon() {
        if (!committed) {
            deleteTree(staging);
        }
        Path previous = old;
        if (previous != null && Files.exists(previous)) {
            try {
                if (!Files.exists(target)) {
                    move(previous, target);
                    return;
                }
            } catch (IOException e) {
                return; // leave it under its .old- name rather than lose it
            }
            deleteTree(previous);
        }
    }

    /**
     * Checks {@code target} (named {@code flag} in messages) and creates the staging directory beside it, in the
     * nearest existing ancestor so the final move is a rename on one file system.
     */
    public static StagedDirectory beside(Path target, String flag, Set<String> replaceable, boolean overwrite,
                                         String what) {
        Path absolute = target.toAbsolutePath().normalize();
        checkTarget(absolute, flag, replaceable, overwrite, what);
        Path ancestor = absolute.getParent();
        while (ancestor != null && !Files.isDirectory(ancestor)) {
            if (Files.exists(ancestor)) {
                throw new AnalysisException(flag + " '" + target + "': " + ancestor + " is a file, not a directory; "
                        + "choose another " + flag);
            }
            ancestor = ancestor.getParent();
        }
        if (ancestor == null) {
            throw new AnalysisException(flag + " '" + target + "': no existing directory to write it in; choose "
                    + "another " + flag);
        }
        try {
            Path staging = createUniqueDirectory(ancestor, "." + absolute.getFileName() + ".partial-");
            return new StagedDirectory(absolute, staging);
        } catch (IOException e) {
            throw new AnalysisException(flag + " '" + target + "': cannot write in " + ancestor + " ("
                    + OutputException.reason(e)
                    + "); choose a directory you can write in");
        }
    }

    /**
     * Refuses a target that is a file, holds files this command did not write, or (without {@code overwrite}) holds
     * an earlier result ({@code what}, e.g. "a report"). An empty directory is no result and is written into.
     */
    static void checkTarget(Path target, String flag, Set<String> replaceable, boolean overwrite, String what) {
        if (!Files.exists(target)) {
            return;
        }
        if (!Files.isDirectory(target)) {
            throw new AnalysisException(flag + " '" + target + "' is a file; expected a directory to write into; "
                    + "choose another " + flag);
        }
        List<String> names;
        try (Stream<Path> s = Files.list(target)) {
            names = s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new AnalysisException(flag + " '" + target + "' cannot be listed (" + OutputException.reason(e)
                    + "); check its permissions, or choose another " + flag);
        }
        List<String> foreign = names.stream().filter(n -> !replaceable.contains(n)).toList();
        if (!foreign.isEmpty()) {
            throw new AnalysisException(flag + " '" + target + "' already holds " + String.join(", ",
                    foreign.subList(0, Math.min(5, foreign.size()))) + (foreign.size() > 5 ? ", ..." : "")
                    + ", which this command did not write; choose a new or empty directory");
        }
        if (!names.isEmpty() && !overwrite) {
            throw new AnalysisException(flag + " '" + target + "' already holds " + what + " from an earlier run ("
                    + String.join(", ", names) + "); choose a new " + flag + ", or pass --overwrite to replace it "
                    + "once the new one is complete");
        }
    }

    /** Where to write. */
    public Path path() {
        return staging;
    }

    /** The final location. */
    public Path target() {
        return target;
    }

    /** Moves the staged output to the target, replacing an earlier one only now that the new one is complete. */
    public void commit() {
        try {
            Path parent = target.getParent();
            if (!Files.isDirectory(parent)) {
                Files.createDirectories(parent);
            }
            if (Files.exists(target)) {
                Path aside = Files.createTempDirectory(parent, "." + target.getFileName() + ".old-");
                Files.delete(aside);
                old = aside;
                move(target, aside);
            }
            move(staging, target);
            committed = true;
            if (old != null) {
                deleteTree(old);
                old = null;
            }
            Interrupts.unregister(onSignal);
        } catch (IOException e) {
            throw new AnalysisException("cannot move the finished output into " + target + " ("
                    + OutputException.reason(e)
                    + "); check the permissions of " + target.getParent());
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            Files.move(from, to);
        }
    }

    /** Without a commit: deletes the staging directory (the target, if any, is as it was). */
    @Override
    public void close() {
        Interrupts.unregister(onSignal);
        abandon();
    }

    /**
     * A new directory with a unique name. Files.createTempDirectory makes it owner-only (rwx------), which suits
     * a secret but not a report a user shares, so it gets the usual rwxr-xr-x where the file system has modes.
     */
    public static Path createUniqueDirectory(Path parent, String prefix) throws IOException {
        Path dir = Files.createTempDirectory(parent, prefix);
        try {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException notPosix) {
            // the file system's defaults apply
        }
        return dir;
    }

    /** Best-effort recursive delete, deepest first. */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}

package com.kubetrader.analysis;

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

/**
 * Output written to a hidden directory beside its target and moved into place only by {@link #commit()}, so a
 * failed command leaves nothing half-written: {@link #close()} without a commit deletes the staging directory and
 * leaves an earlier output at the target untouched. A target that already exists is replaced on commit, but only
 * when it holds nothing except {@code replaceable} files (an earlier report); anything else is refused up front,
 * so a mistyped {@code --out} never deletes a user's files.
 */
public final class StagedDirectory implements AutoCloseable {

    private final Path target;
    private final Path staging;
    private boolean committed;

    private StagedDirectory(Path target, Path staging) {
        this.target = target;
        this.staging = staging;
    }

    /**
     * Checks {@code target} (named {@code flag} in messages) and creates the staging directory beside it, in the
     * nearest existing ancestor so the final move is a rename on one file system.
     */
    public static StagedDirectory beside(Path target, String flag, Set<String> replaceable) {
        Path absolute = target.toAbsolutePath().normalize();
        checkTarget(absolute, flag, replaceable);
        Path ancestor = absolute.getParent();
        while (ancestor != null && !Files.isDirectory(ancestor)) {
            if (Files.exists(ancestor)) {
                throw new AnalysisException(flag + " '" + target + "': " + ancestor + " is a file, not a directory");
            }
            ancestor = ancestor.getParent();
        }
        if (ancestor == null) {
            throw new AnalysisException(flag + " '" + target + "': no existing directory to write it in");
        }
        try {
            Path staging = createUniqueDirectory(ancestor, "." + absolute.getFileName() + ".partial-");
            return new StagedDirectory(absolute, staging);
        } catch (IOException e) {
            throw new AnalysisException(flag + " '" + target + "': cannot write in " + ancestor + " (" + e + ")");
        }
    }

    static void checkTarget(Path target, String flag, Set<String> replaceable) {
        if (!Files.exists(target)) {
            return;
        }
        if (!Files.isDirectory(target)) {
            throw new AnalysisException(flag + " '" + target + "' is a file; expected a directory to write into");
        }
        List<String> foreign;
        try (Stream<Path> s = Files.list(target)) {
            foreign = s.map(p -> p.getFileName().toString()).filter(n -> !replaceable.contains(n)).sorted().toList();
        } catch (IOException e) {
            throw new AnalysisException(flag + " '" + target + "' cannot be listed (" + e + ")");
        }
        if (!foreign.isEmpty()) {
            throw new AnalysisException(flag + " '" + target + "' already holds " + String.join(", ",
                    foreign.subList(0, Math.min(5, foreign.size()))) + (foreign.size() > 5 ? ", ..." : "")
                    + ", which this command did not write; choose a new or empty directory");
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
            Path old = null;
            if (Files.exists(target)) {
                old = Files.createTempDirectory(parent, "." + target.getFileName() + ".old-");
                Files.delete(old);
                move(target, old);
            }
            move(staging, target);
            committed = true;
            if (old != null) {
                deleteTree(old);
            }
        } catch (IOException e) {
            throw new AnalysisException("cannot move the finished output into " + target + " (" + e + ")");
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
        if (!committed) {
            deleteTree(staging);
        }
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

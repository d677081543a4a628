package com.kubetrader.output;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One writer per output (docs/output-rules.md, rule 3): an exclusive OS lock on {@code <output>.lock} beside the
 * output, held while the command runs. The lock is the operating system's, not the file's existence, so a run that
 * was killed leaves no stale lock: the next run takes the same file. The file names the holder (process ID, host,
 * start time) so the refusal can say who holds it. JDK-only: the collector jar uses it too.
 */
public final class OutputLock implements AutoCloseable {

    /** sysexits' EX_TEMPFAIL: another run holds the output; try again later. */
    public static final int EXIT_LOCKED = 75;

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private OutputLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file for {@code output}: {@code <output>.lock} in the same directory. */
    public static Path lockFile(Path output) {
        Path absolute = output.toAbsolutePath().normalize();
        return absolute.resolveSibling(absolute.getFileName() + ".lock");
    }

    /**
     * Takes the lock for {@code output} (named {@code flag} in messages), creating the parent directory if needed.
     *
     * @throws Held when another run holds it, naming the holder
     * @throws OutputException when the lock file cannot be created
     */
    public static OutputLock acquire(Path output, String flag) {
        Path file = lockFile(output);
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new OutputException(flag + " '" + output + "': cannot create " + file.getParent() + " ("
                    + OutputException.reason(e) + "); choose a directory you can write in");
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new OutputException(flag + " '" + output + "': cannot create the lock file " + file + " ("
                    + OutputException.reason(e) + "); choose a directory you can write in");
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // this JVM holds it already: another command in the same process
        } catch (IOException e) {
            close(channel);
            throw new OutputException(flag + " '" + output + "': cannot lock " + file + " ("
                    + OutputException.reason(e) + ")");
        }
        if (lock == null) {
            String holder = holder(file);
            close(channel);
            throw new Held(flag + " '" + output + "' is being written by another run (" + holder + "); wait for it "
                    + "to finish, or choose another " + flag);
        }
        try {
            String who = "pid " + ProcessHandle.current().pid() + " on " + host() + ", started " + Instant.now();
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((who + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
        } catch (IOException ignored) {
            // the lock holds without the note; a refusal then says "holder unknown"
        }
        return new OutputLock(file, channel, lock);
    }

    private static String holder(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "holder unknown" : text;
        } catch (NoSuchFileException e) {
            return "holder unknown";
        } catch (IOException e) {
            return "holder unknown";
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "this host";
        }
    }

    /** The lock file. */
    public Path file() {
        return file;
    }

    /** Releases the lock and removes the lock file (a clean exit leaves nothing behind). */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(file); // while still locked: no other run can have taken it
        } catch (IOException ignored) {
            // the lock is still released below; a leftover file is reused by the next run
        }
        try {
            lock.release();
        } catch (IOException ignored) {
            // the channel's close releases it too
        }
        close(channel);
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }

    /** Another run holds the output: exit {@link #EXIT_LOCKED}. */
    public static final class Held extends OutputException {
        public Held(String message) {
            super(message);
        }
    }
}

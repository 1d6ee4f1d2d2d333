package pinn4j.solver.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Files and folders written whole or not at all, and output folders locked against a second writer.
 *
 * <p>A file or folder {@code NAME} is written under a hidden sibling {@code .NAME.tmp-PID-R} (a file) or
 * {@code .NAME.new-PID-R} (a folder), flushed to disk and renamed to {@code NAME}. A previous folder is first renamed
 * aside to {@code .NAME.old-PID-R} and deleted once the new one is in place. Whoever writes or locks {@code NAME}
 * next removes such siblings of processes that are no longer alive, and puts back a folder left aside when a
 * process was killed between the two renames. Everything is created with the permissions the umask gives.
 */
public final class Folders {

    private static final long PID = ProcessHandle.current().pid();
    private static final Pattern TEMPORARY = Pattern.compile("\\.(.+)\\.(tmp|new|old)-(\\d{1,18})-[0-9a-f]+");
    private static final Set<Path> LOCKED = new HashSet<>();
    /** This process's open files, where the system lists them (Linux). */
    private static final Path PROCESS_FILES = Files.isDirectory(Path.of("/proc/self/fd")) ? Path.of("/proc/self/fd")
            : null;

    private Folders() {
    }

    /** What writes a file's bytes. */
    @FunctionalInterface
    public interface Content {
        /**
         * Writes the file's bytes.
         *
         * @param out where they go; closing it only flushes it
         * @throws IOException when they cannot be written
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /** What fills a new, empty folder. */
    @FunctionalInterface
    public interface Filler {
        /**
         * Writes every file of the folder.
         *
         * @param folder the new folder, under its temporary name
         * @throws IOException when a file cannot be written
         */
        void fill(Path folder) throws IOException;
    }

    /**
     * Writes a file whole or not at all, replacing an older one.
     *
     * @param file the file; its folder must exist
     * @param content what writes its bytes
     * @throws IOException when it cannot be written; an older file is then left as it was
     */
    public static void writeFile(Path file, Content content) throws IOException {
        Path target = absolute(file);
        tidy(target);
        Path temporary = sibling(target, "tmp");
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                OutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                content.writeTo(new FilterOutputStream(buffered) {
                    @Override
                    public void write(byte[] bytes, int offset, int length) throws IOException {
                        out.write(bytes, offset, length);
                    }

                    @Override
                    public void close() throws IOException {
                        out.flush();
                    }
                });
                buffered.flush();
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temporary);
            }
        }
        force(target.getParent(), true);
    }

    /**
     * Writes {@code folder} whole or not at all: {@code filler} fills a new hidden sibling, which is flushed to disk
     * and renamed to {@code folder}, replacing an older one. The caller makes sure no other process writes the same
     * folder at the same time ({@link #lock}); the folder's parents are created.
     *
     * @param folder the folder
     * @param filler what writes its files
     * @throws IOException when a file cannot be written; an older folder is then left as it was
     * @throws IllegalArgumentException if {@code folder} exists and is not a folder
     */
    public static void writeFolder(Path folder, Filler filler) throws IOException {
        Path target = absolute(folder);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(target)) {
            throw new IllegalArgumentException(folder + " exists and is not a folder");
        }
        Files.createDirectories(target.getParent());
        tidy(target);
        Path staging = sibling(target, "new");
        Files.createDirectory(staging);
        try {
            filler.fill(staging);
            forceTree(staging);
            replace(staging, target);
        } finally {
            deleteTree(staging);
        }
    }

    /**
     * Deletes a file or a folder with everything in it; nothing happens if it does not exist. Links are deleted,
     * not followed.
     *
     * @param root the file or folder
     * @throws IOException when something cannot be deleted
     */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * Locks the output folder {@code folder} against other writers until the lock is closed: an exclusive lock on
     * the file {@code .NAME.lock} beside it, which names the holding process and is deleted on close (on systems
     * that list a process's open files, such as Linux; elsewhere it stays). The operating system drops the lock of a
     * process that dies, so a lock file a killed process left never blocks. Having the lock, this removes what
     * killed writers left beside the folder (see the class comment). The folder's parents are created; the folder
     * itself is not.
     *
     * @param folder the output folder
     * @return the held lock, to be closed when the folder is written
     * @throws IOException when what killed writers left cannot be removed
     * @throws IllegalArgumentException if the folder's parent cannot be written, or another process (or another
     *                                  lock of this one) holds the folder
     */
    public static Lock lock(Path folder) throws IOException {
        Path target = absolute(folder);
        Path file = target.resolveSibling("." + target.getFileName() + ".lock");
        synchronized (LOCKED) {
            if (LOCKED.contains(file)) {
                throw inUse(folder, file, "this process (" + PID + ")");
            }
            for (int attempt = 0; attempt < 20; attempt++) {
                FileChannel channel;
                try {
                    Files.createDirectories(target.getParent());
                    channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                            StandardOpenOption.WRITE);
                } catch (IOException | SecurityException e) {
                    throw new IllegalArgumentException("output folder " + folder + " is not writable: cannot create "
                            + file + " (" + reason(e) + ")");
                }
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null;
                }
                if (lock == null) {
                    channel.close();
                    throw inUse(folder, file, holder(file));
                }
                if (isOpenHere(file)) {
                    channel.truncate(0);
                    channel.write(ByteBuffer.wrap((PID + "\n").getBytes(StandardCharsets.UTF_8)), 0);
                    LOCKED.add(file);
                    Lock held = new Lock(file, channel, lock);
                    try {
                        tidy(target);
                    } catch (IOException | RuntimeException e) {
                        held.close();
                        throw e;
                    }
                    return held;
                }
                // The holder deleted the file between our opening and locking it: lock the new one.
                lock.release();
                channel.close();
            }
        }
        throw new IOException("cannot lock " + file + ": it keeps being replaced");
    }

    /** A held lock on an output folder; closing it deletes the lock file (on Linux) and releases the lock. */
    public static final class Lock implements AutoCloseable {
        private final Path file;
        private final FileChannel channel;
        private final FileLock lock;
        private boolean closed;

        private Lock(Path file, FileChannel channel, FileLock lock) {
            this.file = file;
            this.channel = channel;
            this.lock = lock;
        }

        /**
         * Deletes the lock file, then releases the lock; closing again does nothing.
         *
         * @throws IOException when the lock file cannot be deleted (the lock is released all the same)
         */
        @Override
        public void close() throws IOException {
            synchronized (LOCKED) {
                if (closed) {
                    return;
                }
                closed = true;
                try {
                    if (PROCESS_FILES != null) {
                        Files.deleteIfExists(file);
                    }
                } finally {
                    LOCKED.remove(file);
                    lock.release();
                    channel.close();
                }
            }
        }
    }

    private static IllegalArgumentException inUse(Path folder, Path file, String holder) {
        return new IllegalArgumentException("output folder " + folder + " is being written by " + holder
                + " (lock file " + file + "); wait for it to finish or choose another folder");
    }

    /** The lock holder's process id; the holder writes it just after locking, so an empty file is read again. */
    private static String holder(Path file) {
        for (int attempt = 0; attempt < 20; attempt++) {
            String content = read(file);
            String pid = content == null ? "" : content.strip().split("\\s+")[0];
            if (pid.matches("\\d+")) {
                return "process " + pid;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return "another process";
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Whether the lock file at {@code file} is the one this process has open. Opening the file again to compare
     * would drop this process's lock on it (POSIX), so this compares, without opening anything, the file's identity
     * with those of this process's open files; where the system does not list them, lock files are never deleted and
     * the file is always the one opened.
     */
    private static boolean isOpenHere(Path file) throws IOException {
        if (PROCESS_FILES == null) {
            return true;
        }
        Object key;
        try {
            key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return false;
        }
        try (DirectoryStream<Path> open = Files.newDirectoryStream(PROCESS_FILES)) {
            for (Path descriptor : open) {
                try {
                    if (key.equals(Files.readAttributes(descriptor, BasicFileAttributes.class).fileKey())) {
                        return true;
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        return false;
    }

    /**
     * Why a file operation failed, in words for a message: the system's reason ("Permission denied", "Read-only
     * file system") where it gives one, else what the kind of failure says ("no such file or folder", "not UTF-8
     * text"). Never a bare path, which is all some exceptions' messages hold.
     *
     * @param e what the operation threw
     * @return the reason, without the file
     */
    public static String reason(Exception e) {
        if (e instanceof FileSystemException f && f.getReason() != null && !f.getReason().isBlank()) {
            return f.getReason();
        }
        if (e instanceof java.nio.file.AccessDeniedException || e instanceof SecurityException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return "it already exists";
        }
        if (e instanceof java.nio.file.NotDirectoryException) {
            return "not a folder";
        }
        if (e instanceof java.nio.file.DirectoryNotEmptyException) {
            return "the folder is not empty";
        }
        if (e instanceof java.nio.charset.CharacterCodingException) {
            return "not UTF-8 text (is it a binary file?)";
        }
        if (e instanceof FileSystemException) {
            return e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2")
                    .toLowerCase(java.util.Locale.ROOT);
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.lines().findFirst()
                .orElse(message);
    }

    /**
     * A failed file operation in words: the file, or both files of a move, and {@link #reason why}.
     *
     * @param e what the operation threw
     * @return for example {@code out/runs: Permission denied}
     */
    public static String describe(IOException e) {
        if (e instanceof FileSystemException f && f.getFile() != null) {
            return f.getFile() + (f.getOtherFile() != null ? " -> " + f.getOtherFile() : "") + ": " + reason(e);
        }
        return reason(e);
    }

    private static Path absolute(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        if (absolute.getParent() == null || absolute.getFileName() == null) {
            throw new IllegalArgumentException("'" + path + "' names no file or folder below a parent folder");
        }
        return absolute;
    }

    private static Path sibling(Path target, String kind) {
        return target.resolveSibling("." + target.getFileName() + "." + kind + "-" + PID + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE));
    }

    /** Removes the temporaries of dead writers beside {@code target}, or puts back a folder they left aside. */
    private static void tidy(Path target) throws IOException {
        String name = target.getFileName().toString();
        List<Matcher> litter;
        try (Stream<Path> entries = Files.list(target.getParent())) {
            litter = entries.map(p -> TEMPORARY.matcher(p.getFileName().toString()))
                    .filter(m -> m.matches() && m.group(1).equals(name) && !alive(Long.parseLong(m.group(3))))
                    .sorted((a, b) -> a.group().compareTo(b.group())).toList();
        }
        for (Matcher m : litter) {
            Path path = target.resolveSibling(m.group());
            if (m.group(2).equals("old") && !Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.move(path, target, StandardCopyOption.ATOMIC_MOVE);
            } else {
                deleteTree(path);
            }
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void replace(Path staging, Path target) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } else {
            Path aside = sibling(target, "old");
            Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException e) {
                Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE);
                throw e;
            }
            force(target.getParent(), true);
            deleteTree(aside);
        }
        force(target.getParent(), true);
    }

    /** Flushes every file and folder under {@code root} to disk. */
    private static void forceTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (attributes.isRegularFile()) {
                    force(file, false);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                force(directory, true);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Flushes a file or folder to disk; folders cannot be opened for this on every system, which is tolerated. */
    private static void force(Path path, boolean folder) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            if (!folder) {
                throw e;
            }
        }
    }
}

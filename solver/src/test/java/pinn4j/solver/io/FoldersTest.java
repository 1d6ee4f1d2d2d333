package pinn4j.solver.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FoldersTest {

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The id of a process that has exited. */
    private static long deadPid() throws Exception {
        Process process = new ProcessBuilder("true").start();
        process.waitFor();
        return process.pid();
    }

    @Test
    void aFailedFileWriteLeavesTheOldFileAndNoTemporary(@TempDir Path folder) throws IOException {
        Path target = folder.resolve("metrics.json");
        assertThrows(IOException.class, () -> Folders.writeFile(target, out -> {
            out.write("{\"half\":".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertEquals(List.of(), names(folder));
        Folders.writeFile(target, out -> out.write("old".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalStateException.class, () -> Folders.writeFile(target, out -> {
            out.write("new".getBytes(StandardCharsets.UTF_8));
            throw new IllegalStateException("bug");
        }));
        assertEquals(List.of("metrics.json"), names(folder));
        assertEquals("old", Files.readString(target));
    }

    @Test
    void aFolderIsReplacedWholeAndAFailedFillLeavesThePreviousOne(@TempDir Path parent) throws IOException {
        Path target = parent.resolve("run");
        Folders.writeFolder(target, folder -> {
            Files.writeString(folder.resolve("a.txt"), "1");
            Files.createDirectories(folder.resolve("model"));
            Files.writeString(folder.resolve("model").resolve("b.txt"), "1");
        });
        Folders.writeFolder(target, folder -> Files.writeString(folder.resolve("c.txt"), "2"));
        assertEquals(List.of("c.txt"), names(target), "nothing of the older folder is left in the new one");
        assertThrows(IOException.class, () -> Folders.writeFolder(target, folder -> {
            Files.writeString(folder.resolve("c.txt"), "3");
            throw new IOException("killed halfway");
        }));
        assertEquals(List.of("c.txt"), names(target));
        assertEquals("2", Files.readString(target.resolve("c.txt")));
        assertEquals(List.of("run"), names(parent), "no temporary folder left beside it");
        Files.writeString(parent.resolve("file"), "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Folders.writeFolder(parent.resolve("file"), folder -> { }));
        assertEquals(parent.resolve("file") + " exists and is not a folder", e.getMessage());
    }

    @Test
    void whatDeadWritersLeftIsRemovedAndAFolderLeftAsideIsPutBack(@TempDir Path parent) throws Exception {
        long dead = deadPid();
        long alive = ProcessHandle.current().pid();
        Path target = parent.resolve("out");
        Path aside = Files.createDirectories(parent.resolve(".out.old-" + dead + "-1a"));
        Files.writeString(aside.resolve("metrics.json"), "previous");
        Files.createDirectories(parent.resolve(".out.new-" + dead + "-2b").resolve("model"));
        Files.writeString(parent.resolve(".out.tmp-" + dead + "-3c"), "half");
        Files.createDirectories(parent.resolve(".out.new-" + alive + "-4d"));
        Files.createDirectories(parent.resolve(".other.new-" + dead + "-5e"));
        Folders.lock(target).close();
        assertEquals("previous", Files.readString(target.resolve("metrics.json")),
                "the complete folder a killed writer had set aside is back");
        assertEquals(List.of(".other.new-" + dead + "-5e", ".out.new-" + alive + "-4d", "out"), names(parent),
                "a live writer's folder and other targets' are left alone");
        Files.delete(parent.resolve(".out.new-" + alive + "-4d"));
        Path staged = Files.createDirectories(parent.resolve(".out.new-" + dead + "-6f"));
        Folders.writeFolder(target, folder -> Files.writeString(folder.resolve("metrics.json"), "new"));
        assertFalse(Files.exists(staged));
        assertEquals(List.of(".other.new-" + dead + "-5e", "out"), names(parent));
    }

    @Test
    void aLockedFolderIsRefusedUntilTheLockIsClosed(@TempDir Path parent) throws IOException {
        Path target = parent.resolve("out");
        Folders.Lock lock = Folders.lock(target);
        Path file = parent.resolve(".out.lock");
        long pid = ProcessHandle.current().pid();
        assertEquals(pid + "\n", Files.readString(file), "the lock file names its holder");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Folders.lock(target));
        assertEquals("output folder " + target + " is being written by this process (" + pid + ") (lock file " + file
                + "); wait for it to finish or choose another folder", e.getMessage());
        lock.close();
        assertFalse(Files.exists(file), "the lock file goes with the lock");
        Folders.lock(target).close();
        e = assertThrows(IllegalArgumentException.class, () -> Folders.lock(Path.of("/proc/pinn4j-nope")));
        assertTrue(e.getMessage().startsWith("output folder /proc/pinn4j-nope is not writable: cannot create"
                + " /proc/.pinn4j-nope.lock"), e.getMessage());
    }

    @Test
    void filesAndFoldersGetThePermissionsTheUmaskGives(@TempDir Path parent) throws IOException {
        Path plain = Files.createDirectories(parent.resolve("plain").resolve("sub"));
        Files.writeString(plain.resolve("file"), "x");
        Folders.writeFolder(parent.resolve("whole"), folder -> {
            Files.createDirectories(folder.resolve("sub"));
            Folders.writeFile(folder.resolve("sub").resolve("file"), out -> out.write('x'));
        });
        for (String path : List.of("", "sub", "sub/file")) {
            assertEquals(Files.getPosixFilePermissions(parent.resolve("plain").resolve(path)),
                    Files.getPosixFilePermissions(parent.resolve("whole").resolve(path)), path);
        }
    }
}

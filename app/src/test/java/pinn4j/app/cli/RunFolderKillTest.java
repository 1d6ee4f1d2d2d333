package pinn4j.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's output folder with real {@code pinn run} processes, killed with SIGKILL or started twice at once: after a
 * kill the folder holds the previous complete run or the new complete one, never a mix of the two, and the next run
 * leaves nothing beside or inside it but its files; a second writer is refused with exit 2 naming the holder. The
 * default test makes a few trials; {@code mvn test -Plong -pl app -am -Dtest=RunFolderKillTest} makes 20 kills and 10
 * concurrent-writer trials and prints the counts.
 */
class RunFolderKillTest {

    private static final List<String> TRAINING = List.of("exponential-decay", "--quiet", "--layers", "8,8",
            "--adam-iterations", "300", "--lbfgs-iterations", "30");
    /** A longer training, so that two writers started together overlap. */
    private static final List<String> LONGER = List.of("exponential-decay", "--quiet", "--layers", "8,8",
            "--adam-iterations", "2000", "--lbfgs-iterations", "30");
    private static final List<String> FILES = List.of("error.png", "loss.png", "metrics.json",
            "model/checksums.sha256", "model/model.properties", "model/window-0-0000.params", "solution.csv",
            "solution.png");

    /** What a kill left at the output folder. */
    private enum State { OLD, NEW, ASIDE, MIXED }

    /** The counts of a series of trials. */
    private static final class Tally {
        int kills;
        int killedWhileRunning;
        final Map<State, Integer> states = new TreeMap<>();
        int litterAfterKill;
        int litterAfterNextRun;
        int concurrentTrials;
        int refusals;
        final Map<Integer, Integer> exitCodes = new TreeMap<>();

        @Override
        public String toString() {
            return "kills " + kills + " (" + killedWhileRunning + " while running), folder after the kill " + states
                    + ", litter entries after the kills " + litterAfterKill + ", after the next runs "
                    + litterAfterNextRun + "; concurrent-writer trials " + concurrentTrials + ", refusals " + refusals
                    + ", exit codes " + exitCodes;
        }
    }

    @Test
    void aFewKillsAndAConcurrentWriterNeverLeaveAMixedFolder(@TempDir Path folder) throws Exception {
        Tally tally = trials(folder, 3, 1);
        System.out.println("RunFolderKillTest: " + tally);
        assertEquals(0, tally.states.getOrDefault(State.MIXED, 0), tally.toString());
    }

    @Test
    @Tag("long")
    void twentyKillsAndTenConcurrentWritersNeverLeaveAMixedFolder(@TempDir Path folder) throws Exception {
        Tally tally = trials(folder, 20, 10);
        System.out.println("RunFolderKillTest: " + tally);
        assertEquals(0, tally.states.getOrDefault(State.MIXED, 0), tally.toString());
        assertTrue(tally.killedWhileRunning >= 15, tally.toString());
    }

    @Test
    void filesAndFoldersFollowTheUmask(@TempDir Path folder) throws Exception {
        Path out = folder.resolve("shared").resolve("out");
        List<String> command = new ArrayList<>(List.of("sh", "-c", "umask 027 && exec \"$@\"", "sh"));
        command.addAll(pinn(TRAINING, out, 1));
        Process process = new ProcessBuilder(command).redirectOutput(folder.resolve("umask.log").toFile())
                .redirectErrorStream(true).start();
        assertEquals(0, process.waitFor(), Files.readString(folder.resolve("umask.log")));
        try (Stream<Path> paths = Files.walk(folder.resolve("shared"))) {
            for (Path path : paths.toList()) {
                String expected = Files.isDirectory(path) ? "rwxr-x---" : "rw-r-----";
                assertEquals(expected, PosixFilePermissions.toString(Files.getPosixFilePermissions(path)),
                        folder.relativize(path).toString());
            }
        }
    }

    private static Tally trials(Path folder, int kills, int concurrent) throws Exception {
        Path area = Files.createDirectories(folder.resolve("area"));
        Path logs = Files.createDirectories(folder.resolve("logs"));
        Path out = area.resolve("out");
        Tally tally = new Tally();
        int seed = 1;
        long start = System.nanoTime();
        assertEquals(0, finish(start(logs, TRAINING, out, seed)), log(logs, seed));
        long millis = (System.nanoTime() - start) / 1_000_000;
        Map<String, String> old = checkComplete(out, seed);
        for (int i = 0; i < kills; i++) {
            seed++;
            List<String> before = writes(area, out);
            Process process = start(logs, TRAINING, out, seed);
            if (i % 2 == 0) {
                // somewhere from start-up to the end of the run
                Thread.sleep((long) (millis * (0.2 + 0.9 * i / kills)));
            } else {
                // while the files are written and published
                while (process.isAlive() && writes(area, out).equals(before)) {
                    Thread.sleep(2);
                }
                Thread.sleep(i * 17L % 200);
            }
            tally.kills++;
            if (process.isAlive()) {
                tally.killedWhileRunning++;
            }
            process.destroyForcibly().waitFor();
            State state = classify(area, out, old, seed);
            tally.states.merge(state, 1, Integer::sum);
            tally.litterAfterKill += litter(area, out).size();
            seed++;
            assertEquals(0, finish(start(logs, TRAINING, out, seed)), log(logs, seed));
            old = checkComplete(out, seed);
            List<String> litter = litter(area, out);
            tally.litterAfterNextRun += litter.size();
            assertEquals(List.of(), litter, "after the run that followed kill " + (i + 1) + " (" + state + ")");
        }
        for (int i = 0; i < concurrent; i++) {
            Process first = start(logs, LONGER, out, ++seed);
            Process second = start(logs, LONGER, out, ++seed);
            int[] codes = {finish(first), finish(second)};
            tally.concurrentTrials++;
            for (int code : codes) {
                tally.exitCodes.merge(code, 1, Integer::sum);
            }
            boolean firstWon = codes[0] == 0;
            Process winner = firstWon ? first : second;
            int loserSeed = firstWon ? seed : seed - 1;
            assertEquals(List.of(0, 2), List.of(codes[firstWon ? 0 : 1], codes[firstWon ? 1 : 0]),
                    "one writer runs, the other is refused: " + log(logs, seed - 1) + log(logs, seed));
            String refusal = Files.readString(logs.resolve(loserSeed + ".err")).lines()
                    .filter(l -> l.startsWith("error: ")).findFirst().orElse("");
            assertEquals("error: output folder " + out + " is being written by process " + winner.pid()
                    + " (lock file " + area.resolve(".out.lock") + "); wait for it to finish or choose another"
                    + " folder", refusal);
            assertEquals("", Files.readString(logs.resolve(loserSeed + ".out")), "refused before training");
            tally.refusals++;
            old = checkComplete(out, firstWon ? seed - 1 : seed);
            assertEquals(List.of(), litter(area, out));
        }
        return tally;
    }

    private static List<String> pinn(List<String> training, Path out, int seed) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true", "-Djava.awt.headless=true",
                PinnCli.class.getName(), "run"));
        command.addAll(training);
        command.addAll(List.of("--seed", String.valueOf(seed), "--out", out.toString()));
        return command;
    }

    private static Process start(Path logs, List<String> training, Path out, int seed) throws IOException {
        return new ProcessBuilder(pinn(training, out, seed)).redirectOutput(logs.resolve(seed + ".out").toFile())
                .redirectError(logs.resolve(seed + ".err").toFile()).start();
    }

    private static int finish(Process process) throws InterruptedException {
        return process.waitFor();
    }

    private static String log(Path logs, int seed) throws IOException {
        return Files.readString(logs.resolve(seed + ".err"));
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** What shows that a run writes its files: entries beside the output folder or in it, and their times. */
    private static List<String> writes(Path area, Path out) throws IOException {
        List<String> seen = new ArrayList<>(names(area).stream().filter(n -> !n.endsWith(".lock")).toList());
        if (Files.isDirectory(out)) {
            try (Stream<Path> entries = Files.list(out)) {
                for (Path entry : entries.toList()) {
                    seen.add(entry.getFileName() + " " + Files.getLastModifiedTime(entry).toMillis());
                }
            } catch (IOException e) {
                seen.add("changing");
            }
        }
        return seen;
    }

    /** Entries beside the output folder, and hidden ones in it. */
    private static List<String> litter(Path area, Path out) throws IOException {
        List<String> litter = new ArrayList<>(names(area).stream().filter(n -> !n.equals("out")).toList());
        if (Files.isDirectory(out)) {
            try (Stream<Path> paths = Files.walk(out)) {
                paths.filter(p -> p.getFileName().toString().startsWith("."))
                        .forEach(p -> litter.add(area.relativize(p).toString()));
            }
        }
        return litter;
    }

    /** Every file of the folder by path, with its SHA-256. */
    private static Map<String, String> snapshot(Path folder) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                files.put(folder.relativize(path).toString(), sha256(path));
            }
        }
        return files;
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Whether the folder is one run's, complete: every file, the model matching its checksums, the seed. */
    private static boolean complete(Map<String, String> files, Path out, int seed) throws IOException {
        if (!files.keySet().equals(new java.util.TreeSet<>(FILES))) {
            return false;
        }
        for (String line : Files.readAllLines(out.resolve("model/checksums.sha256"), StandardCharsets.UTF_8)) {
            String[] parts = line.split("  ");
            if (!parts[0].equals(files.get("model/" + parts[1]))) {
                return false;
            }
        }
        return new ObjectMapper().readTree(out.resolve("metrics.json").toFile()).get("seed").asLong() == seed;
    }

    private static Map<String, String> checkComplete(Path out, int seed) throws IOException {
        Map<String, String> files = snapshot(out);
        assertTrue(complete(files, out, seed), "the run with seed " + seed + " left " + files.keySet());
        return files;
    }

    /**
     * The previous complete folder, the new complete one (every file differs from the previous one's, but the model's
     * description, the same for every seed), a complete folder set aside that the next writer puts back (a kill
     * between the two renames), or a mix.
     */
    private static State classify(Path area, Path out, Map<String, String> old, int seed) throws IOException {
        if (!Files.exists(out)) {
            for (String name : names(area)) {
                if (name.startsWith(".out.old-") && snapshot(area.resolve(name)).equals(old)) {
                    return State.ASIDE;
                }
            }
            return State.MIXED;
        }
        Map<String, String> now = snapshot(out);
        if (now.equals(old)) {
            return State.OLD;
        }
        boolean allNew = now.entrySet().stream().filter(e -> !e.getKey().equals("model/model.properties"))
                .noneMatch(e -> e.getValue().equals(old.get(e.getKey())));
        return allNew && complete(now, out, seed) ? State.NEW : State.MIXED;
    }
}

package pinn4j.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pinn4j.app.cli.CliOutcome.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pinn4j.problems.Observations;

/**
 * {@code pinn run --ensemble N}: members trained on worker processes are the single runs of their seeds, the
 * statistics and the band are theirs, the run's files are the lowest-loss member's, diverged members are left out,
 * bad counts are refused before training, and a killed worker or run leaves no folder and no worker behind.
 */
class EnsembleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Exponential decay from the guess r = 0.5 to noiseless data of r = 1, briefly trained. */
    private static List<String> decay(Path data, Path out, String... more) {
        return decay(data, out, 300, more);
    }

    /** The same with so many L-BFGS iterations. */
    private static List<String> decay(Path data, Path out, int lbfgsIterations, String... more) {
        List<String> args = new ArrayList<>(List.of("run", "exponential-decay", "--param", "r=0.5", "--fit", "r",
                "--data", data.toString(), "--truth", "r=1", "--adam-iterations", "100", "--lbfgs-iterations",
                Integer.toString(lbfgsIterations), "--quiet", "--out", out.toString()));
        args.addAll(Arrays.asList(more));
        return args;
    }

    private static Path simulate(Path folder) {
        Path data = folder.resolve("d.csv");
        CliOutcome simulated = run("simulate", "exponential-decay", "--at", "0:1:20", "--noise", "0", "--out",
                data.toString());
        assertEquals(0, simulated.code(), simulated.err());
        return data;
    }

    /** The rows of a CSV file after its header, split at commas. */
    private static List<String[]> rows(Path csv) throws IOException {
        return Files.readAllLines(csv).stream().skip(1).map(line -> line.split(",", -1)).toList();
    }

    private static int column(Path csv, String name) throws IOException {
        return Arrays.asList(Files.readAllLines(csv).get(0).split(",")).indexOf(name);
    }

    @Test
    void membersAreTheSingleRunsOfTheirSeedsAndTheFiguresAreTheirs(@TempDir Path folder) throws IOException {
        Path data = simulate(folder);
        Path out = folder.resolve("ensemble");
        CliOutcome outcome = run(decay(data, out, "--seed", "5", "--ensemble", "3").toArray(String[]::new));
        assertEquals(0, outcome.code(), outcome.err());
        assertTrue(outcome.out().contains("ensemble of 3 seeds, 5 to 7, on " + Math.min(3,
                Runtime.getRuntime().availableProcessors()) + " worker process"), outcome.out());

        Path csv = out.resolve("ensemble.csv");
        assertEquals("seed,final_loss,status,measurements,r", Files.readAllLines(csv).get(0));
        List<String[]> members = rows(csv);
        assertEquals(List.of("5", "6", "7"), members.stream().map(row -> row[0]).toList());
        assertEquals(List.of("ok", "ok", "ok"), members.stream().map(row -> row[2]).toList());
        assertEquals(List.of("given", "given", "given"), members.stream().map(row -> row[3]).toList());
        double[] losses = members.stream().mapToDouble(row -> Double.parseDouble(row[1])).toArray();
        double[] estimates = members.stream().mapToDouble(row -> Double.parseDouble(row[4])).toArray();
        double mean = Arrays.stream(estimates).average().orElseThrow();
        double std = Math.sqrt(Arrays.stream(estimates).map(r -> (r - mean) * (r - mean)).sum() / 2);

        JsonNode metrics = JSON.readTree(out.resolve("metrics.json").toFile());
        JsonNode r = metrics.get("fittedParameters").get("r");
        assertEquals(mean, r.get("ensembleMean").asDouble(), 1e-12);
        assertEquals(std, r.get("ensembleStd").asDouble(), 1e-12);
        assertEquals(3, metrics.get("ensembleMembers").asInt());
        // Measured: r = 0.99999267, 0.99923229 and 1.00004816 for seeds 5 to 7, 0.999758 +- 4.6e-4 (the truth 1,
        // the guess 0.5).
        assertEquals(1, mean, 1e-3);
        assertTrue(std > 1e-5 && std < 1e-3, "the seeds' estimates differ, a little: " + std);

        int best = 0;
        for (int i = 1; i < losses.length; i++) {
            best = losses[i] < losses[best] ? i : best;
        }
        long bestSeed = 5 + best;
        assertEquals(bestSeed, metrics.get("seed").asLong());
        assertEquals(bestSeed, metrics.get("ensemble").get("runFilesSeed").asLong());
        assertEquals(losses[best], metrics.get("finalLoss").asDouble(), 0);
        assertEquals(estimates[best], r.get("estimate").asDouble(), 0);
        assertTrue(outcome.out().contains("the run's files are seed " + bestSeed + "'s, the member with the lowest"
                + " final loss"), outcome.out());
        assertTrue(outcome.out().contains(String.format(java.util.Locale.ROOT, "(ensemble %.6g +- %.2g)", mean, std)),
                outcome.out());
        assertTrue(outcome.out().contains("files in " + out + ": ") && outcome.out().contains(" ensemble.csv"));
        try (Stream<Path> entries = Files.list(out)) {
            assertFalse(entries.anyMatch(p -> p.getFileName().toString().startsWith(".")), "no member files left");
        }

        Path solution = out.resolve("solution.csv");
        List<String[]> grid = rows(solution);
        int pinn = column(solution, "pinn");
        int low = column(solution, "ensemble_low");
        int high = column(solution, "ensemble_high");
        double[] lowest = new double[grid.size()];
        double[] highest = new double[grid.size()];
        Arrays.fill(lowest, Double.POSITIVE_INFINITY);
        Arrays.fill(highest, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < 3; i++) {
            Path single = folder.resolve("seed" + (5 + i));
            CliOutcome alone = run(decay(data, single, "--seed", Integer.toString(5 + i)).toArray(String[]::new));
            assertEquals(0, alone.code(), alone.err());
            JsonNode singleMetrics = JSON.readTree(single.resolve("metrics.json").toFile());
            assertEquals(estimates[i], singleMetrics.get("fittedParameters").get("r").get("estimate").asDouble(), 0,
                    "seed " + (5 + i) + " trained alone");
            assertEquals(losses[i], singleMetrics.get("finalLoss").asDouble(), 0);
            List<String[]> singleGrid = rows(single.resolve("solution.csv"));
            for (int p = 0; p < grid.size(); p++) {
                double value = Double.parseDouble(singleGrid.get(p)[pinn]);
                assertTrue(Double.parseDouble(grid.get(p)[low]) <= value
                        && value <= Double.parseDouble(grid.get(p)[high]), "seed " + (5 + i) + " in the band at " + p);
                lowest[p] = Math.min(lowest[p], value);
                highest[p] = Math.max(highest[p], value);
                if (i == best) {
                    assertEquals(value, Double.parseDouble(grid.get(p)[pinn]), 0, "the run's network is seed "
                            + bestSeed + "'s");
                }
            }
        }
        for (int p = 0; p < grid.size(); p++) {
            assertEquals(lowest[p], Double.parseDouble(grid.get(p)[low]), 0, "the band is the members' lowest");
            assertEquals(highest[p], Double.parseDouble(grid.get(p)[high]), 0, "and highest");
        }
    }

    @Test
    void aBootstrapDrawsEachSeriesAnewWithReplacementSeededByTheMember() {
        List<Observations> data = List.of(new Observations("x", new double[] {0, 1, 2, 3}, new double[] {10, 11, 12, 13}),
                new Observations("y", new double[] {0.5, 1.5}, new double[] {-1, -2}));
        List<Observations> drawn = Ensemble.resample(data, 7);
        List<Observations> again = Ensemble.resample(data, 7);
        for (int s = 0; s < data.size(); s++) {
            assertArrayEquals(drawn.get(s).t(), again.get(s).t(), "the same seed, the same draw");
            assertArrayEquals(drawn.get(s).values(), again.get(s).values());
        }
        for (int s = 0; s < data.size(); s++) {
            Observations series = data.get(s);
            Observations sample = drawn.get(s);
            assertEquals(series.unknown(), sample.unknown());
            assertEquals(series.t().length, sample.t().length);
            for (int i = 0; i < sample.t().length; i++) {
                int at = Arrays.binarySearch(series.t(), sample.t()[i]);
                assertTrue(at >= 0, "a measured point: " + sample.t()[i]);
                assertEquals(series.values()[at], sample.values()[i], "with its own value");
            }
        }
        long repeats = java.util.stream.IntStream.range(1, 50).filter(seed -> Arrays.stream(Ensemble.resample(data,
                seed).get(0).t()).distinct().count() < 4).count();
        // With replacement, 4 draws from 4 points repeat one with probability 1 - 4!/4^4 = 0.906: 44 of 49 expected.
        assertTrue(repeats > 35 && repeats < 49, "draws with a repeated point: " + repeats + " of 49");
    }

    @Test
    void badCountsAreRefusedBeforeTraining(@TempDir Path folder) {
        Path data = simulate(folder);
        Path out = folder.resolve("out");
        int cores = Runtime.getRuntime().availableProcessors();
        String[][] cases = {
            {"--ensemble 0", "--ensemble must be a whole number from 1 to 1000 (1: no ensemble), got 0"},
            {"--ensemble 1001", "--ensemble must be a whole number from 1 to 1000 (1: no ensemble), got 1001"},
            {"--ensemble 2 --workers 0", "--workers must be from 1 to " + 4 * cores + " (4 per core; this machine has "
                    + cores + "), got 0"},
            {"--ensemble 1000 --workers " + (4 * cores + 1), "--workers must be from 1 to " + 4 * cores
                    + " (4 per core; this machine has " + cores + "), got " + (4 * cores + 1)},
            {"--ensemble 2 --workers 3", "--workers must be at most the ensemble's size, 2, got 3; a worker does one"
                    + " member at a time"},
            {"--workers 2", "--workers 2: worker processes train the members of an ensemble; give --ensemble N too,"
                    + " or leave --workers out"},
            {"--ensemble 2 --animate", "--ensemble 2 trains its members in worker processes; --live and --animate"
                    + " watch a training in this one: leave them out"},
            {"--bootstrap", "--bootstrap resamples the measurements of an ensemble's members; give --ensemble N with"
                    + " N >= 2 too"},
            {"--ensemble 1 --bootstrap", "--bootstrap resamples the measurements of an ensemble's members; give"
                    + " --ensemble N with N >= 2 too"},
            {"--ensemble 2 --seed 9223372036854775807", "--ensemble 2 from seed 9223372036854775807 goes past the"
                    + " largest seed, 9223372036854775807: give a smaller --seed"},
        };
        for (String[] refused : cases) {
            CliOutcome outcome = run(decay(data, out, refused[0].split(" ")).toArray(String[]::new));
            assertEquals(2, outcome.code(), refused[0] + ": " + outcome.err());
            assertEquals("error: " + refused[1], outcome.err().trim());
            assertEquals("", outcome.out(), "refused before training");
        }
        CliOutcome word = run(decay(data, out, "--ensemble", "three").toArray(String[]::new));
        assertEquals(2, word.code());
        assertTrue(word.err().startsWith("error: Invalid value for option '--ensemble': 'three' is not an int"),
                word.err());
        CliOutcome forward = run("run", "exponential-decay", "--ensemble", "3", "--out", out.toString());
        assertEquals(2, forward.code());
        assertEquals("error: --ensemble 3: exponential-decay fits no parameters, so there is no estimate to average"
                + " over seeds; --ensemble is for inverse problems: give --fit NAMES --data FILE.csv, or a problem file"
                + " with a fit: section", forward.err().trim());
        assertFalse(Files.exists(out), "nothing written");
    }

    /** {@code y' = r*sqrt(1 - y^2)}, {@code y(0) = 2}: the loss becomes NaN after a few Adam steps at rate 1e-2. */
    private static Path breaking(Path folder) throws IOException {
        Files.writeString(folder.resolve("d.csv"), "t,y\n0.5,0.5\n1,0.8\n");
        Path file = folder.resolve("breaks.yaml");
        Files.writeString(file, String.join("\n", "name: breaks", "equations: [\"y' = r*sqrt(1 - y^2)\"]",
                "parameters: {r: 1}", "domain: [0, 1]", "conditions: [\"y(0) = 2\"]",
                "fit: {parameters: [r], data: d.csv}", ""));
        return file;
    }

    /** An ensemble of that problem trained by Adam alone at rate 1e-2 for so many steps. */
    private static CliOutcome breaks(Path file, int steps, int size, Path out) {
        return run("run", file.toString(), "--stages", "adam:" + steps, "--lr", "1e-2", "--ensemble",
                Integer.toString(size), "--quiet", "--out", out.toString());
    }

    @Test
    void divergedMembersAreLeftOutAndAllDivergedFails(@TempDir Path folder) throws IOException {
        Path file = breaking(folder);
        Path out = folder.resolve("out");
        // Measured: with 3 Adam steps only seed 3 reaches the NaN (at its step 2); seeds 1, 2 and 4 end at losses
        // 5.95, 4.83 and 4.63.
        CliOutcome outcome = breaks(file, 3, 4, out);
        assertEquals(0, outcome.code(), outcome.err());
        assertTrue(outcome.err().contains("warning: 1 of 4 members diverged and are left out of the mean, the spread"
                + " and the band: seed 3: the loss became NaN at Adam iteration 2"), outcome.err());
        List<String[]> members = rows(out.resolve("ensemble.csv"));
        assertEquals(List.of("ok", "ok", "diverged", "ok"), members.stream().map(row -> row[2]).toList());
        double mean = members.stream().filter(row -> row[2].equals("ok")).mapToDouble(row -> Double.parseDouble(row[4]))
                .average().orElseThrow();
        JsonNode metrics = JSON.readTree(out.resolve("metrics.json").toFile());
        assertEquals(mean, metrics.get("fittedParameters").get("r").get("ensembleMean").asDouble(), 1e-12);
        assertEquals(3, metrics.get("ensembleMembers").asInt());
        assertTrue(metrics.get("ensemble").get("diverged").get("3").asText().startsWith("the loss became NaN"));
        assertEquals(4, metrics.get("seed").asLong(), "seed 4 has the lowest loss");
        assertTrue(outcome.out().contains("fitted parameters (PINN, ensemble of 3 seeds"), outcome.out());

        Path none = folder.resolve("none");
        CliOutcome all = breaks(file, 8, 2, none);
        assertEquals(1, all.code(), all.err());
        assertTrue(all.err().startsWith("failed: every member of the ensemble diverged (seeds 1 to 2), so there is"
                + " nothing to report; seed 1: the loss became NaN at Adam iteration 5"), all.err());
        assertFalse(Files.exists(none), "nothing published");
        assertEquals(List.of(), litter(folder));
    }

    /** The worker processes this process started, alive. */
    private static List<ProcessHandle> workers(ProcessHandle parent) {
        // The command line rather than the arguments: Linux gives the arguments of a long command line (a test's
        // class path) to commandLine() only, and arguments() comes back empty.
        return parent.descendants().filter(p -> p.info().arguments().map(a -> Arrays.asList(a)
                .contains("--ensemble-worker")).orElse(false) || p.info().commandLine().map(c -> c.contains(
                " --ensemble-worker ")).orElse(false)).filter(ProcessHandle::isAlive).toList();
    }

    /** Hidden entries beside the output folders: what a run left unpublished. */
    private static List<String> litter(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString()).filter(name -> name.startsWith(".")).toList();
        }
    }

    /** The members done so far by the ensemble that process {@code pid} writes into {@code out}. */
    private static long membersDone(Path out, long pid) throws IOException {
        try (Stream<Path> staging = Files.list(out.getParent())) {
            long done = 0;
            for (Path members : staging.filter(p -> p.getFileName().toString().startsWith("." + out.getFileName()
                    + ".new-" + pid + "-")).map(p -> p.resolve(".members")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.list(members)) {
                    done += files.filter(p -> p.getFileName().toString().endsWith(".json")).count();
                }
            }
            return done;
        }
    }

    @Test
    void aKilledWorkerFailsTheRunAndPublishesNothing(@TempDir Path folder) throws Exception {
        Path data = simulate(folder);
        Path out = folder.resolve("out");
        List<String> args = decay(data, out, "--ensemble", "4", "--workers", "2");
        CompletableFuture<CliOutcome> running = CompletableFuture.supplyAsync(() -> run(args.toArray(String[]::new)));
        while (membersDone(out, ProcessHandle.current().pid()) == 0 && !running.isDone()) {
            Thread.sleep(20);
        }
        List<ProcessHandle> started = workers(ProcessHandle.current());
        assertEquals(2, started.size(), "two workers run, a member done");
        started.get(0).destroyForcibly();
        CliOutcome outcome = running.get(120, TimeUnit.SECONDS);
        assertEquals(1, outcome.code(), outcome.err());
        assertTrue(outcome.err().matches("failed: the worker process with seed [1-4] of the ensemble stopped \\(exit"
                + " code 137\\)\\s*"), outcome.err());
        assertEquals(List.of(), workers(ProcessHandle.current()), "the other worker is stopped too");
        assertFalse(Files.exists(out), "nothing published");
        assertEquals(List.of(), litter(folder));
    }

    @Test
    void aKilledRunLeavesNoWorkerAndTheNextRunTidiesUp(@TempDir Path folder) throws Exception {
        Path data = simulate(folder);
        Path out = folder.resolve("out");
        // Ctrl-C reaches the workers too; here the signal goes to the run's process alone.
        for (String signal : List.of("INT", "KILL")) {
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-cp", System.getProperty("java.class.path"), "-Djava.awt.headless=true", PinnCli.class.getName()));
            command.addAll(decay(data, out, "--ensemble", "4", "--workers", "2"));
            Path log = folder.resolve(signal + ".log");
            Process run = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            while (membersDone(out, run.pid()) == 0 && run.isAlive()) {
                Thread.sleep(20);
            }
            List<ProcessHandle> started = workers(run.toHandle());
            assertEquals(2, started.size(), "two workers run, a member done: " + Files.readString(log));
            assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(run.pid())).start().waitFor());
            assertEquals(signal.equals("INT") ? 130 : 137, run.waitFor(), Files.readString(log));
            for (ProcessHandle worker : started) {
                worker.onExit().get(60, TimeUnit.SECONDS);
            }
            assertFalse(Files.exists(out), signal + ": nothing published");
        }
        CliOutcome next = run(decay(data, out, "--ensemble", "2").toArray(String[]::new));
        assertEquals(0, next.code(), next.err());
        assertEquals(List.of(), litter(folder), "what the killed runs left is removed");
    }
}

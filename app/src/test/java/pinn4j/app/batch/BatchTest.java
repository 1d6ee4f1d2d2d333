package pinn4j.app.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import pinn4j.app.cli.PinnCli;

class BatchTest {

    private static final String TINY = String.join("\n",
            "problems: [exponential-decay]",
            "sweep:",
            "  mode: grid",
            "  seeds: [1, 2]",
            "  axes:",
            "    layers: [[8, 8]]",
            "    adamIterations: [30]",
            "    lr: [0.001, 0.01]",
            "    lbfgsIterations: [10, 20]",
            "");

    private static BatchSpec spec(String yaml) {
        return BatchSpec.parse(new Yaml().load(yaml));
    }

    @Test
    void gridExpansionIsTheFullProductInAFixedOrderWithStableIds() {
        List<RunSpec> runs = spec(TINY).expand();
        assertEquals(8, runs.size());
        assertEquals(runs.stream().map(RunSpec::id).toList(), spec(TINY).expand().stream().map(RunSpec::id).toList());
        assertEquals(8, runs.stream().map(RunSpec::id).distinct().count());
        assertEquals(Map.of("layers", List.of(8, 8), "adamIterations", 30, "lr", 0.001, "lbfgsIterations", 10),
                runs.get(0).settings());
        assertEquals(2, runs.get(1).seed());
        assertTrue(runs.get(0).id().startsWith("exponential-decay-") && runs.get(0).id().endsWith("-s1"));
    }

    @Test
    void axesThatAreNotSettingsSetProblemParametersAndNameTheRuns() {
        List<RunSpec> runs = spec(TINY.replace("lr: [0.001, 0.01]", "r: [0.5, 2]")).expand();
        assertEquals(8, runs.size());
        assertEquals(Map.of("r", 0.5), runs.get(0).parameters());
        assertEquals(Map.of("layers", List.of(8, 8), "adamIterations", 30, "lbfgsIterations", 10, "seed", 1L),
                runs.get(0).trainingSettings());
        assertTrue(runs.get(0).id().startsWith("exponential-decay-r0.5-") && runs.get(0).id().endsWith("-s1"),
                runs.get(0).id());
        assertTrue(runs.get(4).id().startsWith("exponential-decay-r2-"), runs.get(4).id());
        assertEquals(8, runs.stream().map(RunSpec::id).distinct().count());
        // The same runs without parameter axes keep the ids they had.
        assertTrue(spec(TINY).expand().get(0).id().matches("exponential-decay-[0-9a-f]{10}-s1"));
    }

    @Test
    void randomDrawsAreSeededAndWithinTheirDistributions() {
        String yaml = String.join("\n", "problems: [exponential-decay, damped-oscillator]", "sweep:", "  mode: random",
                "  samples: 6", "  seed: 4", "  seeds: [1, 2, 3]", "  axes:", "    lr: {log-uniform: [1.0e-4, 1.0e-2]}",
                "    points: {int-uniform: [50, 60]}", "    activation: [tanh, sin]", "");
        List<RunSpec> runs = spec(yaml).expand();
        assertEquals(2 * 6 * 3, runs.size());
        assertEquals(runs, spec(yaml).expand());
        for (RunSpec run : runs) {
            double lr = (Double) run.settings().get("lr");
            int points = (Integer) run.settings().get("points");
            assertTrue(lr >= 1e-4 && lr <= 1e-2, "lr " + lr);
            assertTrue(points >= 50 && points <= 60, "points " + points);
        }
        Set<Object> rates = runs.stream().map(r -> r.settings().get("lr")).collect(Collectors.toSet());
        assertEquals(6, rates.size());
        assertNotEquals(spec(yaml).expand(), spec(yaml.replace("seed: 4", "seed: 5")).expand());
    }

    @Test
    void badBatchFilesNameTheField() {
        // A name that is not a training setting sets a problem parameter: numbers only (which problems have it is
        // checked when they are read, ParameterSweepTest).
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> spec(TINY.replace("lr: [0.001, 0.01]", "learningrate: [fast]")));
        assertEquals("sweep.axes.learningrate[0]: a problem parameter's values are finite numbers, got 'fast'",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> spec(TINY.replace("mode: grid", "mode: genetic")));
        assertEquals("sweep.mode must be grid, random, hyperband or bayesian, got 'genetic'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> spec(TINY.replace("mode: grid", "mode: random")
                .replace("  seeds:", "  samples: 3\n  seeds:").replace("lr: [0.001, 0.01]", "lr: {log-uniform: [0, 1]}")));
        assertTrue(e.getMessage().startsWith("sweep.axes.lr must be a list of values or one of"), e.getMessage());
    }

    private static Path write(Path folder, String yaml) throws IOException {
        Path file = folder.resolve("tiny.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static List<String> summaryWithoutTimes(Path folder) throws IOException {
        return Files.readAllLines(folder.resolve("summary.csv")).stream()
                .map(line -> line.replaceAll(",[0-9.E-]+,$", ",<seconds>,").replaceAll(",seconds,error$", ""))
                .toList();
    }

    @Test
    void twoShardsMergedGiveTheSummaryOfTheWholeBatch(@TempDir Path folder) throws IOException {
        Path file = write(folder, TINY);
        Path whole = folder.resolve("whole");
        assertEquals(0, PinnCli.execute("batch", file.toString(), "--out", whole.toString(), "--workers", "1"));
        Path first = folder.resolve("shard1");
        Path second = folder.resolve("shard2");
        assertEquals(0, PinnCli.execute("batch", file.toString(), "--out", first.toString(), "--workers", "1",
                "--shard", "1/2"));
        assertEquals(0, PinnCli.execute("batch", file.toString(), "--out", second.toString(), "--workers", "1",
                "--shard", "2/2"));
        try (Stream<Path> runs = Files.list(first.resolve("runs"))) {
            assertEquals(4, runs.count(), "a shard holds its half");
        }
        Path merged = folder.resolve("merged");
        assertEquals(0, PinnCli.execute("report", first.toString(), second.toString(), "--out", merged.toString()));
        List<String> expected = summaryWithoutTimes(whole);
        assertEquals(9, expected.size());
        assertEquals(expected, summaryWithoutTimes(merged));
        assertTrue(Files.size(merged.resolve("index.html")) > 10_000);
    }

    @Test
    void hyperbandPromotesTheBestFractionWithMoreBudget(@TempDir Path folder) throws IOException {
        Path file = write(folder, String.join("\n", "problems: [exponential-decay]", "sweep:", "  mode: hyperband",
                "  samples: 4", "  reduction: 2", "  seeds: [1]", "  axes:", "    layers: [[8, 8]]",
                "    adamIterations: [40]", "    lbfgsIterations: [40]", "    lr: {log-uniform: [1.0e-4, 3.0e-2]}", ""));
        Path out = folder.resolve("out");
        assertEquals(0, PinnCli.execute("batch", file.toString(), "--out", out.toString(), "--workers", "1"));
        List<RunSpec> plan = BatchRunner.readPlan(out);
        assertEquals(4 + 2 + 1, plan.size());
        assertEquals(List.of(0.25, 0.25, 0.25, 0.25, 0.5, 0.5, 1.0),
                plan.stream().map(r -> ((Number) r.settings().get("budget")).doubleValue()).toList());
        BatchReport.Summary summary = BatchReport.read(List.of(out));
        assertEquals(7, summary.rows().size());
        List<BatchReport.Row> first = summary.rows().subList(0, 4).stream()
                .sorted((a, b) -> Double.compare(BatchReport.score(a), BatchReport.score(b))).toList();
        Set<String> bestTwo = Set.of(first.get(0).axes().get("lr"), first.get(1).axes().get("lr"));
        assertEquals(bestTwo, Set.of(summary.rows().get(4).axes().get("lr"), summary.rows().get(5).axes().get("lr")));
        List<BatchReport.Row> second = summary.rows().subList(4, 6).stream()
                .sorted((a, b) -> Double.compare(BatchReport.score(a), BatchReport.score(b))).toList();
        assertEquals(second.get(0).axes().get("lr"), summary.rows().get(6).axes().get("lr"));
        assertTrue(summary.rows().get(0).stageIterations().startsWith("adam 10; lbfgs "), "a quarter of 40 Adam iterations: "
                + summary.rows().get(0).stageIterations());
        assertTrue(summary.rows().get(6).stageIterations().startsWith("adam 40; lbfgs "), summary.rows().get(6).stageIterations());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            int code = PinnCli.execute("batch", file.toString(), "--out", out.toString(), "--shard", "1/2");
            throw new IllegalArgumentException("exit " + code);
        });
        assertEquals("exit 2", e.getMessage());
    }

    @Test
    void killedBatchResumesWithoutDuplicatedOrCorruptRows(@TempDir Path folder) throws Exception {
        Path file = write(folder, TINY.replace("seeds: [1, 2]", "seeds: [1, 2, 3]"));
        Path out = folder.resolve("out");
        Process batch = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), PinnCli.class.getName(), "batch", file.toString(), "--out",
                out.toString(), "--workers", "2").redirectErrorStream(true)
                .redirectOutput(folder.resolve("first.log").toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (completed(out) < 2 && Instant.now().isBefore(deadline) && batch.isAlive()) {
            Thread.sleep(100);
        }
        assertTrue(batch.isAlive(), "the batch must still be running when it is killed");
        batch.destroyForcibly().waitFor();
        int beforeResume = completed(out);
        assertTrue(beforeResume >= 2 && beforeResume < 12, "killed after " + beforeResume + " of 12 runs");
        Thread.sleep(500);
        assertEquals(0, PinnCli.execute("batch", file.toString(), "--out", out.toString(), "--workers", "2"));
        List<String> lines = Files.readAllLines(out.resolve("summary.csv"));
        assertEquals(13, lines.size(), String.join("\n", lines));
        Set<String> ids = new HashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            assertTrue(ids.add(line.split(",")[0]), "duplicated row " + line);
            assertTrue(line.contains(",ok,"), "every run completes: " + line);
        }
        try (Stream<Path> leftovers = Files.list(out.resolve("runs"))) {
            assertFalse(leftovers.anyMatch(p -> p.getFileName().toString().startsWith(".")), "unfinished folders left");
        }
    }

    private static int completed(Path out) throws IOException {
        Path runs = out.resolve("runs");
        if (!Files.isDirectory(runs)) {
            return 0;
        }
        try (Stream<Path> entries = Files.list(runs)) {
            return (int) entries.filter(p -> Files.isRegularFile(p.resolve("run.json"))).count();
        }
    }
}

package pinn4j.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pinn4j.app.cli.CliOutcome.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import pinn4j.solver.io.Folders;

/** Exit codes and messages of the command line, run in-process. */
class PinnCliTest {


    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--param t1=0        | error: t1 must be > t0, got t0=0.0, t1=0.0",
        "--param k=NaN       | error: --param k must be finite, got NaN",
        "--param k=abc       | error: --param k must be a number, got 'abc'",
        "--param q=1         | error: unknown parameter 'q' for damped-oscillator; allowed: m, mu, k, x0, v0, t0, t1",
        "--param m=0         | error: m must be > 0, got m=0.0",
        "--points 0          | error: --points: points must be a whole number from 1 to 100000, got '0'",
        "--layers 32,0       | error: --layers: layers must be a list of 1 to 64 whole numbers from 1 to 4096, got '32,0'",
        "--adam-iterations 2.7| error: --adam-iterations: adamIterations must be a whole number from 0 to 10000000, got '2.7'",
        "--lr 0              | error: --lr: lr must be a number in (0, 10], got '0'",
        "--weights cc=0,phys=0 | error: --weights: weights: cc and phys are both 0, so nothing would be trained; give at least one of them a weight > 0",
        "--stages adam:0     | error: --stages: stages[1].iterations must be a whole number from 1 to 10000000, got '0'",
        "--set beta3=1       | error: unknown training setting 'beta3'; known: layers, activation, points, sampling, resampleEvery, weights, residualScaling, windows, strategy, physicsRamp, l1, l2, dropout, seed, dtype, stages, optimizer, adamIterations, lbfgsIterations, lr, lrDecay, patience, beta1, beta2, rho, momentum, epsilon, weightDecay, historySize, maxEvaluations, gradientTolerance, lossTolerance, stepTolerance, c1, c2",
        "--activation swish  | error: --activation: activation must be one of tanh, sin, sigmoid, softplus, silu, relu, got 'swish'",
        "--dtype float16     | error: --dtype: dtype must be one of float64, float32, got 'float16'",
        "--out /proc/nope    | error: output folder /proc/nope is not writable",
    })
    void badInputGetsASpecificMessageAndExitCodeTwo(String option, String message) {
        String[] parts = option.trim().split(" ");
        String[] args = new String[parts.length + 2];
        args[0] = "run";
        args[1] = "damped-oscillator";
        System.arraycopy(parts, 0, args, 2, parts.length);
        CliOutcome outcome = run(args);
        assertEquals(2, outcome.code(), outcome.err());
        assertTrue(outcome.err().startsWith(message.trim()), outcome.err());
        assertFalse(outcome.err().contains("\tat "), "no stack trace: " + outcome.err());
    }

    @Test
    void badProblemFileGetsItsLocationAndExitCodeTwo(@TempDir Path folder) throws java.io.IOException {
        Path file = folder.resolve("bad.yaml");
        Files.writeString(file, String.join("\n", "name: bad", "equations:", "  - \"x' = -k*x + q\"",
                "parameters: {k: 2}", "domain: [0, 1]", "conditions: [\"x(0) = 1\"]", ""));
        CliOutcome outcome = run("run", file.toString());
        assertEquals(2, outcome.code(), outcome.err());
        assertEquals("error: " + file + ":3:18: unknown symbol 'q'; known: variable t, parameters k, unknowns x,"
                + " constants pi, e, functions abs cos cosh exp log sin sinh sqrt tan tanh\n"
                + "      - \"x' = -k*x + q\"\n"
                + "                     ^", outcome.err().trim());
        CliOutcome missing = run("run", folder.resolve("nope.yaml").toString());
        assertEquals(2, missing.code());
        assertEquals("error: problem file " + folder.resolve("nope.yaml") + " does not exist", missing.err().trim());
        CliOutcome explained = run("run", file.toString(), "--explain");
        assertEquals(2, explained.code(), explained.err());
        assertEquals(outcome.err(), explained.err(), "--explain reads the file as a run does");
    }

    @Test
    void explainPrintsTheAnalysisWithoutTraining(@TempDir Path folder) throws IOException {
        // m = 1, mu = 4, k = 400: lambda = -2 +- i sqrt(396), so 19.9 rad per unit, 3.17 periods and 2 e-foldings
        // over [0, 1]; the figures are printed to three digits.
        Path out = folder.resolve("out");
        CliOutcome outcome = run("run", "damped-oscillator", "--explain", "--out", out.toString());
        assertEquals(0, outcome.code(), outcome.err());
        assertEquals("", outcome.err());
        List<String> lines = outcome.out().lines().toList();
        assertTrue(lines.get(1).startsWith("analysis: eigenvalues lambda of the Jacobian along a Dormand-Prince 8(5,3)"
                + " integration"), lines.get(1));
        assertEquals(List.of("  fastest rate |Re lambda|           2             time scale 0.5",
                "  slowest rate |Re lambda|           2             time scale 0.5",
                "  fastest frequency |Im lambda|      19.9          period 0.316",
                "  periods over the domain            3.17",
                "  oscillations of the solution       3",
                "  e-foldings over the domain         2",
                "  stiffness ratio                    1",
                "  largest |x|                        1",
                "strategy auto: no remedy needed"), lines.subList(2, lines.size()));
        assertFalse(Files.exists(out), "nothing is trained or written");
        // 15.9 periods over [0, 10] with mu = 0.2, k = 100: the strategy trains 8 windows, or as the settings say.
        CliOutcome longer = run("run", "damped-oscillator", "--param", "mu=0.2", "--param", "k=100", "--param",
                "t1=10", "--explain");
        assertTrue(longer.out().endsWith("strategy auto: windows 8 (15.9 periods over the domain, at most 2 per"
                + " window)\n"), longer.out());
        assertTrue(run("run", "damped-oscillator", "--param", "mu=0.2", "--param", "k=100", "--param", "t1=10",
                "--explain", "--strategy", "none").out().endsWith("strategy none: settings as given\n"));
        CliOutcome bad = run("run", "damped-oscillator", "--explain", "--strategy", "sometimes");
        assertEquals(2, bad.code());
        assertEquals("error: --strategy: strategy must be one of auto, none, got 'sometimes'\n", bad.err());
        CliOutcome file = run("run", "../examples/bratu.yaml", "--explain");
        assertEquals(0, file.code(), file.err());
        assertTrue(file.out().contains("over the domain, with the conditions' values (a boundary-value problem)"),
                file.out());
        assertTrue(file.out().contains("  periods over the domain            0.159\n"), file.out());
    }

    @Test
    void problemFileRunsWithItsTrainingSettingsAndFlagsOverrideThem(@TempDir Path folder) throws java.io.IOException {
        Path file = folder.resolve("decay.yaml");
        Files.writeString(file, String.join("\n", "name: decay", "equations: [\"y' = -r*y\"]", "parameters: {r: 2}",
                "domain: [0, 1]", "conditions: [\"y(0) = 1\"]", "exact: {y: \"exp(-r*t)\"}",
                "training: {adamIterations: 40, lbfgsIterations: 30, layers: [8, 8]}", ""));
        Path out = folder.resolve("out");
        CliOutcome outcome = run("run", file.toString(), "--quiet", "--out", out.toString(), "--lbfgs-iterations", "20",
                "--param", "r=3");
        assertEquals(0, outcome.code(), outcome.err());
        String metrics = Files.readString(out.resolve("metrics.json"));
        assertTrue(metrics.contains("\"optimizer\" : \"adam\",\n      \"iterations\" : 40,"), metrics);
        assertTrue(metrics.contains("\"optimizer\" : \"lbfgs\",\n      \"iterations\" : 20,"), metrics);
        assertTrue(metrics.contains("\"layers\" : [ 8, 8 ]"), metrics);
        assertTrue(metrics.contains("\"r\" : 3.0"), metrics);
        // y' = -3 y over [0, 1]: one rate, 3, and 3 e-foldings.
        Map<?, ?> analysis = (Map<?, ?>) ((Map<?, ?>) new ObjectMapper().readValue(metrics, Map.class)
                .get("strategy")).get("analysis");
        assertEquals("trajectory", analysis.get("sampling"));
        assertEquals(3.0, (Double) analysis.get("fastestRate"), 1e-12);
        assertEquals(3.0, (Double) analysis.get("eFoldings"), 1e-12);
        assertEquals(1.0, analysis.get("stiffnessRatio"));
        assertEquals(Map.of("y", 1.0), analysis.get("magnitudes"));
        assertTrue(outcome.out().lines().anyMatch(line -> line.startsWith("analysis: 0 periods, 3 e-foldings,"
                + " stiffness ratio 1, fastest rate 3, fastest frequency 0 (")), outcome.out());
    }

    @Test
    void predictEvaluatesASavedRunAtGivenPoints(@TempDir Path folder) throws java.io.IOException {
        Path out = folder.resolve("decay");
        assertEquals(0, run("run", "exponential-decay", "--quiet", "--out", out.toString()).code());
        CliOutcome outcome = run("predict", "--model", out.toString(), "--at", "0,0.5,2", "--derivatives", "1");
        assertEquals(0, outcome.code(), outcome.err());
        String[] lines = outcome.out().trim().split("\n");
        assertEquals("t,y,y'", lines[0]);
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split(",");
            double t = Double.parseDouble(cells[0]);
            assertEquals(Math.exp(-t), Double.parseDouble(cells[1]), 1e-5, "y at " + t);
            assertEquals(-Math.exp(-t), Double.parseDouble(cells[2]), 1e-4, "y' at " + t);
        }
        Path points = folder.resolve("points.csv");
        Files.writeString(points, "t\n0.25\n1.5\n");
        CliOutcome fromCsv = run("predict", "--model", out.resolve("model").toString(), "--csv", points.toString());
        assertEquals(3, fromCsv.out().trim().split("\n").length, fromCsv.out());
        assertEquals(2, run("predict", "--model", folder.toString(), "--at", "1").code());
    }

    @Test
    void unknownProblemListsTheBuiltIns() {
        CliOutcome outcome = run("run", "pendulum-on-mars");
        assertEquals(2, outcome.code());
        assertTrue(outcome.err().startsWith("error: unknown problem 'pendulum-on-mars'; built-in problems: exponential-decay,"
                + " logistic-growth, damped-oscillator"), outcome.err());
    }

    @Test
    void malformedOptionValueIsAUsageError() {
        CliOutcome outcome = run("run", "damped-oscillator", "--points", "many");
        assertEquals(2, outcome.code());
        assertEquals("error: --points: points must be a whole number from 1 to 100000, got 'many'",
                outcome.err().trim());
    }

    @Test
    void reluOnASecondOrderEquationTrainsWithAWarning(@TempDir Path out) {
        CliOutcome outcome = run("run", "damped-oscillator", "--activation", "relu", "--adam-iterations", "20",
                "--lbfgs-iterations", "5", "--quiet", "--out", out.toString());
        assertEquals(0, outcome.code(), outcome.err());
        assertTrue(outcome.err().contains("warning: relu is piecewise linear: its second derivative is zero almost"
                + " everywhere, so the residual cannot see x''"), outcome.err());
        assertTrue(Files.exists(out.resolve("metrics.json")));
        assertTrue(outcome.out().contains("relative L2 error"), outcome.out());
    }

    @Test
    void helpListsTheCommands() {
        CliOutcome outcome = run("--help");
        assertEquals(0, outcome.code());
        for (String command : new String[] {"run", "demo", "bench", "list"}) {
            assertTrue(outcome.out().contains("  " + command + " "), outcome.out());
        }
        assertEquals(0, run("run", "--help").code());
    }

    @Test
    void anEmptyForeignOrCurrentOutputFolderIsRefusedBeforeTraining(@TempDir Path folder) throws IOException {
        for (String[] args : List.of(new String[] {"run", "exponential-decay", "--out", ""},
                new String[] {"demo", "--out", ""}, new String[] {"batch", "any.yaml", "--out", ""})) {
            CliOutcome outcome = run(args);
            assertEquals(2, outcome.code(), outcome.err());
            assertTrue(outcome.err().startsWith("error: Invalid value for option '--out': '' is empty; give a file or"
                    + " folder name"), outcome.err());
            assertEquals("", outcome.out(), "nothing trained");
        }
        Path notes = Files.createDirectories(folder.resolve("notes"));
        Files.writeString(notes.resolve("thesis.tex"), "mine");
        CliOutcome foreign = run("run", "exponential-decay", "--out", notes.toString());
        assertEquals(2, foreign.code(), foreign.err());
        assertEquals("error: output folder " + notes + " holds files that are not a run's (thesis.tex); a run replaces"
                + " its folder whole, so give a new folder, an empty one or a previous run's", foreign.err().trim());
        assertEquals("mine", Files.readString(notes.resolve("thesis.tex")));
        CliOutcome current = run("run", "exponential-decay", "--out", ".");
        assertEquals(2, current.code(), current.err());
        assertEquals("error: output folder . holds the current folder; a run replaces its folder whole, so give it a"
                + " folder of its own", current.err().trim());
    }

    @Test
    void aSecondWriterOfAnOutputFolderIsRefusedBeforeTraining(@TempDir Path folder) throws IOException {
        Path out = folder.resolve("out");
        Path batch = folder.resolve("one.yaml");
        Files.writeString(batch, String.join("\n", "problems: [exponential-decay]", "sweep:", "  mode: grid",
                "  seeds: [1, 2]", "  axes:", "    layers: [[8, 8]]", "    adamIterations: [20]",
                "    lbfgsIterations: [5]", ""));
        String holder = "this process (" + ProcessHandle.current().pid() + ")";
        Folders.Lock lock = Folders.lock(out);
        try {
            CliOutcome second = run("run", "exponential-decay", "--quiet", "--out", out.toString());
            assertEquals(2, second.code(), second.err());
            assertEquals("error: output folder " + out + " is being written by " + holder + " (lock file "
                    + folder.resolve(".out.lock") + "); wait for it to finish or choose another folder",
                    second.err().trim());
            assertEquals("", second.out(), "refused before training");
            CliOutcome batchToo = run("batch", batch.toString(), "--out", out.toString(), "--workers", "1");
            assertEquals(2, batchToo.code(), batchToo.err());
            assertTrue(batchToo.err().startsWith("error: output folder " + out + " is being written by " + holder),
                    batchToo.err());
            assertFalse(Files.exists(out.resolve("plan.json")), "the refused batch wrote nothing");
        } finally {
            lock.close();
        }
        CliOutcome alone = run("batch", batch.toString(), "--out", out.toString(), "--workers", "1");
        assertEquals(0, alone.code(), alone.err());
        assertTrue(alone.out().startsWith("2 of 2 runs complete (0 failed or diverged)"), alone.out());
        assertEquals(3, Files.readAllLines(out.resolve("summary.csv")).size(), "the count line agrees with the table");
        try (Stream<Path> runs = Files.list(out.resolve("runs")); Stream<Path> beside = Files.list(folder)) {
            assertEquals(List.of(), runs.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList());
            assertEquals(List.of("one.yaml", "out"), beside.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no lock file or temporary left");
        }
    }

    @Test
    void predictRefusesADamagedModelAndPointsThatAreNotFinite(@TempDir Path folder) throws IOException {
        Path good = folder.resolve("good");
        assertEquals(0, run("run", "exponential-decay", "--quiet", "--out", good.toString(), "--layers", "8,8",
                "--adam-iterations", "20", "--lbfgs-iterations", "5").code());
        assertEquals(0, run("predict", "--model", good.toString(), "--at", "0.5").code());
        String params = "window-0-0000.params";
        List<String[]> cases = List.of(
                new String[] {"flipped", params, params + " does not match its SHA-256 in checksums.sha256"},
                new String[] {"truncated", params, params + " does not match its SHA-256 in checksums.sha256"},
                new String[] {"edited", "model.properties", "model.properties does not match its SHA-256 in"
                        + " checksums.sha256"},
                new String[] {"unfinished", "checksums.sha256", "checksums.sha256 is missing (it is written last, so"
                        + " the model was not saved completely, or by a pinn4j without checksums); save the model"
                        + " again"},
                new String[] {"added", "window-0-0001.params", "window-0-0001.params is not listed in"
                        + " checksums.sha256"});
        for (String[] c : cases) {
            Path model = Files.createDirectories(folder.resolve(c[0]).resolve("model"));
            try (Stream<Path> files = Files.list(good.resolve("model"))) {
                for (Path file : files.toList()) {
                    Files.copy(file, model.resolve(file.getFileName()));
                }
            }
            Path file = model.resolve(c[1]);
            switch (c[0]) {
                case "flipped" -> {
                    byte[] bytes = Files.readAllBytes(file);
                    bytes[bytes.length / 2] ^= 1;
                    Files.write(file, bytes);
                }
                case "truncated" -> Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(file),
                        (int) Files.size(file) / 2));
                case "edited" -> Files.writeString(file, Files.readString(file).replace("layers=8,8", "layers=8,9"));
                case "unfinished" -> Files.delete(file);
                default -> Files.copy(model.resolve(params), file);
            }
            CliOutcome outcome = run("predict", "--model", folder.resolve(c[0]).toString(), "--at", "0.5");
            assertEquals(2, outcome.code(), c[0] + ": " + outcome.err());
            assertEquals("error: the model in " + model + " is damaged or incomplete: " + c[2], outcome.err().trim());
            assertEquals("", outcome.out(), c[0]);
        }
        Path points = folder.resolve("points.csv");
        Files.writeString(points, "t\n0.5\n-Infinity\n");
        for (String[] args : List.of(new String[] {"--at", "NaN,1", "NaN"}, new String[] {"--at", "0,Infinity",
                "Infinity"}, new String[] {"--csv", points.toString(), "-Infinity"})) {
            CliOutcome outcome = run("predict", "--model", good.toString(), args[0], args[1]);
            assertEquals(2, outcome.code(), outcome.err());
            assertEquals("error: " + (args[0].equals("--at") ? "--at" : "--csv " + points) + " must hold finite"
                    + " numbers, got " + args[2], outcome.err().trim());
        }
    }

    /** A problem file's text for the file and CLI cases below: y' = rhs, with parameters k, on [0, 1]. */
    private static String decayFile(String rhs, String parameters) {
        return String.join("\n", "name: decay", "equations: [\"y' = " + rhs + "\"]", "parameters: " + parameters,
                "domain: [0, 1]", "conditions: [\"y(0) = 1\"]", "");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "brackets | :2:219: the expression is nested more than 200 levels deep",
        "aliases  | :7:28: more than 50 aliases (*name); a problem file may use at most 50",
        "binary   | :1:7: not UTF-8 text: the byte 0xFF cannot be read as UTF-8",
        "zero     | :2:19: '-y/0' divides by zero; a divisor must not be a constant zero",
        "overflow | :2:19: 'exp(1000)' is infinite; a constant must be a finite number",
        "pi       | :3:20: parameter name 'pi' is reserved for the constant pi; reserved names: abs, cos, cosh, e, exp,",
        "function | :3:14: parameter name 'sin' is reserved for the function sin; reserved names: abs, cos, cosh, e,",
    })
    void fileThatWouldCrashHangOrMisleadIsRefusedWithItsPlaceBeforeTraining(String kind, String message,
                                                                           @TempDir Path folder) throws IOException {
        Path file = folder.resolve(kind.trim() + ".yaml");
        switch (kind.trim()) {
            case "brackets" -> Files.writeString(file, decayFile("(".repeat(4000) + "y" + ")".repeat(4000), "{k: 2}"));
            case "aliases" -> {
                StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
                for (char c = 'b'; c <= 'h'; c++) {
                    bomb.append(c).append(": &").append(c).append(" [").append(String.join(", ",
                            java.util.Collections.nCopies(9, "*" + (char) (c - 1)))).append("]\n");
                }
                Files.writeString(file, bomb);
            }
            case "binary" -> Files.write(file, new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xFF, 0, 1, 2});
            case "zero" -> Files.writeString(file, decayFile("-y/0", "{k: 2}"));
            case "overflow" -> Files.writeString(file, decayFile("exp(1000)*y", "{k: 2}"));
            case "pi" -> Files.writeString(file, decayFile("-pi*y", "{k: 2, pi: 3}"));
            default -> Files.writeString(file, decayFile("-sin*y", "{sin: 2}"));
        }
        long start = System.nanoTime();
        CliOutcome outcome = run("run", file.toString(), "--out", folder.resolve("out").toString());
        assertTrue((System.nanoTime() - start) / 1e9 < 5, "took " + (System.nanoTime() - start) / 1e9 + " s");
        assertEquals(2, outcome.code(), outcome.err());
        assertTrue(outcome.err().startsWith("error: " + file + message.trim()), outcome.err());
        assertFalse(outcome.err().contains("\tat "), "no stack trace: " + outcome.err());
        assertFalse(Files.exists(folder.resolve("out").resolve("metrics.json")), "refused before training");
    }

    @Test
    void builtInParameterThatMakesAConstantInfiniteIsNamedBeforeTraining() {
        CliOutcome outcome = run("run", "mathieu", "--param", "q=1e308");
        assertEquals(2, outcome.code(), outcome.err());
        assertEquals("error: mathieu: x'' = -(a - 2*q*cos(2*t))*x: '2*q' is infinite with q = 1.0e308; a constant"
                + " must be a finite number", outcome.err().trim());
    }

    @Test
    void exactSolutionThatIsNaNForTheParametersGivesAWarningAndTheRunIsComparedWithHipparchus(@TempDir Path out)
            throws IOException {
        // The example's formula is the under-damped one; mu = 100 over-damps the oscillator.
        CliOutcome outcome = run("run", "../examples/damped-oscillator.yaml", "--param", "mu=100", "--quiet", "--out",
                out.toString(), "--adam-iterations", "30", "--lbfgs-iterations", "10");
        assertEquals(0, outcome.code(), outcome.err());
        assertTrue(outcome.err().contains("warning: the exact solution of x is NaN at t = 0 with m = 1, mu = 100,"
                + " k = 400, x0 = 1: the formula does not hold there for these parameters; the errors are measured"
                + " against the Hipparchus reference instead"), outcome.err());
        assertTrue(outcome.out().contains("(against the hipparchus solution)"), outcome.out());
        String metrics = Files.readString(out.resolve("metrics.json"));
        assertTrue(metrics.contains("\"referenceKind\" : \"hipparchus\""), metrics);
        assertTrue(metrics.contains("\"hipparchusMaxAbsErrorVsExact\" : null"), metrics);
        List<String> csv = Files.readAllLines(out.resolve("solution.csv"));
        assertEquals("t,pinn,reference,exact,abs_error", csv.get(0));
        String[] last = csv.get(csv.size() - 1).split(",", -1);
        assertEquals("", last[3], "no exact column where the formula fails");
        assertEquals(Math.abs(Double.parseDouble(last[1]) - Double.parseDouble(last[2])), Double.parseDouble(last[4]),
                1e-12);
    }

    @Test
    void exactSolutionThatDisagreesWithTheEquationIsNamedWithTheSizeOfTheDisagreement(@TempDir Path folder)
            throws IOException {
        Path file = folder.resolve("wrong.yaml");
        Files.writeString(file, decayFile("-k*y", "{k: 1}") + "exact: {y: \"exp(-2*k*t)\"}\n");
        CliOutcome outcome = run("run", file.toString(), "--quiet", "--out", folder.resolve("out").toString(),
                "--adam-iterations", "30", "--lbfgs-iterations", "10");
        assertEquals(0, outcome.code(), outcome.err());
        assertTrue(outcome.err().contains("warning: the exact solution of y disagrees with the equation: Hipparchus'"
                + " integration differs from it by up to 2.50e-01"), outcome.err());
        assertTrue(outcome.out().contains("Hipparchus DP853 against the exact solution: max abs error 2.5e-01"),
                outcome.out());
        assertTrue(Files.readString(folder.resolve("out").resolve("metrics.json"))
                .contains("\"referenceKind\" : \"hipparchus\""));
    }

    @Test
    void referenceThatBreaksDownIsExplainedInTheProblemsTermsAndTheRunStillWritesItsFiles(@TempDir Path out) {
        CliOutcome outcome = run("run", "damped-oscillator", "--param", "k=1e308", "--quiet", "--out", out.toString(),
                "--adam-iterations", "5", "--lbfgs-iterations", "2");
        assertEquals(1, outcome.code(), "the training diverges: " + outcome.err());
        assertTrue(outcome.out().contains("Hipparchus reference: none, the integration broke down at the start,"
                + " t = 0: the solution stopped being a number"), outcome.out());
        assertTrue(outcome.out().contains("check the parameters (m = 1, mu = 4, k = 1.0e308, x0 = 1, v0 = 0, t0 = 0,"
                + " t1 = 1) and the conditions (x(0) = x0, x'(0) = 0)"), outcome.out());
        assertFalse(outcome.out().contains("NaN appears") || outcome.err().contains("NaN appears"), outcome.out());
        assertFalse(outcome.err().contains("\tat "), "no stack trace: " + outcome.err());
        assertTrue(Files.exists(out.resolve("metrics.json")) && Files.exists(out.resolve("loss.png")));
    }
}

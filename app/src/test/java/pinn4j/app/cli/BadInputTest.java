package pinn4j.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pinn4j.app.cli.CliOutcome.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every bad input gets a clear answer: batch files checked field by field and run by run before the first run,
 * worker counts bounded, no internal exception's text or stack trace, no line of libtorch's, progress bars as wide
 * as the terminal, and a warning for a run that ends far from a solution. Run through the command line, in-process
 * or, where the process's own standard error or environment matters, as a separate process.
 */
class BadInputTest {


    /** The command line as a process of its own, with {@code env} added to an environment without COLUMNS. */
    private static CliOutcome process(Path folder, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), "-Djava.awt.headless=true", PinnCli.class.getName()));
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("COLUMNS");
        builder.environment().remove("TORCH_CPP_LOG_LEVEL");
        builder.environment().putAll(env);
        Path out = folder.resolve("process.out");
        Path err = folder.resolve("process.err");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(180, TimeUnit.SECONDS), "the process ends");
        return new CliOutcome(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static Path write(Path folder, String name, String... lines) throws IOException {
        Path file = folder.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    private static void assertRefused(CliOutcome outcome, String message) {
        assertEquals(2, outcome.code(), outcome.err());
        assertEquals("error: " + message, outcome.err().trim());
        assertFalse(outcome.err().contains("\tat "), "no stack trace");
        assertEquals("", outcome.out(), "nothing ran");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "seeds: [1.5]                 | 3:11: sweep.seeds[0] must be a whole number, got 1.5",
        "seeds: [one]                 | 3:11: sweep.seeds[0] must be a whole number, got 'one'",
        "seeds: 3                     | 3:10: sweep.seeds must be a list of whole numbers such as [1, 2, 3], got 3",
        "seeds: [1, 2, 1]             | 3:17: sweep.seeds[2] lists the seed 1 a second time; each seed runs once per"
            + " configuration",
        "mode: random\\n  samples: 2.5  | 4:3: sweep.samples must be a whole number from 1 to 100000, got 2.5",
        "mode: random\\n  samples: 2\\n  seed: x | 5:3: sweep.seed must be a whole number, got 'x'",
        "mode: hyperband\\n  samples: 4\\n  reduction: 1 | 5:3: sweep.reduction must be a whole number from 2 to 100,"
            + " got 1",
        "mode: grid\\n  samples: 4     | 4:3: sweep.samples applies to random, hyperband and bayesian modes only; this batch is in"
            + " grid mode",
        "axes: [lr]                   | 3:9: sweep.axes must be a mapping from training setting to its values, such as"
            + " {lr: [0.001, 0.01]}, got [lr]",
        "axes: {lr: [0]}              | 3:15: sweep.axes.lr[0]: lr must be a number in (0, 10], got 0",
        "axes: {layers: [[8], [0]]}   | 3:24: sweep.axes.layers[1]: layers must be a list of 1 to 64 whole numbers"
            + " from 1 to 4096, got [0]",
        "axes: {activation: [swish]}  | 3:23: sweep.axes.activation[0]: activation must be one of tanh, sin, sigmoid,"
            + " softplus, silu, relu, got 'swish'",
        "axes: {lr: [0.1, 0.1]}       | 3:20: sweep.axes.lr[1] lists 0.1 a second time; each value makes its own runs",
    })
    void batchFieldsAreCheckedWhereTheyAreWrittenBeforeAnyRun(String sweep, String message, @TempDir Path folder)
            throws IOException {
        Path file = write(folder, "batch.yaml", "problems: [exponential-decay]", "sweep:",
                "  " + sweep.trim().replace("\\n", "\n"));
        Path out = folder.resolve("out");
        assertRefused(run("batch", file.toString(), "--out", out.toString()), file + ":" + message.trim());
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void aSweepThatIsNotAMappingIsNamedNotACastError(@TempDir Path folder) throws IOException {
        Path file = write(folder, "batch.yaml", "problems: [exponential-decay]", "sweep: hello");
        assertRefused(run("batch", file.toString()), file + ":2:8: sweep must be a mapping with keys mode, samples,"
                + " seed, seeds, axes, reduction, initial, round, got 'hello'");
    }

    @Test
    void aBatchWhoseRunsCannotStartIsRefusedWholeNamingTheEntry(@TempDir Path folder) throws IOException {
        Path broken = write(folder, "broken.yaml", "name: broken", "equations: [\"y' = -q*y\"]", "domain: [0, 1]",
                "conditions: [\"y(0) = 1\"]");
        Path out = folder.resolve("out");
        Path missing = write(folder, "missing.yaml", "problems: [exponential-decay, " + folder.resolve("nope.yaml")
                + "]");
        assertRefused(run("batch", missing.toString(), "--out", out.toString()), missing + ":1:31: problems[1]:"
                + " problem file " + folder.resolve("nope.yaml") + " does not exist");
        Path withBroken = write(folder, "with-broken.yaml", "problems: [exponential-decay, " + broken + "]");
        CliOutcome outcome = run("batch", withBroken.toString(), "--out", out.toString());
        assertEquals(2, outcome.code(), outcome.err());
        assertTrue(outcome.err().startsWith("error: " + withBroken + ":1:31: problems[1]: " + broken + ":2:20: unknown"
                + " symbol 'q'"), outcome.err());
        Path cross = write(folder, "cross.yaml", "problems: [exponential-decay]", "sweep:", "  axes:",
                "    optimizer: [adam, rmsprop]", "    beta1: [0.5]");
        assertRefused(run("batch", cross.toString(), "--out", out.toString()), cross + ":5:13: sweep.axes.beta1[0]:"
                + " beta1 is not used by any stage of the plan (rmsprop, lbfgs); it applies to adam, nadam, adamw (in"
                + " the run of"
                + " exponential-decay with {optimizer=rmsprop, beta1=0.5, seed=1})");
        Path windows = write(folder, "windows.yaml", "problems: [exponential-decay, poisson]", "sweep:", "  axes:",
                "    windows: [2]");
        assertRefused(run("batch", windows.toString(), "--out", out.toString()), windows + ":1:31: problems[1]:"
                + " windows=2 needs an initial-value problem (every condition a value at t0); poisson has"
                + " [u(0) = 0, u(1) = 0]");
        assertFalse(Files.exists(out), "no run started");
    }

    @Test
    void aMissingBatchFileAndAnUnusableOutputAreNamed(@TempDir Path folder) throws IOException {
        assertRefused(run("batch", folder.resolve("nope.yaml").toString()), "batch file " + folder.resolve("nope.yaml")
                + " does not exist");
        assertRefused(run("batch", folder.toString()), "batch file " + folder + " is a folder, not a file");
        Path file = write(folder, "ok.yaml", "problems: [exponential-decay]", "sweep:", "  seeds: [1, 2]");
        Path runsFile = Files.createDirectories(folder.resolve("taken"));
        Files.writeString(runsFile.resolve("runs"), "x");
        assertRefused(run("batch", file.toString(), "--out", runsFile.toString()), runsFile.resolve("runs")
                + " is a file; a batch keeps its runs in the folder " + runsFile.resolve("runs") + ": move the file"
                + " away or choose another --out");
        Path plainFile = write(folder, "plain", "x");
        assertRefused(run("batch", file.toString(), "--out", plainFile.toString()), "output folder " + plainFile
                + " is a file, not a folder");
    }

    @Test
    void workersAreAtMostOnePerRunAndFourPerCore(@TempDir Path folder) throws IOException {
        Path file = write(folder, "ok.yaml", "problems: [exponential-decay]", "sweep:", "  seeds: [1, 2]");
        int cores = Runtime.getRuntime().availableProcessors();
        assertRefused(run("batch", file.toString(), "--workers", "1000"), "--workers must be from 1 to " + 4 * cores
                + " (4 per core; this machine has " + cores + "), got 1000");
        assertRefused(run("batch", file.toString(), "--workers", "0"), "--workers must be from 1 to " + 4 * cores
                + " (4 per core; this machine has " + cores + "), got 0");
        if (4 * cores >= 3) {
            assertRefused(run("batch", file.toString(), "--workers", "3"), "--workers must be at most the number of"
                    + " runs, 2, got 3; a worker does one run at a time");
        }
    }

    @Test
    void unknownCommandsAndUnexpectedFailuresAreOneLineWithTheRightExitCode() {
        CliOutcome unknown = run("bogus");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().startsWith("error: unknown command 'bogus'; commands: run, demo, list, survey, batch,"
                + " report, predict, simulate, lesson, bench"), unknown.err());
        StringWriter text = new StringWriter();
        assertEquals(1, PinnCli.report(new NullPointerException(), new PrintWriter(text)));
        assertEquals("failed: unexpected NullPointerException (please report it; PINN_DEBUG=1 shows where it"
                + " happened)", text.toString().trim());
        text = new StringWriter();
        assertEquals(1, PinnCli.report(new AccessDeniedException("/data/out/runs"), new PrintWriter(text)));
        assertEquals("failed: /data/out/runs: permission denied", text.toString().trim());
        text = new StringWriter();
        assertEquals(2, PinnCli.report(new IllegalArgumentException("--lr must be > 0"), new PrintWriter(text)));
        assertEquals("error: --lr must be > 0", text.toString().trim());
    }

    @Test
    void formerInternalMessagesAreNowPlain(@TempDir Path folder) throws IOException {
        Path out = folder.resolve("one");
        CliOutcome oneEvaluation = run("run", "exponential-decay", "--stages", "lbfgs:1", "--quiet", "--out",
                out.toString());
        assertEquals(0, oneEvaluation.code(), "was: Index -1 out of bounds for length 0; " + oneEvaluation.err());
        assertTrue(oneEvaluation.out().contains("L-BFGS 0 iterations, 1 evaluations"), oneEvaluation.out());
        Path binary = folder.resolve("points.csv");
        Files.write(binary, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff});
        assertRefused(run("predict", "--model", out.toString(), "--csv", binary.toString()), "--csv " + binary
                + " is not UTF-8 text (is it a binary file?); give a CSV whose first column holds the points");
        Path empty = write(folder, "empty.csv", "t", ",");
        assertRefused(run("predict", "--model", out.toString(), "--csv", empty.toString()), "--csv " + empty
                + " holds no points: its first column should hold numbers, one per line, after an optional header");
        Path description = out.resolve("model").resolve("model.properties");
        Files.writeString(description, Files.readString(description).replaceFirst("layers=32,32,32", "layers=16,32,32"));
        Path checksums = out.resolve("model").resolve("checksums.sha256");
        StringBuilder updated = new StringBuilder();
        for (String line : Files.readAllLines(checksums)) {
            updated.append(line.endsWith("  model.properties") ? sha256(description) + "  model.properties" : line)
                    .append('\n');
        }
        Files.writeString(checksums, updated);
        assertRefused(run("predict", "--model", out.toString(), "--at", "1"), "the model in " + out.resolve("model")
                + " does not match its model.properties (window 0: weight0 has the shape (32, 1), the layers [16, 32,"
                + " 32] need (16, 1)); save the model again");
    }

    private static String sha256(Path file) throws IOException {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void libtorchPrintsNothingWhenARunSetsParametersAndSavesItsModel(@TempDir Path folder) throws Exception {
        CliOutcome outcome = process(folder, Map.of(), "run", "exponential-decay", "--quiet", "--adam-iterations", "20",
                "--lbfgs-iterations", "20", "--layers", "8,8", "--out", folder.resolve("run").toString());
        assertEquals(0, outcome.code(), outcome.err());
        assertFalse(outcome.err().contains("AutoNonVariableTypeMode"), outcome.err());
        assertFalse(outcome.err().contains("LegacyTypeDispatch"), outcome.err());
        assertTrue(Files.isDirectory(folder.resolve("run").resolve("model")));
    }

    @Test
    void theProgressBarIsAsWideAsTheTerminalSaysAnd80ColumnsWithoutOne(@TempDir Path folder) throws Exception {
        String[] args = {"run", "exponential-decay", "--adam-iterations", "200", "--lbfgs-iterations", "100",
            "--layers", "8,8", "--out", folder.resolve("run").toString()};
        assertEquals(80, widest(process(folder, Map.of("COLUMNS", "80"), args).err()) + 1, "COLUMNS=80");
        assertEquals(140, widest(process(folder, Map.of("COLUMNS", "140"), args).err()) + 1, "COLUMNS=140");
        assertEquals(80, widest(process(folder, Map.of(), args).err()) + 1, "no terminal");
        assertEquals(59, ProgressBars.maxLength(Map.of("COLUMNS", "60"), true));
        assertEquals(0, ProgressBars.maxLength(Map.of("COLUMNS", "wide"), true), "the console's own width");
        assertEquals(79, ProgressBars.maxLength(Map.of(), false));
    }

    /** The longest line a progress bar drew: lines end at a carriage return or a line feed. */
    private static int widest(String err) {
        return Arrays.stream(err.split("[\r\n]")).filter(line -> line.startsWith("Adam") || line.startsWith("L-BFGS"))
                .mapToInt(line -> line.codePointCount(0, line.length())).max().orElse(0);
    }

    @Test
    void aRunFarFromTheSolutionWarnsWithWhatToTryKeepsItAndSucceeds(@TempDir Path folder) throws IOException {
        Path out = folder.resolve("five");
        CliOutcome outcome = run("run", "damped-oscillator", "--points", "5", "--quiet", "--out", out.toString());
        assertEquals(0, outcome.code(), outcome.err());
        List<String> warnings = outcome.err().lines().filter(line -> line.startsWith("warning: ")).toList();
        assertEquals(2, warnings.size(), outcome.err());
        assertTrue(warnings.get(0).startsWith("warning: the network is far from the solution: relative L2 error 1.0"
                + " against the exact solution (above 0.1). Try more iterations"), warnings.get(0));
        assertTrue(warnings.get(0).contains("time windows (--windows 5)"), warnings.get(0));
        assertTrue(warnings.get(1).startsWith("warning: the residual between the collocation points (RMS "),
                warnings.get(1));
        assertTrue(warnings.get(1).contains("Try more collocation points (--points)"), warnings.get(1));
        Map<?, ?> metrics = new ObjectMapper().readValue(out.resolve("metrics.json").toFile(), Map.class);
        assertEquals(warnings.stream().map(w -> w.substring("warning: ".length())).toList(), metrics.get("warnings"));
    }
}

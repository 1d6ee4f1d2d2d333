package pinn4j.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pinn4j.app.cli.CliOutcome.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import pinn4j.problems.BuiltinProblems;
import pinn4j.problems.DampedHarmonicOscillator;
import pinn4j.problems.Expr;
import pinn4j.problems.Limits;
import pinn4j.problems.Observations;
import pinn4j.problems.OdeProblem;
import pinn4j.problems.text.MeasurementFiles;
import pinn4j.problems.text.ProblemFile;
import pinn4j.problems.text.ProblemFiles;
import pinn4j.solver.settings.TrainingSettings;

/** {@code pinn simulate}: exact and noisy measurements, the columns asked for, a file's truth, and bad options. */
class SimulateCommandTest {

    @TempDir
    Path folder;

    /** The cells of a CSV below its header, as numbers: {@code [row][column]}. */
    private static double[][] rows(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        double[][] rows = new double[lines.size() - 1][];
        for (int i = 1; i < lines.size(); i++) {
            rows[i - 1] = java.util.Arrays.stream(lines.get(i).split(",")).mapToDouble(Double::parseDouble).toArray();
        }
        return rows;
    }

    private CliOutcome simulate(String... args) {
        List<String> all = new ArrayList<>(List.of("simulate"));
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }

    @Test
    void withoutNoiseTheValuesAreTheExactSolutionAndReadBackUnchanged() throws IOException {
        Path csv = folder.resolve("data.csv");
        CliOutcome outcome = simulate("damped-oscillator", "--at", "0:1:40", "--noise", "0", "--out", csv.toString());
        assertEquals(0, outcome.code(), outcome.err());
        assertEquals("wrote " + csv + ": 40 points of t,x, exact values (no noise)\n", outcome.out());
        assertEquals("t,x", Files.readAllLines(csv).get(0));
        Expr exact = DampedHarmonicOscillator.of(1, 4, 400, 1, 0, 0, 1).exactSolutions().get("x");
        double[][] rows = rows(csv);
        assertEquals(40, rows.length);
        for (int i = 0; i < rows.length; i++) {
            assertEquals(i / 39.0, rows[i][0], 1e-15);
            assertEquals(exact.valueAt(rows[i][0]), rows[i][1], 1e-9, "t = " + rows[i][0]);
        }
        OdeProblem problem = BuiltinProblems.find("damped-oscillator").orElseThrow().create();
        List<Observations> read = MeasurementFiles.read(csv, problem);
        assertEquals(1, read.size());
        assertArrayEquals(java.util.Arrays.stream(rows).mapToDouble(row -> row[0]).toArray(), read.get(0).t(), 0);
        assertArrayEquals(java.util.Arrays.stream(rows).mapToDouble(row -> row[1]).toArray(), read.get(0).values(), 0);
    }

    @Test
    void seededNoiseIsRepeatableAndOfTheRequestedRelativeSize() throws IOException {
        Path first = folder.resolve("a.csv");
        Path second = folder.resolve("b.csv");
        Path other = folder.resolve("c.csv");
        for (Path csv : List.of(first, second)) {
            CliOutcome outcome = simulate("damped-oscillator", "--at", "0:1:200", "--noise", "0.01", "--seed", "7",
                    "--out", csv.toString());
            assertEquals(0, outcome.code(), outcome.err());
            assertEquals("wrote " + csv + ": 200 points of t,x, Gaussian noise 0.01 x each series' RMS, seed 7\n",
                    outcome.out());
        }
        assertEquals(Files.readString(first), Files.readString(second));
        assertEquals(0, simulate("damped-oscillator", "--at", "0:1:200", "--noise", "0.01", "--seed", "8", "--out",
                other.toString()).code());
        assertNotEquals(Files.readString(first), Files.readString(other));

        Expr exact = DampedHarmonicOscillator.of(1, 4, 400, 1, 0, 0, 1).exactSolutions().get("x");
        double squares = 0;
        double noiseSum = 0;
        double noiseSquares = 0;
        double[][] rows = rows(first);
        for (double[] row : rows) {
            double value = exact.valueAt(row[0]);
            squares += value * value;
            noiseSum += row[1] - value;
            noiseSquares += (row[1] - value) * (row[1] - value);
        }
        int n = rows.length;
        double rms = Math.sqrt(squares / n);
        double std = Math.sqrt((noiseSquares - noiseSum * noiseSum / n) / (n - 1));
        assertEquals(0.01 * rms, std, 0.3 * 0.01 * rms, "sample std " + std + " against 0.01 x RMS " + rms);
    }

    @Test
    void observeWritesThoseUnknownsInTheProblemsOrderWithTheSameNoise() throws IOException {
        Path all = folder.resolve("all.csv");
        Path some = folder.resolve("some.csv");
        assertEquals(0, simulate("sir", "--at", "0:20:30", "--noise", "0.05", "--out", all.toString()).code());
        CliOutcome outcome = simulate("sir", "--at", "0:20:30", "--noise", "0.05", "--observe", "R,I", "--out",
                some.toString());
        assertEquals(0, outcome.code(), outcome.err());
        assertTrue(outcome.out().startsWith("wrote " + some + ": 30 points of t,I,R, "), outcome.out());
        assertEquals("t,S,I,R", Files.readAllLines(all).get(0));
        assertEquals("t,I,R", Files.readAllLines(some).get(0));
        double[][] full = rows(all);
        double[][] observed = rows(some);
        for (int i = 0; i < full.length; i++) {
            assertArrayEquals(new double[] {full[i][0], full[i][2], full[i][3]}, observed[i], 0);
        }
        List<Observations> read = MeasurementFiles.read(some, BuiltinProblems.find("sir").orElseThrow().create());
        assertEquals(List.of("I", "R"), read.stream().map(Observations::unknown).toList());
        assertEquals(full[29][3], read.get(1).values()[29], 0);
    }

    /** y' = -c*y, y(0) = 1 on [0, 2] with c = 1 and this {@code fit:} section, as decay.yaml. */
    private Path decay(String fit) throws IOException {
        Path yaml = folder.resolve("decay.yaml");
        Files.writeString(yaml, String.join("\n", "name: decay", "equations: [\"y' = -c*y\"]", "parameters: {c: 1}",
                "domain: [0, 2]", "conditions: [\"y(0) = 1\"]", "fit: " + fit, ""));
        return yaml;
    }

    @Test
    void aFilesTruthGivesTheDataItsFitSectionThenReads() throws IOException {
        Path yaml = decay("{parameters: [c], data: data/measured.csv, truth: {c: 2.5}}");
        Path csv = folder.resolve("data").resolve("measured.csv");
        CliOutcome outcome = simulate(yaml.toString(), "--at", "0:2:11", "--out", csv.toString());
        assertEquals(0, outcome.code(), outcome.err());
        assertEquals(List.of("using the true values under fit.truth in " + yaml + ": c=2.5",
                "wrote " + csv + ": 11 points of t,y, exact values (no noise)"), outcome.out().lines().toList());
        ProblemFile file = ProblemFiles.load(yaml);
        double[] t = file.data().get(0).t();
        double[] y = file.data().get(0).values();
        for (int i = 0; i < t.length; i++) {
            assertEquals(Math.exp(-2.5 * t[i]), y[i], 1e-9);
        }
        CliOutcome overridden = simulate(yaml.toString(), "--at", "0:2:11", "--param", "c=3", "--out",
                csv.toString());
        assertEquals(2, overridden.code());
        assertEquals("error: --param c: the data come from the true value c=2.5 under fit.truth in " + yaml
                + "; change it there, or leave out --param c\n", overridden.err());
    }

    @Test
    void withoutTruthTheInitialGuessesAreUsedAndSaid() throws IOException {
        Path yaml = decay("{parameters: [c], data: m.csv}");
        Path csv = folder.resolve("m.csv");
        CliOutcome outcome = simulate(yaml.toString(), "--at", "1:1:1", "--param", "c=0.5", "--out", csv.toString());
        assertEquals(0, outcome.code(), outcome.err());
        assertTrue(outcome.out().startsWith("no true value under fit.truth for c: using the initial guesses c=0.5\n"),
                outcome.out());
        assertEquals(Math.exp(-0.5), rows(csv)[0][1], 1e-9);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--at 0:1             | error: --at must be T0:T1:N, N equally spaced points from T0 to T1 inclusive (e.g. 0:1:40), got '0:1'",
        "--at a:1:5           | error: --at must be T0:T1:N, N equally spaced points from T0 to T1 inclusive (e.g. 0:1:40), got 'a:1:5'",
        "--at 0:1:2.5         | error: --at must be T0:T1:N, N equally spaced points from T0 to T1 inclusive (e.g. 0:1:40), got '0:1:2.5'",
        "--at 0:1:0           | error: --at: N must be a whole number from 1 to 100000, got '0:1:0'",
        "--at 0:1:100001      | error: --at: N must be a whole number from 1 to 100000, got '0:1:100001'",
        "--at 0:2:40          | error: --at: the points must lie in the domain [0, 1] of damped-oscillator, got '0:2:40'",
        "--at NaN:1:40        | error: --at: the points must lie in the domain [0, 1] of damped-oscillator, got 'NaN:1:40'",
        "--at 1:0:40          | error: --at: T0 must be below T1, got '1:0:40'",
        "--at 0:1:1           | error: --at: one point needs T0 = T1, got '0:1:1'",
        "--noise -0.1         | error: --noise must be a finite number >= 0 (the noise's standard deviation relative to each series' RMS; 0 for exact values), got '-0.1'",
        "--noise abc          | error: --noise must be a finite number >= 0 (the noise's standard deviation relative to each series' RMS; 0 for exact values), got 'abc'",
        "--noise Infinity     | error: --noise must be a finite number >= 0 (the noise's standard deviation relative to each series' RMS; 0 for exact values), got 'Infinity'",
        "--observe v          | error: --observe: 'v' is not an unknown of damped-oscillator; unknowns: x",
        "--observe x,x        | error: --observe names x twice",
        "--param q=1          | error: unknown parameter 'q' for damped-oscillator; allowed: m, mu, k, x0, v0, t0, t1",
        "--seed x             | error: Invalid value for option '--seed': 'x' is not a long",
    })
    void badOptionsAreRefusedWithExitCodeTwoAndNoFile(String options, String message) {
        Path csv = folder.resolve("data.csv");
        List<String> args = new ArrayList<>(List.of("damped-oscillator", "--out", csv.toString()));
        if (!options.startsWith("--at")) {
            args.addAll(List.of("--at", "0:1:10"));
        }
        args.addAll(List.of(options.split(" ")));
        CliOutcome outcome = simulate(args.toArray(String[]::new));
        assertEquals(2, outcome.code(), outcome.err());
        assertEquals(message, outcome.err().lines().findFirst().orElse(""));
        assertFalse(outcome.err().contains("\tat "), outcome.err());
        assertFalse(Files.exists(csv));
    }

    @Test
    void aMissingProblemOrAFolderAsOutputIsRefused() {
        CliOutcome missing = simulate(folder.resolve("nope.yaml").toString(), "--at", "0:1:10", "--out",
                folder.resolve("d.csv").toString());
        assertEquals(2, missing.code());
        assertEquals("error: problem file " + folder.resolve("nope.yaml") + " does not exist\n", missing.err());
        CliOutcome intoFolder = simulate("damped-oscillator", "--at", "0:1:10", "--out", folder.toString());
        assertEquals(2, intoFolder.code());
        assertEquals("error: --out " + folder + " is a folder; give a file name such as data.csv\n", intoFolder.err());
    }

    @Test
    void helpNamesEveryOptionAndTheRowLimitIsTheSolversPointLimit() {
        CliOutcome help = simulate("--help");
        assertEquals(0, help.code());
        for (String option : List.of("--at", "--noise", "--seed", "--observe", "--param", "--out")) {
            assertTrue(help.out().contains(option), option + " in " + help.out());
        }
        assertTrue(run("--help").out().contains("  simulate "));
        // As many measurements as collocation points at most: simulate's N and the reader's rows share the limit.
        assertEquals(TrainingSettings.MAX_POINTS, Limits.MAX_MEASUREMENT_ROWS);
    }
}

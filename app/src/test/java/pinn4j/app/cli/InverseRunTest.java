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

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pinn run} on inverse problems: a file's fit: section and the flags on a built-in, the files they write and
 * what they report, and every bad fit flag refused before training.
 */
class InverseRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> fitted(Path run) throws IOException {
        Map<String, Object> metrics = JSON.readValue(run.resolve("metrics.json").toFile(), Map.class);
        return (Map<String, Map<String, Object>>) metrics.get("fittedParameters");
    }

    private static double number(Map<String, Object> row, String key) {
        return ((Number) row.get(key)).doubleValue();
    }

    @Test
    void theOscillatorExampleRecoversMuAndKAsTheClassicalFitDoes() throws IOException {
        Path out = folder.resolve("oscillator");
        CliOutcome outcome = run("run", "../examples/inverse/oscillator.yaml", "--quiet", "--out", out.toString());
        assertEquals(0, outcome.code(), outcome.err());
        Map<String, Map<String, Object>> fitted = fitted(out);
        assertEquals(List.of("mu", "k"), List.copyOf(fitted.keySet()));
        for (String name : fitted.keySet()) {
            Map<String, Object> row = fitted.get(name);
            double truth = number(row, "truth");
            double estimate = number(row, "estimate");
            double hipparchus = number(row, "hipparchusEstimate");
            // Measured: mu 4.0225 (0.56%), k 400.23 (0.058%); Hipparchus 4.0186 +- 0.012 and 400.21 +- 0.24. The
            // issue asks the oscillator within 1%, and within twice the classical fit's error or 2%.
            assertTrue(Math.abs(estimate - truth) <= 0.01 * truth, name + " = " + estimate);
            assertTrue(Math.abs(estimate - truth) <= Math.max(2 * Math.abs(hipparchus - truth), 0.02 * truth),
                    name + " = " + estimate + ", Hipparchus " + hipparchus);
            assertEquals(Math.abs(estimate - truth) / truth, number(row, "relativeError"), 1e-15);
            assertTrue(number(row, "hipparchusStandardError") > 0, name);
        }
        assertEquals(1.0, number(fitted.get("mu"), "initial"));
        List<String> trajectory = Files.readAllLines(out.resolve("parameters.csv"));
        assertEquals("step,stage,iteration,loss,mu,k", trajectory.get(0));
        String[] last = trajectory.get(trajectory.size() - 1).split(",");
        assertEquals(2800, Integer.parseInt(last[0]), "300 Adam and 2500 L-BFGS records");
        assertTrue(Files.size(out.resolve("parameters.png")) > 10_000);
        assertTrue(outcome.out().contains("fitted parameters (PINN | Hipparchus"), outcome.out());
    }

    @Test
    void aBuiltInFittedFromTheCommandLineIsComparedWithItsExactSolutionAtTheTruth() throws IOException {
        Path data = folder.resolve("decay.csv");
        assertEquals(0, run("simulate", "exponential-decay", "--param", "r=2", "--at", "0:1:20", "--noise", "0",
                "--out", data.toString()).code());
        Path out = folder.resolve("decay");
        CliOutcome outcome = run("run", "exponential-decay", "--param", "r=0.5", "--fit", "r:0:", "--data",
                data.toString(), "--truth", "r=2", "--quiet", "--out", out.toString(), "--lbfgs-iterations", "1000");
        assertEquals(0, outcome.code(), outcome.err());
        Map<String, Object> r = fitted(out).get("r");
        // Noiseless: measured r = 2.000003 (the classical fit 2 to 1e-12).
        assertEquals(2, number(r, "estimate"), 2e-3);
        assertEquals(2, number(r, "hipparchusEstimate"), 1e-9);
        @SuppressWarnings("unchecked")
        Map<String, Object> metrics = JSON.readValue(out.resolve("metrics.json").toFile(), Map.class);
        // The errors are against exp(-2 t), the built-in made anew at the truth, not exp(-0.5 t) of the guess.
        assertEquals("exact", metrics.get("referenceKind"));
        assertTrue(((Number) metrics.get("relativeL2Error")).doubleValue() < 1e-3, metrics.get("relativeL2Error")
                + "");
    }

    @Test
    void badFitFlagsAreRefusedBeforeTraining() throws IOException {
        Path data = folder.resolve("x.csv");
        Files.writeString(data, "t,x\n0,1\n0.5,0.2\n1,0.1\n");
        String csv = data.toString();
        Map<List<String>, String> cases = new java.util.LinkedHashMap<>();
        cases.put(List.of("--fit", "mu"), "--fit needs --data FILE.csv");
        cases.put(List.of("--data", csv), "--data needs --fit NAMES");
        cases.put(List.of("--fit", "q", "--data", csv), "--fit: damped-oscillator: fitted parameter 'q' is not"
                + " declared");
        cases.put(List.of("--fit", "t1", "--data", csv), "fitted parameter 't1' is used by no equation or condition");
        cases.put(List.of("--fit", "mu:5:1", "--data", csv), "error: --fit mu:5:1: fitted parameter mu: min must be"
                + " below max, got min=5, max=1");
        cases.put(List.of("--fit", "mu:0:2", "--data", csv), "the initial guess mu=4 must lie strictly inside its"
                + " bounds (0, 2)");
        cases.put(List.of("--fit", "mu:a:", "--data", csv), "--fit mu:a:: bounds must be finite numbers or empty,"
                + " got 'a'");
        cases.put(List.of("--fit", "mu:1", "--data", csv), "--fit entries must be NAME or NAME:MIN:MAX");
        cases.put(List.of("--fit", "mu", "--data", csv, "--truth", "k=3"), "--truth k: not a fitted parameter;"
                + " fitted: mu");
        cases.put(List.of("--fit", "mu", "--data", csv, "--truth", "mu=x"), "--truth mu must be a number, got 'x'");
        cases.put(List.of("--fit", "mu", "--data", folder.resolve("none.csv").toString()), "none.csv");
        for (Map.Entry<List<String>, String> entry : cases.entrySet()) {
            Path out = folder.resolve("never");
            List<String> args = new java.util.ArrayList<>(List.of("run", "damped-oscillator", "--quiet", "--out",
                    out.toString()));
            args.addAll(entry.getKey());
            CliOutcome outcome = run(args.toArray(String[]::new));
            assertEquals(2, outcome.code(), entry.getKey() + ": " + outcome.err());
            assertTrue(outcome.err().contains(entry.getValue()), entry.getKey() + ": " + outcome.err());
            assertFalse(outcome.err().contains("\tat "), "no stack trace: " + outcome.err());
            assertFalse(Files.exists(out), "nothing written for " + entry.getKey());
        }
        CliOutcome onFile = run("run", "../examples/inverse/oscillator.yaml", "--fit", "mu", "--data", csv, "--out",
                folder.resolve("never").toString());
        assertEquals(2, onFile.code());
        assertTrue(onFile.err().contains("has a fit: section; --fit and --data are for problems without one"),
                onFile.err());
    }
}

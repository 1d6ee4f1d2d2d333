package pinn4j.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batch axes over problem parameters: each run trains its problem at its values; a missing parameter is refused. */
class ParameterSweepTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path batch(Path folder, String problems, String axis) throws IOException {
        Path file = folder.resolve("sweep.yaml");
        Files.writeString(file, String.join("\n", "problems: " + problems, "sweep:", "  seeds: [1]", "  axes:",
                "    " + axis, "    adamIterations: [20]", "    lbfgsIterations: [20]", ""));
        return file;
    }

    @Test
    void eachRunTrainsItsProblemAtItsParameterValues(@TempDir Path folder) throws IOException {
        Path out = folder.resolve("out");
        CliOutcome outcome = CliOutcome.run("batch", batch(folder, "[exponential-decay]", "r: [0.5, 2]").toString(),
                "--out", out.toString(), "--workers", "1");
        assertEquals(0, outcome.code(), outcome.err());
        List<String> lines = Files.readAllLines(out.resolve("summary.csv"));
        assertTrue(lines.get(0).startsWith("id,problem,r,adamIterations,lbfgsIterations,seed,"), lines.get(0));
        try (var runs = Files.list(out.resolve("runs"))) {
            List<Path> folders = runs.sorted().toList();
            assertEquals(2, folders.size());
            for (Path run : folders) {
                double r = run.getFileName().toString().startsWith("exponential-decay-r0.5-") ? 0.5 : 2;
                JsonNode metrics = JSON.readTree(run.resolve("metrics.json").toFile());
                assertEquals(r, metrics.get("parameters").get("r").asDouble(), 0, run.toString());
                // The exact solution moves with r: y0 e^(-r t) at t = 2, against the run's own reference.
                assertTrue(metrics.get("relativeL2Error").asDouble() < 0.5, run + ": " + metrics.get("relativeL2Error"));
            }
        }
    }

    @Test
    void aParameterThatAProblemLacksIsRefusedBeforeTraining(@TempDir Path folder) throws IOException {
        Path file = batch(folder, "[exponential-decay, damped-oscillator]", "mu: [1, 8]");
        CliOutcome outcome = CliOutcome.run("batch", file.toString(), "--out", folder.resolve("out").toString());
        assertEquals(2, outcome.code());
        assertTrue(outcome.err().startsWith("error: " + file + ":5:5: sweep.axes.mu: mu is neither a parameter of"
                + " exponential-decay (its parameters: r, y0) nor a training setting (layers, "), outcome.err());
        CliOutcome zero = CliOutcome.run("batch", batch(folder, "[damped-oscillator]", "m: [0]").toString(), "--out",
                folder.resolve("out").toString());
        assertEquals(2, zero.code());
        assertTrue(zero.err().contains("sweep.axes.m: damped-oscillator at {m=0.0}: m must be > 0"), zero.err());
        assertTrue(Files.notExists(folder.resolve("out").resolve("runs")) || isEmpty(folder.resolve("out")
                .resolve("runs")), "nothing trained");
    }

    private static boolean isEmpty(Path folder) throws IOException {
        try (var entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        }
    }
}

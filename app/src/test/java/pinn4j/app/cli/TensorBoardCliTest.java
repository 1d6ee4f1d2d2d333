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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pinn4j.plots.tensorboard.EventFileReader;
import pinn4j.plots.tensorboard.TensorBoardLog;

/**
 * {@code --tensorboard DIR} through the command line: the event file of a run holds its history, a batch writes one
 * folder per run, and a folder that cannot be written is refused before training (2 to 6 s on 2 shared cores).
 */
class TensorBoardCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The events of the one event file in a folder, its first (the file's version) left out. */
    private static List<EventFileReader.Event> steps(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> events = files.filter(p -> p.getFileName().toString().contains("tfevents")).toList();
            assertEquals(1, events.size(), events.toString());
            List<EventFileReader.Event> all = EventFileReader.read(events.get(0));
            assertEquals("brain.Event:2", all.get(0).fileVersion());
            return all.subList(1, all.size());
        }
    }

    @Test
    void aRunLogsEveryStepOfItsHistory(@TempDir Path folder) throws IOException {
        Path out = folder.resolve("decay");
        Path logs = folder.resolve("logs");
        CliOutcome outcome = run("run", "exponential-decay", "--quiet", "--out", out.toString(), "--tensorboard",
                logs.toString(), "--layers", "8,8", "--adam-iterations", "30", "--lbfgs-iterations", "20",
                "--lr-decay", "0.5:10");
        assertEquals(0, outcome.code(), outcome.err());
        List<EventFileReader.Event> steps = steps(logs);
        assertTrue(outcome.out().contains("TensorBoard: " + logs), outcome.out());
        JsonNode metrics = JSON.readTree(out.resolve("metrics.json").toFile());
        assertEquals(metrics.get("iterations").asInt(), steps.size());
        for (int i = 0; i < steps.size(); i++) {
            assertEquals(i + 1, steps.get(i).step());
        }
        // The network kept is the one of the lowest total; its terms are those metrics.json gives.
        EventFileReader.Event best = steps.stream().min((a, b) -> Float.compare(a.scalars().get(TensorBoardLog.TOTAL),
                b.scalars().get(TensorBoardLog.TOTAL))).orElseThrow();
        assertEquals((float) metrics.get("finalLoss").asDouble(), best.scalars().get(TensorBoardLog.TOTAL));
        metrics.get("lossTerms").fields().forEachRemaining(term -> assertEquals((float) term.getValue().get("value")
                .asDouble(), best.scalars().get(TensorBoardLog.LOSS + term.getKey()), term.getKey()));
        for (EventFileReader.Event step : steps) {
            Map<String, Float> scalars = step.scalars();
            assertEquals(step.step() <= 30, scalars.containsKey(TensorBoardLog.LEARNING_RATE), "step " + step.step());
            assertEquals(step.step() == 1 || step.step() % TensorBoardLog.ERROR_EVERY == 0,
                    scalars.containsKey(TensorBoardLog.ERROR), "step " + step.step());
        }
        assertEquals((float) (0.001 * Math.pow(0.5, 30 / 10.0)), steps.get(29).scalars()
                .get(TensorBoardLog.LEARNING_RATE), 1e-9f);
        // The error falls as the network learns; the last check is near what metrics.json reports on its own grid.
        float first = steps.get(0).scalars().get(TensorBoardLog.ERROR);
        float last = steps.get(steps.size() / 10 * 10 - 1).scalars().get(TensorBoardLog.ERROR);
        assertTrue(last < first / 10, first + " then " + last);
    }

    @Test
    void aBatchLogsEachRunInAFolderOfItsIdWithItsLossHistory(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("tiny.yaml");
        Files.writeString(file, String.join("\n", "problems: [exponential-decay]", "sweep:", "  mode: grid",
                "  seeds: [1, 2]", "  axes:", "    layers: [[8, 8]]", "    adamIterations: [20]",
                "    lbfgsIterations: [5]", ""));
        Path out = folder.resolve("batch");
        Path logs = folder.resolve("logs");
        CliOutcome outcome = run("batch", file.toString(), "--out", out.toString(), "--workers", "1",
                "--tensorboard", logs.toString());
        assertEquals(0, outcome.code(), outcome.err());
        List<Path> runs;
        try (Stream<Path> entries = Files.list(out.resolve("runs"))) {
            runs = entries.filter(Files::isDirectory).toList();
        }
        assertEquals(2, runs.size());
        for (Path run : runs) {
            List<EventFileReader.Event> steps = steps(logs.resolve(run.getFileName().toString()));
            List<Map<String, String>> history = PinnCliCommandsTest.csv(run.resolve("loss.csv"));
            assertEquals(history.size(), steps.size(), run.toString());
            for (int i = 0; i < history.size(); i++) {
                assertEquals(Long.parseLong(history.get(i).get("step")), steps.get(i).step());
                assertEquals((float) Double.parseDouble(history.get(i).get("total")), steps.get(i).scalars()
                        .get(TensorBoardLog.TOTAL), run + " step " + (i + 1));
            }
        }
    }

    @Test
    void aFolderThatCannotBeWrittenIsRefusedBeforeTraining(@TempDir Path folder) throws IOException {
        Path file = Files.writeString(folder.resolve("a-file"), "not a folder");
        Path out = folder.resolve("out");
        String[] common = {"run", "exponential-decay", "--quiet", "--out", out.toString(), "--adam-iterations", "1",
            "--lbfgs-iterations", "0", "--tensorboard"};
        for (Path bad : List.of(file.resolve("logs"), file, out.resolve("logs"))) {
            String[] args = Stream.concat(Stream.of(common), Stream.of(bad.toString())).toArray(String[]::new);
            CliOutcome outcome = run(args);
            assertEquals(2, outcome.code(), outcome.out() + outcome.err());
            assertTrue(outcome.err().startsWith("error: --tensorboard " + bad), outcome.err());
            assertTrue(outcome.err().contains("give a folder"), outcome.err());
            assertFalse(outcome.err().contains("Exception") || outcome.err().contains("\tat "), outcome.err());
            assertEquals(1, outcome.err().lines().count(), outcome.err());
            assertFalse(Files.exists(out), "nothing trained or written");
        }
    }
}

package pinn4j.plots.tensorboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pinn4j.plots.comparator.ErrorTrace;
import pinn4j.problems.DampedHarmonicOscillator;
import pinn4j.problems.OdeProblem;
import pinn4j.solver.IterationRecord;
import pinn4j.solver.PinnTrainer;
import pinn4j.solver.TrainedPinn;
import pinn4j.solver.TrainingConfig;
import pinn4j.solver.optim.FirstOrderStage;
import pinn4j.solver.optim.LbfgsStage;
import pinn4j.solver.optim.LearningRateDecay;

/**
 * Event files read back with a reader of our own that checks the TFRecord framing and both checksums of every
 * record: what was written, exactly, and what a training logs step by step (1 to 4 s on 2 shared cores).
 */
class TensorBoardLogTest {

    private static Path onlyEventFile(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> events = files.filter(p -> p.getFileName().toString().contains("tfevents")).toList();
            assertEquals(1, events.size(), events.toString());
            return events.get(0);
        }
    }

    @Test
    void eventsReadBackWithTheirStepsTagsAndExactFloats(@TempDir Path dir) throws IOException {
        List<Map<String, Float>> written = List.of(
                scalars("loss/total", 0.125f, "loss/x(0) = 1", 3.4028235e38f, "learning_rate", 1e-3f),
                scalars("loss/total", Float.MIN_VALUE, "loss/x(0) = 1", Float.NaN, "learning_rate",
                        Float.NEGATIVE_INFINITY),
                scalars());
        long[] steps = {1, 2, 5_000_000_000L};
        Path file;
        try (EventFileWriter writer = EventFileWriter.create(dir)) {
            file = writer.path();
            for (int i = 0; i < steps.length; i++) {
                writer.write(steps[i], written.get(i));
            }
        }
        assertTrue(file.getFileName().toString().startsWith(EventFileWriter.PREFIX), file.toString());
        List<EventFileReader.Event> events = EventFileReader.read(file);
        assertEquals(steps.length + 1, events.size());
        assertEquals("brain.Event:2", events.get(0).fileVersion());
        assertEquals(0, events.get(0).step());
        assertTrue(events.get(0).scalars().isEmpty());
        for (int i = 0; i < steps.length; i++) {
            EventFileReader.Event event = events.get(i + 1);
            assertEquals(steps[i], event.step());
            assertEquals("", event.fileVersion());
            assertEquals(List.copyOf(written.get(i).keySet()), List.copyOf(event.scalars().keySet()));
            written.get(i).forEach((tag, value) -> assertEquals(Float.floatToIntBits(value),
                    Float.floatToIntBits(event.scalars().get(tag)), tag));
            assertTrue(Math.abs(event.wallTime() - System.currentTimeMillis() / 1000.0) < 60, "wall time");
        }
    }

    @Test
    void aDamagedOrCutFileIsRefused(@TempDir Path dir) throws IOException {
        Path file;
        try (EventFileWriter writer = EventFileWriter.create(dir)) {
            file = writer.path();
            writer.write(1, scalars("loss/total", 1f));
        }
        byte[] bytes = Files.readAllBytes(file);
        byte[] damaged = bytes.clone();
        damaged[damaged.length - 6] ^= 1;
        Files.write(file, damaged);
        assertTrue(assertThrows(IOException.class, () -> EventFileReader.read(file)).getMessage()
                .contains("record 1 fails its data's checksum"));
        damaged = bytes.clone();
        damaged[2] ^= 1;
        Files.write(file, damaged);
        assertTrue(assertThrows(IOException.class, () -> EventFileReader.read(file)).getMessage()
                .contains("record 0 fails its length's checksum"));
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 1));
        assertTrue(assertThrows(IOException.class, () -> EventFileReader.read(file)).getMessage()
                .contains("record 1 is cut short"));
    }

    @Test
    void aTrainingLogsItsLossesLearningRateAndErrorAtEveryStep(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("log"));
        Files.writeString(dir.resolve("log").resolve(EventFileWriter.PREFIX + "1.earlier"), "an earlier run's");
        Files.writeString(dir.resolve("log").resolve("notes.txt"), "kept");
        OdeProblem problem = DampedHarmonicOscillator.of(1, 4, 400, 1, 0, 0, 1);
        LearningRateDecay decay = new LearningRateDecay(0.5, 10);
        TrainingConfig config = TrainingConfig.builder().optLayers(List.of(8, 8)).optStages(
                FirstOrderStage.adam(25).withLearningRate(0.01).withDecay(decay), LbfgsStage.of(10)).build();
        List<IterationRecord> history;
        List<String> terms;
        try (TensorBoardLog log = TensorBoardLog.open(dir.resolve("log"), ErrorTrace.of(problem, 10));
             TrainedPinn trained = new PinnTrainer(config).train(problem, log)) {
            history = trained.history().records();
            terms = trained.history().termNames();
        }
        assertTrue(Files.exists(dir.resolve("log").resolve("notes.txt")), "other files are left alone");
        List<EventFileReader.Event> events = EventFileReader.read(onlyEventFile(dir.resolve("log")));
        assertEquals(history.size() + 1, events.size());
        List<Long> errorSteps = new ArrayList<>();
        for (IterationRecord record : history) {
            EventFileReader.Event event = events.get(record.step());
            Map<String, Float> scalars = event.scalars();
            assertEquals(record.step(), event.step());
            assertEquals((float) record.total(), scalars.get(TensorBoardLog.TOTAL));
            for (int i = 0; i < terms.size(); i++) {
                assertEquals((float) record.term(i), scalars.get(TensorBoardLog.LOSS + terms.get(i)), terms.get(i));
            }
            if (record.stage() == 0) {
                // The k-th update of Adam uses lr * perStep^k, as DJL's factor tracker counts updates from 1.
                float expected = (float) ((float) 0.01 * Math.pow((float) decay.perStep(), record.iteration()));
                assertEquals(expected, scalars.get(TensorBoardLog.LEARNING_RATE), "step " + record.step());
            } else {
                assertFalse(scalars.containsKey(TensorBoardLog.LEARNING_RATE), "no learning rate in L-BFGS");
            }
            if (scalars.containsKey(TensorBoardLog.ERROR)) {
                errorSteps.add(event.step());
                float error = scalars.get(TensorBoardLog.ERROR);
                assertTrue(error > 0 && error < 10, "error " + error);
            }
            assertEquals(terms.size() + (record.stage() == 0 ? 2 : 1) + (scalars.containsKey(TensorBoardLog.ERROR)
                    ? 1 : 0), scalars.size(), scalars.keySet().toString());
        }
        List<Long> expected = new ArrayList<>(List.of(1L));
        for (long step = 10; step <= history.size(); step += 10) {
            expected.add(step);
        }
        assertEquals(expected, errorSteps);
    }

    private static Map<String, Float> scalars(Object... tagsAndValues) {
        Map<String, Float> scalars = new LinkedHashMap<>();
        for (int i = 0; i < tagsAndValues.length; i += 2) {
            scalars.put((String) tagsAndValues[i], (Float) tagsAndValues[i + 1]);
        }
        return scalars;
    }
}

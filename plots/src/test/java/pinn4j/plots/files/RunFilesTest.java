package pinn4j.plots.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pinn4j.plots.comparator.Comparison;
import pinn4j.plots.comparator.ReferenceKind;
import pinn4j.problems.DampedHarmonicOscillator;
import pinn4j.solver.PinnTrainer;
import pinn4j.solver.TrainedPinn;
import pinn4j.solver.TrainingConfig;
import pinn4j.solver.optim.FirstOrderStage;
import pinn4j.solver.optim.LbfgsStage;

/** Headless rendering and file writing of one short run. */
class RunFilesTest {

    private static TrainedPinn trained;
    private static Comparison comparison;

    @BeforeAll
    static void train() {
        TrainingConfig config = TrainingConfig.builder().optStages(FirstOrderStage.adam(100), LbfgsStage.of(50)).build();
        trained = new PinnTrainer(config).train(DampedHarmonicOscillator.of(1, 4, 400, 1, 0, 0, 1));
        comparison = Comparison.of(trained, 501);
    }

    @AfterAll
    static void close() {
        trained.close();
    }

    @Test
    void comparisonMeasuresAgainstTheExactSolution() {
        assertEquals(ReferenceKind.EXACT, comparison.referenceKind());
        assertTrue(comparison.hipparchusMaxAbsError() < 1e-9, "reference error " + comparison.hipparchusMaxAbsError());
        double num = 0;
        double den = 0;
        double max = 0;
        for (int i = 0; i < comparison.t().length; i++) {
            double exact = Math.exp(-2 * comparison.t()[i]) * (Math.cos(Math.sqrt(396) * comparison.t()[i])
                    + 2 / Math.sqrt(396) * Math.sin(Math.sqrt(396) * comparison.t()[i]));
            double e = comparison.pinn()[0][i] - exact;
            num += e * e;
            den += exact * exact;
            max = Math.max(max, Math.abs(e));
        }
        assertEquals(Math.sqrt(num / den), comparison.relativeL2Error(), 1e-12);
        assertEquals(max, comparison.maxAbsError(), 1e-12);
    }

    @Test
    void writesEveryFileWithRealContent(@TempDir Path folder) throws IOException {
        RunFiles.write(folder, trained, comparison);
        JsonNode metrics = new ObjectMapper().readTree(folder.resolve("metrics.json").toFile());
        for (String key : List.of("problem", "equation", "relativeL2Error", "maxAbsError", "referenceKind",
                "iterations", "stages", "trainingSeconds", "finalLoss", "lossTerms", "seed", "config")) {
            assertTrue(metrics.has(key), "metrics.json lacks " + key);
        }
        assertEquals("x'' = -(mu/m)*x' - (k/m)*x", metrics.get("equation").asText());
        assertEquals(comparison.relativeL2Error(), metrics.get("relativeL2Error").asDouble(), 0);
        assertEquals("exact", metrics.get("referenceKind").asText());
        JsonNode x = metrics.get("components").get("x");
        assertEquals(List.of("relativeL2Error", "maxAbsError"), names(x.fieldNames()));
        assertEquals(comparison.components().get("x").maxAbsError(), x.get("maxAbsError").asDouble(), 0);
        JsonNode first = metrics.get("stages").get(0);
        assertEquals("adam", first.get("optimizer").asText());
        assertEquals("Adam", first.get("label").asText());
        assertEquals(100, first.get("iterations").asInt());
        assertEquals("lbfgs", metrics.get("stages").get(1).get("optimizer").asText());
        assertEquals(metrics.get("stages").get(0).get("iterations").asInt()
                + metrics.get("stages").get(1).get("iterations").asInt(), metrics.get("iterations").asInt());
        JsonNode planned = metrics.get("config").get("stages");
        assertEquals(0.001, planned.get(0).get("lr").asDouble());
        assertEquals(0.999, planned.get(0).get("beta2").asDouble());
        assertTrue(planned.get(0).get("momentum") == null, "Adam reads no momentum: none is written");
        assertEquals(0.9, planned.get(1).get("c2").asDouble());
        assertEquals(3, metrics.get("lossTerms").size());
        List<String> csv = Files.readAllLines(folder.resolve("solution.csv"));
        assertEquals("t,pinn,reference,exact,abs_error", csv.get(0));
        assertEquals(502, csv.size());
        for (String chart : List.of("solution.png", "error.png", "loss.png")) {
            BufferedImage image = ImageIO.read(folder.resolve(chart).toFile());
            assertEquals(1000, image.getWidth());
            assertTrue(distinctColours(image) > 20, chart + " looks blank");
        }
        try (Stream<Path> files = Files.list(folder)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().startsWith(".")), "temporary files left");
        }
    }

    @Test
    void onlyANewEmptyOrPreviousRunFolderMayBeReplaced(@TempDir Path folder) throws IOException {
        RunFiles.checkRunFolder(folder.resolve("new"));
        RunFiles.checkRunFolder(folder);
        Path previous = Files.createDirectories(folder.resolve("previous"));
        RunFiles.write(previous, trained, comparison);
        RunFiles.checkRunFolder(previous);
        Files.writeString(previous.resolve("notes.txt"), "mine");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunFiles.checkRunFolder(previous));
        assertEquals("output folder " + previous + " holds files that are not a run's (notes.txt); a run replaces its"
                + " folder whole, so give a new folder, an empty one or a previous run's", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RunFiles.checkRunFolder(previous.resolve("notes.txt")));
        assertEquals("output folder " + previous.resolve("notes.txt") + " is a file, not a folder", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RunFiles.checkRunFolder(Path.of(".")));
        assertTrue(e.getMessage().startsWith("output folder . holds the current folder"), e.getMessage());
    }

    @Test
    void unwritableFolderIsReportedBeforeTraining() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunFiles.checkWritable(Path.of("/proc/pinn4j-cannot-write-here")));
        assertTrue(e.getMessage().startsWith("output folder /proc/pinn4j-cannot-write-here is not writable"),
                e.getMessage());
    }

    private static List<String> names(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int x = 0; x < image.getWidth(); x += 3) {
            for (int y = 0; y < image.getHeight(); y += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}

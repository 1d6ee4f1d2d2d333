package pinn4j.plots.files;

import pinn4j.plots.charts.Charts;
import pinn4j.plots.comparator.Comparison;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import pinn4j.problems.Condition;
import pinn4j.problems.OdeProblem;
import pinn4j.solver.IterationRecord;
import pinn4j.solver.LossTerm;
import pinn4j.solver.PinnModel;
import pinn4j.solver.Stage;
import pinn4j.solver.TrainedPinn;
import pinn4j.solver.TrainingConfig;

/**
 * Writes a run's files: {@code metrics.json}, {@code solution.csv}, {@code solution.png}, {@code error.png},
 * {@code loss.png} and the network in {@code model/} (DJL's format, for {@code pinn predict}). Each file is written to a temporary name in the same folder and moved into place, so it is
 * there whole or not at all.
 */
public final class RunFiles {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunFiles() {
    }

    /**
     * Checks that a folder can be created and written, before any training time is spent.
     *
     * @param folder the folder, created if missing
     * @throws IllegalArgumentException when it cannot be created or written
     */
    public static void checkWritable(Path folder) {
        try {
            Files.createDirectories(folder);
            Path probe = Files.createTempFile(folder, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new IllegalArgumentException("output folder " + folder + " is not writable: " + e.getMessage());
        }
    }

    /**
     * Writes every file of the run into {@code folder}.
     *
     * @param folder the run's folder, created if missing
     * @param trained the trained network
     * @param comparison its comparison on a grid
     * @throws IOException when a file cannot be written
     */
    public static void write(Path folder, TrainedPinn trained, Comparison comparison) throws IOException {
        Files.createDirectories(folder);
        writeAtomically(folder.resolve("metrics.json"), out -> JSON.writeValue(out, metrics(trained, comparison)));
        writeAtomically(folder.resolve("solution.csv"), out -> writeCsv(out, trained.problem(), comparison));
        savePng(folder.resolve("solution.png"), Charts.solution(trained, comparison));
        savePng(folder.resolve("error.png"), Charts.error(trained, comparison));
        savePng(folder.resolve("loss.png"), Charts.loss(trained));
        PinnModel.save(trained, folder.resolve("model"));
    }

    /**
     * The content of {@code metrics.json}.
     *
     * @param trained the trained network
     * @param comparison its comparison on a grid
     * @return the metrics by name, in file order
     */
    public static Map<String, Object> metrics(TrainedPinn trained, Comparison comparison) {
        OdeProblem problem = trained.problem();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("problem", problem.name());
        m.put("equation", problem.equationText());
        m.put("parameters", problem.parameters());
        m.put("domain", List.of(problem.domain().t0(), problem.domain().t1()));
        m.put("conditions", problem.conditions().stream().map(Condition::label).toList());
        m.put("relativeL2Error", finite(comparison.relativeL2Error()));
        m.put("maxAbsError", finite(comparison.maxAbsError()));
        m.put("referenceKind", comparison.referenceKind());
        m.put("referenceNote", comparison.referenceNote());
        Map<String, Object> components = new LinkedHashMap<>();
        comparison.components().forEach((unknown, errors) -> components.put(unknown,
                Map.of("relativeL2Error", finite(errors[0]), "maxAbsError", finite(errors[1]))));
        m.put("components", components);
        m.put("hipparchusMaxAbsErrorVsExact", finite(comparison.hipparchusMaxAbsError()));
        m.put("heldOutResidualRms", finite(comparison.heldOutResidualRms()));
        m.put("adamIterations", trained.iterations(Stage.ADAM));
        m.put("lbfgsIterations", trained.iterations(Stage.LBFGS));
        m.put("lbfgsEvaluations", trained.evaluations(Stage.LBFGS));
        m.put("windows", trained.config().windows());
        m.put("stages", trained.stages().stream().map(s -> {
            Map<String, Object> stage = new LinkedHashMap<>();
            stage.put("stage", s.stage().label());
            stage.put("iterations", s.iterations());
            stage.put("evaluations", s.evaluations());
            stage.put("seconds", s.seconds());
            stage.put("stopReason", s.stopReason());
            return stage;
        }).toList());
        m.put("trainingSeconds", trained.trainingSeconds());
        IterationRecord last = trained.finalRecord();
        m.put("finalLoss", finite(last.total()));
        Map<String, Object> terms = new LinkedHashMap<>();
        List<LossTerm> lossTerms = trained.history().terms();
        for (int i = 0; i < lossTerms.size(); i++) {
            LossTerm term = lossTerms.get(i);
            terms.put(term.name(), Map.of("value", finite(last.term(i)), "weight", term.weight(),
                    "kind", term.kind() == LossTerm.Kind.CONDITION ? "cc" : "phys"));
        }
        m.put("lossTerms", terms);
        m.put("seed", trained.seed());
        m.put("config", config(trained.config()));
        m.put("divergence", trained.divergence().orElse(null));
        return m;
    }

    private static Map<String, Object> config(TrainingConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("layers", c.layers());
        m.put("activation", c.activation().id());
        m.put("dtype", c.precision().id());
        m.put("seed", c.seed());
        m.put("points", c.collocation().points());
        m.put("sampling", c.collocation().sampling().id());
        m.put("resampleEvery", c.collocation().resampleEvery());
        m.put("weights", Map.of("cc", c.weights().conditions(), "phys", c.weights().physics()));
        m.put("scaleResiduals", c.scaleResiduals());
        m.put("optimizer", c.optimizer().id());
        m.put("adamIterations", c.adamIterations());
        m.put("patience", c.patience());
        m.put("learningRate", c.learningRate());
        m.put("decay", Map.of("factor", c.decay().factor(), "everySteps", c.decay().everySteps()));
        m.put("windows", c.windows());
        m.put("lbfgs", Map.of("maxIterations", c.lbfgs().maxIterations(), "maxEvaluations",
                c.lbfgs().maxEvaluations(), "historySize", c.lbfgs().historySize(), "gradientTolerance",
                c.lbfgs().gradientTolerance(), "relativeLossTolerance", c.lbfgs().relativeLossTolerance()));
        return m;
    }

    private static Object finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static void writeCsv(OutputStream out, OdeProblem problem, Comparison c) throws IOException {
        Writer writer = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
        List<String> unknowns = problem.unknowns();
        StringBuilder header = new StringBuilder(problem.variable());
        for (String u : unknowns) {
            String prefix = unknowns.size() == 1 ? "" : u + "_";
            header.append(',').append(prefix).append("pinn,").append(prefix).append("reference,").append(prefix)
                    .append("exact,").append(prefix).append("abs_error");
        }
        writer.write(header.append('\n').toString());
        double[][] target = c.target();
        for (int i = 0; i < c.t().length; i++) {
            StringBuilder row = new StringBuilder(Double.toString(c.t()[i]));
            for (int u = 0; u < unknowns.size(); u++) {
                row.append(',').append(c.pinn()[u][i]);
                row.append(',').append(c.hipparchus() == null ? "" : Double.toString(c.hipparchus()[u][i]));
                row.append(',').append(c.exact() == null ? "" : Double.toString(c.exact()[u][i]));
                row.append(',').append(target == null ? "" : Double.toString(Math.abs(c.pinn()[u][i] - target[u][i])));
            }
            writer.write(row.append('\n').toString());
        }
        writer.flush();
    }

    private static void savePng(Path path, XYChart chart) throws IOException {
        writeAtomically(path, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }

    /** What writes a file's bytes. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes a file whole or not at all: to a temporary sibling, then an atomic rename. */
    public static void writeAtomically(Path path, Content content) throws IOException {
        Path folder = path.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(folder, "." + path.getFileName(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                content.writeTo(out);
            }
            try {
                Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

}

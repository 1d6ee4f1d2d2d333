package pinn4j.plots.files;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import pinn4j.plots.charts.Charts;
import pinn4j.plots.comparator.ClassicalFit;
import pinn4j.plots.comparator.Comparison;
import pinn4j.plots.comparator.FitReport;
import pinn4j.plots.comparator.Quality;
import pinn4j.problems.Condition;
import pinn4j.problems.OdeProblem;
import pinn4j.problems.ProblemAnalysis;
import pinn4j.solver.IterationRecord;
import pinn4j.solver.LossTerm;
import pinn4j.solver.PinnModel;
import pinn4j.solver.StageResult;
import pinn4j.solver.StrategyChoice;
import pinn4j.solver.TrainedPinn;
import pinn4j.solver.TrainingConfig;
import pinn4j.solver.io.Folders;
import pinn4j.solver.optim.Stage;

/**
 * Writes a run's files: {@code metrics.json}, {@code solution.csv}, {@code solution.png}, {@code error.png},
 * {@code loss.png} and the network in {@code model/} (DJL's format, for {@code pinn predict}). Each file is written
 * whole or not at all ({@link Folders#writeFile}); a caller publishes the whole folder at once with
 * {@link Folders#writeFolder}, after {@link #checkRunFolder}.
 */
public final class RunFiles {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunFiles() {
    }

    /** What a run's folder holds: the files {@link #write} writes, and {@code training.gif} of an animated run. */
    private static final Set<String> RUN_ENTRIES = Set.of("metrics.json", "solution.csv", "solution.png",
            "error.png", "loss.png", "model", "training.gif", "parameters.png", "parameters.csv", "ensemble.csv",
            "checkpoint");

    /**
     * Checks that a folder can be created and written, before any training time is spent.
     *
     * @param folder the folder, created if missing
     * @throws IllegalArgumentException when it cannot be created or written
     */
    public static void checkWritable(Path folder) {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new IllegalArgumentException("output folder " + folder + " is a file, not a folder");
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException | SecurityException e) {
            throw new IllegalArgumentException("output folder " + folder + " is not writable: " + Folders.reason(e));
        }
        if (!Files.isWritable(folder)) {
            throw new IllegalArgumentException("output folder " + folder + " is not writable: permission denied");
        }
    }

    /**
     * Checks, before any training time is spent, that a run's files may replace {@code folder} whole: it does not
     * hold the current folder, and it is new, empty or a previous run's (holding a run's files and hidden entries
     * only, such as the temporaries of a killed run, which go with it).
     *
     * @param folder the run's folder
     * @throws IllegalArgumentException saying why the folder may not be replaced
     */
    public static void checkRunFolder(Path folder) {
        Path absolute = folder.toAbsolutePath().normalize();
        if (Path.of("").toAbsolutePath().startsWith(absolute)) {
            throw new IllegalArgumentException("output folder " + folder + " holds the current folder; a run replaces"
                    + " its folder whole, so give it a folder of its own");
        }
        if (!Files.exists(absolute)) {
            return;
        }
        if (!Files.isDirectory(absolute)) {
            throw new IllegalArgumentException("output folder " + folder + " is a file, not a folder");
        }
        List<String> foreign;
        try (Stream<Path> entries = Files.list(absolute)) {
            foreign = entries.map(p -> p.getFileName().toString())
                    .filter(name -> !RUN_ENTRIES.contains(name) && !name.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("output folder " + folder + " is not readable: " + Folders.reason(e));
        }
        if (!foreign.isEmpty()) {
            throw new IllegalArgumentException("output folder " + folder + " holds files that are not a run's ("
                    + String.join(", ", foreign.subList(0, Math.min(5, foreign.size())))
                    + (foreign.size() > 5 ? ", ..." : "") + "); a run replaces its folder whole, so give a new"
                    + " folder, an empty one or a previous run's");
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
        Folders.writeFile(folder.resolve("metrics.json"), out -> JSON.writeValue(out, metrics(trained, comparison)));
        Folders.writeFile(folder.resolve("solution.csv"), out -> writeCsv(out, trained.problem(), comparison, null));
        savePng(folder.resolve("solution.png"), Charts.solution(trained, comparison));
        savePng(folder.resolve("error.png"), Charts.error(trained, comparison));
        savePng(folder.resolve("loss.png"), Charts.loss(trained));
        PinnModel.save(trained, folder.resolve("model"));
    }

    /**
     * Writes every file of an inverse problem's run into {@code folder}: those of
     * {@link #write(Path, TrainedPinn, Comparison)}, with the measurements (and an ensemble's band) on
     * {@code solution.png}, {@code fittedParameters} and {@code hipparchusFit} in {@code metrics.json}, each fitted
     * parameter's trajectory in {@code parameters.csv} and {@code parameters.png}; for an ensemble, its band in
     * {@code solution.csv} (columns {@code ensemble_low} and {@code ensemble_high}) and its members in
     * {@code ensemble.csv} ({@code seed, final_loss, status} ok, diverged or stuck, {@code measurements} given or
     * resampled, then each fitted estimate).
     *
     * @param folder the run's folder, created if missing
     * @param trained the trained network of an inverse problem
     * @param comparison its comparison, against the problem at the truth or at the classical fit
     * @param fit what the fit found
     * @throws IOException when a file cannot be written
     */
    public static void write(Path folder, TrainedPinn trained, Comparison comparison, FitReport fit)
            throws IOException {
        Files.createDirectories(folder);
        Map<String, Object> metrics = metrics(trained, comparison);
        metrics.putAll(fitMetrics(fit));
        metrics.put("warnings", Quality.warnings(trained, comparison, fit));
        Folders.writeFile(folder.resolve("metrics.json"), out -> JSON.writeValue(out, metrics));
        Folders.writeFile(folder.resolve("solution.csv"), out -> writeCsv(out, trained.problem(), comparison,
                fit.band()));
        Folders.writeFile(folder.resolve("parameters.csv"), out -> writeTrajectory(out, trained));
        if (!fit.ensemble().isEmpty()) {
            Folders.writeFile(folder.resolve("ensemble.csv"), out -> writeEnsemble(out, fit));
        }
        savePng(folder.resolve("solution.png"), Charts.solution(trained, comparison, fit));
        savePng(folder.resolve("error.png"), Charts.error(trained, comparison));
        savePng(folder.resolve("loss.png"), Charts.loss(trained));
        saveColumn(folder.resolve("parameters.png"), Charts.parameters(trained, fit));
        PinnModel.save(trained, folder.resolve("model"));
    }

    /**
     * The entries an inverse problem adds to {@code metrics.json}: {@code fittedParameters}, keyed by name, each with
     * {@code initial}, {@code estimate}, {@code truth}, {@code relativeError}, {@code hipparchusEstimate},
     * {@code hipparchusStandardError}, {@code ensembleMean} and {@code ensembleStd} (null where a figure does not
     * exist); {@code hipparchusFit} (converged, failure, iterations, solves, rmsResidual, seconds);
     * {@code measurements}, the count per measured unknown; {@code ensembleMembers}, the members in the statistics
     * (1 without an ensemble); {@code ensemble}, null without one, else its {@code seeds}, the {@code diverged}
     * members' seeds with why, {@code bootstrap} (whether members trained on resampled measurements), and
     * {@code runFilesSeed}, the member whose files these are, with {@code runFilesChosenBy}.
     *
     * @param fit what the fit found
     * @return the entries, in file order
     */
    public static Map<String, Object> fitMetrics(FitReport fit) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (FitReport.Parameter p : fit.parameters()) {
            parameters.put(p.name(), nullable("initial", p.initial(), "estimate", finite(p.estimate()),
                    "truth", finite(p.truth()), "relativeError", finite(p.relativeError()),
                    "hipparchusEstimate", finite(p.hipparchusEstimate()),
                    "hipparchusStandardError", finite(p.hipparchusStandardError()),
                    "hipparchusRelativeError", finite(p.hipparchusRelativeError()),
                    "ensembleMean", finite(p.ensembleMean()), "ensembleStd", finite(p.ensembleStd())));
        }
        m.put("fittedParameters", parameters);
        ClassicalFit classical = fit.classical();
        m.put("hipparchusFit", nullable("converged", classical.converged(), "failure", classical.failure(),
                "iterations", classical.iterations(), "solves", classical.solves(),
                "rmsResidual", finite(classical.rmsResidual()), "seconds", classical.seconds()));
        Map<String, Object> measurements = new LinkedHashMap<>();
        fit.data().forEach(series -> measurements.put(series.unknown(), series.t().length));
        m.put("measurements", measurements);
        m.put("ensembleMembers", fit.members());
        m.put("ensemble", fit.ensemble().isEmpty() ? null : ensembleMetrics(fit.ensemble()));
        return m;
    }

    private static Map<String, Object> ensembleMetrics(List<FitReport.Member> members) {
        Map<String, Object> diverged = new LinkedHashMap<>();
        members.stream().filter(FitReport.Member::diverged)
                .forEach(member -> diverged.put(Long.toString(member.seed()), member.divergence()));
        boolean bootstrap = members.stream().anyMatch(FitReport.Member::resampled);
        return nullable("seeds", members.stream().map(FitReport.Member::seed).toList(), "diverged", diverged,
                "bootstrap", bootstrap, "runFilesSeed", FitReport.lowestLoss(members).orElseThrow().seed(),
                "runFilesChosenBy", "the lowest final loss of the members that did not diverge"
                        + (bootstrap ? " and trained on the measurements as given" : ""));
    }

    /** {@code seed, final_loss, status, measurements, <each fitted parameter>}: one row per member of the ensemble. */
    private static void writeEnsemble(OutputStream out, FitReport fit) throws IOException {
        List<String> names = fit.parameters().stream().map(FitReport.Parameter::name).toList();
        StringBuilder csv = new StringBuilder("seed,final_loss,status,measurements," + String.join(",", names) + "\n");
        for (FitReport.Member member : fit.ensemble()) {
            csv.append(member.seed()).append(',').append(member.finalLoss()).append(',')
                    .append(member.diverged() ? "diverged" : FitReport.stuck(member, fit.ensemble()) ? "stuck" : "ok")
                    .append(',')
                    .append(member.resampled() ? "resampled" : "given");
            names.forEach(name -> csv.append(',').append(member.estimates().get(name)));
            csv.append('\n');
        }
        out.write(csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** {@code step, stage, iteration, loss, <each fitted parameter>}: the estimates at every recorded step. */
    private static void writeTrajectory(OutputStream out, TrainedPinn trained) throws IOException {
        Writer writer = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
        writer.write("step,stage,iteration,loss," + String.join(",", trained.problem().fittedNames()) + "\n");
        for (IterationRecord r : trained.history().records()) {
            StringBuilder row = new StringBuilder().append(r.step()).append(',').append(r.stage()).append(',')
                    .append(r.iteration()).append(',').append(r.total());
            for (double value : r.fitted()) {
                row.append(',').append(value);
            }
            writer.write(row.append('\n').toString());
        }
        writer.flush();
    }

    /** Charts one under the other in one PNG. */
    private static void saveColumn(Path path, List<XYChart> charts) throws IOException {
        List<java.awt.image.BufferedImage> images = charts.stream().map(BitmapEncoder::getBufferedImage).toList();
        int width = images.stream().mapToInt(java.awt.image.BufferedImage::getWidth).max().orElse(1);
        int height = images.stream().mapToInt(java.awt.image.BufferedImage::getHeight).sum();
        java.awt.image.BufferedImage column = new java.awt.image.BufferedImage(width, Math.max(1, height),
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D graphics = column.createGraphics();
        graphics.setColor(java.awt.Color.WHITE);
        graphics.fillRect(0, 0, width, height);
        int y = 0;
        for (java.awt.image.BufferedImage image : images) {
            graphics.drawImage(image, 0, y, null);
            y += image.getHeight();
        }
        graphics.dispose();
        Folders.writeFile(path, out -> javax.imageio.ImageIO.write(column, "png", out));
    }

    /**
     * The content of {@code metrics.json}.
     *
     * @param trained the trained network
     * @param comparison its comparison on a grid
     * @return the metrics by name, in file order
     */
    public static Map<String, Object> metrics(TrainedPinn trained, Comparison comparison) {
        // A mutable map: an inverse problem's run adds its own entries (fitMetrics).
        OdeProblem problem = trained.problem();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("problem", problem.name());
        m.put("equation", problem.equationText());
        m.put("parameters", problem.parameters());
        m.put("domain", List.of(problem.domain().t0(), problem.domain().t1()));
        m.put("conditions", problem.conditions().stream().map(Condition::label).toList());
        m.put("relativeL2Error", finite(comparison.relativeL2Error()));
        m.put("maxAbsError", finite(comparison.maxAbsError()));
        m.put("referenceKind", comparison.referenceKind().id());
        m.put("referenceNote", comparison.referenceNote());
        Map<String, Object> components = new LinkedHashMap<>();
        comparison.components().forEach((unknown, errors) -> components.put(unknown,
                nullable("relativeL2Error", finite(errors.relativeL2Error()), "maxAbsError",
                        finite(errors.maxAbsError()))));
        m.put("components", components);
        m.put("hipparchusMaxAbsErrorVsExact", finite(comparison.hipparchusMaxAbsError()));
        m.put("heldOutResidualRms", finite(comparison.heldOutResidualRms()));
        m.put("iterations", trained.stages().stream().mapToInt(StageResult::iterations).sum());
        m.put("windows", trained.config().windows());
        m.put("stages", trained.stages().stream().map(s -> {
            Map<String, Object> stage = new LinkedHashMap<>();
            stage.put("index", s.index());
            stage.put("optimizer", s.stage().optimizerId());
            stage.put("label", s.stage().label());
            stage.put("iterations", s.iterations());
            stage.put("evaluations", s.evaluations());
            stage.put("seconds", s.seconds());
            stage.put("stopReason", s.stopReason());
            return stage;
        }).toList());
        m.put("trainingSeconds", trained.trainingSeconds());
        IterationRecord last = trained.bestRecord();
        m.put("finalLoss", finite(last.total()));
        Map<String, Object> terms = new LinkedHashMap<>();
        List<LossTerm> lossTerms = trained.history().terms();
        for (int i = 0; i < lossTerms.size(); i++) {
            LossTerm term = lossTerms.get(i);
            terms.put(term.name(), nullable("value", finite(last.term(i)), "weight", term.weight(),
                    "kind", switch (term.kind()) {
                        case CONDITION -> "cc";
                        case PHYSICS -> "phys";
                        case DATA -> "data";
                        case PENALTY -> "penalty";
                    }));
        }
        m.put("lossTerms", terms);
        m.put("seed", trained.seed());
        m.put("config", config(trained.config()));
        m.put("strategy", strategy(trained.strategy()));
        m.put("divergence", trained.divergence().orElse(null));
        m.put("warnings", Quality.warnings(trained, comparison));
        return m;
    }

    /** The strategy, the analysis and the remedies chosen, each with its setting, value and reason. */
    private static Map<String, Object> strategy(StrategyChoice choice) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("strategy", choice.strategy().id());
        m.put("analysis", analysis(choice.analysis()));
        m.put("remedies", choice.remedies().stream().map(r -> {
            Map<String, Object> remedy = new LinkedHashMap<>();
            remedy.put("setting", r.setting());
            remedy.put("value", r.value());
            remedy.put("reason", r.reason());
            return remedy;
        }).toList());
        m.put("withheld", choice.withheld().isEmpty() ? null : choice.withheld());
        return m;
    }

    /** The problem's analysis under the record's names; a figure that is not finite, or no note, as null. */
    private static Map<String, Object> analysis(ProblemAnalysis a) {
        Map<String, Object> magnitudes = new LinkedHashMap<>();
        a.magnitudes().forEach((unknown, size) -> magnitudes.put(unknown, finite(size)));
        return nullable("sampling", a.trajectory() ? "trajectory" : "conditions", "samples", a.samples(),
                "skipped", a.skipped(), "fastestRate", finite(a.fastestRate()), "slowestRate",
                finite(a.slowestRate()), "fastestFrequency", finite(a.fastestFrequency()), "periods",
                finite(a.periods()), "oscillations", a.oscillations(), "eFoldings", finite(a.eFoldings()),
                "stiffnessRatio", finite(a.stiffnessRatio()), "magnitudes", magnitudes, "steps", a.steps(), "reached", a.reached(), "note",
                a.note().isEmpty() ? null : a.note());
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
        m.put("weights", Map.of("cc", c.weights().conditions(), "phys", c.weights().physics(),
                "data", c.weights().data()));
        m.put("residualScaling", c.scaleResiduals());
        m.put("windows", c.windows());
        m.put("strategy", c.strategy().id());
        m.put("physicsRamp", c.physicsRamp());
        m.put("l1", c.regularization().l1());
        m.put("l2", c.regularization().l2());
        m.put("dropout", c.regularization().dropout());
        m.put("stages", c.stages().stream().map(RunFiles::stageSettings).toList());
        return m;
    }

    /** A stage's settings under the names the settings reader takes, so a run can be repeated from them. */
    private static Map<String, Object> stageSettings(Stage stage) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("optimizer", stage.optimizerId());
        m.put("iterations", stage.iterations());
        m.putAll(stage.settings());
        return m;
    }

    private static Object finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    /** A small map in the given order that, unlike {@code Map.of}, holds the nulls {@link #finite} gives NaN. */
    private static Map<String, Object> nullable(Object... namesAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }

    /** {@code solution.csv}; with an ensemble's band ({@code [low, high][unknown][i]}, else null) two columns more. */
    private static void writeCsv(OutputStream out, OdeProblem problem, Comparison c, double[][][] band)
            throws IOException {
        Writer writer = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
        List<String> unknowns = problem.unknowns();
        StringBuilder header = new StringBuilder(problem.variable());
        for (String u : unknowns) {
            String prefix = unknowns.size() == 1 ? "" : u + "_";
            header.append(',').append(prefix).append("pinn,").append(prefix).append("reference,").append(prefix)
                    .append("exact,").append(prefix).append("abs_error");
            if (band != null) {
                header.append(',').append(prefix).append("ensemble_low,").append(prefix).append("ensemble_high");
            }
        }
        writer.write(header.append('\n').toString());
        double[][] target = c.target();
        double[] t = c.t();
        double[][] pinn = c.pinn();
        double[][] hipparchus = c.hipparchus();
        double[][] exact = c.exact();
        for (int i = 0; i < t.length; i++) {
            StringBuilder row = new StringBuilder(Double.toString(t[i]));
            for (int u = 0; u < unknowns.size(); u++) {
                row.append(',').append(pinn[u][i]);
                row.append(',').append(hipparchus == null ? "" : Double.toString(hipparchus[u][i]));
                row.append(',').append(exact == null ? "" : Double.toString(exact[u][i]));
                row.append(',').append(target == null ? "" : Double.toString(Math.abs(pinn[u][i] - target[u][i])));
                if (band != null) {
                    row.append(',').append(band[0][u][i]).append(',').append(band[1][u][i]);
                }
            }
            writer.write(row.append('\n').toString());
        }
        writer.flush();
    }

    private static void savePng(Path path, XYChart chart) throws IOException {
        Folders.writeFile(path, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }
}

package pinn4j.app.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import pinn4j.plots.comparator.Comparison;
import pinn4j.plots.comparator.Quality;
import pinn4j.plots.files.RunFiles;
import pinn4j.problems.BuiltinProblem;
import pinn4j.problems.BuiltinProblems;
import pinn4j.problems.OdeProblem;
import pinn4j.problems.text.Located;
import pinn4j.problems.text.ProblemFile;
import pinn4j.problems.text.ProblemFiles;
import pinn4j.solver.PinnTrainer;
import pinn4j.solver.StageResult;
import pinn4j.solver.TrainedPinn;
import pinn4j.solver.TrainingConfig;
import pinn4j.solver.TrainingListener;
import pinn4j.solver.TrainingListeners;
import pinn4j.solver.io.Folders;
import pinn4j.solver.settings.TrainingSettings;

/** {@code pinn run PROBLEM}: train, compare, write the files. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a PINN on a problem, compare it with Hipparchus and the exact solution, write plots"
                + " and metrics.")
final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PROBLEM",
            description = "A built-in problem (see `pinn list`) or a problem file such as examples/sir.yaml.")
    String problemName;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder, replaced whole when the run is done;"
            + " new, empty or a previous run's (default: out/PROBLEM).")
    Path out;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Mixin
    ShowOptions show;

    @Mixin
    TrainingOptions training;

    @Override
    public Integer call() throws IOException {
        return train(problemName, training, out != null ? out : Path.of("out", outputName(problemName)), quiet, show);
    }

    /** The folder name for a problem given by name or file. */
    static String outputName(String problemName) {
        String file = Path.of(problemName).getFileName().toString();
        return file.replaceFirst("\\.(yaml|yml)$", "");
    }

    /** A built-in by name, or a problem file by path, with its own training settings. */
    record Resolved(OdeProblem problem, Map<String, Located> training, String origin) {
    }

    static Resolved resolve(String problemName, Map<String, Double> overrides) throws IOException {
        Path file = Path.of(problemName);
        if (problemName.endsWith(".yaml") || problemName.endsWith(".yml") || Files.isRegularFile(file)) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("problem file " + problemName + (Files.isDirectory(file)
                        ? " is a folder, not a file" : " does not exist"));
            }
            ProblemFile loaded = ProblemFiles.load(file, overrides);
            return new Resolved(loaded.problem(), loaded.training(), problemName);
        }
        BuiltinProblem builtin = BuiltinProblems.find(problemName).orElseThrow(() -> new IllegalArgumentException(
                "unknown problem '" + problemName + "'; built-in problems: " + String.join(", ",
                        BuiltinProblems.all().stream().map(BuiltinProblem::name).toList())
                        + "; or give a problem file such as examples/sir.yaml"));
        return new Resolved(builtin.create(overrides),
                TrainingSettings.at(builtin.training(), "built-in " + builtin.name()), problemName);
    }

    /** Shared by {@code run} and {@code demo}. */
    static int train(String problemName, TrainingOptions training, Path out, boolean quiet, ShowOptions show)
            throws IOException {
        Resolved resolved = resolve(problemName, training.parameterValues());
        OdeProblem problem = resolved.problem();
        TrainingConfig config = training.toConfig(resolved.training());
        RunFiles.checkRunFolder(out);
        Folders.Lock lock = Folders.lock(out);
        int code;
        try {
            code = train(problem, config, out, quiet, show);
        } finally {
            lock.close();
        }
        if (code == 0) {
            show.waitForWindow();
        }
        return code;
    }

    /** Trains, holding the output folder's lock, and publishes the folder whole when every file is written. */
    private static int train(OdeProblem problem, TrainingConfig config, Path out, boolean quiet, ShowOptions show)
            throws IOException {
        PrintStream console = System.out;
        console.println(problem.name() + ":  " + problem.equationText() + ",  " + String.join(", ",
                problem.conditions().stream().map(Object::toString).toList()) + ",  " + problem.variable() + " in ["
                + problem.domain().t0() + ", " + problem.domain().t1() + "]");
        if (config.activation().isPiecewiseLinear() && problem.maxOrder() >= 2) {
            System.err.println("warning: " + config.activation().id() + " is piecewise linear: its second derivative"
                    + " is zero almost everywhere, so the residual cannot see " + problem.unknowns().get(0)
                    + "'' and the network will not learn this order-" + problem.maxOrder() + " equation. Prefer"
                    + " tanh, sin, silu or softplus.");
        }
        PinnTrainer trainer = new PinnTrainer(config);
        List<TrainingListener> listeners = new ArrayList<>();
        if (!quiet) {
            listeners.add(new ProgressListener(System.err));
        }
        listeners.addAll(show.listeners(problem, config));
        try (TrainedPinn trained = trainer.train(problem,
                TrainingListeners.of(listeners.toArray(TrainingListener[]::new)))) {
            Comparison comparison = Comparison.of(trained, Comparison.DEFAULT_POINTS);
            Quality.warnings(trained, comparison).forEach(warning -> System.err.println("warning: " + warning));
            Folders.writeFolder(out, folder -> {
                RunFiles.write(folder, trained, comparison);
                show.finish(trained, folder, out, console);
            });
            printSummary(console, trained, comparison, out, show.files());
            if (trained.divergence().isPresent()) {
                System.err.println("error: " + trained.divergence().get());
                return PinnCli.FAILURE;
            }
        }
        return 0;
    }

    private static void printSummary(PrintStream console, TrainedPinn trained, Comparison comparison, Path out,
                                     List<String> extraFiles) {
        if (Double.isFinite(comparison.relativeL2Error())) {
            console.printf("relative L2 error %.3e, max abs error %.3e (against the %s solution)%n",
                    comparison.relativeL2Error(), comparison.maxAbsError(), comparison.referenceKind().id());
        } else {
            console.println("no reference solution: errors not computed");
        }
        if (comparison.referenceNote() != null) {
            console.println("Hipparchus reference: none, " + comparison.referenceNote());
        }
        if (Double.isFinite(comparison.hipparchusMaxAbsError())) {
            console.printf("Hipparchus DP853 against the exact solution: max abs error %.1e%n",
                    comparison.hipparchusMaxAbsError());
        }
        StringBuilder stages = new StringBuilder();
        for (int index = 0; index < trained.config().stages().size(); index++) {
            List<StageResult> results = trained.stage(index);
            if (!results.isEmpty()) {
                String name = trained.config().stages().get(index).label();
                stages.append(String.format("; %s %d iterations, %d evaluations, %.2f s (%s)", name,
                        trained.iterations(index), trained.evaluations(index),
                        results.stream().mapToDouble(StageResult::seconds).sum(),
                        String.join(", ", results.stream().map(StageResult::stopReason).distinct().toList())));
            }
        }
        String windows = trained.config().windows() > 1 ? " in " + trained.config().windows() + " time windows" : "";
        console.printf("training %.2f s%s%s%n", trained.trainingSeconds(), windows, stages);
        List<String> files = new ArrayList<>(List.of("solution.png", "error.png", "loss.png", "metrics.json",
                "solution.csv", "model/"));
        files.addAll(extraFiles);
        console.println("files in " + out + ": " + String.join(" ", files));
    }
}

package pinn4j.app.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import pinn4j.plots.comparator.Comparison;
import pinn4j.plots.comparator.FitReport;
import pinn4j.plots.comparator.Quality;
import pinn4j.plots.files.RunFiles;
import pinn4j.plots.tensorboard.TensorBoardLog;
import pinn4j.problems.BuiltinProblem;
import pinn4j.problems.BuiltinProblems;
import pinn4j.problems.FittedParameter;
import pinn4j.problems.Observations;
import pinn4j.problems.OdeProblem;
import pinn4j.problems.text.Located;
import pinn4j.problems.text.MeasurementFiles;
import pinn4j.problems.text.ProblemFile;
import pinn4j.problems.text.ProblemFiles;
import pinn4j.solver.Checkpoint;
import pinn4j.solver.Checkpointing;
import pinn4j.solver.PinnTrainer;
import pinn4j.solver.StageResult;
import pinn4j.solver.StrategyChoice;
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

    @Parameters(index = "0", arity = "0..1", paramLabel = "PROBLEM",
            description = "A built-in problem (see `pinn list`) or a problem file such as examples/sir.yaml; left out"
                    + " with --resume.")
    String problemName;

    @Option(names = "--checkpoint-every", paramLabel = "N", description = "Keep the training's state in"
            + " OUT/checkpoint/, replaced whole every N iterations (counted over all stages), to continue a killed"
            + " run with --resume; removed when the run is done.")
    String checkpointEvery;

    @Option(names = "--resume", paramLabel = "DIR", description = "Continue a killed run from its checkpoint (DIR"
            + " is its output folder or its checkpoint/ folder), with the settings it was started with, to the"
            + " result of an uninterrupted run; only --quiet and --checkpoint-every may be given with it.")
    Path resume;

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder, replaced whole when the run is done;"
            + " new, empty or a previous run's (default: out/PROBLEM).")
    Path out;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Option(names = "--explain", description = "Print the problem's analysis (time scales from the Jacobian's"
            + " eigenvalues, periods, e-foldings, stiffness ratio, magnitudes) and stop, without training.")
    boolean explain;

    @Mixin
    ShowOptions show;

    @Mixin
    TrainingOptions training;

    @Mixin
    FitOptions fit;

    @Mixin
    Ensemble ensemble;

    @Mixin
    TensorBoardOption tensorboard;

    @Override
    public Integer call() throws IOException {
        if (resume != null) {
            return resume();
        }
        if (problemName == null) {
            throw new IllegalArgumentException("give a PROBLEM to train (see `pinn list`), or --resume DIR to continue"
                    + " a killed run");
        }
        if (explain) {
            Resolved resolved = resolve(problemName, training.parameterValues(), fit);
            TrainingConfig config = training.toConfig(resolved.training());
            long start = System.nanoTime();
            StrategyChoice choice = StrategyChoice.of(resolved.problem(), config);
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println(problemLine(resolved.problem()));
            AnalysisText.table(resolved.problem(), choice.analysis(), millis).forEach(System.out::println);
            System.out.println(choice.summary());
            return 0;
        }
        Path output = out != null ? out : Path.of("out", outputName(problemName));
        if (ensemble.isWorker()) {
            Resolved resolved = resolve(problemName, training.parameterValues(), fit);
            return ensemble.work(resolved, training.toConfig(resolved.training()), output);
        }
        // The command line after the command's own name: what `run` parses again on --resume.
        List<String> all = spec.commandLine().getParseResult().originalArgs();
        Keeping keeping = new Keeping(checkpointEvery(checkpointEvery), null, all.subList(all.indexOf(spec.name()) + 1,
                all.size()));
        return train(problemName, training, fit, ensemble, output, quiet, show, tensorboard, keeping);
    }

    /**
     * How a run keeps checkpoints: not a training setting, as it does not change the result, but a choice of how
     * the run is kept, like {@code --out}.
     *
     * @param every iterations between checkpoints, 0 for none
     * @param resumeFrom the checkpoint folder to continue from, or null to start afresh
     * @param arguments the command line that started the run, kept with its checkpoints to resume it
     */
    record Keeping(int every, Path resumeFrom, List<String> arguments) {

        /** No checkpoints, a fresh start. */
        static final Keeping NONE = new Keeping(0, null, List.of());
    }

    /** {@code --checkpoint-every}'s value: 0 when not given. */
    private static int checkpointEvery(String text) {
        if (text == null) {
            return 0;
        }
        try {
            int every = Integer.parseInt(text.strip());
            if (every >= 1) {
                return every;
            }
        } catch (NumberFormatException e) {
            // Reported below with what is allowed.
        }
        throw new IllegalArgumentException("--checkpoint-every: '" + text + "' is not allowed; give a whole number of"
                + " iterations >= 1");
    }

    /**
     * Continues a killed run from its checkpoint with the command line it was started with (kept in the
     * checkpoint), from the folder it was started in, into its output folder.
     */
    private int resume() throws IOException {
        List<String> given = spec.commandLine().getParseResult().matchedOptions().stream()
                .map(option -> option.longestName())
                .filter(name -> !List.of("--resume", "--quiet", "--checkpoint-every").contains(name)).toList();
        if (problemName != null || !given.isEmpty()) {
            throw new IllegalArgumentException("--resume continues a run with the settings it was started with; leave"
                    + " out " + (problemName != null ? "the PROBLEM (" + problemName + ")" + (given.isEmpty() ? ""
                    : " and ") : "") + String.join(", ", given) + " (only --quiet and --checkpoint-every may be"
                    + " given with --resume)");
        }
        Path checkpoint = Checkpoint.locate(resume);
        Map<String, String> notes = Checkpoint.notes(checkpoint);
        if (!notes.containsKey("folder") || !notes.containsKey("argument.0")) {
            throw new IllegalArgumentException("--resume " + resume + ": this checkpoint was not left by `pinn run"
                    + " --checkpoint-every N`: it keeps no command line to continue");
        }
        String folder = Path.of("").toAbsolutePath().toString();
        if (!folder.equals(notes.get("folder"))) {
            throw new IllegalArgumentException("--resume " + resume + ": the run was started in " + notes.get("folder")
                    + " and names its files from there; resume it from that folder");
        }
        List<String> arguments = new ArrayList<>();
        for (int i = 0; notes.containsKey("argument." + i); i++) {
            arguments.add(notes.get("argument." + i));
        }
        RunCommand started = new RunCommand();
        new picocli.CommandLine(started).parseArgs(arguments.toArray(String[]::new));
        int every = checkpointEvery != null ? checkpointEvery(checkpointEvery)
                : checkpointEvery(started.checkpointEvery);
        Path output = checkpoint.toAbsolutePath().normalize().getParent();
        System.out.println("resuming `pinn run " + String.join(" ", arguments) + "` from " + checkpoint);
        return train(started.problemName, started.training, started.fit, started.ensemble, output, quiet,
                started.show, started.tensorboard, new Keeping(every, checkpoint, arguments));
    }

    /** The folder name for a problem given by name or file. */
    static String outputName(String problemName) {
        String file = Path.of(problemName).getFileName().toString();
        return file.replaceFirst("\\.(yaml|yml)$", "");
    }

    /**
     * A built-in by name, or a problem file by path, with its own training settings and, for an inverse problem, the
     * measurements, the known true values and a way to pose the problem at other parameter values.
     *
     * @param problem the problem; its fitted parameters at their initial guesses
     * @param training the problem's own training settings
     * @param origin the name or path it was given by
     * @param data the measurements, empty for a forward problem
     * @param truth known values of fitted parameters, empty when none is known
     * @param at the problem at other parameter values, exact solution included (a built-in is made anew: its exact
     *     solution may hold its parameters as numbers)
     */
    record Resolved(OdeProblem problem, Map<String, Located> training, String origin, List<Observations> data,
                    Map<String, Double> truth, Function<Map<String, Double>, OdeProblem> at) {

        boolean isInverse() {
            return problem.isInverse();
        }
    }

    static Resolved resolve(String problemName, Map<String, Double> overrides) throws IOException {
        Path file = Path.of(problemName);
        if (problemName.endsWith(".yaml") || problemName.endsWith(".yml") || Files.isRegularFile(file)) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("problem file " + problemName + (Files.isDirectory(file)
                        ? " is a folder, not a file" : " does not exist"));
            }
            ProblemFile loaded = ProblemFiles.load(file, overrides);
            OdeProblem problem = loaded.problem();
            return new Resolved(problem, loaded.training(), problemName, loaded.data(), loaded.truth(),
                    problem.withoutFitting()::withParameters);
        }
        BuiltinProblem builtin = BuiltinProblems.find(problemName).orElseThrow(() -> new IllegalArgumentException(
                "unknown problem '" + problemName + "'; built-in problems: " + String.join(", ",
                        BuiltinProblems.all().stream().map(BuiltinProblem::name).toList())
                        + "; or give a problem file such as examples/sir.yaml"));
        return new Resolved(builtin.create(overrides), TrainingSettings.at(builtin.training(), "built-in "
                + builtin.name()), problemName, List.of(), Map.of(), values -> {
                    Map<String, Double> all = new java.util.LinkedHashMap<>(overrides);
                    all.putAll(values);
                    return builtin.create(all);
                });
    }

    /** As {@link #resolve(String, Map)}, with the command line's {@code --fit}, {@code --data} and {@code --truth}. */
    static Resolved resolve(String problemName, Map<String, Double> overrides, FitOptions fit) throws IOException {
        Resolved resolved = resolve(problemName, overrides);
        if (!fit.given()) {
            return resolved;
        }
        if (resolved.isInverse() && (!fit.fit.isEmpty() || fit.data != null)) {
            throw new IllegalArgumentException(problemName + " has a fit: section; --fit and --data are for problems"
                    + " without one (change its fit: section instead)");
        }
        OdeProblem problem = resolved.problem();
        List<Observations> data = resolved.data();
        if (!resolved.isInverse()) {
            if (fit.fit.isEmpty()) {
                throw new IllegalArgumentException((fit.data != null ? "--data" : "--truth") + " needs --fit NAMES:"
                        + " the parameters to learn from the data");
            }
            if (fit.data == null) {
                throw new IllegalArgumentException("--fit needs --data FILE.csv: the measurements to learn "
                        + String.join(", ", fit.fit) + " from");
            }
            List<FittedParameter> fitted = fit.fitted();
            try {
                problem = problem.withFitted(fitted);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--fit: " + e.getMessage());
            }
            data = MeasurementFiles.read(fit.data, problem);
        }
        Map<String, Double> truth = new java.util.LinkedHashMap<>(resolved.truth());
        for (Map.Entry<String, Double> entry : fit.truthValues().entrySet()) {
            if (!problem.fittedNames().contains(entry.getKey())) {
                throw new IllegalArgumentException("--truth " + entry.getKey() + ": not a fitted parameter; fitted: "
                        + String.join(", ", problem.fittedNames()));
            }
            truth.put(entry.getKey(), entry.getValue());
        }
        return new Resolved(problem, resolved.training(), resolved.origin(), data, truth, resolved.at());
    }

    /** Shared by {@code run} and {@code demo}: every input checked, then one training or an ensemble of them. */
    static int train(String problemName, TrainingOptions training, FitOptions fit, Ensemble ensemble, Path out,
                     boolean quiet, ShowOptions show, TensorBoardOption tensorboard, Keeping keeping)
            throws IOException {
        Resolved resolved = resolve(problemName, training.parameterValues(), fit);
        TrainingConfig config = training.toConfig(resolved.training());
        new PinnTrainer(config).check(resolved.problem(), resolved.data());
        ensemble.check(resolved, config, show);
        if (keeping.every() > 0 || keeping.resumeFrom() != null) {
            if (ensemble.size() > 1) {
                throw new IllegalArgumentException("--checkpoint-every keeps one training; --ensemble "
                        + ensemble.size() + " trains its members in worker processes: leave one of them out");
            }
            if (tensorboard.folder != null || show.animate) {
                // Both follow the training as it runs: a resumed run would give them its second part only.
                throw new IllegalArgumentException("--checkpoint-every: " + (tensorboard.folder != null
                        ? "--tensorboard" : "--animate") + " records the training as it runs, and a resumed run"
                        + " would record only what follows the checkpoint: leave one of them out");
            }
            try {
                new PinnTrainer(config).checkCheckpointing();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--checkpoint-every: " + e.getMessage(), e);
            }
        }
        if (tensorboard.folder != null && ensemble.size() > 1) {
            throw new IllegalArgumentException("--tensorboard logs one training; --ensemble " + ensemble.size()
                    + " trains its members in worker processes: leave one of them out");
        }
        RunFiles.checkRunFolder(out);
        tensorboard.check(out, "the output folder, which is replaced whole when the run is done");
        Folders.Lock lock = Folders.lock(out);
        int code;
        try {
            code = ensemble.size() > 1 ? ensemble.train(resolved, config, out, quiet) : train(resolved, config, out,
                    quiet, show, tensorboard, keeping);
        } finally {
            lock.close();
        }
        if (code == 0) {
            show.waitForWindow();
        }
        return code;
    }

    /**
     * Trains, holding the output folder's lock, and publishes the folder whole when every file is written; the
     * TensorBoard log, if any, is closed on every way out, a divergence and an exception included.
     */
    private static int train(Resolved resolved, TrainingConfig config, Path out, boolean quiet, ShowOptions show,
                             TensorBoardOption tensorboard, Keeping keeping) throws IOException {
        try (TensorBoardLog log = tensorboard.open(null, resolved, config)) {
            int code = train(resolved, config, out, quiet, show, log, keeping);
            if (log != null) {
                System.out.println("TensorBoard: " + log.file() + " (tensorboard --logdir " + tensorboard.folder
                        + ")");
            }
            return code;
        }
    }

    private static int train(Resolved resolved, TrainingConfig config, Path out, boolean quiet, ShowOptions show,
                             TensorBoardLog log, Keeping keeping) throws IOException {
        OdeProblem problem = resolved.problem();
        PrintStream console = System.out;
        printHeader(resolved, config, console);
        PinnTrainer trainer = new PinnTrainer(config);
        List<TrainingListener> listeners = new ArrayList<>();
        if (!quiet) {
            listeners.add(new ProgressListener(System.err));
        }
        listeners.addAll(show.listeners(problem, config));
        if (log != null) {
            listeners.add(log);
        }
        TrainingListener listener = TrainingListeners.of(listeners.toArray(TrainingListener[]::new));
        Checkpointing checkpointing = null;
        if (keeping.every() > 0) {
            // The command line and the folder it was given in, to start the same training again on --resume.
            Map<String, String> notes = new java.util.LinkedHashMap<>();
            notes.put("folder", Path.of("").toAbsolutePath().toString());
            for (int i = 0; i < keeping.arguments().size(); i++) {
                notes.put("argument." + i, keeping.arguments().get(i));
            }
            checkpointing = new Checkpointing(out.resolve("checkpoint"), keeping.every(), notes);
        }
        // The folder written whole below replaces the checkpoint with the run's files.
        try (TrainedPinn trained = keeping.resumeFrom() != null ? trainer.resume(problem, resolved.data(), listener,
                keeping.resumeFrom(), checkpointing) : checkpointing != null ? trainer.train(problem, resolved.data(),
                listener, checkpointing) : trainer.train(problem, resolved.data(), listener)) {
            Fitting.Outcome outcome = Fitting.Outcome.of(resolved, trained);
            Folders.writeFolder(out, folder -> {
                outcome.write(folder, trained);
                show.finish(trained, folder, out, console);
            });
            report(console, trained, outcome, out, show.files());
            if (trained.divergence().isPresent()) {
                System.err.println("error: " + trained.divergence().get());
                return PinnCli.FAILURE;
            }
        }
        return 0;
    }

    /** The problem, its conditions and domain, a warning about the activation, and what is fitted to what. */
    static void printHeader(Resolved resolved, TrainingConfig config, PrintStream console) {
        OdeProblem problem = resolved.problem();
        console.println(problemLine(problem));
        if (config.activation().isPiecewiseLinear() && problem.maxOrder() >= 2) {
            System.err.println("warning: " + config.activation().id() + " is piecewise linear: its second derivative"
                    + " is zero almost everywhere, so the residual cannot see " + problem.unknowns().get(0)
                    + "'' and the network will not learn this order-" + problem.maxOrder() + " equation. Prefer"
                    + " tanh, sin, silu or softplus.");
        }
        if (problem.isInverse()) {
            console.println("fitting " + String.join(", ", problem.fittedNames()) + " to " + String.join(", ",
                    resolved.data().stream().map(o -> o.t().length + " measurements of " + o.unknown()).toList()));
        }
    }

    /** The problem in one line: its name, equations, conditions and domain. */
    private static String problemLine(OdeProblem problem) {
        return problem.name() + ":  " + problem.equationText() + ",  " + String.join(", ",
                problem.conditions().stream().map(Object::toString).toList()) + ",  " + problem.variable() + " in ["
                + problem.domain().t0() + ", " + problem.domain().t1() + "]";
    }

    /**
     * What the console says of a run written to {@code out}: the comparison's warnings (on standard error), the
     * fitted parameters, the errors, the training and the files.
     */
    static void report(PrintStream console, TrainedPinn trained, Fitting.Outcome outcome, Path out,
                       List<String> extraFiles) {
        Comparison comparison = outcome.comparison();
        FitReport fit = outcome.fit();
        (fit == null ? Quality.warnings(trained, comparison) : Quality.warnings(trained, comparison, fit))
                .forEach(warning -> System.err.println("warning: " + warning));
        List<String> files = new ArrayList<>();
        if (fit != null) {
            Fitting.printTable(console, fit);
            console.println("errors below: the network against the solution at " + Fitting.referenceDescription(fit));
            files.addAll(List.of("parameters.png", "parameters.csv"));
            if (!fit.ensemble().isEmpty()) {
                files.add("ensemble.csv");
            }
        }
        files.addAll(extraFiles);
        printSummary(console, trained, comparison, out, files);
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
        console.println(AnalysisText.summary(trained.strategy().analysis()));
        console.println(trained.strategy().summary());
        String windows = trained.config().windows() > 1 ? " in " + trained.config().windows() + " time windows" : "";
        console.printf("training %.2f s%s%s%n", trained.trainingSeconds(), windows, stages);
        List<String> files = new ArrayList<>(List.of("solution.png", "error.png", "loss.png", "metrics.json",
                "solution.csv", "model/"));
        files.addAll(extraFiles);
        console.println("files in " + out + ": " + String.join(" ", files));
    }
}

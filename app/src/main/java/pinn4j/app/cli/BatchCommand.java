package pinn4j.app.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import pinn4j.app.batch.BatchReport;
import pinn4j.app.batch.BatchRunner;
import pinn4j.app.batch.BatchSpec;
import pinn4j.app.batch.RunSpec;
import pinn4j.plots.tensorboard.TensorBoardLog;
import pinn4j.problems.OdeProblem;
import pinn4j.problems.text.Located;
import pinn4j.solver.PinnTrainer;
import pinn4j.solver.TrainedPinn;
import pinn4j.solver.TrainingConfig;
import pinn4j.solver.TrainingListener;
import pinn4j.solver.TrainingListeners;
import pinn4j.solver.io.Folders;
import pinn4j.solver.settings.TrainingSettings;

/**
 * {@code pinn batch FILE}: every run of a sweep, on a pool of worker processes, resumable and shardable. Workers are
 * processes, not threads: the PyTorch engine lets one gradient collector run per process, and a crash in native code
 * then takes only its own runs with it. Each worker claims runs one at a time by creating a claim file, so workers
 * never do the same run twice, and exits when the process that started it is gone.
 */
@Command(name = "batch", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run a batch file: problems x sweep x seeds, then write summary.csv, ranking.csv and the report.")
final class BatchCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "The batch file (YAML).")
    Path file;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: out/batch-NAME).")
    Path out;

    @Option(names = "--workers", paramLabel = "N", description = "Worker processes, each with one engine thread;"
            + " at most one per run and " + Workers.WORKERS_PER_CORE + " per core (default: one per core, at most one"
            + " per run).")
    Integer workers;

    @Option(names = "--shard", paramLabel = "I/N", description = "Run only the I-th of N disjoint slices (1-based);"
            + " auto: this task's slice of a Slurm job array (SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT) or of a"
            + " Kubernetes Indexed Job (JOB_COMPLETION_INDEX, " + AutoShard.COUNT + ").")
    String shard;

    @Mixin
    TensorBoardOption tensorboard;

    @Option(names = "--worker", hidden = true, description = "Internal: run as a worker of a batch process.")
    boolean worker;

    /** The worker processes this invocation may start: the option's, or one per core; never more than runs. */
    private int workerLimit;

    @Override
    public Integer call() throws Exception {
        if ("auto".equals(shard)) {
            // Resolved once, so the workers, the messages and a resumed run all see the same I/N.
            shard = AutoShard.slice(System.getenv());
        }
        BatchSpec spec = BatchSpec.load(file);
        Path output = out != null ? out : Path.of("out", "batch-" + RunCommand.outputName(file.toString()));
        if (worker) {
            return work(spec, output, slice(BatchRunner.readPlan(output)));
        }
        if (shard != null && (spec.mode() == BatchSpec.Mode.HYPERBAND || spec.mode() == BatchSpec.Mode.BAYESIAN)) {
            throw new IllegalArgumentException("--shard cannot split a " + spec.mode().name().toLowerCase(
                    java.util.Locale.ROOT) + " batch: each " + (spec.mode() == BatchSpec.Mode.HYPERBAND ? "rung"
                    : "round") + " is chosen from all of the previous one's results; run it unsharded");
        }
        List<RunSpec> plan = spec.expand();
        workerLimit = workerLimit(slice(plan).size());
        validate(spec, plan);
        pinn4j.plots.files.RunFiles.checkWritable(output);
        tensorboard.check(output.resolve("runs"), "whose run folders are replaced whole as runs are done");
        Folders.Lock lock = Folders.lock(output);
        try {
            checkRunsFolder(output);
            return runAll(spec, output);
        } finally {
            lock.close();
        }
    }

    /** {@code --workers} checked against the runs and the cores, or its default: one per core, one per run. */
    private int workerLimit(int runs) {
        return Workers.limit(workers, runs, "the number of runs, " + runs + (shard != null ? " in shard " + shard : ""),
                "run");
    }

    /**
     * Checks, before any run starts, that every problem of the batch can be read and every run's settings (over its
     * problem's own) are valid: a batch that cannot run is refused whole, naming the entry, not run by run.
     */
    private void validate(BatchSpec spec, List<RunSpec> plan) throws IOException {
        Map<String, RunCommand.Resolved> problems = new java.util.HashMap<>();
        for (int i = 0; i < spec.problems().size(); i++) {
            String problem = spec.problems().get(i);
            try {
                problems.put(problem, RunCommand.resolve(problem, Map.of()));
            } catch (IllegalArgumentException e) {
                Path besideBatch = file.toAbsolutePath().getParent().resolve(problem);
                String hint = !Files.exists(Path.of(problem)) && Files.isRegularFile(besideBatch)
                        ? " (problem files are found from the current folder, not the batch file's: write "
                        + Path.of("").toAbsolutePath().relativize(besideBatch) + ")" : "";
                throw new IllegalArgumentException(spec.where("problems[" + i + "]") + ": " + e.getMessage() + hint);
            }
        }
        Map<List<Object>, RunCommand.Resolved> atParameters = new java.util.HashMap<>();
        for (RunSpec run : plan) {
            RunCommand.Resolved resolved = run.parameters().isEmpty() ? problems.get(run.problem())
                    : atParameters.computeIfAbsent(List.of(run.problem(), run.parameters()),
                            key -> resolveAt(spec, run, problems.get(run.problem()).problem()));
            PinnTrainer trainer = new PinnTrainer(config(spec, run, resolved));
            try {
                trainer.check(resolved.problem(), resolved.data());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(spec.where("problems[" + spec.problems().indexOf(run.problem())
                        + "]") + ": " + e.getMessage());
            }
        }
    }

    /**
     * A run's problem at the parameter values its axes chose; a parameter the problem ({@code plain}, as read
     * without them) lacks is refused at the axis, with the problem's parameters.
     */
    private static RunCommand.Resolved resolveAt(BatchSpec spec, RunSpec run, OdeProblem plain) {
        try {
            for (String name : run.parameters().keySet()) {
                if (!plain.parameters().containsKey(name)) {
                    throw new IllegalArgumentException(spec.where("sweep.axes." + name) + ": " + name + " is neither"
                            + " a parameter of " + run.problem() + " (its parameters: " + String.join(", ",
                            plain.parameters().keySet()) + ") nor a training setting (" + TrainingSettings.names()
                            + ")");
                }
            }
            try {
                return RunCommand.resolve(run.problem(), run.parameters());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(spec.where("sweep.axes." + run.parameters().keySet().iterator()
                        .next()) + ": " + run.problem() + " at " + run.parameters() + ": " + e.getMessage());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A run's output folder {@code runs/} must be a folder this process can write into. */
    private static void checkRunsFolder(Path output) {
        Path runs = output.resolve("runs");
        if (Files.exists(runs) && !Files.isDirectory(runs)) {
            throw new IllegalArgumentException(runs + " is a file; a batch keeps its runs in the folder " + runs
                    + ": move the file away or choose another --out");
        }
        try {
            Files.createDirectories(runs);
        } catch (IOException e) {
            throw new IllegalArgumentException("runs folder " + runs + " cannot be created: " + Folders.reason(e));
        }
        if (!Files.isWritable(runs)) {
            throw new IllegalArgumentException("runs folder " + runs + " is not writable: permission denied");
        }
    }

    /**
     * Runs the batch, holding its folder's lock: removes what killed processes left, runs what is not complete,
     * removes what stray workers of a killed batch left meanwhile, and writes the report. Exits with 1 when runs of
     * this invocation are missing, such as those of a worker that crashed.
     */
    private int runAll(BatchSpec spec, Path output) throws Exception {
        List<RunSpec> plan = new ArrayList<>(spec.expand());
        BatchRunner.removeUnfinished(output);
        execute(spec, output, plan, slice(plan));
        List<RunSpec> last = plan;
        for (int step = 1; ; step++) {
            List<RunSpec> next = spec.next(plan, last, () -> scores(output), step);
            if (next.isEmpty()) {
                break;
            }
            plan.addAll(next);
            execute(spec, output, plan, next);
            last = next;
        }
        BatchRunner.removeUnfinished(output);
        BatchReport.Summary summary = BatchReport.read(List.of(output));
        BatchReport.writeTables(summary, output);
        pinn4j.app.batch.BatchPage.write(summary, output, pinn4j.app.batch.Provenance.now("batch file " + file,
                PinnCli.VERSION));
        long failed = summary.rows().stream().filter(r -> !"ok".equals(r.status())).count();
        System.out.printf("%d of %d runs complete (%d failed or diverged); summary.csv, ranking.csv and index.html in"
                + " %s%n", summary.rows().size(), summary.planned(), failed, output);
        long missing = slice(plan).stream().filter(run -> !BatchRunner.isComplete(output, run)).count();
        if (missing > 0) {
            System.err.println("failed: " + missing + " runs did not complete (did a worker process die?); run the"
                    + " same command again to do them");
            return PinnCli.FAILURE;
        }
        return 0;
    }

    /** Writes the plan so far and runs the given runs of it, in this process or on workers. */
    private void execute(BatchSpec spec, Path output, List<RunSpec> plan, List<RunSpec> runs) throws Exception {
        BatchRunner.writePlan(output, spec, plan);
        long done = runs.stream().filter(run -> BatchRunner.isComplete(output, run)).count();
        int started = (int) Math.max(1, Math.min(workerLimit, runs.size() - done));
        System.err.printf("batch %s: %d runs%s, %d already complete, %d worker%s%n", file, runs.size(),
                shard != null ? " in shard " + shard + " of " + plan.size() : "", done, started,
                started == 1 ? "" : "s");
        try (ProgressBar bar = ProgressBars.create("runs", runs.size(), System.err, 500)) {
            bar.stepTo(done);
            if (started == 1) {
                for (RunSpec run : runs) {
                    BatchRunner.run(output, run, (r, listener) -> train(spec, r, listener, tensorboard),
                            lossReporter(bar, run));
                    bar.stepTo(runs.stream().filter(r -> BatchRunner.isComplete(output, r)).count());
                }
            } else {
                superviseWorkers(output, runs, bar, started);
            }
        }
    }

    /** Every finished run's error by its id, as the report scores it. */
    private static Map<String, Double> scores(Path output) {
        Map<String, Double> scores = new java.util.HashMap<>();
        try {
            BatchReport.read(List.of(output)).rows().forEach(row -> scores.put(row.id(), BatchReport.score(row)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return scores;
    }

    /** This shard's runs. */
    private List<RunSpec> slice(List<RunSpec> plan) {
        if (shard == null) {
            return plan;
        }
        String[] parts = shard.split("/");
        int index;
        int count;
        try {
            index = Integer.parseInt(parts[0]);
            count = Integer.parseInt(parts[1]);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--shard must be I/N such as 2/4, or auto, got '" + shard + "'");
        }
        if (parts.length != 2 || count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("--shard must be I/N with 1 <= I <= N, got '" + shard + "'");
        }
        return plan.stream().filter(run -> run.index() % count == index - 1).toList();
    }

    /**
     * Trains a run on its problem's measurements, if any, logging it to {@code --tensorboard DIR/ID} when given; its
     * files are those {@code pinn run} writes.
     */
    static BatchRunner.Trained train(BatchSpec spec, RunSpec run, TrainingListener listener,
                                     TensorBoardOption tensorboard) throws IOException {
        RunCommand.Resolved resolved = RunCommand.resolve(run.problem(), run.parameters());
        TrainingConfig config = config(spec, run, resolved);
        TrainedPinn trained;
        try (TensorBoardLog log = tensorboard.open(run.id(), resolved, config)) {
            trained = new PinnTrainer(config).train(resolved.problem(), resolved.data(), log == null ? listener
                    : TrainingListeners.of(listener, log));
        }
        return new BatchRunner.Trained(trained, folder -> Fitting.Outcome.of(resolved, trained).write(folder, trained));
    }

    /**
     * A run's configuration: its problem's own settings, then the run's axis values and seed, each located where
     * the batch file wrote it; the one reading of a run's settings, for the check before the batch and for training.
     */
    private static TrainingConfig config(BatchSpec spec, RunSpec run, RunCommand.Resolved resolved) {
        Map<String, Located> settings = new java.util.LinkedHashMap<>();
        int seed = spec.seeds().indexOf(run.seed());
        run.trainingSettings().forEach((name, value) -> settings.put(name, new Located(value, !name.equals("seed")
                ? spec.whereValue(name, value) : spec.where(seed < 0 ? "sweep.seeds" : "sweep.seeds[" + seed + "]"))));
        try {
            TrainingConfig config = TrainingSettings.read(resolved.training(), settings);
            return run.budget() < 1 ? config.withBudgetFraction(run.budget()) : config;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (in the run of " + run.problem() + " with "
                    + run.trainingSettings() + ")");
        }
    }

    private static TrainingListener lossReporter(ProgressBar bar, RunSpec run) {
        return Workers.every50((stage, record) -> bar.setExtraMessage(String.format("%s %s loss %.2e", run.id(),
                stage, record.total())));
    }

    /** A worker: claims and runs pending runs until none is left, then exits; prints its progress. */
    private int work(BatchSpec spec, Path output, List<RunSpec> runs) throws IOException {
        Workers.exitWithParent();
        for (RunSpec run : runs) {
            if (BatchRunner.isComplete(output, run) || !claim(output, run)) {
                continue;
            }
            BatchRunner.run(output, run, (r, listener) -> train(spec, r, listener, tensorboard),
                    Workers.progress(run.id(), System.out));
            System.out.println("done " + run.id());
            System.out.flush();
        }
        return 0;
    }

    private static boolean claim(Path output, RunSpec run) throws IOException {
        Path claim = output.resolve("runs").resolve("." + run.id() + ".claim");
        Files.createDirectories(claim.getParent());
        try {
            Files.createFile(claim);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    /** Starts the workers, relays their progress and waits for them. */
    private void superviseWorkers(Path output, List<RunSpec> runs, ProgressBar bar, int workers) throws Exception {
        List<Process> processes = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            List<String> args = new ArrayList<>(List.of("batch", file.toString(), "--out", output.toString(),
                    "--worker"));
            if (shard != null) {
                args.addAll(List.of("--shard", shard));
            }
            if (tensorboard.folder != null) {
                args.addAll(List.of("--tensorboard", tensorboard.folder.toString()));
            }
            Process process = Workers.start(args, ProcessBuilder.Redirect.DISCARD);
            processes.add(process);
            Thread reader = new Thread(() -> relay(process, bar, output, runs), "batch-worker-" + w);
            reader.start();
            readers.add(reader);
        }
        for (Process process : processes) {
            process.waitFor();
        }
        for (Thread reader : readers) {
            reader.join();
        }
        try (Stream<Path> claims = Files.list(output.resolve("runs"))) {
            for (Path claim : claims.filter(p -> p.getFileName().toString().endsWith(".claim")).toList()) {
                Files.deleteIfExists(claim);
            }
        }
    }

    private static void relay(Process process, ProgressBar bar, Path output, List<RunSpec> runs) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                String progress = Workers.progressMessage(line);
                if (progress != null) {
                    bar.setExtraMessage(progress);
                } else if (line.startsWith("done ")) {
                    synchronized (bar) {
                        bar.stepTo(runs.stream().filter(r -> BatchRunner.isComplete(output, r)).count());
                    }
                }
            }
        } catch (IOException e) {
            bar.setExtraMessage("lost a worker's output: " + e.getMessage());
        }
    }
}

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

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import pinn4j.app.batch.BatchReport;
import pinn4j.app.batch.BatchRunner;
import pinn4j.app.batch.BatchSpec;
import pinn4j.app.batch.RunSpec;
import pinn4j.solver.IterationRecord;
import pinn4j.solver.PinnTrainer;
import pinn4j.solver.TrainedPinn;
import pinn4j.solver.TrainingConfig;
import pinn4j.solver.optim.Stage;
import pinn4j.solver.settings.TrainingSettings;
import pinn4j.solver.TrainingListener;
import pinn4j.solver.io.Folders;

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

    @Option(names = "--workers", paramLabel = "N",
            description = "Worker processes, each with one engine thread (default: the number of cores, ${DEFAULT-VALUE}).")
    int workers = Runtime.getRuntime().availableProcessors();

    @Option(names = "--shard", paramLabel = "I/N", description = "Run only the I-th of N disjoint slices (1-based).")
    String shard;

    @Option(names = "--worker", hidden = true, description = "Internal: run as a worker of a batch process.")
    boolean worker;

    @Override
    public Integer call() throws Exception {
        BatchSpec spec = BatchSpec.load(file);
        Path output = out != null ? out : Path.of("out", "batch-" + RunCommand.outputName(file.toString()));
        if (worker) {
            return work(output, slice(BatchRunner.readPlan(output)));
        }
        if (workers < 1) {
            throw new IllegalArgumentException("--workers must be >= 1, got " + workers);
        }
        if (shard != null && spec.mode() == BatchSpec.Mode.HYPERBAND) {
            throw new IllegalArgumentException("--shard cannot split a hyperband batch: each rung is chosen from all"
                    + " of the previous rung's results; run it unsharded");
        }
        pinn4j.plots.files.RunFiles.checkWritable(output);
        Folders.Lock lock = Folders.lock(output);
        try {
            return runAll(spec, output);
        } finally {
            lock.close();
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
        if (spec.mode() == BatchSpec.Mode.HYPERBAND) {
            List<RunSpec> rung = plan;
            for (int next = 1; next <= spec.lastRung(); next++) {
                List<RunSpec> promoted = promote(spec, output, rung, next, plan.size());
                plan.addAll(promoted);
                execute(spec, output, plan, promoted);
                rung = promoted;
            }
        }
        BatchRunner.removeUnfinished(output);
        BatchReport.Summary summary = BatchReport.read(List.of(output));
        BatchReport.writeTables(summary, output);
        pinn4j.app.batch.BatchPage.write(summary, output);
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
        System.err.printf("batch %s: %d runs%s, %d already complete, %d workers%n", file, runs.size(),
                shard != null ? " in shard " + shard + " of " + plan.size() : "", done, workers);
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("runs").setInitialMax(runs.size())
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).continuousUpdate()
                .setConsumer(new ConsoleProgressBarConsumer(System.err, 150)).build()) {
            bar.stepTo(done);
            if (workers == 1) {
                for (RunSpec run : runs) {
                    BatchRunner.run(output, run, BatchCommand::train, lossReporter(bar, run));
                    bar.stepTo(runs.stream().filter(r -> BatchRunner.isComplete(output, r)).count());
                }
            } else {
                superviseWorkers(output, runs, bar);
            }
        }
    }

    /**
     * The next hyperband rung: per problem, the best {@code 1/reduction} of the last rung's configurations by mean
     * score over seeds, with {@code reduction} times the budget.
     */
    private static List<RunSpec> promote(BatchSpec spec, Path output, List<RunSpec> rung, int next, int firstIndex)
            throws IOException {
        BatchReport.Summary summary = BatchReport.read(List.of(output));
        java.util.Set<String> ids = rung.stream().map(RunSpec::id).collect(java.util.stream.Collectors.toSet());
        List<RunSpec> promoted = new ArrayList<>();
        for (String problem : spec.problems()) {
            Map<Map<String, Object>, List<Double>> scores = new java.util.LinkedHashMap<>();
            for (RunSpec run : rung) {
                if (run.problem().equals(problem)) {
                    Map<String, Object> configuration = new java.util.LinkedHashMap<>(run.settings());
                    configuration.remove("budget");
                    double score = summary.rows().stream().filter(r -> r.id().equals(run.id()) && ids.contains(r.id()))
                            .mapToDouble(BatchReport::score).findFirst().orElse(Double.POSITIVE_INFINITY);
                    scores.computeIfAbsent(configuration, c -> new ArrayList<>()).add(score);
                }
            }
            int keep = Math.max(1, (scores.size() + spec.reduction() - 1) / spec.reduction());
            List<Map<String, Object>> best = scores.entrySet().stream()
                    .sorted(java.util.Comparator.comparingDouble(e -> e.getValue().stream()
                            .mapToDouble(Double::doubleValue).average().orElse(Double.POSITIVE_INFINITY)))
                    .limit(keep).map(Map.Entry::getKey).toList();
            promoted.addAll(spec.runs(problem, spec.withBudget(best, next), firstIndex + promoted.size()));
        }
        return promoted;
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
            throw new IllegalArgumentException("--shard must be I/N such as 2/4, got '" + shard + "'");
        }
        if (parts.length != 2 || count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("--shard must be I/N with 1 <= I <= N, got '" + shard + "'");
        }
        return plan.stream().filter(run -> run.index() % count == index - 1).toList();
    }

    static TrainedPinn train(RunSpec run, TrainingListener listener) throws IOException {
        RunCommand.Resolved resolved = RunCommand.resolve(run.problem(), Map.of());
        TrainingConfig config = TrainingSettings.read(resolved.training(),
                TrainingSettings.at(run.trainingSettings(), "batch run " + run.id()));
        if (run.budget() < 1) {
            config = config.withBudgetFraction(run.budget());
        }
        return new PinnTrainer(config).train(resolved.problem(), listener);
    }

    private static TrainingListener lossReporter(ProgressBar bar, RunSpec run) {
        return every50((stage, record) -> bar.setExtraMessage(String.format("%s %s loss %.2e", run.id(), stage,
                record.total())));
    }

    /** A listener that reports every 50th iteration of each stage, with the stage's optimizer. */
    private static TrainingListener every50(java.util.function.BiConsumer<String, IterationRecord> report) {
        return new TrainingListener() {
            private String stage = "";

            @Override
            public void onStageStart(int index, Stage planned) {
                stage = planned.label();
            }

            @Override
            public void onIteration(IterationRecord record) {
                if (record.iteration() % 50 == 0) {
                    report.accept(stage, record);
                }
            }
        };
    }

    /** A worker: claims and runs pending runs until none is left, then exits; prints its progress. */
    private int work(Path output, List<RunSpec> runs) throws IOException {
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(3)));
        for (RunSpec run : runs) {
            if (BatchRunner.isComplete(output, run) || !claim(output, run)) {
                continue;
            }
            BatchRunner.run(output, run, BatchCommand::train, every50((stage, record) -> {
                System.out.printf("progress %s %s %.3e%n", run.id(), stage, record.total());
                System.out.flush();
            }));
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
    private void superviseWorkers(Path output, List<RunSpec> runs, ProgressBar bar) throws Exception {
        List<Process> processes = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        String java = ProcessHandle.current().info().command().orElse("java");
        for (int w = 0; w < workers; w++) {
            List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                    "-Djava.awt.headless=true", "-Dai.djl.offline=true", PinnCli.class.getName(), "batch",
                    file.toString(), "--out", output.toString(), "--worker"));
            if (shard != null) {
                command.addAll(List.of("--shard", shard));
            }
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
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
                if (line.startsWith("progress ")) {
                    String[] parts = line.split(" ");
                    bar.setExtraMessage(parts[1] + " " + parts[2] + " loss " + parts[3]);
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

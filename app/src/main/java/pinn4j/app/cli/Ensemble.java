package pinn4j.app.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import pinn4j.plots.comparator.Comparison;
import pinn4j.plots.comparator.FitReport;
import pinn4j.problems.Observations;
import pinn4j.problems.OdeProblem;
import pinn4j.solver.PinnTrainer;
import pinn4j.solver.TrainedPinn;
import pinn4j.solver.TrainingConfig;
import pinn4j.solver.io.Folders;

/**
 * {@code pinn run --ensemble N}: an inverse problem trained with N seeds on worker processes (the PyTorch engine
 * lets one gradient collector run per process), the spread of its estimates over them, and the run's files from the
 * member with the lowest final loss.
 *
 * <p>The run's process starts the workers with its own command line and {@code --ensemble-worker STAGING}, the
 * hidden folder its run is written in. It hands out seeds one at a time on a worker's standard input
 * ({@code train SEED}); the worker trains, writes the member's figures to {@code STAGING/.members/SEED.json} and
 * answers {@code done SEED} on its standard output, with {@code progress} lines meanwhile. Each worker keeps only
 * the best network it trained, so the one with the lowest final loss of all is still open in its worker when every
 * member is done: that worker is told {@code write SEED}, writes the run's files into the staging folder and prints
 * what a run prints, which the run's process passes on once the folder is published. Closing a worker's standard
 * input ends it; a worker also ends when the run's process is gone. A worker that fails fails the whole run and
 * nothing is published.
 */
final class Ensemble {

    /** The largest ensemble: every member is a whole training. */
    static final int MAX_SIZE = 1000;

    /** The members' figures, in the staging folder of the run; removed before the folder is published. */
    private static final String MEMBERS = ".members";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--ensemble", paramLabel = "N", description = "For an inverse problem: train N seeds (the run's"
            + " seed S, then S+1 to S+N-1) in worker processes; print each fitted parameter's mean +- standard"
            + " deviation over them, draw their band on solution.png and list them in ensemble.csv. The run's other"
            + " files are the member's with the lowest final loss. 1 to " + MAX_SIZE + " (default: 1, no ensemble).")
    Integer size;

    @Option(names = "--bootstrap", description = "With --ensemble: every member but the first (seed S) trains on the"
            + " measurements drawn anew with replacement, seeded by its seed, so the spread includes what the noise"
            + " does to the estimates, as the classical standard errors do; without it the spread is over initial"
            + " weights only. The run's files are seed S's, trained on the measurements as given.")
    boolean bootstrap;

    @Option(names = "--workers", paramLabel = "W", description = "With --ensemble: worker processes, each training"
            + " one member at a time with one engine thread; at most N and " + Workers.WORKERS_PER_CORE + " per core"
            + " (default: one per core, at most N).")
    Integer workers;

    @Option(names = "--ensemble-worker", hidden = true, paramLabel = "FOLDER",
            description = "Internal: train members of the ensemble whose run is being written into FOLDER.")
    Path staging;

    /** The command this is part of, for its command line, which the workers are given. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The worker processes to start, set by {@link #check}. */
    private int workerCount;

    /** Whether this process is a worker of an ensemble. */
    boolean isWorker() {
        return staging != null;
    }

    /** The number of members; 1 without an ensemble. */
    int size() {
        return size == null ? 1 : size;
    }

    /**
     * Checks the ensemble's options against the problem and settings, before any training.
     *
     * @throws IllegalArgumentException naming the option, the value and what is allowed
     */
    void check(RunCommand.Resolved resolved, TrainingConfig config, ShowOptions show) {
        if (bootstrap && (size == null || size < 2)) {
            throw new IllegalArgumentException("--bootstrap resamples the measurements of an ensemble's members; give"
                    + " --ensemble N with N >= 2 too");
        }
        if (size == null) {
            if (workers != null) {
                throw new IllegalArgumentException("--workers " + workers + ": worker processes train the members of"
                        + " an ensemble; give --ensemble N too, or leave --workers out");
            }
            return;
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("--ensemble must be a whole number from 1 to " + MAX_SIZE
                    + " (1: no ensemble), got " + size);
        }
        if (!resolved.isInverse()) {
            throw new IllegalArgumentException("--ensemble " + size + ": " + resolved.origin() + " fits no parameters,"
                    + " so there is no estimate to average over seeds; --ensemble is for inverse problems: give --fit"
                    + " NAMES --data FILE.csv, or a problem file with a fit: section");
        }
        if (size > 1 && (show.live || show.animate)) {
            throw new IllegalArgumentException("--ensemble " + size + " trains its members in worker processes;"
                    + " --live and --animate watch a training in this one: leave them out");
        }
        try {
            Math.addExact(config.seed(), size - 1);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("--ensemble " + size + " from seed " + config.seed() + " goes past the"
                    + " largest seed, " + Long.MAX_VALUE + ": give a smaller --seed");
        }
        workerCount = Workers.limit(workers, size, "the ensemble's size, " + size, "member");
    }

    /**
     * Trains the ensemble, holding the output folder's lock, and publishes the run's folder whole when the chosen
     * member's files and {@code ensemble.csv} are written.
     *
     * @return 0, or an exception: a worker that failed, or every member diverged
     */
    int train(RunCommand.Resolved resolved, TrainingConfig config, Path out, boolean quiet) throws IOException {
        PrintStream console = System.out;
        RunCommand.printHeader(resolved, config, console);
        long first = config.seed();
        console.printf("ensemble of %d seeds, %d to %d, on %d worker process%s%n", size, first, first + size - 1,
                workerCount, workerCount == 1 ? "" : "es");
        List<String> report = new ArrayList<>();
        Folders.writeFolder(out, folder -> report.addAll(supervise(folder, first, quiet, console)));
        report.forEach(console::println);
        return 0;
    }

    /** Runs the workers on the staging folder; returns what the chosen member's worker printed of the run. */
    private List<String> supervise(Path folder, long first, boolean quiet, PrintStream console) throws IOException {
        Path members = folder.resolve(MEMBERS);
        Files.createDirectories(members);
        // The hidden option goes before the command's own arguments: after them it could follow a "--".
        List<String> args = new ArrayList<>(List.of(command.name(), "--ensemble-worker", folder.toString()));
        args.addAll(command.commandLine().getParseResult().expandedArgs());
        BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
        List<Worker> pool = new ArrayList<>();
        try {
            Map<Long, Worker> trainedBy = new HashMap<>();
            try (ProgressBar bar = quiet ? null : ProgressBars.create("members", size, System.err, 500)) {
                for (int w = 0; w < workerCount; w++) {
                    pool.add(new Worker(Workers.start(args, ProcessBuilder.Redirect.PIPE), answers, bar));
                }
                long next = first;
                for (Worker worker : pool) {
                    worker.send("train " + next, next);
                    trainedBy.put(next++, worker);
                }
                for (int done = 0; done < size; done++) {
                    Answer answer = answers.take();
                    if (answer.seed() == null) {
                        throw answer.worker().failure();
                    }
                    if (bar != null) {
                        bar.step();
                    }
                    if (next < first + size) {
                        answer.worker().send("train " + next, next);
                        trainedBy.put(next++, answer.worker());
                    }
                }
            }
            FitReport.Member chosen = choose(readMembers(members), console);
            Worker holder = trainedBy.get(chosen.seed());
            holder.send("write " + chosen.seed(), chosen.seed());
            for (Worker worker : pool) {
                worker.finish();
            }
            Folders.deleteTree(members);
            return holder.printed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the ensemble trained");
        } finally {
            for (Worker worker : pool) {
                worker.stop();
            }
        }
    }

    /** The member whose files the run keeps; says which, and which members diverged. */
    private FitReport.Member choose(List<FitReport.Member> members, PrintStream console) {
        List<FitReport.Member> diverged = members.stream().filter(FitReport.Member::diverged).toList();
        FitReport.Member chosen = FitReport.lowestLoss(members).orElseThrow(() -> new IllegalStateException("every"
                + " member of the ensemble diverged (seeds " + members.get(0).seed() + " to "
                + members.get(members.size() - 1).seed() + "), so there is nothing to report; seed "
                + members.get(0).seed() + ": " + members.get(0).divergence()));
        if (!diverged.isEmpty()) {
            System.err.println("warning: " + diverged.size() + " of " + size + " members diverged and are left out of"
                    + " the mean, the spread and the band: " + String.join("; ", diverged.stream()
                    .map(m -> "seed " + m.seed() + ": " + m.divergence()).toList()));
        }
        List<FitReport.Member> stuck = members.stream().filter(m -> FitReport.stuck(m, members)).toList();
        if (!stuck.isEmpty()) {
            System.err.println("warning: " + stuck.size() + " of " + size + " members got stuck (a final loss over "
                    + FitReport.digits(FitReport.STUCK) + " times the median) and are left out of the mean, the spread"
                    + " and the band: " + String.join("; ", stuck.stream().map(m -> String.format(java.util.Locale.ROOT,
                    "seed %d, loss %.2e, %s", m.seed(), m.finalLoss(), m.estimates())).toList()));
        }
        console.printf(bootstrap ? "the run's files are seed %d's, trained on the measurements as given (final loss"
                + " %.3e); the others on resamples of them%n" : "the run's files are seed %d's, the member with the"
                + " lowest final loss (%.3e)%n", chosen.seed(), chosen.finalLoss());
        return chosen;
    }

    /** What a worker answered: a seed done, or (seed null) its output ended. */
    private record Answer(Worker worker, Long seed) {
    }

    /** A worker process seen from the run's process: its commands, its answers, what it printed. */
    private static final class Worker {

        private final Process process;
        private final Writer commands;
        private final Thread out;
        private final Thread err;
        /** The console lines of the run it wrote, if it was chosen. */
        private final List<String> printed = Collections.synchronizedList(new ArrayList<>());
        /** Its last "failed:" or "error:" line, the reason it stopped. */
        private volatile String reason;
        /** The seed it was last given. */
        private volatile long seed;

        Worker(Process process, BlockingQueue<Answer> answers, ProgressBar bar) {
            this.process = process;
            commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            out = reader(process.getInputStream(), line -> {
                String progress = Workers.progressMessage(line);
                if (progress != null) {
                    if (bar != null) {
                        bar.setExtraMessage("seed " + progress);
                    }
                } else if (line.startsWith("done ")) {
                    answers.add(new Answer(this, Long.parseLong(line.substring("done ".length()))));
                } else {
                    printed.add(line);
                }
            }, () -> answers.add(new Answer(this, null)));
            err = reader(process.getErrorStream(), line -> {
                if (line.startsWith("failed: ") || line.startsWith("error: ")) {
                    reason = line.substring(line.indexOf(' ') + 1);
                } else if (line.startsWith("warning: ") || System.getenv("PINN_DEBUG") != null) {
                    System.err.println(line);
                }
            }, () -> { });
        }

        /** A thread that passes each line of a stream on, then says that it ended. */
        private static Thread reader(InputStream stream, Consumer<String> each, Runnable end) {
            Thread thread = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        each.accept(line);
                    }
                } catch (IOException e) {
                    // the process is gone: its exit code tells why
                }
                end.run();
            }, "ensemble-worker");
            thread.setDaemon(true);
            thread.start();
            return thread;
        }

        /** Gives it a command about a seed. */
        void send(String line, long about) throws InterruptedException {
            seed = about;
            try {
                commands.write(line + "\n");
                commands.flush();
            } catch (IOException e) {
                throw failure();
            }
        }

        /** Ends its commands and waits for it to finish what it was told. */
        void finish() throws InterruptedException {
            try {
                commands.close();
            } catch (IOException e) {
                // the process is gone: its exit code tells why
            }
            if (process.waitFor() != 0) {
                throw failure();
            }
            out.join();
            err.join();
        }

        /** Why the run fails with this worker gone: its exit code and last message. */
        IllegalStateException failure() throws InterruptedException {
            int code = process.waitFor();
            err.join();
            return new IllegalStateException("the worker process with seed " + seed + " of the ensemble stopped (exit"
                    + " code " + code + ")" + (reason != null ? ": " + reason : ""));
        }

        /** Ends it if it is still running, and waits until it is gone: nothing may write into the folder after. */
        void stop() {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * A worker: trains the seeds it is given, keeps the best network, writes the run's files when told; ends when
     * its commands end or the run's process is gone.
     *
     * @return 0
     */
    int work(RunCommand.Resolved resolved, TrainingConfig config, Path out) throws IOException {
        Workers.exitWithParent();
        Path members = staging.resolve(MEMBERS);
        PrintStream console = System.out;
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        TrainedPinn kept = null;
        FitReport.Member keptMember = null;
        try {
            for (String line = commands.readLine(); line != null; line = commands.readLine()) {
                long seed = Long.parseLong(line.substring(line.indexOf(' ') + 1));
                if (line.startsWith("train ")) {
                    boolean resampled = bootstrap && seed != config.seed();
                    TrainedPinn trained = new PinnTrainer(config.withSeed(seed)).train(resolved.problem(),
                            resampled ? resample(resolved.data(), seed) : resolved.data(),
                            Workers.progress(Long.toString(seed), console));
                    try {
                        FitReport.Member member = member(trained, resampled);
                        Folders.writeFile(members.resolve(seed + ".json"), o -> JSON.writeValue(o, member));
                        // Only the best network so far can be the run's; the other one is closed at once.
                        List<FitReport.Member> both = keptMember == null ? List.of(member)
                                : List.of(keptMember, member);
                        if (FitReport.lowestLoss(both).orElse(null) == member) {
                            TrainedPinn previous = kept;
                            kept = trained;
                            keptMember = member;
                            trained = previous;
                        }
                    } finally {
                        if (trained != null) {
                            trained.close();
                        }
                    }
                    console.println("done " + seed);
                    console.flush();
                } else if (kept == null || kept.seed() != seed) {
                    throw new IllegalStateException("this ensemble worker does not hold the network of seed " + seed);
                } else {
                    Fitting.Outcome outcome = Fitting.Outcome.of(resolved, kept).withEnsemble(readMembers(members));
                    outcome.write(staging, kept);
                    RunCommand.report(console, kept, outcome, out, List.of());
                }
            }
        } finally {
            if (kept != null) {
                kept.close();
            }
        }
        return 0;
    }

    /**
     * A nonparametric bootstrap sample of the measurements: each series drawn anew, as many points as it has, with
     * replacement, from a generator seeded by the member's seed.
     */
    static List<Observations> resample(List<Observations> data, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Observations> drawn = new ArrayList<>();
        for (Observations series : data) {
            double[] t = series.t();
            double[] values = series.values();
            double[] newT = new double[t.length];
            double[] newValues = new double[t.length];
            for (int i = 0; i < t.length; i++) {
                int pick = random.nextInt(t.length);
                newT[i] = t[pick];
                newValues[i] = values[pick];
            }
            drawn.add(new Observations(series.unknown(), newT, newValues));
        }
        return drawn;
    }

    /** A trained member's figures; its solution on the grid of the run's comparison. */
    private static FitReport.Member member(TrainedPinn trained, boolean resampled) {
        OdeProblem problem = trained.estimatedProblem();
        double[][] solution = trained.evaluate(problem.domain().grid(Comparison.DEFAULT_POINTS), problem.maxOrder())[0];
        return new FitReport.Member(trained.seed(), trained.bestRecord().total(), trained.divergence().orElse(null),
                trained.fittedParameters(), solution, resampled);
    }

    /** Every member's figures the workers wrote, in seed order. */
    private static List<FitReport.Member> readMembers(Path folder) throws IOException {
        List<Path> files;
        try (Stream<Path> entries = Files.list(folder)) {
            files = entries.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        }
        List<FitReport.Member> members = new ArrayList<>();
        for (Path file : files) {
            members.add(JSON.readValue(file.toFile(), FitReport.Member.class));
        }
        members.sort(Comparator.comparingLong(FitReport.Member::seed));
        return members;
    }
}

package pinn4j.app.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

import pinn4j.solver.IterationRecord;
import pinn4j.solver.TrainingListener;
import pinn4j.solver.optim.Stage;

/**
 * Worker processes of a batch or an ensemble: how many, how they are started, how they report progress. Workers are
 * processes, not threads: the PyTorch engine lets one gradient collector run per process, and a crash in native code
 * then takes only its own trainings with it.
 */
final class Workers {

    /** The most worker processes per core: more only compete for the cores and memory. */
    static final int WORKERS_PER_CORE = 4;

    private Workers() {
    }

    /**
     * {@code --workers} checked against the tasks and the cores, or its default: one per core, at most one per task.
     *
     * @param requested the option's value, or null when it was not given
     * @param tasks the number of trainings to share out
     * @param tasksInWords the tasks for a message, such as {@code the number of runs, 12}
     * @param task one task in words, such as {@code run}
     * @return the number of workers to start
     * @throws IllegalArgumentException naming the option, the value and what is allowed
     */
    static int limit(Integer requested, int tasks, String tasksInWords, String task) {
        int cores = Runtime.getRuntime().availableProcessors();
        if (requested == null) {
            return Math.max(1, Math.min(cores, tasks));
        }
        int most = WORKERS_PER_CORE * cores;
        if (requested < 1 || requested > most) {
            throw new IllegalArgumentException("--workers must be from 1 to " + most + " (" + WORKERS_PER_CORE
                    + " per core; this machine has " + cores + "), got " + requested);
        }
        if (requested > Math.max(1, tasks)) {
            throw new IllegalArgumentException("--workers must be at most " + tasksInWords + ", got " + requested
                    + "; a worker does one " + task + " at a time");
        }
        return requested;
    }

    /**
     * Starts {@code pinn ARGS} as a worker process: this process's Java and class path, headless and offline; its
     * standard input and output are pipes to this process.
     *
     * @param args the command line of the worker, such as {@code batch FILE --worker}
     * @param errors where the worker's standard error goes
     * @return the started process
     * @throws IOException when it cannot be started
     */
    static Process start(List<String> args, ProcessBuilder.Redirect errors) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), "-Djava.awt.headless=true", "-Dai.djl.offline=true",
                PinnCli.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectError(errors).start();
    }

    /** In a worker: ends this process when the process that started it is gone, so that no worker is orphaned. */
    static void exitWithParent() {
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit()
                .thenRun(() -> Runtime.getRuntime().halt(3)));
    }

    /** A listener that reports every 50th iteration of each stage, with the stage's label. */
    static TrainingListener every50(BiConsumer<String, IterationRecord> report) {
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

    /**
     * In a worker: a listener that prints {@code progress ID STAGE LOSS} lines for the process that started it.
     *
     * @param id the training's name in the lines: a batch run's id, an ensemble member's seed
     * @param out the worker's standard output
     * @return the listener
     */
    static TrainingListener progress(String id, PrintStream out) {
        return every50((stage, record) -> {
            out.printf("progress %s %s %.3e%n", id, stage, record.total());
            out.flush();
        });
    }

    /**
     * A worker's {@code progress} line in words for a progress bar.
     *
     * @param line a line of the worker's output
     * @return {@code ID STAGE loss LOSS}, or null when the line is not a progress line
     */
    static String progressMessage(String line) {
        String[] parts = line.split(" ");
        if (parts.length < 4 || !parts[0].equals("progress")) {
            return null;
        }
        // A stage's label may hold blanks: it is everything between the id and the loss.
        return parts[1] + " " + String.join(" ", Arrays.asList(parts).subList(2, parts.length - 1)) + " loss "
                + parts[parts.length - 1];
    }
}

package pinn4j.app.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import pinn4j.solver.IterationRecord;
import pinn4j.solver.TrainedPinn;
import pinn4j.solver.TrainingListener;
import pinn4j.solver.io.Folders;

/**
 * Runs a batch's runs and keeps their results safe. A run is built in a hidden folder and renamed into
 * {@code runs/ID} only when every file is written ({@link Folders#writeFolder}), so {@code runs/ID/run.json} exists
 * exactly when the run is complete: a re-invocation skips those and redoes the rest, and a killed process leaves
 * nothing half written. A run that fails or diverges is recorded with its error and the batch goes on.
 */
public final class BatchRunner {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final String RECORD = "run.json";

    /** Trains a run's problem with a run's settings; supplied by the command line, which resolves problems. */
    @FunctionalInterface
    public interface Trainer {
        /**
         * Trains one run.
         *
         * @param run the run: problem, settings and seed
         * @param listener told about the training as it runs
         * @return the trained network with the writer of its files, closed by the caller
         * @throws IOException when the run's problem file or measurements cannot be read
         */
        Trained train(RunSpec run, TrainingListener listener) throws IOException;
    }

    /** Writes a trained run's files, those {@code pinn run} writes (an inverse problem's with its fit). */
    @FunctionalInterface
    public interface RunWriter {
        /**
         * Writes the files.
         *
         * @param folder the run's folder
         * @throws IOException when a file cannot be written
         */
        void write(Path folder) throws IOException;
    }

    /**
     * A trained run: the network, and what writes its files.
     *
     * @param pinn the trained network
     * @param files writes the run's files, as {@code pinn run} does
     */
    public record Trained(TrainedPinn pinn, RunWriter files) implements AutoCloseable {
        /** Closes the network. */
        @Override
        public void close() {
            pinn.close();
        }
    }

    private BatchRunner() {
    }

    /**
     * The folder of a run's results.
     *
     * @param output the batch's output folder
     * @param run the run
     * @return {@code output/runs/ID}
     */
    public static Path runFolder(Path output, RunSpec run) {
        return output.resolve("runs").resolve(run.id());
    }

    /**
     * Whether a run's results are complete.
     *
     * @param output the batch's output folder
     * @param run the run
     * @return true when its {@code run.json} exists
     */
    public static boolean isComplete(Path output, RunSpec run) {
        return Files.isRegularFile(runFolder(output, run).resolve(RECORD));
    }

    /**
     * Removes the hidden folders and claims of runs that processes left unfinished; only while no process of the
     * batch is working in {@code output}.
     *
     * @param output the batch's output folder
     * @throws IOException when a folder cannot be removed
     */
    public static void removeUnfinished(Path output) throws IOException {
        Path runs = output.resolve("runs");
        if (!Files.isDirectory(runs)) {
            return;
        }
        try (Stream<Path> entries = Files.list(runs)) {
            for (Path partial : entries.filter(p -> p.getFileName().toString().startsWith(".")).toList()) {
                Folders.deleteTree(partial);
            }
        }
    }

    /**
     * Writes the batch's plan, so that reports of its shards can be merged in order.
     *
     * @param output the batch's output folder, created if missing
     * @param spec the batch, for its axes
     * @param runs every run of the batch, in plan order
     * @throws IOException when {@code plan.json} cannot be written
     */
    public static void writePlan(Path output, BatchSpec spec, List<RunSpec> runs) throws IOException {
        Files.createDirectories(output);
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("axes", List.copyOf(spec.axes().keySet()));
        plan.put("runs", runs.stream().map(BatchRunner::describe).toList());
        Folders.writeFile(output.resolve("plan.json"), out -> JSON.writeValue(out, plan));
    }

    /**
     * The runs of the plan a batch process wrote; workers take their runs from it.
     *
     * @param output the batch's output folder
     * @return the runs, in plan order
     * @throws IOException when {@code plan.json} cannot be read
     * @throws IllegalStateException when a run's identifier does not match its settings
     */
    @SuppressWarnings("unchecked")
    public static List<RunSpec> readPlan(Path output) throws IOException {
        Map<String, Object> plan = JSON.readValue(output.resolve("plan.json").toFile(), Map.class);
        List<RunSpec> runs = new java.util.ArrayList<>();
        for (Map<String, Object> run : (List<Map<String, Object>>) plan.get("runs")) {
            RunSpec spec = new RunSpec(((Number) run.get("index")).intValue(), (String) run.get("problem"),
                    (Map<String, Object>) run.get("settings"), ((Number) run.get("seed")).longValue());
            if (!spec.id().equals(run.get("id"))) {
                throw new IllegalStateException("plan.json in " + output + " is inconsistent at run " + run.get("id"));
            }
            runs.add(spec);
        }
        return runs;
    }

    /**
     * Runs one run unless its results exist; returns its record.
     *
     * @param output the batch's output folder
     * @param run the run
     * @param trainer trains the run's problem with its settings
     * @param listener told about the training as it runs
     * @return the contents of its {@code run.json}: id, index, problem, settings, seed, status and error
     * @throws IOException when the run's folder cannot be written or an existing record cannot be read
     */
    public static Map<String, Object> run(Path output, RunSpec run, Trainer trainer, TrainingListener listener)
            throws IOException {
        Path target = runFolder(output, run);
        if (isComplete(output, run)) {
            return JSON.readValue(target.resolve(RECORD).toFile(), Map.class);
        }
        Map<String, Object> record = describe(run);
        Folders.writeFolder(target, partial -> {
            try (Trained trained = trainer.train(run, listener)) {
                trained.files().write(partial);
                writeLossHistory(partial, trained.pinn());
                record.put("status", trained.pinn().divergence().isPresent() ? "diverged" : "ok");
                record.put("error", trained.pinn().divergence().orElse(null));
            } catch (IOException | RuntimeException e) {
                record.put("status", "failed");
                record.put("error", e instanceof IOException io ? Folders.describe(io) : e.getMessage() == null
                        ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse(""));
            }
            Folders.writeFile(partial.resolve(RECORD), out -> JSON.writeValue(out, record));
        });
        return record;
    }

    static Map<String, Object> describe(RunSpec run) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", run.id());
        record.put("index", run.index());
        record.put("problem", run.problem());
        record.put("settings", run.settings());
        record.put("seed", run.seed());
        return record;
    }

    /** {@code loss.csv}: step, stage, iteration, weighted total, then every term. */
    private static void writeLossHistory(Path folder, TrainedPinn trained) throws IOException {
        StringBuilder csv = new StringBuilder("step,stage,iteration,total");
        trained.history().termNames().forEach(name -> csv.append(',').append('"').append(name).append('"'));
        csv.append('\n');
        for (IterationRecord r : trained.history().records()) {
            csv.append(r.step()).append(',').append(trained.config().stages().get(r.stage()).optimizerId()).append(',').append(r.iteration()).append(',')
                    .append(r.total());
            for (double term : r.terms()) {
                csv.append(',').append(term);
            }
            csv.append('\n');
        }
        Folders.writeFile(folder.resolve("loss.csv"), out -> out.write(csv.toString()
                .getBytes(StandardCharsets.UTF_8)));
    }
}

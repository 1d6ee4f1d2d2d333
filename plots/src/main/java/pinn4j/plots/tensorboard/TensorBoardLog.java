package pinn4j.plots.tensorboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import ai.djl.training.tracker.Tracker;
import pinn4j.plots.comparator.ErrorTrace;
import pinn4j.problems.OdeProblem;
import pinn4j.solver.IterationRecord;
import pinn4j.solver.LossTerm;
import pinn4j.solver.NetworkView;
import pinn4j.solver.TrainingConfig;
import pinn4j.solver.TrainingListener;
import pinn4j.solver.optim.FirstOrderStage;
import pinn4j.solver.optim.Stage;

/**
 * Logs a training to a TensorBoard event file, one event per step (1-based, counted over the whole training, time
 * windows included, as the run's loss history numbers them), with these scalars:
 * <ul>
 *   <li>{@value #TOTAL}: the weighted total that is minimized;</li>
 *   <li>{@value #LOSS}{@code NAME}: every loss term's unweighted value, named as in the loss history, such as
 *       {@code loss/residual} or {@code loss/x(0) = 1} ({@code loss/x(window start)} in time windows);</li>
 *   <li>{@value #LEARNING_RATE}: in first-order stages, the rate of the update that follows the step's evaluation,
 *       its decay included; second-order stages (L-BFGS, Levenberg-Marquardt, ...) have no learning rate, so none is
 *       logged there;</li>
 *   <li>{@value #PARAMETER}{@code NAME}: an inverse problem's fitted parameters;</li>
 *   <li>{@value #ERROR}: given a reference, the relative L2 error against it at step 1 and every
 *       {@value #ERROR_EVERY} steps (evaluating the network on the reference's grid costs a forward pass); not when
 *       training in time windows, where each window's network answers only on its window.</li>
 * </ul>
 * Closing the log closes its file; every event is in the file as soon as it is logged.
 */
public final class TensorBoardLog implements TrainingListener, AutoCloseable {

    /** The tag of the weighted total. */
    public static final String TOTAL = "loss/total";
    /** The prefix of every loss term's tag. */
    public static final String LOSS = "loss/";
    /** The tag of the learning rate. */
    public static final String LEARNING_RATE = "learning_rate";
    /** The prefix of every fitted parameter's tag. */
    public static final String PARAMETER = "parameters/";
    /** The tag of the relative L2 error against the reference. */
    public static final String ERROR = "error/relative_l2";
    /** Steps between two measurements of the error against the reference. */
    public static final int ERROR_EVERY = 10;

    private final EventFileWriter writer;
    private final ErrorTrace reference;
    private List<String> termTags = List.of();
    private List<String> parameterTags = List.of();
    private NetworkView network;
    private boolean trackError;
    private Tracker learningRates;
    private long step;

    private TensorBoardLog(EventFileWriter writer, ErrorTrace reference) {
        this.writer = writer;
        this.reference = reference;
    }

    /**
     * A log without the error against a reference, in a new event file in the folder; the event files already there
     * are removed first, so that the folder shows this training alone.
     *
     * @param folder the folder, created if missing
     * @return the log, to pass to the trainer as a listener and to close after training
     * @throws IOException when the folder or the file cannot be created or an earlier event file removed
     */
    public static TensorBoardLog open(Path folder) throws IOException {
        return new TensorBoardLog(newFile(folder), null);
    }

    /**
     * A log with the error against a reference, as {@link #open(Path)} otherwise.
     *
     * @param folder the folder, created if missing
     * @param reference the reference to measure the network against (its {@link ErrorTrace#error}), that of the
     *     problem being trained
     * @return the log, to pass to the trainer as a listener and to close after training
     * @throws IOException when the folder or the file cannot be created or an earlier event file removed
     */
    public static TensorBoardLog open(Path folder, ErrorTrace reference) throws IOException {
        return new TensorBoardLog(newFile(folder), Objects.requireNonNull(reference, "reference"));
    }

    private static EventFileWriter newFile(Path folder) throws IOException {
        Files.createDirectories(folder);
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path earlier : entries.filter(p -> p.getFileName().toString().startsWith(EventFileWriter.PREFIX)
                    && Files.isRegularFile(p)).toList()) {
                Files.delete(earlier);
            }
        }
        return EventFileWriter.create(folder);
    }

    /**
     * The event file being written.
     *
     * @return its path
     */
    public Path file() {
        return writer.path();
    }

    @Override
    public void onTrainingStart(OdeProblem problem, TrainingConfig config, List<LossTerm> terms, NetworkView view) {
        // Named as the run's loss history names them, so that every window's terms go on the same curves.
        termTags = terms.stream().map(term -> LOSS + (config.windows() > 1 ? term.overWindows() : term).name())
                .toList();
        parameterTags = problem.fittedNames().stream().map(name -> PARAMETER + name).toList();
        network = view;
        trackError = reference != null && config.windows() == 1;
    }

    @Override
    public void onStageStart(int index, Stage stage) {
        learningRates = stage instanceof FirstOrderStage firstOrder ? firstOrder.learningRates() : null;
    }

    /**
     * Writes the step's event.
     *
     * @param record the iteration's loss terms and total
     * @throws UncheckedIOException when the event cannot be written
     */
    @Override
    public void onIteration(IterationRecord record) {
        step++;
        Map<String, Float> scalars = new LinkedHashMap<>();
        scalars.put(TOTAL, (float) record.total());
        for (int i = 0; i < termTags.size(); i++) {
            scalars.put(termTags.get(i), (float) record.term(i));
        }
        if (learningRates != null) {
            scalars.put(LEARNING_RATE, learningRates.getNewValue(record.iteration()));
        }
        double[] fitted = record.fitted();
        for (int i = 0; i < parameterTags.size(); i++) {
            scalars.put(parameterTags.get(i), (float) fitted[i]);
        }
        if (trackError && (step == 1 || step % ERROR_EVERY == 0)) {
            scalars.put(ERROR, (float) reference.error(network));
        }
        try {
            writer.write(step, scalars);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Closes the event file.
     *
     * @throws IOException when closing fails
     */
    @Override
    public void close() throws IOException {
        writer.close();
    }
}

package pinn4j.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import picocli.CommandLine.Option;
import pinn4j.plots.comparator.ErrorTrace;
import pinn4j.plots.tensorboard.TensorBoardLog;
import pinn4j.solver.TrainingConfig;
import pinn4j.solver.io.Folders;

/**
 * {@code --tensorboard DIR}: TensorBoard event files of the training. An output location like {@code --out}, not a
 * training setting: it changes nothing of the trained network, so it has no place in a problem's {@code training:}
 * section, a batch's axes or {@code metrics.json}.
 */
final class TensorBoardOption {

    @Option(names = "--tensorboard", paramLabel = "DIR", description = "Also write TensorBoard event files into DIR"
            + " as training runs (a batch: DIR/RUN-ID for each run): each loss term, the total, the learning rate,"
            + " fitted parameters and the error against the reference, per step; see them with `tensorboard --logdir"
            + " DIR`. Event files already in that folder are replaced.")
    Path folder;

    /**
     * Checks, before any training, that the folder can be created and written and is not inside a folder that is
     * replaced whole; creates it.
     *
     * @param replaced the folder the command replaces whole, or whose sub-folders it replaces, such as a run's
     *     output folder
     * @param what that folder in words, for the message, such as {@code the output folder, replaced whole ...}
     * @throws IllegalArgumentException naming the option, the value and what is allowed
     */
    void check(Path replaced, String what) {
        if (folder == null) {
            return;
        }
        String allowed = "; give a folder that can be created and written (it need not exist)";
        if (folder.toAbsolutePath().normalize().startsWith(replaced.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("--tensorboard " + folder + " is inside " + replaced + ", " + what
                    + "; give a folder outside it");
        }
        for (Path ancestor = folder.toAbsolutePath().normalize(); ancestor != null; ancestor = ancestor.getParent()) {
            if (Files.exists(ancestor) && !Files.isDirectory(ancestor)) {
                throw new IllegalArgumentException("--tensorboard " + folder + ": " + (ancestor.equals(folder
                        .toAbsolutePath().normalize()) ? "it is a file" : ancestor + " is a file") + allowed);
            }
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException | SecurityException e) {
            throw new IllegalArgumentException("--tensorboard " + folder + ": cannot be created: " + Folders.reason(e)
                    + allowed);
        }
        if (!Files.isWritable(folder)) {
            throw new IllegalArgumentException("--tensorboard " + folder + ": not writable: permission denied"
                    + allowed);
        }
    }

    /**
     * The log of one training, or null without the option: in the folder itself, or in its sub-folder for a run
     * of a batch. The error against the reference is logged for a forward problem that has one.
     *
     * @param run the run's sub-folder name, or null for the folder itself
     * @param resolved the problem being trained
     * @param config its configuration
     * @return the log, to close after training, or null
     * @throws IOException when the event file cannot be created
     */
    TensorBoardLog open(String run, RunCommand.Resolved resolved, TrainingConfig config) throws IOException {
        if (folder == null) {
            return null;
        }
        Path target = run == null ? folder : folder.resolve(run);
        // An inverse problem's reference depends on the parameters being fitted, and a window's network answers on its
        // window alone: neither has one reference to follow during training.
        if (resolved.isInverse() || config.windows() > 1) {
            return TensorBoardLog.open(target);
        }
        ErrorTrace reference;
        try {
            reference = ErrorTrace.of(resolved.problem(), TensorBoardLog.ERROR_EVERY);
        } catch (IllegalArgumentException e) {
            // No exact solution and no Hipparchus one: the run's report says so; the log goes without the error.
            return TensorBoardLog.open(target);
        }
        return TensorBoardLog.open(target, reference);
    }
}

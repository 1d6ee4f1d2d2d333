package pinn4j.solver;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how often a training saves a checkpoint ({@link Checkpoint}): not a training setting, as it does not
 * change the result, but a choice of how the run is kept, like its output folder.
 *
 * @param folder the checkpoint folder, replaced whole at every checkpoint
 * @param every a checkpoint after every {@code every} iterations, counted over the whole training (the records'
 *     {@link IterationRecord#step()}), &gt;= 1
 * @param notes what the caller keeps with the checkpoint, e.g. the command that started the run, to resume it
 */
public record Checkpointing(Path folder, int every, Map<String, String> notes) {

    /**
     * Validates the policy.
     *
     * @param folder the checkpoint folder
     * @param every iterations between checkpoints, &gt;= 1
     * @param notes what the caller keeps with the checkpoint; names are letters, digits, dots and dashes
     * @throws IllegalArgumentException when {@code every} is below 1 or a note's name is not plain
     */
    public Checkpointing {
        Objects.requireNonNull(folder, "folder");
        if (every < 1) {
            throw new IllegalArgumentException("checkpoints come every N iterations with N >= 1, got " + every);
        }
        notes.keySet().forEach(name -> {
            if (!name.matches("[A-Za-z0-9.-]+")) {
                throw new IllegalArgumentException("a checkpoint note's name is letters, digits, dots and dashes,"
                        + " got '" + name + "'");
            }
        });
        notes = Map.copyOf(notes);
    }
}

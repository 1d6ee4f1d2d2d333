package pinn4j.app.cli;

import java.util.Map;

/**
 * {@code --shard auto}: the slice a batch process runs, read from the variables its scheduler sets, so one command
 * serves every task of a Slurm job array or a Kubernetes Indexed Job.
 */
final class AutoShard {

    /** The variable a Kubernetes Indexed Job's manifest sets to the Job's completions, which Kubernetes does not pass. */
    static final String COUNT = "PINN_SHARD_COUNT";

    private AutoShard() {
    }

    /**
     * The slice of this task: a Slurm array task's position in its array ({@code SLURM_ARRAY_TASK_ID} counted from
     * {@code SLURM_ARRAY_TASK_MIN} in steps of {@code SLURM_ARRAY_TASK_STEP}, of {@code SLURM_ARRAY_TASK_COUNT}),
     * else a Kubernetes Indexed Job's {@code JOB_COMPLETION_INDEX} (0-based) of {@value #COUNT}.
     *
     * @param env the environment
     * @return the slice as {@code --shard I/N} takes it, 1-based
     * @throws IllegalArgumentException naming the variable, its value and what is allowed
     */
    static String slice(Map<String, String> env) {
        if (env.containsKey("SLURM_ARRAY_TASK_ID")) {
            return slurm(env);
        }
        if (env.containsKey("JOB_COMPLETION_INDEX")) {
            int index = number(env, "JOB_COMPLETION_INDEX", 0);
            if (!env.containsKey(COUNT)) {
                throw new IllegalArgumentException("--shard auto: JOB_COMPLETION_INDEX=" + index + " is set but " + COUNT
                        + " is not; set it to the Job's completions (see examples/cluster/batch-indexed-job.yaml)");
            }
            int count = number(env, COUNT, 1);
            if (index >= count) {
                throw new IllegalArgumentException("--shard auto: JOB_COMPLETION_INDEX must be from 0 to " + COUNT
                        + " - 1 = " + (count - 1) + ", got " + index);
            }
            return (index + 1) + "/" + count;
        }
        throw new IllegalArgumentException("--shard auto found neither a Slurm job array (SLURM_ARRAY_TASK_ID,"
                + " SLURM_ARRAY_TASK_COUNT) nor a Kubernetes Indexed Job (JOB_COMPLETION_INDEX, " + COUNT + ") in the"
                + " environment; elsewhere give --shard I/N");
    }

    private static String slurm(Map<String, String> env) {
        int id = number(env, "SLURM_ARRAY_TASK_ID", 0);
        if (!env.containsKey("SLURM_ARRAY_TASK_COUNT")) {
            throw new IllegalArgumentException("--shard auto: SLURM_ARRAY_TASK_ID=" + id + " is set but"
                    + " SLURM_ARRAY_TASK_COUNT is not; Slurm sets both in a job array (sbatch --array)");
        }
        int count = number(env, "SLURM_ARRAY_TASK_COUNT", 1);
        // Slurm sets MIN and STEP in every array; without them, ids are taken as Slurm's default 0, 1, 2, ...
        int min = env.containsKey("SLURM_ARRAY_TASK_MIN") ? number(env, "SLURM_ARRAY_TASK_MIN", 0) : 0;
        int step = env.containsKey("SLURM_ARRAY_TASK_STEP") ? number(env, "SLURM_ARRAY_TASK_STEP", 1) : 1;
        long last = min + (long) (count - 1) * step;
        String array = "SLURM_ARRAY_TASK_MIN=" + min + ", SLURM_ARRAY_TASK_STEP=" + step + ", SLURM_ARRAY_TASK_COUNT="
                + count;
        // A list such as --array=1,2,7 has no position per id that every task would agree on: refused, not guessed.
        if (env.containsKey("SLURM_ARRAY_TASK_MAX") && number(env, "SLURM_ARRAY_TASK_MAX", 0) != last) {
            throw new IllegalArgumentException("--shard auto: SLURM_ARRAY_TASK_MAX=" + env.get("SLURM_ARRAY_TASK_MAX")
                    + " is not the last id of the evenly stepped array " + array + ", which is " + last + "; submit"
                    + " the array as a range, --array=A-B or A-B:STEP");
        }
        if (id < min || id > last || (id - min) % step != 0) {
            throw new IllegalArgumentException("--shard auto: SLURM_ARRAY_TASK_ID must be one of " + min
                    + (count > 1 ? ", " + (min + step) : "") + (count > 2 ? ", ..., " + last : "") + " (" + array
                    + "), got " + id);
        }
        return ((id - min) / step + 1) + "/" + count;
    }

    /** The variable's value as a whole number of at least {@code least}. */
    private static int number(Map<String, String> env, String name, int least) {
        String value = env.get(name);
        int number;
        try {
            number = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--shard auto: " + name + " must be a whole number >= " + least
                    + ", got '" + value + "'");
        }
        if (number < least) {
            throw new IllegalArgumentException("--shard auto: " + name + " must be a whole number >= " + least
                    + ", got " + number);
        }
        return number;
    }
}

package pinn4j.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code --shard auto}: a batch's shards run as separate processes with a Slurm array's or a Kubernetes Indexed Job's
 * variables set (the Slurm ones through {@code examples/cluster/slurm-array.sh} itself) and merged with
 * {@code pinn report} give the whole batch's summary; a missing, non-numeric or inconsistent variable is refused.
 */
class ShardAutoTest {

    private static final Path CLUSTER = Path.of("..", "examples", "cluster");

    /** Three configurations by two seeds: two runs per shard of three. */
    private static final String BATCH = String.join("\n",
            "problems: [exponential-decay]",
            "sweep:",
            "  mode: grid",
            "  seeds: [1, 2]",
            "  axes:",
            "    layers: [[8, 8]]",
            "    adamIterations: [20]",
            "    lbfgsIterations: [20]",
            "    lr: [0.001, 0.003, 0.01]",
            "");

    @Test
    void shardsOfASlurmArrayAndOfAnIndexedJobMergeIntoTheWholeBatch(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("tiny.yaml");
        Files.writeString(file, BATCH);
        Path whole = folder.resolve("whole");
        assertEquals(0, PinnCli.execute("batch", file.toString(), "--out", whole.toString(), "--workers", "1"));
        List<List<String>> expected = summary(whole);
        assertEquals(6, expected.size());

        // Slurm array ids need not start at 0 or 1: --array=4-6 gives the tasks 4, 5 and 6.
        Path launcher = launcher(folder);
        Map<String, Process> shards = new LinkedHashMap<>();
        for (int id = 4; id <= 6; id++) {
            shards.put("slurm-" + id, start(folder, Map.of("SLURM_ARRAY_TASK_ID", "" + id, "SLURM_ARRAY_TASK_COUNT", "3",
                    "SLURM_ARRAY_TASK_MIN", "4", "SLURM_ARRAY_TASK_MAX", "6", "SLURM_ARRAY_TASK_STEP", "1",
                    "SLURM_SUBMIT_DIR", folder.toString()), "slurm-" + id, "bash",
                    CLUSTER.resolve("slurm-array.sh").toAbsolutePath().toString(), file.toString(), "slurm", launcher.toString()));
        }
        for (int index = 0; index < 3; index++) {
            shards.put("indexed-" + index, start(folder, Map.of("JOB_COMPLETION_INDEX", "" + index, AutoShard.COUNT, "3"),
                    "indexed-" + index, launcher.toString(), "batch", file.toString(), "--shard", "auto", "--out",
                    folder.resolve("indexed").resolve("shard-" + index).toString(), "--workers", "1"));
        }
        for (Map.Entry<String, Process> shard : shards.entrySet()) {
            assertTrue(shard.getValue().waitFor(300, TimeUnit.SECONDS), shard.getKey() + " ends");
            assertEquals(0, shard.getValue().exitValue(), Files.readString(folder.resolve(shard.getKey() + ".log")));
        }
        for (String engine : List.of("slurm", "indexed")) {
            List<String> parts = new ArrayList<>();
            try (Stream<Path> folders = Files.list(folder.resolve(engine))) {
                for (Path shard : folders.sorted().toList()) {
                    try (Stream<Path> runs = Files.list(shard.resolve("runs"))) {
                        assertEquals(2, runs.filter(Files::isDirectory).count(), "a third of the runs in " + shard);
                    }
                    parts.add(shard.toString());
                }
            }
            assertEquals(3, parts.size(), engine);
            Path merged = folder.resolve(engine + "-report");
            List<String> report = new ArrayList<>(List.of("report"));
            report.addAll(parts);
            report.addAll(List.of("--out", merged.toString()));
            assertEquals(0, PinnCli.execute(report.toArray(String[]::new)));
            assertEquals(expected, summary(merged), engine + " shards merged");
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "''                                                   | --shard auto found neither a Slurm job array"
            + " (SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT) nor a Kubernetes Indexed Job (JOB_COMPLETION_INDEX,"
            + " PINN_SHARD_COUNT) in the environment; elsewhere give --shard I/N",
        "SLURM_ARRAY_TASK_ID=x,SLURM_ARRAY_TASK_COUNT=3       | --shard auto: SLURM_ARRAY_TASK_ID must be a whole number"
            + " >= 0, got 'x'",
        "SLURM_ARRAY_TASK_ID=2                                | --shard auto: SLURM_ARRAY_TASK_ID=2 is set but"
            + " SLURM_ARRAY_TASK_COUNT is not; Slurm sets both in a job array (sbatch --array)",
        "SLURM_ARRAY_TASK_ID=1,SLURM_ARRAY_TASK_COUNT=0       | --shard auto: SLURM_ARRAY_TASK_COUNT must be a whole"
            + " number >= 1, got 0",
        "SLURM_ARRAY_TASK_ID=7,SLURM_ARRAY_TASK_COUNT=3,SLURM_ARRAY_TASK_MIN=4 | --shard auto: SLURM_ARRAY_TASK_ID must"
            + " be one of 4, 5, ..., 6 (SLURM_ARRAY_TASK_MIN=4, SLURM_ARRAY_TASK_STEP=1, SLURM_ARRAY_TASK_COUNT=3),"
            + " got 7",
        "SLURM_ARRAY_TASK_ID=4,SLURM_ARRAY_TASK_COUNT=3,SLURM_ARRAY_TASK_MIN=1,SLURM_ARRAY_TASK_STEP=2 | --shard auto:"
            + " SLURM_ARRAY_TASK_ID must be one of 1, 3, ..., 5 (SLURM_ARRAY_TASK_MIN=1, SLURM_ARRAY_TASK_STEP=2,"
            + " SLURM_ARRAY_TASK_COUNT=3), got 4",
        "SLURM_ARRAY_TASK_ID=2,SLURM_ARRAY_TASK_COUNT=3,SLURM_ARRAY_TASK_MIN=1,SLURM_ARRAY_TASK_MAX=7 | --shard auto:"
            + " SLURM_ARRAY_TASK_MAX=7 is not the last id of the evenly stepped array SLURM_ARRAY_TASK_MIN=1,"
            + " SLURM_ARRAY_TASK_STEP=1, SLURM_ARRAY_TASK_COUNT=3, which is 3; submit the array as a range,"
            + " --array=A-B or A-B:STEP",
        "JOB_COMPLETION_INDEX=1                               | --shard auto: JOB_COMPLETION_INDEX=1 is set but"
            + " PINN_SHARD_COUNT is not; set it to the Job's completions (see examples/cluster/batch-indexed-job.yaml)",
        "JOB_COMPLETION_INDEX=3,PINN_SHARD_COUNT=3            | --shard auto: JOB_COMPLETION_INDEX must be from 0 to"
            + " PINN_SHARD_COUNT - 1 = 2, got 3",
        "JOB_COMPLETION_INDEX=-1,PINN_SHARD_COUNT=3           | --shard auto: JOB_COMPLETION_INDEX must be a whole number"
            + " >= 0, got -1",
        "JOB_COMPLETION_INDEX=0,PINN_SHARD_COUNT=three        | --shard auto: PINN_SHARD_COUNT must be a whole number"
            + " >= 1, got 'three'",
    })
    void aBadEnvironmentIsRefusedNamingTheVariable(String variables, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AutoShard.slice(environment(variables)));
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "SLURM_ARRAY_TASK_ID=5,SLURM_ARRAY_TASK_COUNT=3,SLURM_ARRAY_TASK_MIN=4,SLURM_ARRAY_TASK_MAX=6 | 2/3",
        "SLURM_ARRAY_TASK_ID=7,SLURM_ARRAY_TASK_COUNT=4,SLURM_ARRAY_TASK_MIN=1,SLURM_ARRAY_TASK_STEP=2 | 4/4",
        "SLURM_ARRAY_TASK_ID=0,SLURM_ARRAY_TASK_COUNT=2                                                | 1/2",
        "JOB_COMPLETION_INDEX=0,PINN_SHARD_COUNT=3                                                     | 1/3",
        "JOB_COMPLETION_INDEX=2,PINN_SHARD_COUNT=3                                                     | 3/3",
    })
    void theSliceIsTheTasksPositionInItsArray(String variables, String slice) {
        assertEquals(slice, AutoShard.slice(environment(variables)));
    }

    /** The whole command line refuses a bad environment before reading the batch or training. */
    @Test
    void aProcessWithoutTheVariablesExitsWith2(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("tiny.yaml"), BATCH);
        Process process = start(folder, Map.of("SLURM_ARRAY_TASK_ID", "5", "SLURM_ARRAY_TASK_COUNT", "three"), "bad",
                launcher(folder).toString(), "batch", folder.resolve("tiny.yaml").toString(), "--shard", "auto",
                "--out", folder.resolve("out").toString());
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        String log = Files.readString(folder.resolve("bad.log"));
        assertEquals(2, process.exitValue(), log);
        assertEquals("error: --shard auto: SLURM_ARRAY_TASK_COUNT must be a whole number >= 1, got 'three'",
                log.trim());
        assertFalse(Files.exists(folder.resolve("out")), "nothing written");
    }

    /** The manifest parses, is an Indexed Job, and tells its pods the count Kubernetes does not pass. */
    @Test
    @SuppressWarnings("unchecked")
    void theIndexedJobPassesItsCompletionsAsTheShardCount() throws IOException {
        Map<String, Object> job = new Yaml().load(Files.readString(CLUSTER.resolve("batch-indexed-job.yaml")));
        Map<String, Object> spec = (Map<String, Object>) job.get("spec");
        assertEquals("Indexed", spec.get("completionMode"));
        Map<String, Object> container = ((List<Map<String, Object>>) ((Map<String, Object>) ((Map<String, Object>)
                spec.get("template")).get("spec")).get("containers")).get(0);
        List<Map<String, Object>> env = (List<Map<String, Object>>) container.get("env");
        assertTrue(env.contains(Map.of("name", AutoShard.COUNT, "value", spec.get("completions").toString())), "" + env);
        assertTrue(container.get("args").toString().contains("--shard auto --out "), "" + container.get("args"));
    }

    private static Map<String, String> environment(String variables) {
        return variables.isEmpty() ? Map.of() : Arrays.stream(variables.split(","))
                .collect(Collectors.toMap(v -> v.split("=")[0], v -> v.split("=", 2)[1]));
    }

    /** A stand-in for {@code ./pinn}, which would build the project: this JVM's Java and class path. */
    private static Path launcher(Path folder) throws IOException {
        Path launcher = folder.resolve("pinn");
        Files.writeString(launcher, "#!/bin/sh\nexec '" + ProcessHandle.current().info().command().orElse("java")
                + "' -Djava.awt.headless=true -cp '" + System.getProperty("java.class.path") + "' "
                + PinnCli.class.getName() + " \"$@\"\n");
        assertTrue(launcher.toFile().setExecutable(true));
        return launcher;
    }

    /** Starts a command in {@code folder} with only {@code env} of the schedulers' variables; its output to NAME.log. */
    private static Process start(Path folder, Map<String, String> env, String name, String... command)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("SLURM_") || k.equals("JOB_COMPLETION_INDEX")
                || k.equals(AutoShard.COUNT));
        builder.environment().putAll(env);
        return builder.redirectOutput(folder.resolve(name + ".log").toFile()).start();
    }

    /** summary.csv's rows by run id, without the seconds a run took. */
    private static List<List<String>> summary(Path folder) throws IOException {
        List<List<String>> rows = Files.readAllLines(folder.resolve("summary.csv")).stream()
                .map(line -> new ArrayList<>(Arrays.asList(line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1))))
                .collect(Collectors.toCollection(ArrayList::new));
        int seconds = rows.get(0).indexOf("seconds");
        assertTrue(seconds > 0, "a seconds column: " + rows.get(0));
        rows.forEach(row -> row.remove(seconds));
        List<List<String>> runs = rows.subList(1, rows.size());
        runs.sort(Comparator.comparing(row -> row.get(0)));
        return new ArrayList<>(runs);
    }
}

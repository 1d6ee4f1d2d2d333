package pinn4j.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pinn4j.solver.io.Folders;

/**
 * {@code pinn run --checkpoint-every N} in a process killed with SIGKILL after its first checkpoint, then
 * {@code pinn run --resume DIR}, gives the uninterrupted run's metrics (final loss, errors, iterations) exactly,
 * and leaves no checkpoint behind; bad values, a folder without a checkpoint, a damaged checkpoint and training
 * flags with {@code --resume} exit 2 before training.
 */
class CheckpointCliTest {

    private static final List<String> TRAINING = List.of("exponential-decay", "--quiet", "--layers", "8,8",
            "--adam-iterations", "1500", "--lbfgs-iterations", "200");

    @TempDir
    Path folder;

    private static List<String> run(List<String> training, String... more) {
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(training);
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void killedAndResumedRunGivesTheUninterruptedMetrics() throws Exception {
        Path whole = folder.resolve("whole");
        CliOutcome uninterrupted = CliOutcome.run(run(TRAINING, "--out", whole.toString()).toArray(String[]::new));
        assertEquals(0, uninterrupted.code(), uninterrupted.err());

        Path out = folder.resolve("killed");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true", "-Djava.awt.headless=true",
                PinnCli.class.getName()));
        command.addAll(run(TRAINING, "--checkpoint-every", "100", "--out", out.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(folder.resolve("killed.log").toFile()).start();
        Path manifest = out.resolve("checkpoint").resolve("checkpoint.properties");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(manifest) && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(process.isAlive(), "killed while training: " + Files.readString(folder.resolve("killed.log")));
        process.destroyForcibly().waitFor();
        assertTrue(Files.exists(manifest), "a checkpoint is left");
        assertFalse(Files.exists(out.resolve("metrics.json")), "the run did not finish");

        // A damaged copy is refused; a corrupted byte in the middle of the state.
        Path damaged = folder.resolve("damaged");
        Folders.writeFolder(damaged.resolve("checkpoint"), copy -> {
            for (String name : List.of("checkpoint.properties", "state.bin")) {
                Files.copy(out.resolve("checkpoint").resolve(name), copy.resolve(name));
            }
        });
        byte[] state = Files.readAllBytes(damaged.resolve("checkpoint").resolve("state.bin"));
        state[state.length / 2] ^= 0x10;
        Files.write(damaged.resolve("checkpoint").resolve("state.bin"), state);
        refused(List.of("run", "--resume", damaged.toString()), "does not match the checksum");

        CliOutcome resumed = CliOutcome.run("run", "--resume", out.toString(), "--quiet");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("resuming `pinn run exponential-decay"), resumed.out());
        assertFalse(Files.exists(out.resolve("checkpoint")), "the finished run leaves no checkpoint");
        JsonNode a = new ObjectMapper().readTree(whole.resolve("metrics.json").toFile());
        JsonNode b = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        for (String key : List.of("finalLoss", "relativeL2Error", "maxAbsError", "heldOutResidualRms")) {
            assertEquals(a.get(key).doubleValue(), b.get(key).doubleValue(), 0, key);
        }
        assertEquals(a.get("iterations").intValue(), b.get("iterations").intValue());
        assertEquals(Files.readString(whole.resolve("solution.csv")), Files.readString(out.resolve("solution.csv")));
    }

    @Test
    void badValuesAndFoldersExitTwoBeforeTraining() throws IOException {
        refused(run(TRAINING, "--checkpoint-every", "0"), "--checkpoint-every: '0' is not allowed; give a whole"
                + " number of iterations >= 1");
        refused(run(TRAINING, "--checkpoint-every", "ten"), "--checkpoint-every: 'ten' is not allowed");
        refused(List.of("run", "exponential-decay", "--checkpoint-every", "5", "--stages", "adam:10,lm:10"),
                "--checkpoint-every:"
                + " checkpoints cannot resume a Gauss-Newton stage (lm)");
        refused(run(TRAINING, "--checkpoint-every", "5", "--windows", "2"), "not windows=2");
        refused(run(TRAINING, "--checkpoint-every", "5", "--tensorboard", folder.resolve("tb").toString()),
                "--checkpoint-every: --tensorboard records the training as it runs");
        Path empty = Files.createDirectories(folder.resolve("empty"));
        refused(List.of("run", "--resume", empty.toString()), "holds no checkpoint");
        refused(List.of("run", "--resume", folder.resolve("missing").toString()), "does not exist");
        refused(List.of("run", "--resume", empty.toString(), "--lr", "0.1"), "leave out --lr");
        refused(List.of("run", "exponential-decay", "--resume", empty.toString()), "leave out the PROBLEM");
        refused(List.of("run"), "give a PROBLEM to train");
    }

    private static void refused(List<String> args, String message) {
        CliOutcome outcome = CliOutcome.run(args.toArray(String[]::new));
        assertEquals(2, outcome.code(), outcome.err());
        assertTrue(outcome.err().contains(message), outcome.err());
        assertFalse(outcome.err().contains("\tat "), "no stack trace: " + outcome.err());
    }
}

package pinn4j.solver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pinn4j.problems.DampedHarmonicOscillator;
import pinn4j.problems.FittedParameter;
import pinn4j.problems.Observations;
import pinn4j.problems.OdeProblem;
import pinn4j.solver.optim.FirstOrderOptimizer;
import pinn4j.solver.optim.FirstOrderStage;
import pinn4j.solver.optim.LbfgsStage;
import pinn4j.solver.optim.SelfScaledQuasiNewton;
import pinn4j.solver.optim.SelfScaledStage;
import pinn4j.solver.optim.Stage;

/**
 * A training killed after some checkpoints and resumed from the last one ends where the uninterrupted training
 * ends, bit for bit: the network's values, the fitted parameters, every record's terms and total, and the best
 * record. The kill is a listener throwing at a given step, after the checkpoint before it.
 */
class CheckpointResumeTest {

    private static final OdeProblem OSCILLATOR = DampedHarmonicOscillator.of(1, 4, 400, 1, 0, 0, 1);
    private static final double[] T = OSCILLATOR.domain().grid(33);

    @TempDir
    Path folder;

    /** Thrown by the listener that kills a training. */
    private static final class Killed extends RuntimeException {
        Killed() {
            super("killed");
        }
    }

    private static TrainingConfig config(Collocation points, Stage... plan) {
        return TrainingConfig.builder().optLayers(List.of(12, 12)).optCollocation(points).optStages(plan).build();
    }

    @Test
    void adamWithResampledRandomPoints() throws IOException {
        // A checkpoint every 10 steps, killed at 26: resumed from step 20, between two resamplings (every 7).
        same(config(new Collocation(40, Collocation.Sampling.RANDOM, 7), FirstOrderStage.adam(50)), OSCILLATOR,
                List.of(), 10, 26);
    }

    @Test
    void nadamWithLearningRateDecayAndDropout() throws IOException {
        // Dropout draws new masks at every step: resumed, its random source is put back by replaying the draws.
        same(TrainingConfig.builder().optLayers(List.of(12, 12)).optCollocation(Collocation.grid(40))
                .optRegularization(new Regularization(0, 0, 0.1)).optStages(FirstOrderStage.of(
                        FirstOrderOptimizer.NADAM, 40).withLearningRate(0.01).withDecay(
                        new pinn4j.solver.optim.LearningRateDecay(0.5, 9))).build(), OSCILLATOR, List.of(), 15, 33);
    }

    @Test
    void adamThenLbfgsResumedInsideTheSearch() throws IOException {
        // Killed at step 61, resumed from the L-BFGS state after step 50 (its 20th iteration): pairs, point, gradient.
        same(config(Collocation.grid(40), FirstOrderStage.adam(30), LbfgsStage.of(60)), OSCILLATOR, List.of(), 25,
                61);
    }

    @Test
    void selfScaledSearchResumedWithItsMatrix() throws IOException {
        same(config(Collocation.grid(30), FirstOrderStage.adam(10),
                SelfScaledStage.of(SelfScaledQuasiNewton.Update.SSBROYDEN, 40)), OSCILLATOR, List.of(), 20, 37);
    }

    @Test
    void inverseProblemWithRescaledWeightsAndRamp() throws IOException {
        // mu fitted from 33 measurements: the residual weights follow mu and ramp up in the last stage, the search
        // restarting each time; the checkpoints every 9 steps land before, between and after restarts.
        OdeProblem guess = OSCILLATOR.withParameters(Map.of("mu", 2.0)).withFitted(List.of(FittedParameter
                .free("mu")));
        double[] x = new double[T.length];
        for (int i = 0; i < T.length; i++) {
            x[i] = OSCILLATOR.exactSolutions().get("x").valueAt(T[i]);
        }
        List<Observations> data = List.of(new Observations("x", T, x));
        String reason = same(config(Collocation.grid(40), FirstOrderStage.adam(20), LbfgsStage.of(60)), guess, data,
                9, 70);
        assertTrue(reason.contains("restarted"), reason);
    }

    @Test
    void aCheckpointOfAnotherTrainingOrDamagedIsRefused() throws IOException {
        TrainingConfig config = config(Collocation.grid(20), FirstOrderStage.adam(12));
        Path checkpoint = folder.resolve("checkpoint");
        new PinnTrainer(config).train(OSCILLATOR, List.of(), TrainingListeners.none(),
                new Checkpointing(checkpoint, 5, Map.of())).close();
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class, () -> new PinnTrainer(
                config.withSeed(2)).resume(OSCILLATOR, List.of(), TrainingListeners.none(), checkpoint, null));
        assertTrue(other.getMessage().contains("belongs to another training"), other.getMessage());
        byte[] state = Files.readAllBytes(checkpoint.resolve(Checkpoint.STATE));
        state[state.length / 2] ^= 1;
        Files.write(checkpoint.resolve(Checkpoint.STATE), state);
        IllegalArgumentException damaged = assertThrows(IllegalArgumentException.class, () -> new PinnTrainer(
                config).resume(OSCILLATOR, List.of(), TrainingListeners.none(), checkpoint, null));
        assertTrue(damaged.getMessage().contains("checksum"), damaged.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PinnTrainer(config.withStages(List.of(
                new pinn4j.solver.optim.GaussNewtonStage(pinn4j.solver.optim.GaussNewtonOptions.defaults(
                        pinn4j.solver.optim.GaussNewton.Mode.values()[0], 5)))))
                .checkCheckpointing());
    }

    /**
     * Trains whole, then killed at {@code killAt} with checkpoints every {@code every} and resumed: the same.
     *
     * @return the last stage's stop reason
     */
    private String same(TrainingConfig config, OdeProblem problem, List<Observations> data, int every, int killAt)
            throws IOException {
        PinnTrainer trainer = new PinnTrainer(config);
        Path checkpoint = folder.resolve("checkpoint");
        try (TrainedPinn whole = trainer.train(problem, data, TrainingListeners.none())) {
            assertThrows(Killed.class, () -> trainer.train(problem, data, new TrainingListener() {
                @Override
                public void onIteration(IterationRecord record) {
                    if (record.step() == killAt) {
                        throw new Killed();
                    }
                }
            }, new Checkpointing(checkpoint, every, Map.of())).close());
            assertEquals(Integer.toString(killAt - 1 - (killAt - 1) % every), Files.readAllLines(checkpoint.resolve(
                    Checkpoint.MANIFEST)).stream().filter(line -> line.startsWith("step=")).findFirst().orElseThrow()
                    .substring(5), "the last checkpoint before the kill");
            int[] heard = {0};
            try (TrainedPinn resumed = trainer.resume(problem, data, new TrainingListener() {
                @Override
                public void onIteration(IterationRecord record) {
                    heard[0]++;
                }
            }, checkpoint, null)) {
                List<IterationRecord> a = whole.history().records();
                List<IterationRecord> b = resumed.history().records();
                assertEquals(a.size(), b.size(), "records");
                assertTrue(heard[0] > 0 && heard[0] < b.size(), "the listener hears the resumed part only");
                for (int i = 0; i < a.size(); i++) {
                    assertEquals(a.get(i).total(), b.get(i).total(), 0, "total of record " + (i + 1));
                    assertArrayEquals(a.get(i).terms(), b.get(i).terms(), 0, "terms of record " + (i + 1));
                    assertArrayEquals(a.get(i).fitted(), b.get(i).fitted(), 0, "fitted of record " + (i + 1));
                }
                assertEquals(a.size() - (killAt - 1 - (killAt - 1) % every), heard[0], "records after the checkpoint");
                assertEquals(whole.bestRecord().step(), resumed.bestRecord().step());
                assertEquals(whole.bestRecord().total(), resumed.bestRecord().total(), 0);
                assertEquals(whole.fittedParameters(), resumed.fittedParameters());
                double[] t = problem.domain().grid(101);
                double[][][] x = whole.evaluate(t, problem.maxOrder());
                double[][][] y = resumed.evaluate(t, problem.maxOrder());
                for (int order = 0; order < x.length; order++) {
                    for (int unknown = 0; unknown < x[order].length; unknown++) {
                        assertArrayEquals(x[order][unknown], y[order][unknown], 0, "order " + order);
                    }
                }
                for (int s = 0; s < whole.stages().size(); s++) {
                    assertEquals(whole.stages().get(s).iterations(), resumed.stages().get(s).iterations());
                    assertEquals(whole.stages().get(s).evaluations(), resumed.stages().get(s).evaluations());
                    assertEquals(whole.stages().get(s).stopReason(), resumed.stages().get(s).stopReason());
                }
                return whole.stages().get(whole.stages().size() - 1).stopReason();
            }
        }
    }
}

package pinn4j.solver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import pinn4j.problems.DampedHarmonicOscillator;
import pinn4j.problems.OdeProblem;
import pinn4j.solver.optim.FirstOrderStage;
import pinn4j.solver.optim.LbfgsStage;

/** Results as values: sampled solutions, names checked, and the memory pre-flight that refuses before training. */
class ResultValuesTest {

    private static final OdeProblem OSCILLATOR = DampedHarmonicOscillator.of(1, 4, 400, 1, 0, 0, 1);

    @Test
    void aSampledSolutionIsAnImmutableValueWithNamedAccess() {
        double[] t = {0, 0.5, 1};
        double[][][] values = {{{1, 2, 3}, {4, 5, 6}}, {{7, 8, 9}, {10, 11, 12}}};
        SampledSolution sample = new SampledSolution(t, List.of("x", "y"), values);
        t[0] = 99;
        values[0][0][0] = 99;
        assertArrayEquals(new double[] {0, 0.5, 1}, sample.t());
        assertArrayEquals(new double[] {1, 2, 3}, sample.value("x"));
        assertArrayEquals(new double[] {10, 11, 12}, sample.derivative("y", 1));
        assertEquals(1, sample.order());
        sample.values()[0][0][0] = 42;
        assertEquals(1, sample.value("x")[0], "values() hands out a copy");
        assertEquals(new SampledSolution(new double[] {0, 0.5, 1}, List.of("x", "y"),
                new double[][][] {{{1, 2, 3}, {4, 5, 6}}, {{7, 8, 9}, {10, 11, 12}}}), sample);
        assertNotEquals(new SampledSolution(new double[] {0, 0.5, 1}, List.of("x", "y"),
                new double[][][] {{{1, 2, 3}, {4, 5, 6.5}}, {{7, 8, 9}, {10, 11, 12}}}), sample);
        assertEquals("unknown 'z' is not sampled; unknowns: x, y",
                assertThrows(IllegalArgumentException.class, () -> sample.value("z")).getMessage());
        assertEquals("derivative 2 is not sampled; orders 0 to 1",
                assertThrows(IllegalArgumentException.class, () -> sample.derivative("x", 2)).getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new SampledSolution(new double[] {0, 1}, List.of("x"), new double[][][] {{{1, 2, 3}}}));
    }

    @Test
    void aTrainedNetworkSamplesWhatItEvaluatesAndNamesItsUnknowns() {
        TrainingConfig config = TrainingConfig.builder().optLayers(List.of(8))
                .optStages(FirstOrderStage.adam(5)).build();
        try (TrainedPinn trained = new PinnTrainer(config).train(OSCILLATOR)) {
            double[] t = {0, 0.25, 0.5};
            SampledSolution sample = trained.sample(t, 2);
            assertEquals(List.of("x"), sample.unknowns());
            double[][][] direct = trained.evaluate(t, 2);
            for (int k = 0; k <= 2; k++) {
                assertArrayEquals(direct[k][0], sample.derivative("x", k), 0);
            }
            assertEquals(sample, trained.sample(t, 2), "the same network sampled twice gives equal values");
            assertEquals("unknown 'nope' is not one of damped-oscillator's unknowns: x",
                    assertThrows(IllegalArgumentException.class, () -> trained.values("nope", t)).getMessage());
            assertEquals(trained.history().records().get(4), trained.finalRecord(), "the last of 5 records");
        }
    }

    @Test
    void aNetworkThatCannotFitInMemoryIsRefusedBeforeTraining() {
        TrainingConfig huge = TrainingConfig.builder().optLayers(List.of(4096, 4096, 4096))
                .optCollocation(Collocation.grid(100_000)).optStages(LbfgsStage.of(10)).build();
        PinnTrainer trainer = new PinnTrainer(huge);
        // 24 x 100002 points x 12288 widths x 3 components x 8 bytes = 708 GB of activations alone.
        assertTrue(trainer.estimateBytes(OSCILLATOR) > 700e9, "estimate " + trainer.estimateBytes(OSCILLATOR));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer.train(OSCILLATOR));
        assertTrue(e.getMessage().startsWith("training would need about 7"), e.getMessage());
        assertTrue(e.getMessage().endsWith("use fewer collocation points, narrower or fewer layers, or a smaller"
                + " L-BFGS historySize"), e.getMessage());
        // The default: 202 points x 96 widths x 3 components x 24 x 8 bytes = 11.2 MB, plus 108 x 2209 x 8 bytes.
        long defaults = new PinnTrainer(TrainingConfig.builder().build()).estimateBytes(OSCILLATOR);
        assertEquals(24L * 202 * 96 * 3 * 8 + 108L * 2209 * 8, defaults);
    }
}

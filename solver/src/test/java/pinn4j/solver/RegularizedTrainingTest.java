package pinn4j.solver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import pinn4j.problems.DampedHarmonicOscillator;
import pinn4j.problems.OdeProblem;
import pinn4j.solver.optim.FirstOrderStage;

/** Weight penalties and dropout in training: what they do to the weights and the path, and that both are seeded. */
class RegularizedTrainingTest {

    private static final OdeProblem OSCILLATOR = DampedHarmonicOscillator.of(1, 4, 400, 1, 0, 0, 1);

    private static TrainingConfig adam(int iterations, Regularization regularization) {
        return TrainingConfig.builder().optStages(FirstOrderStage.adam(iterations))
                .optRegularization(regularization).build();
    }

    /** The penalty term's value at the run's last record: a sum over the weights then. */
    private static double lastTerm(TrainingConfig config, String name) {
        try (TrainedPinn trained = new PinnTrainer(config).train(OSCILLATOR)) {
            int index = trained.history().termNames().indexOf(name);
            assertTrue(index >= 0, name + " is a term of " + trained.history().termNames());
            return trained.finalRecord().term(index);
        }
    }

    @Test
    void penaltiesShrinkWhatTheySum() {
        // A coefficient of 1e-12 leaves training as it is and reads the sum; 0.1 makes the penalty count.
        // Measured after 600 Adam iterations: sum w^2 66.9 against 23.7 (0.35), sum |w| 325 against 60.5 (0.19);
        // with 1e-2, 52.8 and 225.
        double squares = lastTerm(adam(600, new Regularization(0, 1e-12, 0)), "l2");
        double shrunk = lastTerm(adam(600, new Regularization(0, 0.1, 0)), "l2");
        assertTrue(shrunk < 0.5 * squares, "l2 0.1: sum w^2 " + shrunk + " against " + squares);
        double absolute = lastTerm(adam(600, new Regularization(1e-12, 0, 0)), "l1");
        double sparser = lastTerm(adam(600, new Regularization(0.1, 0, 0)), "l1");
        assertTrue(sparser < 0.3 * absolute, "l1 0.1: sum |w| " + sparser + " against " + absolute);
    }

    @Test
    void dropoutIsSeededAndChangesThePath() {
        TrainingConfig config = adam(200, new Regularization(0, 0, 0.1));
        double[] first = totals(config);
        assertArrayEquals(first, totals(config), 0, "the same seed draws the same masks");
        double[] other = totals(config.withSeed(2));
        double[] plain = totals(adam(200, Regularization.NONE));
        assertFalse(first[0] == plain[0], "masks change even the first loss");
        assertFalse(first[199] == other[199], "another seed draws other masks");
        // The history's loss is the masked one; it still falls. Measured: 18.4 at the start, 1.18 at the end.
        assertTrue(first[199] < 0.2 * first[0], first[0] + " to " + first[199]);
        assertEquals(200, first.length);
    }

    private static double[] totals(TrainingConfig config) {
        try (TrainedPinn trained = new PinnTrainer(config).train(OSCILLATOR)) {
            return trained.history().records().stream().mapToDouble(IterationRecord::total).toArray();
        }
    }
}

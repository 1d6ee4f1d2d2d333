package pinn4j.solver.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import pinn4j.solver.internal.Engines;

/** Each first-stage optimizer on a quadratic with a known minimum, through DJL's autograd as in training. */
class FirstOrderOptimizerTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"adam, 0.05, 800, 1e-3", "rmsprop, 0.01, 800, 6e-3", "adagrad, 0.5, 800, 1e-3",
        "sgd-momentum, 0.01, 800, 1e-3", "nesterov, 0.01, 800, 1e-3"})
    void reachesTheMinimumOfAnIllScaledQuadratic(String name, float rate, int steps, double tolerance) {
        // RMSprop's steps keep the size of the rate near the minimum: it circles it within rate/2.
        // f(w) = sum c_i (w_i - i)^2 with c = 1, 4, 9: minimum at (0, 1, 2).
        FirstOrderOptimizer kind = FirstOrderOptimizer.parse(name);
        Optimizer optimizer = kind.create(Tracker.fixed(rate), FirstOrderStage.Hyperparameters.defaults(kind));
        try (NDManager manager = Engines.pytorch().newBaseManager()) {
            NDArray w = manager.create(new double[] {3, -2, 5});
            w.setRequiresGradient(true);
            NDArray target = manager.create(new double[] {0, 1, 2});
            NDArray scale = manager.create(new double[] {1, 4, 9});
            int liveBefore = -1;
            for (int step = 0; step < steps; step++) {
                try (NDManager scope = manager.newSubManager()) {
                    scope.tempAttachAll(w);
                    try (GradientCollector collector = Engines.pytorch().newGradientCollector()) {
                        collector.backward(w.sub(target).square().mul(scale).sum());
                    }
                }
                try (NDArray gradient = w.getGradient()) {
                    optimizer.update("w", w, gradient);
                }
                if (step == 10) {
                    liveBefore = manager.getManagedArrays().size();
                }
            }
            double[] found = w.toDoubleArray();
            for (int i = 0; i < 3; i++) {
                assertEquals(i, found[i], tolerance, name + " component " + i);
            }
            assertEquals(liveBefore, manager.getManagedArrays().size(), name + " must not accumulate arrays");
            assertTrue(w.getGradient().abs().max().getDouble() == 0, "the update clears the gradient");
        }
    }

    @org.junit.jupiter.api.Test
    void unknownOptimizerListsTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FirstOrderOptimizer.parse("lion"));
        assertEquals("unknown optimizer 'lion'; allowed: adam, rmsprop, adagrad, sgd-momentum, nesterov", e.getMessage());
    }
}

package pinn4j.solver.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import pinn4j.solver.internal.Engines;

/**
 * The rules on the engine's fused updates give DJL's own optimizers' numbers bit for bit, and every rule stopped
 * after some updates, saved and resumed in a fresh optimizer takes the very updates an uninterrupted one takes.
 */
class ResumableOptimizerTest {

    private static final int STEPS = 40;
    private static final int STOP = 17;

    @ParameterizedTest
    @EnumSource(value = FirstOrderOptimizer.class, names = {"ADAM", "ADAMW", "SGD_MOMENTUM"})
    void fusedRulesGiveDjlsNumbers(FirstOrderOptimizer kind) {
        FirstOrderStage.Hyperparameters hyper = FirstOrderStage.Hyperparameters.defaults(kind);
        Tracker rate = Tracker.fixed(0.01f);
        Optimizer djl = switch (kind) {
            case ADAM -> Optimizer.adam().optLearningRateTracker(rate).optBeta1((float) hyper.beta1())
                    .optBeta2((float) hyper.beta2()).optEpsilon((float) hyper.epsilon()).build();
            case ADAMW -> Optimizer.adamW().optLearningRateTracker(rate).optBeta1((float) hyper.beta1())
                    .optBeta2((float) hyper.beta2()).optEpsilon((float) hyper.epsilon())
                    .optWeightDecays((float) hyper.weightDecay()).build();
            default -> Optimizer.sgd().setLearningRateTracker(rate).optMomentum((float) hyper.momentum()).build();
        };
        assertArrayEquals(descend(djl, null, 0, STEPS), descend(kind.create(rate, hyper), null, 0, STEPS), 0,
                kind.id());
    }

    @ParameterizedTest
    @EnumSource(FirstOrderOptimizer.class)
    void resumedRuleTakesTheUninterruptedSteps(FirstOrderOptimizer kind) {
        FirstOrderStage stage = new FirstOrderStage(kind, STEPS, 0.01, new LearningRateDecay(0.5, 7), 0,
                FirstOrderStage.Hyperparameters.defaults(kind));
        double[] whole = descend(stage.newOptimizer(), null, 0, STEPS);
        ResumableOptimizer first = stage.newOptimizer();
        double[] half = descend(first, null, 0, STOP);
        OptimizerState saved = first.state(List.of("w"));
        ResumableOptimizer second = stage.newOptimizer();
        second.resume(saved, List.of("other id"));
        assertArrayEquals(whole, descend(second, half, STOP, STEPS), 0, kind.id());
    }

    /**
     * Steps {@code from} to {@code to} of descent on f(w) = sum c_i (w_i - i)^4 (a changing curvature, so that every
     * piece of state matters) through autograd, as training takes them.
     */
    private static double[] descend(Optimizer optimizer, double[] start, int from, int to) {
        try (NDManager manager = Engines.pytorch().newBaseManager()) {
            NDArray w = manager.create(start != null ? start : new double[] {3, -2, 5});
            w.setRequiresGradient(true);
            NDArray target = manager.create(new double[] {0, 1, 2});
            NDArray scale = manager.create(new double[] {1, 4, 9});
            for (int step = from; step < to; step++) {
                try (GradientCollector collector = Engines.pytorch().newGradientCollector()) {
                    collector.backward(w.sub(target).pow(4).mul(scale).sum());
                }
                try (NDArray gradient = w.getGradient()) {
                    optimizer.update(start != null ? "other id" : "w", w, gradient);
                }
            }
            return w.toDoubleArray();
        }
    }
}

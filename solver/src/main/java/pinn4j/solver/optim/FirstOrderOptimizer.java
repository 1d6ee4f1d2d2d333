package pinn4j.solver.optim;

import pinn4j.solver.internal.Choices;
import pinn4j.solver.internal.Engines;
import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

/**
 * The optimizer of the first training stage, before L-BFGS. Adam and SGD with momentum are DJL's; DJL's PyTorch
 * engine does not implement RMSprop, Adagrad or Nesterov momentum (its updates throw), so those are written here as
 * DJL {@link Optimizer}s on tensor operations.
 */
public enum FirstOrderOptimizer {
    ADAM("adam", "Adam"),
    RMSPROP("rmsprop", "RMSprop"),
    ADAGRAD("adagrad", "Adagrad"),
    SGD_MOMENTUM("sgd-momentum", "SGD+momentum"),
    NESTEROV("nesterov", "Nesterov");

    /** Momentum of the momentum methods. */
    static final float MOMENTUM = 0.9f;

    private final String id;
    private final String label;

    FirstOrderOptimizer(String id, String label) {
        this.id = id;
        this.label = label;
    }

    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    public static FirstOrderOptimizer parse(String name) {
        return Choices.parse(values(), FirstOrderOptimizer::id, "optimizer", name);
    }

    /** A fresh optimizer with the given learning-rate schedule; every update also clears the gradient. */
    public Optimizer create(Tracker learningRate) {
        switch (this) {
            case ADAM:
                return Optimizer.adam().optLearningRateTracker(learningRate).build();
            case SGD_MOMENTUM:
                return Optimizer.sgd().setLearningRateTracker(learningRate).optMomentum(MOMENTUM).build();
            default:
                return new TensorOptimizer(this, learningRate);
        }
    }

    /**
     * RMSprop ({@code s = 0.9 s + 0.1 g^2, w -= lr g / (sqrt(s) + 1e-8)}), Adagrad ({@code s += g^2, w -= lr g /
     * (sqrt(s) + 1e-10)}) and Nesterov momentum as PyTorch has it ({@code v = 0.9 v + g, w -= lr (g + 0.9 v)}), on
     * tensors. They run outside gradient recording, so DJL's number overloads are safe here.
     */
    static final class TensorOptimizer extends Optimizer {
        private final FirstOrderOptimizer kind;
        private final Tracker learningRate;
        private final java.util.Map<String, java.util.Map<ai.djl.Device, NDArray>> states =
                new java.util.concurrent.ConcurrentHashMap<>();

        TensorOptimizer(FirstOrderOptimizer kind, Tracker learningRate) {
            super(new Builder());
            this.kind = kind;
            this.learningRate = learningRate;
        }

        @Override
        public void update(String parameterId, NDArray weight, NDArray grad) {
            float lr = learningRate.getNewValue(updateCount(parameterId));
            NDArray state = withDefaultState(states, parameterId, weight.getDevice(), k -> weight.zerosLike());
            switch (kind) {
                case RMSPROP:
                    try (NDArray squared = grad.square()) {
                        state.muli(0.9).addi(squared.muli(0.1));
                    }
                    descend(weight, grad, state, lr, 1e-8);
                    break;
                case ADAGRAD:
                    try (NDArray squared = grad.square()) {
                        state.addi(squared);
                    }
                    descend(weight, grad, state, lr, 1e-10);
                    break;
                default:
                    state.muli(MOMENTUM).addi(grad);
                    try (NDArray step = state.mul(MOMENTUM).addi(grad).muli(lr)) {
                        weight.subi(step);
                    }
            }
            Engines.zeroGradient(weight);
        }

        /** w -= lr g / (sqrt(s) + epsilon), every temporary closed: they belong to the weight's long-lived manager. */
        private static void descend(NDArray weight, NDArray grad, NDArray state, float lr, double epsilon) {
            try (NDArray root = state.sqrt(); NDArray step = grad.div(root.addi(epsilon)).muli(lr)) {
                weight.subi(step);
            }
        }

        /** DJL requires a builder for every optimizer; the settings live in {@link TensorOptimizer} itself. */
        private static final class Builder extends OptimizerBuilder<Builder> {
            @Override
            protected Builder self() {
                return this;
            }
        }
    }
}

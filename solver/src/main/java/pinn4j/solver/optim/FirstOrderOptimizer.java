package pinn4j.solver.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.training.tracker.Tracker;
import pinn4j.solver.internal.Choices;
import pinn4j.solver.internal.Engines;

/**
 * A first-order update rule for a training stage ({@link FirstOrderStage}). Adam, AdamW and SGD with momentum run
 * the engine's fused updates as DJL's optimizers do, with the same numbers, but with state that a checkpoint can
 * save ({@link FusedUpdates}); DJL's PyTorch engine does not implement RMSprop, Adagrad or Nesterov momentum (its
 * updates throw) and DJL has no Nadam, so those are written here on tensor operations.
 */
public enum FirstOrderOptimizer {
    /** Adam: bias-corrected averages of the gradient and its square (DJL's). */
    ADAM("adam", "Adam"),
    /** RMSprop: steps divided by the root of a decaying average of the squared gradient. */
    RMSPROP("rmsprop", "RMSprop"),
    /** Adagrad: steps divided by the root of the summed squared gradients. */
    ADAGRAD("adagrad", "Adagrad"),
    /** Gradient descent with heavy-ball momentum (DJL's). */
    SGD_MOMENTUM("sgd-momentum", "SGD+momentum"),
    /** Gradient descent with Nesterov momentum, as PyTorch has it. */
    NESTEROV("nesterov", "Nesterov"),
    /** Nadam: Adam with Nesterov momentum ({@link Nadam}). */
    NADAM("nadam", "Nadam"),
    /** AdamW: Adam with decoupled weight decay (DJL's). */
    ADAMW("adamw", "AdamW");

    private final String id;
    private final String label;

    FirstOrderOptimizer(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /**
     * The name used on the command line and in files.
     *
     * @return e.g. {@code adam} or {@code sgd-momentum}
     */
    public String id() {
        return id;
    }

    /**
     * The name shown in charts, reports and logs.
     *
     * @return e.g. {@code Adam} or {@code SGD+momentum}
     */
    public String label() {
        return label;
    }

    /**
     * Reads an optimizer by its identifier.
     *
     * @param name e.g. {@code adam}; case and surrounding blanks do not matter
     * @return the optimizer
     * @throws IllegalArgumentException listing the choices when there is none of that name
     */
    public static FirstOrderOptimizer parse(String name) {
        return Choices.parse(values(), FirstOrderOptimizer::id, "optimizer", name);
    }

    /**
     * Whether the update rule reads a hyperparameter.
     *
     * @param hyperparameter one of {@link FirstOrderStage.Hyperparameters#NAMES}
     * @return true when this rule uses it
     */
    public boolean uses(String hyperparameter) {
        boolean adamFamily = this == ADAM || this == NADAM || this == ADAMW;
        return switch (hyperparameter) {
            case "beta1", "beta2" -> adamFamily;
            case "rho" -> this == RMSPROP;
            case "momentum" -> this == SGD_MOMENTUM || this == NESTEROV;
            case "epsilon" -> adamFamily || this == RMSPROP || this == ADAGRAD;
            case "weightDecay" -> this == ADAMW;
            default -> false;
        };
    }

    /**
     * A fresh DJL optimizer; every update also clears the gradient.
     *
     * @param learningRate the learning-rate schedule
     * @param hyper the hyperparameters (the rule reads those it {@link #uses})
     * @return the optimizer
     */
    public ResumableOptimizer create(Tracker learningRate, FirstOrderStage.Hyperparameters hyper) {
        return switch (this) {
            case ADAM -> new FusedUpdates.Adam(learningRate, hyper, false);
            // PyTorch's fused AdamW: w -= lr weightDecay w, then Adam's step (torch.optim.AdamW's order).
            case ADAMW -> new FusedUpdates.Adam(learningRate, hyper, true);
            case NADAM -> new Nadam(learningRate, hyper);
            case SGD_MOMENTUM -> new FusedUpdates.Sgd(learningRate, hyper);
            default -> new TensorOptimizer(this, learningRate, hyper);
        };
    }

    /**
     * RMSprop ({@code s = rho s + (1 - rho) g^2, w -= lr g / (sqrt(s) + epsilon)}), Adagrad ({@code s += g^2,
     * w -= lr g / (sqrt(s) + epsilon)}) and Nesterov momentum as PyTorch has it ({@code v = mu v + g,
     * w -= lr (g + mu v)}), on tensors. They run outside gradient recording, so DJL's number overloads are safe here.
     */
    static final class TensorOptimizer extends ResumableOptimizer {
        private final FirstOrderOptimizer kind;
        private final Tracker learningRate;
        private final FirstOrderStage.Hyperparameters hyper;

        TensorOptimizer(FirstOrderOptimizer kind, Tracker learningRate, FirstOrderStage.Hyperparameters hyper) {
            this.kind = kind;
            this.learningRate = learningRate;
            this.hyper = hyper;
        }

        @Override
        public void update(String parameterId, NDArray weight, NDArray grad) {
            float lr = learningRate.getNewValue(updateCount(parameterId));
            NDArray state = tensor("state", parameterId, weight);
            switch (kind) {
                case RMSPROP:
                    try (NDArray squared = grad.square()) {
                        state.muli(hyper.rho()).addi(squared.muli(1 - hyper.rho()));
                    }
                    descend(weight, grad, state, lr, hyper.epsilon());
                    break;
                case ADAGRAD:
                    try (NDArray squared = grad.square()) {
                        state.addi(squared);
                    }
                    descend(weight, grad, state, lr, hyper.epsilon());
                    break;
                default:
                    state.muli(hyper.momentum()).addi(grad);
                    try (NDArray step = state.mul(hyper.momentum()).addi(grad).muli(lr)) {
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
    }
}

package pinn4j.solver.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.tracker.Tracker;

/**
 * Adam, AdamW and SGD with momentum on the engine's fused updates, the very calls DJL's {@code Adam}, {@code AdamW}
 * and {@code Sgd} make with the same arguments (their single-precision hyperparameters and step coefficients
 * included), so they give DJL's numbers bit for bit at DJL's speed; unlike DJL's, their state can be saved and put
 * back ({@link ResumableOptimizer}). Each update also clears the gradient, as the engine's fused update does.
 */
final class FusedUpdates {

    private FusedUpdates() {
    }

    /** Adam, or AdamW with decoupled weight decay: PyTorch's fused {@code adam_update}. */
    static final class Adam extends ResumableOptimizer {
        private final Tracker learningRate;
        private final float beta1;
        private final float beta2;
        private final float epsilon;
        private final float weightDecay;
        private final boolean decoupled;

        /**
         * @param learningRate the schedule
         * @param hyper betas, epsilon and (AdamW) weight decay
         * @param decoupled true for AdamW: {@code w -= lr weightDecay w} before Adam's step
         */
        Adam(Tracker learningRate, FirstOrderStage.Hyperparameters hyper, boolean decoupled) {
            this.learningRate = learningRate;
            this.beta1 = (float) hyper.beta1();
            this.beta2 = (float) hyper.beta2();
            this.epsilon = (float) hyper.epsilon();
            this.weightDecay = decoupled ? (float) hyper.weightDecay() : 0f;
            this.decoupled = decoupled;
        }

        @Override
        public void update(String parameterId, NDArray weight, NDArray grad) {
            int t = updateCount(parameterId);
            double firstCorrection = 1 - Math.pow(beta1, t);
            double secondCorrection = 1 - Math.pow(beta2, t);
            float lr = learningRate.getNewValue(t);
            float coefficient = (float) (lr * Math.sqrt(secondCorrection) / firstCorrection);
            NDList inputs = new NDList(weight, grad, tensor("mean", parameterId, weight),
                    tensor("variance", parameterId, weight));
            weight.getNDArrayInternal().adamUpdate(inputs, new NDList(weight), lr, coefficient, weightDecay,
                    rescaleGrad, clipGrad, beta1, beta2, epsilon, true, decoupled);
        }
    }

    /** Gradient descent with heavy-ball momentum: PyTorch's fused {@code sgd_update}. */
    static final class Sgd extends ResumableOptimizer {
        private final Tracker learningRate;
        private final float momentum;

        /**
         * @param learningRate the schedule
         * @param hyper the momentum
         */
        Sgd(Tracker learningRate, FirstOrderStage.Hyperparameters hyper) {
            this.learningRate = learningRate;
            this.momentum = (float) hyper.momentum();
        }

        @Override
        public void update(String parameterId, NDArray weight, NDArray grad) {
            float lr = learningRate.getNewValue(updateCount(parameterId));
            NDList inputs = momentum != 0 ? new NDList(weight, grad, tensor("momentum", parameterId, weight))
                    : new NDList(weight, grad);
            weight.getNDArrayInternal().sgdUpdate(inputs, new NDList(weight), lr, getWeightDecay(), rescaleGrad,
                    clipGrad, momentum, true);
        }
    }
}

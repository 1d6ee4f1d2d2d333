package pinn4j.solver.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.training.tracker.Tracker;
import pinn4j.solver.internal.Engines;

/**
 * Nadam, Adam with Nesterov momentum (T. Dozat, "Incorporating Nesterov Momentum into Adam", ICLR 2016 workshop), in
 * the form of PyTorch's {@code torch.optim.NAdam} with its momentum schedule ({@code momentum_decay} psi = 0.004):
 * at step t,
 *
 * <pre>
 * mu_t = beta1 (1 - 0.5 * 0.96^(t psi)),   P_t = mu_1 ... mu_t
 * m = beta1 m + (1 - beta1) g,             v = beta2 v + (1 - beta2) g^2
 * d = sqrt(v / (1 - beta2^t)) + epsilon
 * w -= lr (1 - mu_t) / (1 - P_t) g / d + lr mu_(t+1) / (1 - P_t mu_(t+1)) m / d
 * </pre>
 *
 * DJL has no Nadam. Like the other rules written here, it runs outside gradient recording and closes every
 * temporary: they belong to the weight's long-lived manager.
 */
final class Nadam extends ResumableOptimizer {
    /** PyTorch's default {@code momentum_decay}: how slowly mu_t warms up to beta1. */
    static final double MOMENTUM_DECAY = 0.004;

    private final Tracker learningRate;
    private final FirstOrderStage.Hyperparameters hyper;

    Nadam(Tracker learningRate, FirstOrderStage.Hyperparameters hyper) {
        this.learningRate = learningRate;
        this.hyper = hyper;
    }

    /**
     * The momentum coefficient at a step.
     *
     * @param beta1 the decay of the gradient average
     * @param step the step, from 1
     * @return mu_step
     */
    static double momentum(double beta1, int step) {
        return beta1 * (1 - 0.5 * Math.pow(0.96, step * MOMENTUM_DECAY));
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        int t = updateCount(parameterId);
        double lr = learningRate.getNewValue(t);
        double beta1 = hyper.beta1();
        double beta2 = hyper.beta2();
        double mu = momentum(beta1, t);
        double muNext = momentum(beta1, t + 1);
        double product = scalar("momentumProduct", parameterId, 1) * mu;
        setScalar("momentumProduct", parameterId, product);
        NDArray m = tensor("mean", parameterId, weight);
        NDArray v = tensor("variance", parameterId, weight);
        try (NDArray scaled = grad.mul(1 - beta1); NDArray squared = grad.square()) {
            m.muli(beta1).addi(scaled);
            v.muli(beta2).addi(squared.muli(1 - beta2));
        }
        try (NDArray corrected = v.div(1 - Math.pow(beta2, t)); NDArray denominator = corrected.sqrt();
             NDArray gradientStep = grad.mul(lr * (1 - mu) / (1 - product));
             NDArray momentumStep = m.mul(lr * muNext / (1 - product * muNext))) {
            weight.subi(gradientStep.addi(momentumStep).divi(denominator.addi(hyper.epsilon())));
        }
        Engines.zeroGradient(weight);
    }
}

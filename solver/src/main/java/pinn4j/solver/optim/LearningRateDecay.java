package pinn4j.solver.optim;

/**
 * Exponential decay of Adam's learning rate: multiplied by {@code factor} every {@code everySteps} iterations,
 * smoothly (lr_k = lr * factor^(k / everySteps)).
 */
public record LearningRateDecay(double factor, int everySteps) {

    public LearningRateDecay {
        if (!(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException("decay factor must be in (0, 1], got " + factor);
        }
        if (everySteps < 1) {
            throw new IllegalArgumentException("decay everySteps must be >= 1, got " + everySteps);
        }
    }

    public static LearningRateDecay none() {
        return new LearningRateDecay(1, 1);
    }

    /** The per-iteration factor. */
    public double perStep() {
        return Math.pow(factor, 1.0 / everySteps);
    }
}

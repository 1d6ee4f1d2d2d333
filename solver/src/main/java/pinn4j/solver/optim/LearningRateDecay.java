package pinn4j.solver.optim;

/**
 * Exponential decay of Adam's learning rate: multiplied by {@code factor} every {@code everySteps} iterations,
 * smoothly (lr_k = lr * factor^(k / everySteps)).
 *
 * @param factor the learning rate's factor per {@code everySteps} iterations, in (0, 1]; 1 for no decay
 * @param everySteps iterations over which the learning rate is multiplied by {@code factor}, at least 1
 */
public record LearningRateDecay(double factor, int everySteps) {

    /**
     * Validates the schedule.
     *
     * @param factor in (0, 1]
     * @param everySteps at least 1
     * @throws IllegalArgumentException on a value out of range, naming it
     */
    public LearningRateDecay {
        if (!(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException("decay factor must be in (0, 1], got " + factor);
        }
        if (everySteps < 1) {
            throw new IllegalArgumentException("decay everySteps must be >= 1, got " + everySteps);
        }
    }

    /**
     * No decay: the learning rate stays as set.
     *
     * @return the constant schedule
     */
    public static LearningRateDecay none() {
        return new LearningRateDecay(1, 1);
    }

    /**
     * The per-iteration factor.
     *
     * @return {@code factor^(1 / everySteps)}
     */
    public double perStep() {
        return Math.pow(factor, 1.0 / everySteps);
    }
}

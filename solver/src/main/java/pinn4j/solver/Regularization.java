package pinn4j.solver;

/**
 * Penalties on the network's weights and dropout of its hidden units, as taught for plain networks; all off by
 * default. The penalties are loss terms of their own, {@code l1 = sum |W|} and {@code l2 = sum W^2} over every
 * weight matrix (not the biases, which do not make a network more complex, nor the fitted parameters), weighted
 * by their coefficients as in Keras' {@code l1(c)} and {@code l2(c)}. Dropout zeroes each hidden unit's output at
 * each collocation point with probability {@code dropout} at every training step and scales the kept ones by
 * {@code 1 / (1 - dropout)}, so evaluation, without it, sees the same expected activations; a unit's mask does not
 * depend on t, so the time derivatives are scaled by the same factor.
 *
 * @param l1 coefficient of the L1 penalty, at least 0
 * @param l2 coefficient of the L2 penalty, at least 0
 * @param dropout probability of dropping a hidden unit in training, in [0, 1)
 */
public record Regularization(double l1, double l2, double dropout) {

    /** No penalty, no dropout. */
    public static final Regularization NONE = new Regularization(0, 0, 0);

    /**
     * Validates the values.
     *
     * @param l1 coefficient of the L1 penalty, at least 0
     * @param l2 coefficient of the L2 penalty, at least 0
     * @param dropout probability of dropping a hidden unit in training, in [0, 1)
     * @throws IllegalArgumentException on a value out of range, naming it
     */
    public Regularization {
        if (!(l1 >= 0) || Double.isInfinite(l1)) {
            throw new IllegalArgumentException("l1 must be a finite number >= 0, got " + l1);
        }
        if (!(l2 >= 0) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("l2 must be a finite number >= 0, got " + l2);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
    }

    /**
     * @return whether a weight penalty is on
     */
    public boolean penalizes() {
        return l1 > 0 || l2 > 0;
    }
}

package pinn4j.solver;

/**
 * One named, weighted term of the loss.
 *
 * @param name what it measures, e.g. {@code x(0) = 1} or {@code residual}
 * @param kind whether it belongs to L_cc, L_phys, L_data or is a penalty on the weights
 * @param weight its factor in L_total
 */
public record LossTerm(String name, Kind kind, double weight) {

    /**
     * The term as a training in time windows names it over all its windows: a condition's point and value change
     * from window to window, so {@code x(0.5) = 0.12} becomes {@code x(window start)}; other terms keep their name.
     *
     * @return this term, renamed if it is a condition
     */
    public LossTerm overWindows() {
        return kind == Kind.CONDITION ? new LossTerm(name.replaceFirst("\\(.*", "(window start)"), kind, weight)
                : this;
    }

    /** Which part of the loss a term belongs to. */
    public enum Kind {
        /** A condition misfit squared; summed into L_cc. */
        CONDITION,
        /** A mean squared residual; summed into L_phys. */
        PHYSICS,
        /** A sum of squared misfits of observations; summed into L_data. */
        DATA,
        /** A penalty on the network's weights, {@code l1} or {@code l2} ({@link Regularization}). */
        PENALTY
    }
}

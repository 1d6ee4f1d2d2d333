package pinn4j.problems;

import java.util.Objects;

/**
 * One ODE in explicit form: the {@code order}-th derivative of {@code unknown} equals {@code rightHandSide}.
 *
 * @param unknown the unknown's name
 * @param order the order of the highest derivative, 1 to {@link #MAX_ORDER}
 * @param rightHandSide the expression it equals
 */
public record Equation(String unknown, int order, Expr rightHandSide) {

    /** Highest order supported: the network's derivatives are carried to this order. */
    public static final int MAX_ORDER = 4;

    /**
     * Checks the equation.
     *
     * @param unknown the unknown's name
     * @param order the order of the highest derivative, 1 to {@link #MAX_ORDER}
     * @param rightHandSide the expression it equals
     */
    public Equation {
        Objects.requireNonNull(unknown, "unknown");
        Objects.requireNonNull(rightHandSide, "rightHandSide");
        if (order < 1 || order > MAX_ORDER) {
            throw new IllegalArgumentException("order of " + unknown + " must be between 1 and " + MAX_ORDER
                    + ", got " + order);
        }
    }

    /**
     * The left-hand side as written, e.g. {@code x''}.
     *
     * @return the derivative's name
     */
    public String leftHandSide() {
        return Expr.derivativeName(unknown, order);
    }

    @Override
    public String toString() {
        return leftHandSide() + " = " + rightHandSide;
    }
}

package pinn4j.problems;

import java.util.Objects;

/**
 * One ODE in explicit form: the {@code order}-th derivative of {@code unknown} equals {@code rightHandSide}.
 */
public record Equation(String unknown, int order, Expr rightHandSide) {

    /** Highest order supported: the network's derivatives are carried to this order. */
    public static final int MAX_ORDER = 4;

    public Equation {
        Objects.requireNonNull(unknown, "unknown");
        Objects.requireNonNull(rightHandSide, "rightHandSide");
        if (order < 1 || order > MAX_ORDER) {
            throw new IllegalArgumentException("order of " + unknown + " must be between 1 and " + MAX_ORDER
                    + ", got " + order);
        }
    }

    /** The left-hand side as written, e.g. {@code x''}. */
    public String leftHandSide() {
        return Expr.derivativeName(unknown, order);
    }

    @Override
    public String toString() {
        return leftHandSide() + " = " + rightHandSide;
    }
}

package pinn4j.problems;

import java.util.Objects;

/**
 * A parameter learned from measured data: its value in the problem is the initial guess, and the estimate is
 * kept within {@code [min, max]} (either may be infinite).
 *
 * @param name the parameter's name
 * @param min the smallest value allowed, or negative infinity
 * @param max the largest value allowed, or positive infinity
 */
public record FittedParameter(String name, double min, double max) {

    /**
     * Checks the bounds.
     *
     * @param name the parameter's name
     * @param min the smallest value allowed, or negative infinity
     * @param max the largest value allowed, or positive infinity
     * @throws IllegalArgumentException when a bound is NaN or +infinity as min (-infinity as max), or min is not
     *     below max
     */
    public FittedParameter {
        Objects.requireNonNull(name, "name");
        if (Double.isNaN(min) || Double.isNaN(max) || min == Double.POSITIVE_INFINITY
                || max == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("fitted parameter " + name + ": bounds must be numbers, got min=" + min
                    + ", max=" + max);
        }
        if (!(min < max)) {
            throw new IllegalArgumentException("fitted parameter " + name + ": min must be below max, got min="
                    + Expr.format(min) + ", max=" + Expr.format(max));
        }
    }

    /**
     * An unbounded fitted parameter.
     *
     * @param name the parameter's name
     * @return the parameter, free to take any value
     */
    public static FittedParameter free(String name) {
        return new FittedParameter(name, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /**
     * Whether a value lies strictly inside the bounds, as an initial guess must: a guess on a bound could not
     * move off it in the bounded parametrisation.
     *
     * @param value the value
     * @return true when {@code min < value < max}
     */
    public boolean admits(double value) {
        return min < value && value < max;
    }

    /**
     * The bounds as written in messages.
     *
     * @return e.g. {@code (0, 1000)} or {@code (0, inf)}
     */
    public String interval() {
        return "(" + (min == Double.NEGATIVE_INFINITY ? "-inf" : Expr.format(min)) + ", "
                + (max == Double.POSITIVE_INFINITY ? "inf" : Expr.format(max)) + ")";
    }
}

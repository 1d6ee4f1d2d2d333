package pinn4j.problems;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A condition at one point of the domain: a linear combination of derivatives of the unknowns equals a value,
 * {@code sum_i c_i * u_i^(k_i)(point) = value}. Plain initial values are the one-term case. The value is an
 * expression in the parameters ({@code y(0) = y0}), so that it follows a parameter that is fitted.
 *
 * @param point where the condition holds
 * @param terms the derivatives combined, at least one
 * @param target the combination's value: a number or an expression in parameters alone
 */
public record Condition(double point, List<Term> terms, Expr target) {

    /**
     * One term {@code coefficient * unknown^(order)} of a condition.
     *
     * @param coefficient the finite factor
     * @param unknown the unknown's name
     * @param order the derivative order, 0 for the unknown itself
     */
    public record Term(double coefficient, String unknown, int order) {
        /**
         * Checks the term.
         *
         * @param coefficient the finite factor
         * @param unknown the unknown's name
         * @param order the derivative order, 0 or more
         */
        public Term {
            Objects.requireNonNull(unknown, "unknown");
            if (!Double.isFinite(coefficient)) {
                throw new IllegalArgumentException("condition coefficient must be finite, got " + coefficient);
            }
            if (order < 0) {
                throw new IllegalArgumentException("condition derivative order must be >= 0, got " + order);
            }
        }
    }

    /**
     * Checks the condition and keeps an unmodifiable copy of the terms.
     *
     * @param point where the condition holds, a finite number
     * @param terms the derivatives combined, at least one
     * @param target the combination's value: an expression in parameters alone whose value is finite
     */
    public Condition {
        terms = List.copyOf(terms);
        Objects.requireNonNull(target, "target");
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("a condition needs at least one term");
        }
        if (!Double.isFinite(point)) {
            throw new IllegalArgumentException("condition point must be finite, got " + point);
        }
        if (!target.derivatives().isEmpty() || target.usesVariable()) {
            throw new IllegalArgumentException("the value of condition " + describe(point, terms) + " must be a number"
                    + " or an expression in parameters, got " + target);
        }
        double value = target.valueAt(point);
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("condition value must be finite, got " + value
                    + " for " + describe(point, terms));
        }
    }

    /**
     * A condition whose value is a number.
     *
     * @param point where the condition holds, a finite number
     * @param terms the derivatives combined, at least one
     * @param value the combination's value, a finite number
     */
    public Condition(double point, List<Term> terms, double value) {
        this(point, terms, Expr.constant(value));
    }

    /**
     * The combination's value at the parameters' current values.
     *
     * @return the value of {@link #target()}
     */
    public double value() {
        return target.valueAt(point);
    }

    /**
     * The same condition with some parameters given other values.
     *
     * @param values new values by parameter name
     * @return the condition with its target rebound
     */
    public Condition withParameters(Map<String, Double> values) {
        Expr bound = target.withParameters(values);
        return bound == target ? this : new Condition(point, terms, bound);
    }

    /**
     * {@code unknown(point) = value}.
     *
     * @param unknown the unknown's name
     * @param point where the value is prescribed
     * @param value the value
     * @return the condition
     */
    public static Condition value(String unknown, double point, double value) {
        return derivative(unknown, 0, point, value);
    }

    /**
     * {@code unknown^(order)(point) = value}.
     *
     * @param unknown the unknown's name
     * @param order the derivative order
     * @param point where the value is prescribed
     * @param value the derivative's value
     * @return the condition
     */
    public static Condition derivative(String unknown, int order, double point, double value) {
        return new Condition(point, List.of(new Term(1, unknown, order)), value);
    }

    /**
     * {@code unknown^(order)(point) = target}, with a value that may follow parameters: in a builder,
     * {@code .addCondition(s -> Condition.derivative("y", 0, 0, s.p("y0")))}.
     *
     * @param unknown the unknown's name
     * @param order the derivative order
     * @param point where the value is prescribed
     * @param target the value, an expression in parameters
     * @return the condition
     */
    public static Condition derivative(String unknown, int order, double point, Expr target) {
        return new Condition(point, List.of(new Term(1, unknown, order)), target);
    }

    /**
     * Readable form, also the name of this condition's loss term: {@code x'(0) = 0}.
     *
     * @return the label
     */
    public String label() {
        return describe(point, terms) + " = " + (target instanceof Expr.Constant c ? Expr.format(c.value())
                : target.toString());
    }

    @Override
    public String toString() {
        return label();
    }

    private static String describe(double point, List<Term> terms) {
        StringBuilder text = new StringBuilder();
        for (Term term : terms) {
            double c = term.coefficient();
            if (text.length() > 0) {
                text.append(c < 0 ? " - " : " + ");
            } else if (c < 0) {
                text.append('-');
            }
            if (Math.abs(c) != 1) {
                text.append(Expr.format(Math.abs(c))).append('*');
            }
            text.append(Expr.derivativeName(term.unknown(), term.order())).append('(')
                    .append(Expr.format(point)).append(')');
        }
        return text.toString();
    }
}

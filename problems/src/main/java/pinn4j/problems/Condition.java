package pinn4j.problems;

import java.util.List;
import java.util.Objects;

/**
 * A condition at one point of the domain: a linear combination of derivatives of the unknowns equals a value,
 * {@code sum_i c_i * u_i^(k_i)(point) = value}. Plain initial values are the one-term case.
 *
 * @param point where the condition holds
 * @param terms the derivatives combined, at least one
 * @param value the combination's value
 */
public record Condition(double point, List<Term> terms, double value) {

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
     * @param value the combination's value, a finite number
     */
    public Condition {
        terms = List.copyOf(terms);
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("a condition needs at least one term");
        }
        if (!Double.isFinite(point)) {
            throw new IllegalArgumentException("condition point must be finite, got " + point);
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("condition value must be finite, got " + value
                    + " for " + describe(point, terms));
        }
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
     * Readable form, also the name of this condition's loss term: {@code x'(0) = 0}.
     *
     * @return the label
     */
    public String label() {
        return describe(point, terms) + " = " + Expr.format(value);
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

package pinn4j.problems;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The static check of an expression's constant parts. A sub-expression that reads neither the variable nor an
 * unknown ({@code 2*q}, {@code exp(1000)}, {@code k/m}) has one value for the whole problem, known before any
 * training; if that value is infinite or not a number, or if something is divided by a constant zero
 * ({@code -y/0}), every evaluation of the equation is, and training could only produce NaN. The parser checks each
 * node as it builds it, so the message points at the place in the file; {@link OdeProblem} checks whole trees built
 * in Java.
 */
public final class ConstantFolding {

    private ConstantFolding() {
    }

    /**
     * What is wrong with one node of an expression.
     *
     * @param at the offending sub-expression
     * @param problem what is wrong, such as "is infinite"
     * @param rule what is allowed instead
     */
    public record Defect(Expr at, String problem, String rule) {

        private static final String FINITE = "a constant must be a finite number";
        private static final String NONZERO = "a divisor must not be a constant zero";

        /**
         * Checks that every part is present.
         *
         * @param at the offending sub-expression
         * @param problem what is wrong, such as "is infinite"
         * @param rule what is allowed instead
         */
        public Defect {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(rule, "rule");
        }

        /**
         * The message, with the sub-expression shown as {@code text} (the parser passes the text as written; Java
         * trees use the printed form) and the values of the parameters it reads.
         *
         * @param text the offending sub-expression as the reader should see it
         * @return for example {@code '2*q' is infinite with q = 1e308; a constant must be a finite number}
         */
        public String describe(String text) {
            Map<String, Double> parameters = parameters(at);
            List<String> values = new ArrayList<>();
            parameters.forEach((name, value) -> values.add(name + " = " + Expr.format(value)));
            return "'" + text + "' " + problem + (values.isEmpty() ? "" : " with " + String.join(", ", values))
                    + "; " + rule;
        }

        /** {@link #describe(String)} with the printed form of the sub-expression. */
        @Override
        public String toString() {
            return describe(at.toString());
        }
    }

    /**
     * The value of an expression that reads neither the variable nor an unknown.
     *
     * @param e any expression
     * @return its value, or empty when it depends on the variable or an unknown
     */
    public static OptionalDouble value(Expr e) {
        if (e.usesVariable() || !e.derivatives().isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(e.valueAt(0));
    }

    /**
     * What is wrong with this node itself, its operands being taken as already checked: a constant value that is
     * infinite or NaN, or a division by a constant zero.
     *
     * @param node one node of an expression tree
     * @return the defect, or empty when there is none
     */
    public static Optional<Defect> check(Expr node) {
        OptionalDouble value = value(node);
        if (value.isPresent() && !Double.isFinite(value.getAsDouble())) {
            return Optional.of(new Defect(node, Double.isNaN(value.getAsDouble()) ? "is not a number (NaN)"
                    : "is infinite", Defect.FINITE));
        }
        if (node instanceof Expr.Binary binary && binary.operator() == Expr.Operator.DIVIDE) {
            OptionalDouble divisor = value(binary.right());
            if (divisor.isPresent() && divisor.getAsDouble() == 0) {
                return Optional.of(new Defect(node, "divides by zero", Defect.NONZERO));
            }
        }
        return Optional.empty();
    }

    /**
     * The innermost defect of a whole tree: operands are checked before the nodes that use them, so the message
     * names the smallest offending part.
     *
     * @param tree an expression
     * @return the first defect found, or empty when the tree has none
     */
    public static Optional<Defect> firstDefect(Expr tree) {
        List<Expr> operands = tree instanceof Expr.Unary unary ? List.of(unary.argument())
                : tree instanceof Expr.Binary binary ? List.of(binary.left(), binary.right()) : List.of();
        for (Expr operand : operands) {
            Optional<Defect> inner = firstDefect(operand);
            if (inner.isPresent()) {
                return inner;
            }
        }
        return check(tree);
    }

    /** The named parameters an expression reads, with their values, in order of appearance; pi and e left out. */
    private static Map<String, Double> parameters(Expr e) {
        Map<String, Double> found = new LinkedHashMap<>();
        collect(e, found);
        return found;
    }

    private static void collect(Expr e, Map<String, Double> into) {
        if (e instanceof Expr.Parameter parameter && !Expr.CONSTANTS.containsKey(parameter.name())) {
            into.putIfAbsent(parameter.name(), parameter.value());
        } else if (e instanceof Expr.Unary unary) {
            collect(unary.argument(), into);
        } else if (e instanceof Expr.Binary binary) {
            collect(binary.left(), into);
            collect(binary.right(), into);
        }
    }
}

package pinn4j.problems.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import pinn4j.problems.ConstantFolding;
import pinn4j.problems.Expr;
import pinn4j.problems.Limits;

/**
 * Parses the expression language of problem files into {@link Expr}: numbers ({@code 1e-3}), parameters, the
 * variable, unknowns with primes ({@code x}, {@code x'}, ... {@code x''''}), {@code + - * / ^} with the usual
 * precedence ({@code ^} binds tightest and groups to the right; {@code -x^2} is {@code -(x^2)}), unary minus,
 * parentheses, the functions {@code sin cos tan exp log sqrt tanh sinh cosh abs} and the constants {@code pi} and
 * {@code e}. An unknown followed by a bracketed point, {@code x'(0)}, is a value at a point; only conditions allow
 * it, through {@link PointValues}.
 *
 * <p>Every rejection is a {@link ParseException} at its place, made by the {@link Location}. An expression longer
 * than {@link Limits#MAX_EXPRESSION_LENGTH} or deeper than {@link Limits#MAX_EXPRESSION_DEPTH} is refused before it
 * can take long or exhaust the stack. Each node's constant part is folded as it is read and, unless the parser is
 * made for expressions that may be undefined (exact solutions, which only the comparison reads), must be finite,
 * and nothing may be divided by a constant zero ({@link ConstantFolding}).
 */
public final class ExpressionParser {

    /** Receives {@code unknown^(order)(point)} in conditions; returns what stands for it in the expression. */
    @FunctionalInterface
    public interface PointValues {
        /**
         * @param unknown the unknown's name
         * @param order how many primes it has
         * @param point the bracketed point
         * @param position where the unknown's name starts, for errors
         * @return what stands for the value in the expression
         */
        Expr valueAt(String unknown, int order, Expr point, int position);
    }

    /** Where each derivative symbol occurs, for error messages about them. */
    public record Occurrence(Expr.Derivative derivative, int position) {
    }

    /** Maps an offset in the parsed text to its place in the file. */
    public interface Location {
        /**
         * @param offset a position in the parsed text
         * @param message what is wrong there
         * @return the error to throw, naming file, line and column
         */
        ParseException error(int offset, String message);
    }

    /** A parsed expression with the places of its derivative symbols. */
    public record Parsed(Expr expr, List<Occurrence> occurrences) {
    }

    private final String variable;
    private final Map<String, Double> parameters;
    private final Set<String> unknowns;
    private final Location location;
    private final boolean finiteConstants;

    /**
     * A parser whose expressions' constant parts must be finite.
     *
     * @param variable the independent variable's name
     * @param parameters the parameters with their values
     * @param unknowns the unknowns' names
     * @param location turns positions in the text into file, line and column for errors
     */
    public ExpressionParser(String variable, Map<String, Double> parameters, Set<String> unknowns,
                            Location location) {
        this(variable, parameters, unknowns, location, true);
    }

    /**
     * @param variable the independent variable's name
     * @param parameters the parameters with their values
     * @param unknowns the unknowns' names
     * @param location turns positions in the text into file, line and column for errors
     * @param finiteConstants whether a constant part that is infinite or NaN, or a division by a constant zero, is
     *     an error; false for exact solutions, whose defects the comparison reports as warnings
     */
    public ExpressionParser(String variable, Map<String, Double> parameters, Set<String> unknowns,
                            Location location, boolean finiteConstants) {
        this.variable = variable;
        this.parameters = parameters;
        this.unknowns = unknowns;
        this.location = location;
        this.finiteConstants = finiteConstants;
    }

    /**
     * Parses a whole expression; derivatives are allowed.
     *
     * @param text the expression
     * @return the expression and the places of its derivatives
     */
    public Parsed parse(String text) {
        return parse(text, 0, text.length(), null);
    }

    /**
     * Parses {@code text[from, to)}.
     *
     * @param text the text that holds the expression
     * @param from where the expression starts
     * @param to where it ends, exclusive
     * @param pointValues where {@code x(p)} is allowed (conditions), else null
     * @return the expression and the places of its derivatives
     */
    public Parsed parse(String text, int from, int to, PointValues pointValues) {
        if (to - from > Limits.MAX_EXPRESSION_LENGTH) {
            throw location.error(from, "the expression is " + (to - from) + " characters long; at most "
                    + Limits.MAX_EXPRESSION_LENGTH + " are allowed");
        }
        Cursor cursor = new Cursor(text, from, to, pointValues);
        cursor.skipBlanks();
        if (cursor.atEnd()) {
            throw location.error(from, "expected an expression, found nothing");
        }
        Expr expr = cursor.sum();
        cursor.skipBlanks();
        if (!cursor.atEnd()) {
            throw location.error(cursor.position, "unexpected " + describe(text.codePointAt(cursor.position))
                    + "; expected an operator (+ - * / ^) or the end of the expression");
        }
        return new Parsed(expr, List.copyOf(cursor.occurrences));
    }

    /** The message for an expression deeper than the limit. */
    private static String tooDeep() {
        return "the expression is nested more than " + Limits.MAX_EXPRESSION_DEPTH + " levels deep (each bracket,"
                + " function, sign, power and chained operator is a level: a + b + c has 2); at most "
                + Limits.MAX_EXPRESSION_DEPTH + " are allowed";
    }

    /** A character as a message shows it: {@code '%'}, or its code point when it is not printable. */
    private static String describe(int codePoint) {
        boolean printable = !Character.isISOControl(codePoint) && Character.isDefined(codePoint)
                && !Character.isWhitespace(codePoint);
        return printable ? "'" + new String(Character.toChars(codePoint)) + "'"
                : String.format("the character U+%04X", codePoint);
    }

    private final class Cursor {
        private final String text;
        private final int end;
        private final PointValues pointValues;
        private final List<Occurrence> occurrences = new ArrayList<>();
        private int position;
        /** How deeply the descent has recursed: brackets, functions, signs and powers. */
        private int depth;
        /** The height of the tree the last parsing method returned. */
        private int height;

        Cursor(String text, int from, int to, PointValues pointValues) {
            this.text = text;
            this.position = from;
            this.end = to;
            this.pointValues = pointValues;
        }

        boolean atEnd() {
            return position >= end;
        }

        void skipBlanks() {
            while (position < end && Character.isWhitespace(text.charAt(position))) {
                position++;
            }
        }

        boolean accept(char c) {
            skipBlanks();
            if (position < end && text.charAt(position) == c) {
                position++;
                return true;
            }
            return false;
        }

        /** Where what comes next starts. */
        int here() {
            skipBlanks();
            return position;
        }

        /** Enters a nested construct that starts at {@code at}, refusing to recurse beyond the limit. */
        void enter(int at) {
            if (++depth > Limits.MAX_EXPRESSION_DEPTH) {
                throw location.error(at, tooDeep());
            }
        }

        void leave() {
            depth--;
        }

        /**
         * Takes a node read from {@code text[start, position)} whose tallest operand is {@code operandHeight} high
         * (0 for a leaf): checks its height and, where required, its constant part.
         */
        Expr built(Expr node, int operandHeight, int start) {
            height = node instanceof Expr.Constant ? 1 : operandHeight + 1;
            if (height > Limits.MAX_EXPRESSION_DEPTH) {
                throw location.error(start, tooDeep());
            }
            if (finiteConstants) {
                Optional<ConstantFolding.Defect> defect = ConstantFolding.check(node);
                if (defect.isPresent()) {
                    throw location.error(start, defect.get().describe(text.substring(start, position).trim()));
                }
            }
            return node;
        }

        Expr sum() {
            int start = here();
            Expr left = product();
            int leftHeight = height;
            while (true) {
                boolean plus = accept('+');
                if (!plus && !accept('-')) {
                    height = leftHeight;
                    return left;
                }
                Expr right = product();
                left = built(plus ? left.plus(right) : left.minus(right), Math.max(leftHeight, height), start);
                leftHeight = height;
            }
        }

        Expr product() {
            int start = here();
            Expr left = unary();
            int leftHeight = height;
            while (true) {
                boolean times = accept('*');
                if (!times && !accept('/')) {
                    height = leftHeight;
                    return left;
                }
                Expr right = unary();
                left = built(times ? left.times(right) : left.div(right), Math.max(leftHeight, height), start);
                leftHeight = height;
            }
        }

        Expr unary() {
            int start = here();
            if (accept('-')) {
                enter(start);
                Expr operand = unary();
                leave();
                return built(operand.neg(), height, start);
            }
            if (accept('+')) {
                enter(start);
                Expr operand = unary();
                leave();
                return operand;
            }
            Expr base = primary();
            int baseHeight = height;
            int caret = here();
            if (accept('^')) {
                enter(caret);
                Expr exponent = unary();
                leave();
                return built(base.pow(exponent), Math.max(baseHeight, height), start);
            }
            height = baseHeight;
            return base;
        }

        Expr primary() {
            skipBlanks();
            if (atEnd()) {
                throw location.error(position, "expected a number, a symbol or '(', found the end of the expression");
            }
            char c = text.charAt(position);
            if (Character.isDigit(c) || c == '.') {
                return number();
            }
            if (Character.isLetter(c) || c == '_') {
                return symbol();
            }
            int start = position;
            if (accept('(')) {
                enter(start);
                Expr inner = sum();
                leave();
                if (!accept(')')) {
                    throw location.error(position, "expected ')' to close the bracket; found " + describeHere());
                }
                return inner;
            }
            throw location.error(position, "unexpected " + describe(text.codePointAt(position))
                    + "; expected a number, a symbol or '('");
        }

        String describeHere() {
            skipBlanks();
            return atEnd() ? "the end of the expression" : describe(text.codePointAt(position));
        }

        Expr number() {
            int start = position;
            while (position < end && (Character.isDigit(text.charAt(position)) || text.charAt(position) == '.')) {
                position++;
            }
            if (position < end && (text.charAt(position) == 'e' || text.charAt(position) == 'E')) {
                int mark = position;
                position++;
                if (position < end && (text.charAt(position) == '+' || text.charAt(position) == '-')) {
                    position++;
                }
                if (position < end && Character.isDigit(text.charAt(position))) {
                    while (position < end && Character.isDigit(text.charAt(position))) {
                        position++;
                    }
                } else {
                    position = mark;
                }
            }
            String literal = text.substring(start, position);
            double value;
            try {
                value = Double.parseDouble(literal);
            } catch (NumberFormatException e) {
                throw location.error(start, "'" + literal + "' is not a number");
            }
            return built(Expr.constant(value), 0, start);
        }

        Expr symbol() {
            int start = position;
            while (position < end && (Character.isLetterOrDigit(text.charAt(position)) || text.charAt(position) == '_')) {
                position++;
            }
            String name = text.substring(start, position);
            int primes = 0;
            while (position < end && text.charAt(position) == '\'') {
                primes++;
                position++;
            }
            Optional<Expr.Function> function = Expr.Function.named(name);
            if (function.isPresent() && primes == 0) {
                int bracket = here();
                if (!accept('(')) {
                    throw location.error(position, "expected '(' after the function " + name + "; found "
                            + describeHere());
                }
                enter(bracket);
                Expr argument = sum();
                leave();
                if (!accept(')')) {
                    throw location.error(position, "expected ')' to close " + name + "(...; found " + describeHere());
                }
                return built(Expr.apply(function.get(), argument), height, start);
            }
            if (unknowns.contains(name)) {
                Expr.Derivative derivative = new Expr.Derivative(name, primes);
                int bracket = here();
                if (position < end && text.charAt(position) == '(') {
                    if (pointValues == null) {
                        throw location.error(start, Expr.derivativeName(name, primes) + "(...) is the value at a"
                                + " point, which only conditions may use");
                    }
                    enter(bracket);
                    position++;
                    Expr point = sum();
                    leave();
                    if (!accept(')')) {
                        throw location.error(position, "expected ')' after the point of " + derivative
                                + "(...; found " + describeHere());
                    }
                    return built(pointValues.valueAt(name, primes, point, start), 0, start);
                }
                occurrences.add(new Occurrence(derivative, start));
                return built(derivative, 0, start);
            }
            if (primes > 0) {
                throw location.error(start, "'" + name + "' is not an unknown, so it has no derivative "
                        + name + "'".repeat(primes) + "; unknowns: " + String.join(", ", new TreeSet<>(unknowns)));
            }
            if (name.equals(variable)) {
                return built(new Expr.Variable(variable), 0, start);
            }
            if (parameters.containsKey(name)) {
                return built(new Expr.Parameter(name, parameters.get(name)), 0, start);
            }
            if (Expr.CONSTANTS.containsKey(name)) {
                return built(Expr.CONSTANTS.get(name), 0, start);
            }
            if (function.isPresent()) {
                throw location.error(start, "the function " + name + " takes no primes");
            }
            Set<String> functions = new TreeSet<>(Expr.RESERVED_NAMES);
            functions.removeAll(Expr.CONSTANTS.keySet());
            throw location.error(start, "unknown symbol '" + name + "'; known: variable " + variable
                    + (parameters.isEmpty() ? "" : ", parameters " + String.join(", ", new TreeSet<>(parameters.keySet())))
                    + (unknowns.isEmpty() ? "" : ", unknowns " + String.join(", ", new TreeSet<>(unknowns)))
                    + ", constants pi, e, functions " + String.join(" ", functions));
        }
    }
}

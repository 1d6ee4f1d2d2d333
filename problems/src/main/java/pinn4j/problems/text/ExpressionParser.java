package pinn4j.problems.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import pinn4j.problems.Expr;

/**
 * Parses the expression language of problem files into {@link Expr}: numbers ({@code 1e-3}), parameters, the
 * variable, unknowns with primes ({@code x}, {@code x'}, ... {@code x''''}), {@code + - * / ^} with the usual
 * precedence ({@code ^} binds tightest and groups to the right; {@code -x^2} is {@code -(x^2)}), unary minus,
 * parentheses, the functions {@code sin cos tan exp log sqrt tanh sinh cosh abs} and the constants {@code pi} and
 * {@code e}. An unknown followed by a bracketed point, {@code x'(0)}, is a value at a point; only conditions allow
 * it, through {@link PointValues}.
 */
public final class ExpressionParser {

    private static final Map<String, java.util.function.UnaryOperator<Expr>> FUNCTIONS = Map.of(
            "sin", Expr::sin, "cos", Expr::cos, "tan", Expr::tan, "exp", Expr::exp, "log", Expr::log,
            "sqrt", Expr::sqrt, "tanh", Expr::tanh, "sinh", Expr::sinh, "cosh", Expr::cosh, "abs", Expr::abs);
    private static final Map<String, Expr> CONSTANTS = Map.of("pi", Expr.PI, "e", Expr.E);

    /** Receives {@code unknown^(order)(point)} in conditions; returns what stands for it in the expression. */
    @FunctionalInterface
    public interface PointValues {
        Expr valueAt(String unknown, int order, Expr point, int position);
    }

    /** Where each derivative symbol occurs, for error messages about them. */
    public record Occurrence(Expr.Derivative derivative, int position) {
    }

    private final String variable;
    private final Map<String, Double> parameters;
    private final Set<String> unknowns;
    private final Location location;

    /**
     * @param variable the independent variable's name
     * @param parameters the parameters with their values
     * @param unknowns the unknowns' names
     * @param location turns positions in the text into file, line and column for errors
     */
    public ExpressionParser(String variable, Map<String, Double> parameters, Set<String> unknowns,
                            Location location) {
        this.variable = variable;
        this.parameters = parameters;
        this.unknowns = unknowns;
        this.location = location;
    }

    /** Maps an offset in the parsed text to its place in the file. */
    public interface Location {
        ParseException error(int offset, String message);
    }

    /** Parses a whole expression; derivatives are allowed. */
    public Parsed parse(String text) {
        return parse(text, 0, text.length(), null);
    }

    /**
     * Parses {@code text[from, to)}.
     *
     * @param pointValues where {@code x(p)} is allowed (conditions), else null
     */
    public Parsed parse(String text, int from, int to, PointValues pointValues) {
        Cursor cursor = new Cursor(text, from, to, pointValues);
        cursor.skipBlanks();
        if (cursor.atEnd()) {
            throw location.error(from, "expected an expression, found nothing");
        }
        Expr expr = cursor.sum();
        cursor.skipBlanks();
        if (!cursor.atEnd()) {
            throw location.error(cursor.position, "unexpected '" + text.charAt(cursor.position)
                    + "'; expected an operator (+ - * / ^) or the end of the expression");
        }
        return new Parsed(expr, List.copyOf(cursor.occurrences));
    }

    /** A parsed expression with the places of its derivative symbols. */
    public record Parsed(Expr expr, List<Occurrence> occurrences) {
    }

    private final class Cursor {
        private final String text;
        private final int end;
        private final PointValues pointValues;
        private final List<Occurrence> occurrences = new ArrayList<>();
        private int position;

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

        Expr sum() {
            Expr left = product();
            while (true) {
                if (accept('+')) {
                    left = left.plus(product());
                } else if (accept('-')) {
                    left = left.minus(product());
                } else {
                    return left;
                }
            }
        }

        Expr product() {
            Expr left = unary();
            while (true) {
                if (accept('*')) {
                    left = left.times(unary());
                } else if (accept('/')) {
                    left = left.div(unary());
                } else {
                    return left;
                }
            }
        }

        Expr unary() {
            if (accept('-')) {
                return unary().neg();
            }
            if (accept('+')) {
                return unary();
            }
            Expr base = primary();
            if (accept('^')) {
                return base.pow(unary());
            }
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
            if (accept('(')) {
                Expr inner = sum();
                if (!accept(')')) {
                    throw location.error(position, "expected ')' to close the bracket; found " + describeHere());
                }
                return inner;
            }
            throw location.error(position, "unexpected '" + c + "'; expected a number, a symbol or '('");
        }

        String describeHere() {
            skipBlanks();
            return atEnd() ? "the end of the expression" : "'" + text.charAt(position) + "'";
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
            try {
                return Expr.constant(Double.parseDouble(literal));
            } catch (NumberFormatException e) {
                throw location.error(start, "'" + literal + "' is not a number");
            }
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
            if (FUNCTIONS.containsKey(name) && primes == 0) {
                if (!accept('(')) {
                    throw location.error(position, "expected '(' after the function " + name + "; found "
                            + describeHere());
                }
                Expr argument = sum();
                if (!accept(')')) {
                    throw location.error(position, "expected ')' to close " + name + "(...; found " + describeHere());
                }
                return FUNCTIONS.get(name).apply(argument);
            }
            if (unknowns.contains(name)) {
                Expr.Derivative derivative = new Expr.Derivative(name, primes);
                skipBlanks();
                if (position < end && text.charAt(position) == '(') {
                    if (pointValues == null) {
                        throw location.error(start, Expr.derivativeName(name, primes) + "(...) is the value at a"
                                + " point, which only conditions may use");
                    }
                    position++;
                    Expr point = sum();
                    if (!accept(')')) {
                        throw location.error(position, "expected ')' after the point of " + derivative
                                + "(...; found " + describeHere());
                    }
                    return pointValues.valueAt(name, primes, point, start);
                }
                occurrences.add(new Occurrence(derivative, start));
                return derivative;
            }
            if (primes > 0) {
                throw location.error(start, "'" + name + "' is not an unknown, so it has no derivative "
                        + name + "'".repeat(primes) + "; unknowns: " + String.join(", ", new TreeSet<>(unknowns)));
            }
            if (name.equals(variable)) {
                return new Expr.Variable(variable);
            }
            if (parameters.containsKey(name)) {
                return new Expr.Parameter(name, parameters.get(name));
            }
            if (CONSTANTS.containsKey(name)) {
                return CONSTANTS.get(name);
            }
            if (FUNCTIONS.containsKey(name)) {
                throw location.error(start, "the function " + name + " takes no primes");
            }
            throw location.error(start, "unknown symbol '" + name + "'; known: variable " + variable
                    + (parameters.isEmpty() ? "" : ", parameters " + String.join(", ", new TreeSet<>(parameters.keySet())))
                    + (unknowns.isEmpty() ? "" : ", unknowns " + String.join(", ", new TreeSet<>(unknowns)))
                    + ", constants pi, e, functions " + String.join(" ", new TreeSet<>(FUNCTIONS.keySet())));
        }
    }
}

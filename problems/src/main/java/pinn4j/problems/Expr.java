package pinn4j.problems;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.DoubleUnaryOperator;

/**
 * An immutable symbolic expression in the independent variable, the unknowns' derivatives and named
 * parameters. A right-hand side is built once, by calling a Java lambda on symbols (see {@link Symbols}),
 * and then evaluated by any {@link Algebra}: on doubles for the reference integrator, on tensors for the
 * network's residual, and printed for titles and reports.
 */
public sealed interface Expr permits Expr.Constant, Expr.Parameter, Expr.Variable, Expr.Derivative,
        Expr.Unary, Expr.Binary {

    /**
     * Evaluates this expression in the given number system.
     *
     * @param <T> the number type
     * @param algebra the number system
     * @return the value
     */
    <T> T evaluate(Algebra<T> algebra);

    /**
     * Binding strength when printed; higher binds tighter.
     *
     * @return one of {@link #SUM}, {@link #PRODUCT}, {@link #PREFIX}, {@link #POWER}, {@link #ATOM}
     */
    int precedence();

    /**
     * Appends every unknown derivative this expression reads.
     *
     * @param into the set to add to
     */
    void collectDerivatives(Set<Derivative> into);

    /**
     * Appends every parameter name this expression reads.
     *
     * @param into the set to add to
     */
    void collectParameters(Set<String> into);

    /**
     * Whether the independent variable occurs in this expression.
     *
     * @return true when it does
     */
    boolean usesVariable();

    /**
     * The same expression with some parameters given other values; the rest, and the constants pi and e, unchanged.
     *
     * @param values new values by parameter name
     * @return the rebound expression (this one when nothing changes)
     */
    Expr withParameters(Map<String, Double> values);

    /**
     * The unknown derivatives this expression reads, in order of first appearance.
     *
     * @return the derivatives
     */
    default Set<Derivative> derivatives() {
        Set<Derivative> found = new LinkedHashSet<>();
        collectDerivatives(found);
        return found;
    }

    /**
     * Value when evaluated on doubles with no unknowns bound; for expressions of the variable only.
     *
     * @param variable the value of the independent variable
     * @return the expression's value there
     */
    default double valueAt(double variable) {
        return evaluate(DoubleAlgebra.ofVariable(variable));
    }

    /**
     * The sum.
     *
     * @param other the second term
     * @return {@code this + other}
     */
    default Expr plus(Expr other) {
        return Binary.of(Operator.ADD, this, other);
    }

    /**
     * The sum with a number.
     *
     * @param other the second term
     * @return {@code this + other}
     */
    default Expr plus(double other) {
        return plus(constant(other));
    }

    /**
     * The difference.
     *
     * @param other the subtrahend
     * @return {@code this - other}
     */
    default Expr minus(Expr other) {
        return Binary.of(Operator.SUBTRACT, this, other);
    }

    /**
     * The difference with a number.
     *
     * @param other the subtrahend
     * @return {@code this - other}
     */
    default Expr minus(double other) {
        return minus(constant(other));
    }

    /**
     * The product.
     *
     * @param other the second factor
     * @return {@code this * other}
     */
    default Expr times(Expr other) {
        return Binary.of(Operator.MULTIPLY, this, other);
    }

    /**
     * The product with a number.
     *
     * @param other the second factor
     * @return {@code this * other}
     */
    default Expr times(double other) {
        return times(constant(other));
    }

    /**
     * The quotient.
     *
     * @param other the divisor
     * @return {@code this / other}
     */
    default Expr div(Expr other) {
        return Binary.of(Operator.DIVIDE, this, other);
    }

    /**
     * The quotient by a number.
     *
     * @param other the divisor
     * @return {@code this / other}
     */
    default Expr div(double other) {
        return div(constant(other));
    }

    /**
     * The power.
     *
     * @param exponent the exponent
     * @return {@code this ^ exponent}
     */
    default Expr pow(Expr exponent) {
        return Binary.of(Operator.POWER, this, exponent);
    }

    /**
     * The power with a number as exponent.
     *
     * @param exponent the exponent
     * @return {@code this ^ exponent}
     */
    default Expr pow(double exponent) {
        return pow(constant(exponent));
    }

    /**
     * The negation.
     *
     * @return {@code -this}
     */
    default Expr neg() {
        return Unary.of(Function.NEG, this);
    }

    /**
     * A number.
     *
     * @param value the number
     * @return the constant
     */
    static Expr constant(double value) {
        return new Constant(value);
    }

    /**
     * The sine.
     *
     * @param x the argument
     * @return {@code sin(x)}, folded when {@code x} is a number
     */
    static Expr sin(Expr x) {
        return Unary.of(Function.SIN, x);
    }

    /**
     * The cosine.
     *
     * @param x the argument
     * @return {@code cos(x)}, folded when {@code x} is a number
     */
    static Expr cos(Expr x) {
        return Unary.of(Function.COS, x);
    }

    /**
     * The tangent.
     *
     * @param x the argument
     * @return {@code tan(x)}, folded when {@code x} is a number
     */
    static Expr tan(Expr x) {
        return Unary.of(Function.TAN, x);
    }

    /**
     * The exponential.
     *
     * @param x the argument
     * @return {@code exp(x)}, folded when {@code x} is a number
     */
    static Expr exp(Expr x) {
        return Unary.of(Function.EXP, x);
    }

    /**
     * The natural logarithm.
     *
     * @param x the argument
     * @return {@code log(x)}, folded when {@code x} is a number
     */
    static Expr log(Expr x) {
        return Unary.of(Function.LOG, x);
    }

    /**
     * The square root.
     *
     * @param x the argument
     * @return {@code sqrt(x)}, folded when {@code x} is a number
     */
    static Expr sqrt(Expr x) {
        return Unary.of(Function.SQRT, x);
    }

    /**
     * The hyperbolic tangent.
     *
     * @param x the argument
     * @return {@code tanh(x)}, folded when {@code x} is a number
     */
    static Expr tanh(Expr x) {
        return Unary.of(Function.TANH, x);
    }

    /**
     * The hyperbolic sine.
     *
     * @param x the argument
     * @return {@code sinh(x)}, folded when {@code x} is a number
     */
    static Expr sinh(Expr x) {
        return Unary.of(Function.SINH, x);
    }

    /**
     * The hyperbolic cosine.
     *
     * @param x the argument
     * @return {@code cosh(x)}, folded when {@code x} is a number
     */
    static Expr cosh(Expr x) {
        return Unary.of(Function.COSH, x);
    }

    /**
     * The absolute value.
     *
     * @param x the argument
     * @return {@code abs(x)}, folded when {@code x} is a number
     */
    static Expr abs(Expr x) {
        return Unary.of(Function.ABS, x);
    }

    /**
     * How a derivative is written: {@code x}, {@code x'}, {@code x''}, ...
     *
     * @param unknown the unknown's name
     * @param order the derivative order
     * @return the name with {@code order} primes
     */
    static String derivativeName(String unknown, int order) {
        return unknown + "'".repeat(order);
    }

    /**
     * A number as people write it: {@code 400}, {@code 0.25}, {@code 1e-3}; read back, the text gives the same
     * double ({@code -0} included).
     *
     * @param value the number
     * @return its text
     */
    static String format(double value) {
        if (value == 0 && Math.copySign(1.0, value) < 0) {
            return "-0";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        String text = Double.toString(value);
        return text.contains("E") ? text.replace("E", "e") : text;
    }

    /** The constant pi, printed by name. */
    Expr PI = new Parameter("pi", Math.PI);
    /** Euler's number, printed by name. */
    Expr E = new Parameter("e", Math.E);
    /** The named constants of the expression language, by name. */
    Map<String, Expr> CONSTANTS = Map.of("pi", PI, "e", E);
    /**
     * Names that mean something in every expression, sorted: the constants and the functions. A parameter, unknown
     * or variable with one of these names would hide it, so none may have one.
     */
    Set<String> RESERVED_NAMES = reservedNames();

    /**
     * The function {@code function} applied to {@code argument}, folded when the argument is a number.
     *
     * @param function the function, negation included
     * @param argument its argument
     * @return {@code function(argument)}
     */
    static Expr apply(Function function, Expr argument) {
        return Unary.of(function, argument);
    }

    private static Set<String> reservedNames() {
        Set<String> names = new TreeSet<>(CONSTANTS.keySet());
        for (Function function : Function.values()) {
            if (function != Function.NEG) {
                names.add(function.symbol());
            }
        }
        return Collections.unmodifiableSet(names);
    }

    /** Precedence levels used by the printer: sums and differences. */
    int SUM = 1;
    /** Precedence of products and quotients. */
    int PRODUCT = 2;
    /** Precedence of negation and negative numbers. */
    int PREFIX = 3;
    /** Precedence of powers. */
    int POWER = 4;
    /** Precedence of numbers, names and function calls, which never need brackets. */
    int ATOM = 5;

    /** Functions of one argument, with their double implementation. */
    enum Function implements DoubleUnaryOperator {
        /** Negation, {@code -x}. */
        NEG("-", x -> -x),
        /** The sine. */
        SIN("sin", Math::sin),
        /** The cosine. */
        COS("cos", Math::cos),
        /** The tangent. */
        TAN("tan", Math::tan),
        /** The exponential. */
        EXP("exp", Math::exp),
        /** The natural logarithm. */
        LOG("log", Math::log),
        /** The square root. */
        SQRT("sqrt", Math::sqrt),
        /** The hyperbolic tangent. */
        TANH("tanh", Math::tanh),
        /** The hyperbolic sine. */
        SINH("sinh", Math::sinh),
        /** The hyperbolic cosine. */
        COSH("cosh", Math::cosh),
        /** The absolute value. */
        ABS("abs", Math::abs);

        private final String symbol;
        private final DoubleUnaryOperator implementation;

        Function(String symbol, DoubleUnaryOperator implementation) {
            this.symbol = symbol;
            this.implementation = implementation;
        }

        /**
         * How the function is written, {@code sin}; {@code -} for negation.
         *
         * @return the symbol
         */
        public String symbol() {
            return symbol;
        }

        /**
         * The function written {@code name} in expressions, such as {@code sin}; negation has no name.
         *
         * @param name a function's name
         * @return the function, or empty when {@code name} names none
         */
        public static Optional<Function> named(String name) {
            for (Function function : values()) {
                if (function != NEG && function.symbol.equals(name)) {
                    return Optional.of(function);
                }
            }
            return Optional.empty();
        }

        @Override
        public double applyAsDouble(double x) {
            return implementation.applyAsDouble(x);
        }
    }

    /** Binary operators with their printed symbol and precedence. */
    enum Operator {
        /** Addition. */
        ADD("+", SUM),
        /** Subtraction. */
        SUBTRACT("-", SUM),
        /** Multiplication. */
        MULTIPLY("*", PRODUCT),
        /** Division. */
        DIVIDE("/", PRODUCT),
        /** Exponentiation. */
        POWER("^", Expr.POWER);

        private final String symbol;
        private final int precedence;

        Operator(String symbol, int precedence) {
            this.symbol = symbol;
            this.precedence = precedence;
        }

        double apply(double a, double b) {
            switch (this) {
                case ADD: return a + b;
                case SUBTRACT: return a - b;
                case MULTIPLY: return a * b;
                case DIVIDE: return a / b;
                default: return Math.pow(a, b);
            }
        }

        <T> T apply(Algebra<T> algebra, T a, T b) {
            switch (this) {
                case ADD: return algebra.add(a, b);
                case SUBTRACT: return algebra.subtract(a, b);
                case MULTIPLY: return algebra.multiply(a, b);
                case DIVIDE: return algebra.divide(a, b);
                default: return algebra.power(a, b);
            }
        }
    }

    /**
     * A number.
     *
     * @param value the number
     */
    record Constant(double value) implements Expr {
        @Override
        public Expr withParameters(Map<String, Double> values) {
            return this;
        }

        @Override
        public <T> T evaluate(Algebra<T> algebra) {
            return algebra.constant(value);
        }

        @Override
        public int precedence() {
            return Math.copySign(1.0, value) < 0 ? PREFIX : ATOM;
        }

        @Override
        public void collectDerivatives(Set<Derivative> into) {
        }

        @Override
        public void collectParameters(Set<String> into) {
        }

        @Override
        public boolean usesVariable() {
            return false;
        }

        @Override
        public String toString() {
            return format(value);
        }
    }

    /**
     * A named constant of the problem; printed by name, evaluated by value.
     *
     * @param name the parameter's name
     * @param value its value
     */
    record Parameter(String name, double value) implements Expr {
        /**
         * Checks the node.
         *
         * @param name the parameter's name
         * @param value its value
         */
        public Parameter {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public <T> T evaluate(Algebra<T> algebra) {
            return CONSTANTS.containsKey(name) ? algebra.constant(value) : algebra.parameter(name, value);
        }

        @Override
        public Expr withParameters(Map<String, Double> values) {
            Double other = CONSTANTS.containsKey(name) ? null : values.get(name);
            return other == null ? this : new Parameter(name, other);
        }

        @Override
        public int precedence() {
            return ATOM;
        }

        @Override
        public void collectDerivatives(Set<Derivative> into) {
        }

        @Override
        public void collectParameters(Set<String> into) {
            into.add(name);
        }

        @Override
        public boolean usesVariable() {
            return false;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * The independent variable (t, or x for spatial problems).
     *
     * @param name the variable's name
     */
    record Variable(String name) implements Expr {
        /**
         * Checks the node.
         *
         * @param name the variable's name
         */
        public Variable {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public Expr withParameters(Map<String, Double> values) {
            return this;
        }

        @Override
        public <T> T evaluate(Algebra<T> algebra) {
            return algebra.variable();
        }

        @Override
        public int precedence() {
            return ATOM;
        }

        @Override
        public void collectDerivatives(Set<Derivative> into) {
        }

        @Override
        public void collectParameters(Set<String> into) {
        }

        @Override
        public boolean usesVariable() {
            return true;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * The {@code order}-th derivative of an unknown in the independent variable.
     *
     * @param unknown the unknown's name
     * @param order the derivative order, 0 for the unknown itself
     */
    record Derivative(String unknown, int order) implements Expr {
        /**
         * Checks the node.
         *
         * @param unknown the unknown's name
         * @param order the derivative order, 0 or more
         */
        public Derivative {
            Objects.requireNonNull(unknown, "unknown");
            if (order < 0) {
                throw new IllegalArgumentException("derivative order must be >= 0, got " + order);
            }
        }

        @Override
        public Expr withParameters(Map<String, Double> values) {
            return this;
        }

        @Override
        public <T> T evaluate(Algebra<T> algebra) {
            return algebra.derivative(unknown, order);
        }

        @Override
        public int precedence() {
            return ATOM;
        }

        @Override
        public void collectDerivatives(Set<Derivative> into) {
            into.add(this);
        }

        @Override
        public void collectParameters(Set<String> into) {
        }

        @Override
        public boolean usesVariable() {
            return false;
        }

        @Override
        public String toString() {
            return derivativeName(unknown, order);
        }
    }

    /**
     * A function applied to one argument.
     *
     * @param function the function
     * @param argument its argument
     */
    record Unary(Function function, Expr argument) implements Expr {
        /**
         * Checks the node.
         *
         * @param function the function
         * @param argument its argument
         */
        public Unary {
            Objects.requireNonNull(function, "function");
            Objects.requireNonNull(argument, "argument");
        }

        /** Builds the node, folding constants. */
        static Expr of(Function function, Expr argument) {
            if (argument instanceof Constant c) {
                return new Constant(function.applyAsDouble(c.value()));
            }
            return new Unary(function, argument);
        }

        @Override
        public Expr withParameters(Map<String, Double> values) {
            Expr bound = argument.withParameters(values);
            return bound == argument ? this : new Unary(function, bound);
        }

        @Override
        public <T> T evaluate(Algebra<T> algebra) {
            T value = argument.evaluate(algebra);
            return function == Function.NEG
                    ? algebra.subtract(algebra.constant(0), value)
                    : algebra.apply(function, value);
        }

        @Override
        public int precedence() {
            return function == Function.NEG ? PREFIX : ATOM;
        }

        @Override
        public void collectDerivatives(Set<Derivative> into) {
            argument.collectDerivatives(into);
        }

        @Override
        public void collectParameters(Set<String> into) {
            argument.collectParameters(into);
        }

        @Override
        public boolean usesVariable() {
            return argument.usesVariable();
        }

        @Override
        public String toString() {
            if (function == Function.NEG) {
                return argument.precedence() > PREFIX ? "-" + argument : "-(" + argument + ")";
            }
            return function.symbol() + "(" + argument + ")";
        }
    }

    /**
     * A binary operation.
     *
     * @param operator the operator
     * @param left the left operand
     * @param right the right operand
     */
    record Binary(Operator operator, Expr left, Expr right) implements Expr {
        /**
         * Checks the node.
         *
         * @param operator the operator
         * @param left the left operand
         * @param right the right operand
         */
        public Binary {
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }

        /** Builds the node, folding constants. */
        static Expr of(Operator operator, Expr left, Expr right) {
            if (left instanceof Constant a && right instanceof Constant b) {
                return new Constant(operator.apply(a.value(), b.value()));
            }
            return new Binary(operator, left, right);
        }

        @Override
        public Expr withParameters(Map<String, Double> values) {
            Expr boundLeft = left.withParameters(values);
            Expr boundRight = right.withParameters(values);
            return boundLeft == left && boundRight == right ? this : new Binary(operator, boundLeft, boundRight);
        }

        @Override
        public <T> T evaluate(Algebra<T> algebra) {
            return operator.apply(algebra, left.evaluate(algebra), right.evaluate(algebra));
        }

        @Override
        public int precedence() {
            return operator.precedence;
        }

        @Override
        public void collectDerivatives(Set<Derivative> into) {
            left.collectDerivatives(into);
            right.collectDerivatives(into);
        }

        @Override
        public void collectParameters(Set<String> into) {
            left.collectParameters(into);
            right.collectParameters(into);
        }

        @Override
        public boolean usesVariable() {
            return left.usesVariable() || right.usesVariable();
        }

        @Override
        public String toString() {
            boolean leftBrackets;
            boolean rightBrackets;
            switch (operator) {
                case ADD:
                    // a + (b + c) keeps its brackets, so the text reads back as the same tree.
                    leftBrackets = false;
                    rightBrackets = right.precedence() <= SUM;
                    break;
                case SUBTRACT:
                    leftBrackets = false;
                    rightBrackets = right.precedence() <= SUM;
                    break;
                case MULTIPLY:
                    // A quotient inside a product is bracketed for the reader: (mu/m)*x'.
                    leftBrackets = left.precedence() < PRODUCT || isQuotient(left);
                    rightBrackets = right.precedence() <= PREFIX;
                    break;
                case DIVIDE:
                    leftBrackets = left.precedence() < PRODUCT;
                    rightBrackets = right.precedence() <= PREFIX;
                    break;
                default:
                    leftBrackets = left.precedence() <= POWER;
                    rightBrackets = right.precedence() < POWER;
            }
            String space = operator.precedence == SUM ? " " : "";
            return bracket(left, leftBrackets) + space + operator.symbol + space + bracket(right, rightBrackets);
        }

        private static boolean isQuotient(Expr e) {
            return e instanceof Binary b && b.operator == Operator.DIVIDE;
        }

        private static String bracket(Expr e, boolean brackets) {
            return brackets ? "(" + e + ")" : e.toString();
        }
    }
}

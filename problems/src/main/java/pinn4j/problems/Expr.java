package pinn4j.problems;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;

/**
 * An immutable symbolic expression in the independent variable, the unknowns' derivatives and named
 * parameters. A right-hand side is built once, by calling a Java lambda on symbols (see {@link Symbols}),
 * and then evaluated by any {@link Algebra}: on doubles for the reference integrator, on tensors for the
 * network's residual, and printed for titles and reports.
 */
public sealed interface Expr permits Expr.Constant, Expr.Parameter, Expr.Variable, Expr.Derivative,
        Expr.Unary, Expr.Binary {

    /** Evaluates this expression in the given number system. */
    <T> T evaluate(Algebra<T> algebra);

    /** Binding strength when printed; higher binds tighter. */
    int precedence();

    /** Appends every unknown derivative this expression reads. */
    void collectDerivatives(Set<Derivative> into);

    /** Appends every parameter name this expression reads. */
    void collectParameters(Set<String> into);

    /** Whether the independent variable occurs in this expression. */
    boolean usesVariable();

    /** The unknown derivatives this expression reads, in order of first appearance. */
    default Set<Derivative> derivatives() {
        Set<Derivative> found = new LinkedHashSet<>();
        collectDerivatives(found);
        return found;
    }

    /** Value when evaluated on doubles with no unknowns bound; for expressions of the variable only. */
    default double valueAt(double variable) {
        return evaluate(DoubleAlgebra.ofVariable(variable));
    }

    default Expr plus(Expr other) {
        return Binary.of(Operator.ADD, this, other);
    }

    default Expr plus(double other) {
        return plus(constant(other));
    }

    default Expr minus(Expr other) {
        return Binary.of(Operator.SUBTRACT, this, other);
    }

    default Expr minus(double other) {
        return minus(constant(other));
    }

    default Expr times(Expr other) {
        return Binary.of(Operator.MULTIPLY, this, other);
    }

    default Expr times(double other) {
        return times(constant(other));
    }

    default Expr div(Expr other) {
        return Binary.of(Operator.DIVIDE, this, other);
    }

    default Expr div(double other) {
        return div(constant(other));
    }

    default Expr pow(Expr exponent) {
        return Binary.of(Operator.POWER, this, exponent);
    }

    default Expr pow(double exponent) {
        return pow(constant(exponent));
    }

    default Expr neg() {
        return Unary.of(Function.NEG, this);
    }

    static Expr constant(double value) {
        return new Constant(value);
    }

    static Expr sin(Expr x) {
        return Unary.of(Function.SIN, x);
    }

    static Expr cos(Expr x) {
        return Unary.of(Function.COS, x);
    }

    static Expr tan(Expr x) {
        return Unary.of(Function.TAN, x);
    }

    static Expr exp(Expr x) {
        return Unary.of(Function.EXP, x);
    }

    static Expr log(Expr x) {
        return Unary.of(Function.LOG, x);
    }

    static Expr sqrt(Expr x) {
        return Unary.of(Function.SQRT, x);
    }

    static Expr tanh(Expr x) {
        return Unary.of(Function.TANH, x);
    }

    static Expr sinh(Expr x) {
        return Unary.of(Function.SINH, x);
    }

    static Expr cosh(Expr x) {
        return Unary.of(Function.COSH, x);
    }

    static Expr abs(Expr x) {
        return Unary.of(Function.ABS, x);
    }

    /** How a derivative is written: {@code x}, {@code x'}, {@code x''}, ... */
    static String derivativeName(String unknown, int order) {
        return unknown + "'".repeat(order);
    }

    /** A number as people write it: {@code 400}, {@code 0.25}, {@code 1e-3}. */
    static String format(double value) {
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

    /** Precedence levels used by the printer. */
    int SUM = 1;
    int PRODUCT = 2;
    int PREFIX = 3;
    int POWER = 4;
    int ATOM = 5;

    /** Functions of one argument, with their double implementation. */
    enum Function implements DoubleUnaryOperator {
        NEG("-", x -> -x),
        SIN("sin", Math::sin),
        COS("cos", Math::cos),
        TAN("tan", Math::tan),
        EXP("exp", Math::exp),
        LOG("log", Math::log),
        SQRT("sqrt", Math::sqrt),
        TANH("tanh", Math::tanh),
        SINH("sinh", Math::sinh),
        COSH("cosh", Math::cosh),
        ABS("abs", Math::abs);

        private final String symbol;
        private final DoubleUnaryOperator implementation;

        Function(String symbol, DoubleUnaryOperator implementation) {
            this.symbol = symbol;
            this.implementation = implementation;
        }

        public String symbol() {
            return symbol;
        }

        @Override
        public double applyAsDouble(double x) {
            return implementation.applyAsDouble(x);
        }
    }

    /** Binary operators with their printed symbol and precedence. */
    enum Operator {
        ADD("+", SUM),
        SUBTRACT("-", SUM),
        MULTIPLY("*", PRODUCT),
        DIVIDE("/", PRODUCT),
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

    /** A number. */
    record Constant(double value) implements Expr {
        @Override
        public <T> T evaluate(Algebra<T> algebra) {
            return algebra.constant(value);
        }

        @Override
        public int precedence() {
            return value < 0 ? PREFIX : ATOM;
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

    /** A named constant of the problem; printed by name, evaluated by value. */
    record Parameter(String name, double value) implements Expr {
        public Parameter {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public <T> T evaluate(Algebra<T> algebra) {
            return algebra.constant(value);
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

    /** The independent variable (t, or x for spatial problems). */
    record Variable(String name) implements Expr {
        public Variable {
            Objects.requireNonNull(name, "name");
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

    /** The {@code order}-th derivative of an unknown in the independent variable. */
    record Derivative(String unknown, int order) implements Expr {
        public Derivative {
            Objects.requireNonNull(unknown, "unknown");
            if (order < 0) {
                throw new IllegalArgumentException("derivative order must be >= 0, got " + order);
            }
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

    /** A function applied to one argument. */
    record Unary(Function function, Expr argument) implements Expr {
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

    /** A binary operation. */
    record Binary(Operator operator, Expr left, Expr right) implements Expr {
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
                    leftBrackets = false;
                    rightBrackets = false;
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

package pinn4j.problems;

import java.util.function.Function;

/**
 * Symbolic derivatives of an {@link Expr}, as expressions: the partial derivative in one unknown derivative, and the
 * derivative in the independent variable along a solution. Every function and operator of the expression language
 * has its rule; the result is simplified only where that is exact (a zero term or factor dropped, a factor one left
 * out, numbers folded), so it evaluates to the derivative's value wherever the derivative exists.
 * <p>
 * {@code abs} is differentiable except at zero; its derivative is taken as {@code a/abs(a)}, the sign of its
 * argument, which is not a number where the argument is zero. A power {@code a^b} whose exponent depends on what is
 * differentiated goes through {@code log(a)}, so it has a derivative only where {@code a > 0}.
 */
public final class Differentiation {

    private static final Expr ZERO = Expr.constant(0);
    private static final Expr ONE = Expr.constant(1);

    private Differentiation() {
    }

    /**
     * The partial derivative in one unknown derivative, every other derivative, the variable and the parameters held
     * fixed: for {@code f = -(k/m) x - (mu/m) x'}, {@code partial(f, x')} is {@code -(mu/m)}.
     *
     * @param f an expression
     * @param with the unknown derivative to differentiate in
     * @return {@code df/d(with)}, a constant zero when f does not read it
     */
    public static Expr partial(Expr f, Expr.Derivative with) {
        return derive(f, leaf -> leaf.equals(with) ? ONE : ZERO);
    }

    /**
     * The derivative in the independent variable along a solution (the chain rule): {@code df/dt + sum over the
     * derivatives u^(j) that f reads of df/du^(j) u^(j+1)}. The result reads each unknown one order higher than f
     * does.
     *
     * @param f an expression
     * @return {@code d f / d t}
     */
    public static Expr total(Expr f) {
        return derive(f, leaf -> leaf instanceof Expr.Variable ? ONE : leaf instanceof Expr.Derivative d
                ? new Expr.Derivative(d.unknown(), d.order() + 1) : ZERO);
    }

    /** The derivative of {@code e}, given that of each leaf (the variable, a derivative; numbers give zero). */
    private static Expr derive(Expr e, Function<Expr, Expr> leaf) {
        if (e instanceof Expr.Constant || e instanceof Expr.Parameter) {
            return ZERO;
        }
        if (e instanceof Expr.Variable || e instanceof Expr.Derivative) {
            return leaf.apply(e);
        }
        if (e instanceof Expr.Unary unary) {
            Expr a = unary.argument();
            Expr da = derive(a, leaf);
            return isZero(da) ? ZERO : times(outer(unary.function(), a, e), da);
        }
        Expr.Binary binary = (Expr.Binary) e;
        Expr a = binary.left();
        Expr b = binary.right();
        Expr da = derive(a, leaf);
        Expr db = derive(b, leaf);
        switch (binary.operator()) {
            case ADD:
                return plus(da, db);
            case SUBTRACT:
                return minus(da, db);
            case MULTIPLY:
                return plus(times(da, b), times(a, db));
            case DIVIDE:
                // (a/b)' = a'/b - a b'/b^2, kept as two terms so a constant divisor gives a'/b alone.
                return minus(divide(da, b), isZero(db) ? ZERO : divide(times(a, db), b.pow(2)));
            default:
                // (a^b)' = b a^(b-1) a' + a^b log(a) b': the second term only when the exponent varies, since
                // log(a) is not a number for a <= 0, where a^n with a constant n is still differentiable.
                Expr base = isZero(da) ? ZERO : times(times(b, a.pow(minus(b, ONE))), da);
                return plus(base, isZero(db) ? ZERO : times(times(e, Expr.log(a)), db));
        }
    }

    /** The derivative of {@code function} at {@code a}; {@code e} is {@code function(a)} itself. */
    private static Expr outer(Expr.Function function, Expr a, Expr e) {
        return switch (function) {
            case NEG -> Expr.constant(-1);
            case SIN -> Expr.cos(a);
            case COS -> Expr.sin(a).neg();
            case TAN -> ONE.div(Expr.cos(a).pow(2));
            case EXP -> e;
            case LOG -> ONE.div(a);
            case SQRT -> ONE.div(e.times(2));
            case TANH -> ONE.minus(e.pow(2));
            case SINH -> Expr.cosh(a);
            case COSH -> Expr.sinh(a);
            case ABS -> a.div(e);
        };
    }

    private static boolean isZero(Expr e) {
        return e instanceof Expr.Constant c && c.value() == 0;
    }

    private static boolean isOne(Expr e) {
        return e instanceof Expr.Constant c && c.value() == 1;
    }

    private static Expr plus(Expr a, Expr b) {
        return isZero(a) ? b : isZero(b) ? a : a.plus(b);
    }

    private static Expr minus(Expr a, Expr b) {
        return isZero(b) ? a : isZero(a) ? b.neg() : a.minus(b);
    }

    private static Expr times(Expr a, Expr b) {
        if (isZero(a) || isZero(b)) {
            return ZERO;
        }
        if (a instanceof Expr.Constant c && c.value() == -1) {
            return b.neg();
        }
        return isOne(a) ? b : isOne(b) ? a : a.times(b);
    }

    private static Expr divide(Expr a, Expr b) {
        return isZero(a) ? ZERO : isOne(b) ? a : a.div(b);
    }
}

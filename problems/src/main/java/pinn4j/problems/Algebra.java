package pinn4j.problems;

/**
 * The operations an {@link Expr} needs from a number system. Implementations evaluate one expression tree
 * on plain doubles ({@link DoubleAlgebra}) or on tensors (the solver's), so a right-hand side is written once.
 *
 * @param <T> the value type
 */
public interface Algebra<T> {

    /** A constant; parameters arrive here with their values. */
    T constant(double value);

    /** The independent variable. */
    T variable();

    /** The {@code order}-th derivative of the named unknown (order 0 is the unknown itself). */
    T derivative(String unknown, int order);

    T add(T left, T right);

    T subtract(T left, T right);

    T multiply(T left, T right);

    T divide(T left, T right);

    T power(T base, T exponent);

    T apply(Expr.Function function, T argument);
}

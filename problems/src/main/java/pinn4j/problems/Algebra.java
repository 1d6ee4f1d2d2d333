package pinn4j.problems;

/**
 * The operations an {@link Expr} needs from a number system. Implementations evaluate one expression tree
 * on plain doubles ({@link DoubleAlgebra}) or on tensors (the solver's), so a right-hand side is written once.
 *
 * @param <T> the value type
 */
public interface Algebra<T> {

    /**
     * A constant; parameters arrive here with their values.
     *
     * @param value the number
     * @return the constant in this number system
     */
    T constant(double value);

    /**
     * A named parameter. By default its value as a constant; an algebra that trains some parameters (the solver's
     * tensors) returns them as variables instead.
     *
     * @param name the parameter's name
     * @param value its current value
     * @return the parameter in this number system
     */
    default T parameter(String name, double value) {
        return constant(value);
    }

    /**
     * The independent variable.
     *
     * @return the variable's values
     */
    T variable();

    /**
     * The {@code order}-th derivative of the named unknown (order 0 is the unknown itself).
     *
     * @param unknown the unknown's name
     * @param order the derivative order, 0 or more
     * @return the derivative's values
     */
    T derivative(String unknown, int order);

    /**
     * The sum.
     *
     * @param left the first term
     * @param right the second term
     * @return {@code left + right}
     */
    T add(T left, T right);

    /**
     * The difference.
     *
     * @param left the minuend
     * @param right the subtrahend
     * @return {@code left - right}
     */
    T subtract(T left, T right);

    /**
     * The product.
     *
     * @param left the first factor
     * @param right the second factor
     * @return {@code left * right}
     */
    T multiply(T left, T right);

    /**
     * The quotient.
     *
     * @param left the dividend
     * @param right the divisor
     * @return {@code left / right}
     */
    T divide(T left, T right);

    /**
     * The power.
     *
     * @param base the base
     * @param exponent the exponent
     * @return {@code base ^ exponent}
     */
    T power(T base, T exponent);

    /**
     * A function of one argument.
     *
     * @param function the function, negation included
     * @param argument its argument
     * @return {@code function(argument)}
     */
    T apply(Expr.Function function, T argument);
}

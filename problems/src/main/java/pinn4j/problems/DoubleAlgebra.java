package pinn4j.problems;

import java.util.Map;

/**
 * Evaluates expressions on doubles: the variable's value and every unknown's derivatives at one point.
 * This is what the Hipparchus reference and the exact solutions use.
 */
public final class DoubleAlgebra implements Algebra<Double> {

    private final double variable;
    private final Map<String, double[]> derivatives;

    /**
     * @param variable the value of the independent variable
     * @param derivatives per unknown, its value and derivatives {@code u, u', u'', ...} at that point
     */
    public DoubleAlgebra(double variable, Map<String, double[]> derivatives) {
        this.variable = variable;
        this.derivatives = derivatives;
    }

    /**
     * An algebra for expressions of the variable alone, such as exact solutions.
     *
     * @param variable the value of the independent variable
     * @return the algebra, without unknowns
     */
    public static DoubleAlgebra ofVariable(double variable) {
        return new DoubleAlgebra(variable, Map.of());
    }

    @Override
    public Double constant(double value) {
        return value;
    }

    @Override
    public Double variable() {
        return variable;
    }

    @Override
    public Double derivative(String unknown, int order) {
        double[] values = derivatives.get(unknown);
        if (values == null || order >= values.length) {
            throw new IllegalStateException("no value bound for " + Expr.derivativeName(unknown, order));
        }
        return values[order];
    }

    @Override
    public Double add(Double left, Double right) {
        return left + right;
    }

    @Override
    public Double subtract(Double left, Double right) {
        return left - right;
    }

    @Override
    public Double multiply(Double left, Double right) {
        return left * right;
    }

    @Override
    public Double divide(Double left, Double right) {
        return left / right;
    }

    @Override
    public Double power(Double base, Double exponent) {
        return Math.pow(base, exponent);
    }

    @Override
    public Double apply(Expr.Function function, Double argument) {
        return function.applyAsDouble(argument);
    }
}

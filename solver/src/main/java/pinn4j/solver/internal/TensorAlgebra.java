package pinn4j.solver.internal;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import ai.djl.ndarray.NDArray;
import pinn4j.problems.Algebra;
import pinn4j.problems.Expr;

/**
 * Evaluates a problem's expressions on tensors: the variable is a column of points, each derivative a column
 * of the network's output and each fitted parameter a trained (1, 1) tensor. Sub-expressions without tensors stay
 * numbers, so fixed parameters fold before they reach the tensor library.
 */
public final class TensorAlgebra implements Algebra<TensorAlgebra.Value> {

    /**
     * Either a number ({@code tensor == null}) or a tensor.
     *
     * @param number the number; NaN for a tensor
     * @param tensor the tensor, or null for a number
     */
    public record Value(double number, NDArray tensor) {
        static Value of(double number) {
            return new Value(number, null);
        }

        static Value of(NDArray tensor) {
            return new Value(Double.NaN, tensor);
        }

        boolean isNumber() {
            return tensor == null;
        }

        /** The tensor, or the number broadcast like {@code like}. */
        NDArray toTensor(NDArray like) {
            return isNumber() ? like.zerosLike().add(number) : tensor;
        }
    }

    private final NDArray variable;
    private final List<String> unknowns;
    private final NDArray[] derivatives;
    private final Map<String, NDArray> fitted;

    /**
     * @param variable the points, shape (n, 1)
     * @param unknowns the unknowns in output-column order
     * @param derivatives {@code [u, u', ...]}, each of shape (n, unknowns), or (K, n, unknowns) for K networks, the
     *     variable then being (1, n)
     * @param fitted the fitted parameters' values by name, each of shape (1, 1) (or one row per point or per
     *     network); empty for a forward problem
     */
    public TensorAlgebra(NDArray variable, List<String> unknowns, NDArray[] derivatives, Map<String, NDArray> fitted) {
        this.variable = variable;
        this.unknowns = unknowns;
        this.derivatives = derivatives;
        this.fitted = fitted;
    }

    /**
     * Evaluates to a column tensor of shape (n, 1), even for constant expressions.
     *
     * @param expr an expression of the problem
     * @return its values at the points
     */
    public NDArray evaluate(Expr expr) {
        return expr.evaluate(this).toTensor(variable);
    }

    /**
     * Column {@code unknown} of the derivative of the given order, shape (n, 1); (K, n) for K networks' derivatives
     * of shape (K, n, unknowns).
     *
     * @param unknown the unknown's name
     * @param order 0 for the value, k for the k-th derivative
     * @return the column
     */
    public NDArray column(String unknown, int order) {
        NDArray all = derivatives[order];
        int index = unknowns.indexOf(unknown);
        if (all.getShape().dimension() == 3) {
            return all.get(":, :, " + index);
        }
        return unknowns.size() == 1 ? all : all.get(":, " + index + ":" + (index + 1));
    }

    @Override
    public Value constant(double value) {
        return Value.of(value);
    }

    @Override
    public Value parameter(String name, double value) {
        NDArray tensor = fitted.get(name);
        return tensor == null ? Value.of(value) : Value.of(tensor);
    }

    @Override
    public Value variable() {
        return Value.of(variable);
    }

    @Override
    public Value derivative(String unknown, int order) {
        return Value.of(column(unknown, order));
    }

    @Override
    public Value add(Value a, Value b) {
        return combine(a, b, Double::sum, NDArray::add, (x, n) -> x.add(n), (n, x) -> x.add(n));
    }

    @Override
    public Value subtract(Value a, Value b) {
        return combine(a, b, (x, y) -> x - y, NDArray::sub, (x, n) -> x.sub(n),
                (n, x) -> n == 0 ? x.neg() : x.neg().add(n));
    }

    @Override
    public Value multiply(Value a, Value b) {
        return combine(a, b, (x, y) -> x * y, NDArray::mul, Scalars::mul, (n, x) -> Scalars.mul(x, n));
    }

    @Override
    public Value divide(Value a, Value b) {
        return combine(a, b, (x, y) -> x / y, NDArray::div, Scalars::div, Scalars::rdiv);
    }

    @Override
    public Value power(Value a, Value b) {
        return combine(a, b, Math::pow, NDArray::pow, (x, n) -> n == 2 ? x.square() : Scalars.pow(x, n),
                Scalars::rpow);
    }

    @Override
    public Value apply(Expr.Function function, Value argument) {
        if (argument.isNumber()) {
            return Value.of(function.applyAsDouble(argument.number()));
        }
        NDArray x = argument.tensor();
        switch (function) {
            case NEG: return Value.of(x.neg());
            case SIN: return Value.of(x.sin());
            case COS: return Value.of(x.cos());
            case TAN: return Value.of(x.tan());
            case EXP: return Value.of(x.exp());
            case LOG: return Value.of(x.log());
            case SQRT: return Value.of(x.sqrt());
            case TANH: return Value.of(x.tanh());
            case SINH: return Value.of(x.sinh());
            case COSH: return Value.of(x.cosh());
            case ABS: return Value.of(x.abs());
            default: throw new IllegalStateException("no tensor form for " + function);
        }
    }

    private interface NumberTensor {
        NDArray apply(double number, NDArray tensor);
    }

    private static Value combine(Value a, Value b, java.util.function.DoubleBinaryOperator numbers,
                                 BiFunction<NDArray, NDArray, NDArray> tensors,
                                 BiFunction<NDArray, Double, NDArray> tensorNumber, NumberTensor numberTensor) {
        if (a.isNumber() && b.isNumber()) {
            return Value.of(numbers.applyAsDouble(a.number(), b.number()));
        }
        if (a.isNumber()) {
            return Value.of(numberTensor.apply(a.number(), b.tensor()));
        }
        if (b.isNumber()) {
            return Value.of(tensorNumber.apply(a.tensor(), b.number()));
        }
        return Value.of(tensors.apply(a.tensor(), b.tensor()));
    }
}

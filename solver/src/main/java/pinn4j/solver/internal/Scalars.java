package pinn4j.solver.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Products, quotients and powers with numbers, safe under autograd. DJL's {@code mul(Number)} and friends wrap
 * the number in a tensor over a Java buffer and close it at once; autograd keeps that tensor for the backward
 * pass, whose memory the garbage collector may then reuse, so gradients come out wrong now and then. Here the
 * number's tensor belongs to the operand's manager and lives as long as that (the iteration's scope).
 */
public final class Scalars {

    private Scalars() {
    }

    /**
     * A 0-d tensor holding {@code value}, in {@code like}'s manager and type.
     *
     * @param like the tensor whose manager and data type the scalar takes
     * @param value the number
     * @return the scalar tensor
     */
    public static NDArray scalar(NDArray like, double value) {
        return like.getDataType() == DataType.FLOAT32
                ? like.getManager().create((float) value) : like.getManager().create(value);
    }

    /**
     * {@code x * value}, element-wise.
     *
     * @param x the tensor
     * @param value the factor
     * @return the product
     */
    public static NDArray mul(NDArray x, double value) {
        return x.mul(scalar(x, value));
    }

    /**
     * {@code x / value}, element-wise.
     *
     * @param x the tensor
     * @param value the divisor
     * @return the quotient
     */
    public static NDArray div(NDArray x, double value) {
        return x.div(scalar(x, value));
    }

    /**
     * {@code value / x}, element-wise.
     *
     * @param value the dividend
     * @param x the tensor of divisors
     * @return the quotient
     */
    public static NDArray rdiv(double value, NDArray x) {
        return scalar(x, value).div(x);
    }

    /**
     * {@code x ^ exponent}, element-wise.
     *
     * @param x the tensor of bases
     * @param exponent the exponent
     * @return the power
     */
    public static NDArray pow(NDArray x, double exponent) {
        return x.pow(scalar(x, exponent));
    }

    /**
     * {@code value ^ x}, element-wise.
     *
     * @param value the base
     * @param x the tensor of exponents
     * @return the power
     */
    public static NDArray rpow(double value, NDArray x) {
        return scalar(x, value).pow(x);
    }

    /**
     * {@code max(x, value)}, element-wise.
     *
     * @param x the tensor
     * @param value the lower bound
     * @return the larger of each element and {@code value}
     */
    public static NDArray maximum(NDArray x, double value) {
        return x.maximum(scalar(x, value));
    }
}

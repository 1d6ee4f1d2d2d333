package pinn4j.solver;


import ai.djl.ndarray.NDArray;
import pinn4j.solver.internal.Choices;
import pinn4j.solver.internal.Scalars;
import pinn4j.solver.internal.TaylorMlp;

/**
 * Activation functions with their derivatives up to order 4, as tensors. The network needs {@code sigma^(k)(z)}
 * to carry time derivatives through each layer (see {@link TaylorMlp}).
 */
public enum Activation {
    /** The hyperbolic tangent, {@code tanh z}; the default. */
    TANH(false) {
        @Override
        public NDArray[] derivatives(NDArray z, int order) {
            NDArray[] d = new NDArray[order + 1];
            NDArray s = z.tanh();
            d[0] = s;
            if (order >= 1) {
                d[1] = s.square().neg().add(1); // 1 - s^2
            }
            if (order >= 2) {
                d[2] = Scalars.mul(s.mul(d[1]), -2); // -2 s s'
            }
            if (order >= 3) {
                d[3] = Scalars.mul(d[1].mul(d[1]).add(s.mul(d[2])), -2); // -2 (s'^2 + s s'')
            }
            if (order >= 4) {
                d[4] = Scalars.mul(Scalars.mul(d[1].mul(d[2]), 3).add(s.mul(d[3])), -2); // -2 (3 s' s'' + s s''')
            }
            return d;
        }
    },
    /** The sine, {@code sin z}. */
    SIN(false) {
        @Override
        public NDArray[] derivatives(NDArray z, int order) {
            NDArray[] d = new NDArray[order + 1];
            d[0] = z.sin();
            if (order >= 1) {
                d[1] = z.cos();
            }
            for (int k = 2; k <= order; k++) {
                d[k] = d[k - 2].neg();
            }
            return d;
        }
    },
    /** The logistic sigmoid, {@code 1 / (1 + e^-z)}. */
    SIGMOID(false) {
        @Override
        public NDArray[] derivatives(NDArray z, int order) {
            return sigmoidDerivatives(z.getNDArrayInternal().sigmoid(), order);
        }
    },
    /** Softplus, {@code log(1 + e^z)}, computed so that it stays finite for large {@code |z|}. */
    SOFTPLUS(false) {
        @Override
        public NDArray[] derivatives(NDArray z, int order) {
            NDArray[] d = new NDArray[order + 1];
            // log(1 + e^z) = max(z, 0) + log(1 + e^-|z|): finite for large |z|.
            d[0] = Scalars.maximum(z, 0).add(z.abs().neg().exp().add(1).log());
            if (order >= 1) {
                NDArray[] sigmoid = sigmoidDerivatives(z.getNDArrayInternal().sigmoid(), order - 1);
                System.arraycopy(sigmoid, 0, d, 1, order);
            }
            return d;
        }
    },
    /** SiLU (swish), {@code z / (1 + e^-z)}. */
    SILU(false) {
        @Override
        public NDArray[] derivatives(NDArray z, int order) {
            // (z s)^(k) = z s^(k) + k s^(k-1)
            NDArray[] s = sigmoidDerivatives(z.getNDArrayInternal().sigmoid(), order);
            NDArray[] d = new NDArray[order + 1];
            d[0] = z.mul(s[0]);
            for (int k = 1; k <= order; k++) {
                d[k] = z.mul(s[k]).add(Scalars.mul(s[k - 1], k));
            }
            return d;
        }
    },
    /** The rectifier, {@code max(z, 0)}: piecewise linear, its second and higher derivatives are 0. */
    RELU(true) {
        @Override
        public NDArray[] derivatives(NDArray z, int order) {
            NDArray[] d = new NDArray[order + 1];
            d[0] = Scalars.maximum(z, 0);
            if (order >= 1) {
                d[1] = z.gt(0).toType(z.getDataType(), false);
            }
            for (int k = 2; k <= order; k++) {
                d[k] = z.zerosLike();
            }
            return d;
        }
    };

    private final boolean piecewiseLinear;

    Activation(boolean piecewiseLinear) {
        this.piecewiseLinear = piecewiseLinear;
    }

    /**
     * {@code sigma^(k)(z)} for k = 0..order, element-wise.
     *
     * @param z the pre-activations
     * @param order the highest derivative, at most 4
     * @return {@code order + 1} tensors shaped like {@code z}: the function and its derivatives in order
     */
    public abstract NDArray[] derivatives(NDArray z, int order);

    /**
     * Whether the function is piecewise linear: its second and higher derivatives vanish almost everywhere, so a
     * residual with u'' or above cannot see them.
     *
     * @return true for piecewise-linear functions such as ReLU
     */
    public boolean isPiecewiseLinear() {
        return piecewiseLinear;
    }

    /**
     * The name used on the command line and in files.
     *
     * @return the lower-case name, such as {@code tanh}
     */
    public String id() {
        return Choices.id(this);
    }

    /**
     * Parses a name such as {@code tanh}, case-insensitively, with an error listing the choices.
     *
     * @param name the name as written
     * @return the activation
     * @throws IllegalArgumentException listing the choices when the name is none of them
     */
    public static Activation parse(String name) {
        return Choices.parse(values(), "activation", name);
    }

    /** With s the sigmoid: s' = s(1-s), s'' = s'(1-2s), s''' = s''(1-2s) - 2 s'^2, s'''' = s'''(1-2s) - 6 s' s''. */
    private static NDArray[] sigmoidDerivatives(NDArray s, int order) {
        NDArray[] d = new NDArray[order + 1];
        d[0] = s;
        if (order == 0) {
            return d;
        }
        NDArray oneMinusTwoS = Scalars.mul(s, -2).add(1);
        d[1] = s.mul(s.neg().add(1));
        if (order >= 2) {
            d[2] = d[1].mul(oneMinusTwoS);
        }
        if (order >= 3) {
            d[3] = d[2].mul(oneMinusTwoS).sub(Scalars.mul(d[1].mul(d[1]), 2));
        }
        if (order >= 4) {
            d[4] = d[3].mul(oneMinusTwoS).sub(Scalars.mul(d[1].mul(d[2]), 6));
        }
        return d;
    }

}

package pinn4j.solver.internal;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import pinn4j.solver.Activation;

/**
 * A multilayer perceptron u(t) that returns its derivatives in t with its value. The input is mapped to [-1, 1]
 * over the problem's domain. Every layer receives the derivatives {@code z, z', ..., z^(K)} of its input and
 * passes on those of its output, by the chain rule for a linear map ({@code (z W^T)^(k) = z^(k) W^T}, the bias only
 * on the value; weights are (out, in) as in DJL's Linear) and Faa di Bruno's formula for the activation:
 * <pre>
 * y'    = s1 z'
 * y''   = s2 z'^2 + s1 z''
 * y'''  = s3 z'^3 + 3 s2 z' z'' + s1 z'''
 * y'''' = s4 z'^4 + 6 s3 z'^2 z'' + s2 (4 z' z''' + 3 z''^2) + s1 z''''
 * </pre>
 * with {@code sk = sigma^(k)(z)}. All of it is ordinary differentiable tensor operations, so one backward pass
 * through the loss gives the parameter gradients; DJL cannot differentiate a gradient, so the time derivatives
 * must not come from autograd.
 */
public final class TaylorMlp extends AbstractBlock {

    private static final byte VERSION = 1;

    private final List<Integer> hiddenWidths;
    private final int outputs;
    private final Activation activation;
    private final double center;
    private final double inverseHalfWidth;
    private final List<Parameter> weights = new ArrayList<>();
    private final List<Parameter> biases = new ArrayList<>();

    /**
     * @param hiddenWidths widths of the hidden layers, at least one
     * @param outputs one per unknown
     * @param activation the hidden layers' activation
     * @param t0 start of the domain, mapped to -1
     * @param t1 end of the domain, mapped to 1
     */
    public TaylorMlp(List<Integer> hiddenWidths, int outputs, Activation activation, double t0, double t1) {
        super(VERSION);
        if (hiddenWidths.isEmpty()) {
            throw new IllegalArgumentException("layers must list at least one hidden width");
        }
        for (int width : hiddenWidths) {
            if (width < 1) {
                throw new IllegalArgumentException("layer widths must be >= 1, got " + hiddenWidths);
            }
        }
        if (outputs < 1) {
            throw new IllegalArgumentException("outputs must be >= 1, got " + outputs);
        }
        this.hiddenWidths = List.copyOf(hiddenWidths);
        this.outputs = outputs;
        this.activation = activation;
        this.center = (t0 + t1) / 2;
        this.inverseHalfWidth = 2 / (t1 - t0);
        for (int layer = 0; layer <= hiddenWidths.size(); layer++) {
            weights.add(addParameter(Parameter.builder().setName("weight" + layer)
                    .setType(Parameter.Type.WEIGHT).build()));
            biases.add(addParameter(Parameter.builder().setName("bias" + layer)
                    .setType(Parameter.Type.BIAS).build()));
        }
    }

    /**
     * The hidden layers' widths.
     *
     * @return the widths, input side first
     */
    public List<Integer> hiddenWidths() {
        return hiddenWidths;
    }

    /**
     * The number of outputs.
     *
     * @return one per unknown
     */
    public int outputs() {
        return outputs;
    }

    /**
     * The hidden layers' activation.
     *
     * @return the activation
     */
    public Activation activation() {
        return activation;
    }

    /**
     * Every parameter in a fixed order: weight0, bias0, weight1, ...
     *
     * @return a new list of the parameters
     */
    public List<Parameter> orderedParameters() {
        List<Parameter> ordered = new ArrayList<>();
        for (int layer = 0; layer < weights.size(); layer++) {
            ordered.add(weights.get(layer));
            ordered.add(biases.get(layer));
        }
        return ordered;
    }

    /**
     * The shape of every parameter, in the order of {@link #orderedParameters()}: weights (out, in), biases (out).
     *
     * @return a new list of the shapes
     */
    public List<Shape> parameterShapes() {
        List<Shape> shapes = new ArrayList<>();
        int in = 1;
        for (int layer = 0; layer < weights.size(); layer++) {
            int out = layer < hiddenWidths.size() ? hiddenWidths.get(layer) : outputs;
            shapes.add(new Shape(out, in));
            shapes.add(new Shape(out));
            in = out;
        }
        return shapes;
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        List<Parameter> parameters = orderedParameters();
        List<Shape> shapes = parameterShapes();
        for (int i = 0; i < parameters.size(); i++) {
            parameters.get(i).setShape(shapes.get(i));
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), outputs)};
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray t = inputs.singletonOrThrow();
        List<NDArray> values = orderedParameters().stream()
                .map(p -> parameterStore.getValue(p, t.getDevice(), training)).toList();
        return new NDList(forward(t, 0, values, List.of())[0]);
    }

    /**
     * The network's value and derivatives in t at the given points.
     *
     * @param t a column of points, shape (n, 1)
     * @param order highest derivative wanted
     * @return {@code [u, u', ..., u^(order)]}, each of shape (n, outputs)
     */
    public NDArray[] derivatives(NDArray t, int order) {
        return derivatives(t, order, List.of());
    }

    /**
     * The same with dropout: each hidden layer's output, and so its derivatives in t, multiplied by a mask that
     * does not depend on t.
     *
     * @param t a column of points, shape (n, 1)
     * @param order highest derivative wanted
     * @param masks one per hidden layer, shape (n, width): 0 for a dropped unit, 1 / (1 - rate) for a kept one;
     *     empty for none
     * @return {@code [u, u', ..., u^(order)]}, each of shape (n, outputs)
     */
    public NDArray[] derivatives(NDArray t, int order, List<NDArray> masks) {
        if (!masks.isEmpty() && masks.size() != hiddenWidths.size()) {
            throw new IllegalArgumentException("expected one dropout mask per hidden layer (" + hiddenWidths.size()
                    + "), got " + masks.size());
        }
        return forward(t, order, orderedParameters().stream().map(Parameter::getArray).toList(), masks);
    }

    /**
     * The weight matrices, without the biases: what {@link pinn4j.solver.Regularization}'s penalties sum over.
     *
     * @return the weights' arrays, input side first
     */
    public List<NDArray> weightArrays() {
        return weights.stream().map(Parameter::getArray).toList();
    }

    /**
     * The same with every point through its own copy of the parameters: row i of the result depends on the i-th
     * slice of each copy only, so one backward pass through a sum of per-row quantities leaves each row's gradient
     * in its slice, the rows of a Jacobian. The copies go through the layers as batched matrix products.
     *
     * @param t a column of points, shape (n, 1)
     * @param order highest derivative wanted
     * @param copies in the order of {@link #orderedParameters()}, each the parameter's shape with a leading
     *     dimension n
     * @return {@code [u, u', ..., u^(order)]}, each of shape (n, outputs)
     */
    public NDArray[] derivativesPerRow(NDArray t, int order, List<NDArray> copies) {
        long n = t.getShape().get(0);
        NDArray[] z = forward(t.reshape(n, 1, 1), order, copies, List.of());
        for (int k = 0; k < z.length; k++) {
            z[k] = z[k].reshape(n, outputs);
        }
        return z;
    }

    /**
     * The derivatives of K networks of this shape, their parameters stacked along a first axis:
     * for training an ensemble in one pass.
     *
     * @param t a column of points, shape (n, 1), or each network's, (K, n, 1)
     * @param order highest derivative wanted
     * @param members in the order of {@link #orderedParameters()}, each the parameter's shape with a leading
     *     dimension K
     * @return {@code [u, u', ..., u^(order)]}, each of shape (K, n, outputs)
     */
    public NDArray[] derivativesOfMembers(NDArray t, int order, List<NDArray> members) {
        return forward(t, order, members, List.of());
    }

    /**
     * Through every layer; each weight is (out, in), or (b, out, in) for b networks at once, the points then
     * (b, n, 1); each hidden layer's output times its mask, when there are masks.
     */
    private NDArray[] forward(NDArray t, int order, List<NDArray> values, List<NDArray> masks) {
        NDArray scaledT = Scalars.mul(t.sub(center), inverseHalfWidth);
        // Input layer: z = s W^T + b with s' = 1/halfWidth and no higher derivatives, so z' is one row.
        NDArray w0 = values.get(0);
        NDArray[] z = new NDArray[order + 1];
        z[0] = linear(scaledT, w0, values.get(1));
        if (order >= 1) {
            z[1] = Scalars.mul(transposed(w0), inverseHalfWidth);
        }
        for (int layer = 1; layer < weights.size(); layer++) {
            NDArray[] y = compose(activation.derivatives(z[0], order), z);
            if (!masks.isEmpty()) {
                NDArray mask = masks.get(layer - 1);
                for (int k = 0; k <= order; k++) {
                    y[k] = times(y[k], mask);
                }
            }
            NDArray w = values.get(2 * layer);
            z[0] = linear(y[0], w, values.get(2 * layer + 1));
            for (int k = 1; k <= order; k++) {
                z[k] = y[k] == null ? null : linear(y[k], w, null);
            }
        }
        return z;
    }

    private static NDArray transposed(NDArray weight) {
        return weight.getShape().dimension() == 2 ? weight.transpose() : weight.transpose(0, 2, 1);
    }

    /** x W^T + b (batched over a leading dimension of the weight when it has one); no bias when null. */
    private static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        if (weight.getShape().dimension() == 2) {
            return Linear.linear(x, weight, bias).singletonOrThrow();
        }
        NDArray product = x.matMul(weight.transpose(0, 2, 1));
        return bias == null ? product : product.add(bias.expandDims(1));
    }

    /** Faa di Bruno up to order 4; a null entry of z stands for zero. */
    private static NDArray[] compose(NDArray[] s, NDArray[] z) {
        int order = s.length - 1;
        NDArray[] y = new NDArray[order + 1];
        y[0] = s[0];
        if (order == 0) {
            return y;
        }
        NDArray z1 = z[1];
        NDArray z1Squared = order >= 2 ? z1.square() : null;
        y[1] = s[1].mul(z1);
        if (order >= 2) {
            y[2] = plus(s[2].mul(z1Squared), times(s[1], z[2]));
        }
        if (order >= 3) {
            NDArray z1z2 = times(z1, z[2]);
            y[3] = plus(plus(s[3].mul(z1Squared.mul(z1)), times(s[2], scaled(z1z2, 3))), times(s[1], z[3]));
        }
        if (order >= 4) {
            NDArray z1Squaredz2 = times(z1Squared, z[2]);
            NDArray inner = plus(scaled(times(z1, z[3]), 4), scaled(z[2] == null ? null : z[2].square(), 3));
            y[4] = plus(plus(plus(s[4].mul(z1Squared.square()), times(s[3], scaled(z1Squaredz2, 6))),
                    times(s[2], inner)), times(s[1], z[4]));
        }
        return y;
    }

    private static NDArray times(NDArray a, NDArray b) {
        return a == null || b == null ? null : a.mul(b);
    }

    private static NDArray plus(NDArray a, NDArray b) {
        return a == null ? b : b == null ? a : a.add(b);
    }

    private static NDArray scaled(NDArray a, double factor) {
        return a == null ? null : Scalars.mul(a, factor);
    }
}

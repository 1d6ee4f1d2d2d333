package pinn4j.solver.internal;

import java.util.ArrayList;
import java.util.List;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;

/**
 * The PINN loss as a sum of squares {@code L = sum_i r_i^2} ({@link PinnLoss#residuals}) and the Jacobian
 * {@code J_ij = dr_i / dtheta_j} of its residual vector, for Gauss-Newton-type optimizers. Each residual has its
 * own row of points and each row its own copy of every parameter, so {@code sum_i r_i} differentiated by the
 * copies gives, in copy i, row i of J: one forward and one backward pass of batched matrix products instead of one
 * backward pass per residual. The columns follow {@link ParameterVector}'s order: the network's parameters, then
 * the fitted parameters' coordinates.
 */
public final class ResidualJacobian {

    private final Engine engine;
    private final TaylorMlp network;
    private final FittedParameters fitted;
    private final PinnLoss loss;

    /**
     * @param engine the engine whose gradient collector differentiates
     * @param network the network
     * @param fitted the fitted parameters (none for a forward problem)
     * @param loss the loss
     */
    public ResidualJacobian(Engine engine, TaylorMlp network, FittedParameters fitted, PinnLoss loss) {
        this.engine = engine;
        this.network = network;
        this.fitted = fitted;
        this.loss = loss;
    }

    /**
     * r and J at the parameters' current values.
     *
     * @param manager where the temporaries live; closed by the caller
     * @param rows the points of {@link PinnLoss#residualBatch}, shape (rows, 1), attached to {@code manager}
     * @param collocationCount collocation points per equation
     * @param weights every term's weight
     * @return {@code [r, J]}, J as (rows, parameters), both in float64
     */
    public NDList evaluate(NDManager manager, NDArray rows, int collocationCount, double[] weights) {
        int count = Math.toIntExact(rows.getShape().get(0));
        List<NDArray> copies = new ArrayList<>();
        for (Parameter parameter : network.orderedParameters()) {
            copies.add(copy(manager, parameter.getArray(), new Shape(count).addAll(parameter.getArray().getShape())));
        }
        List<NDArray> thetas = new ArrayList<>();
        for (Parameter parameter : fitted.parameters()) {
            thetas.add(copy(manager, parameter.getArray(), new Shape(count, 1)));
        }
        try (GradientCollector collector = engine.newGradientCollector()) {
            NDArray r = loss.residuals(network, copies, fitted.tensors(thetas), rows, collocationCount, weights);
            collector.backward(r.sum());
            NDList columns = new NDList(copies.size() + thetas.size());
            for (NDArray copy : copies) {
                columns.add(gradient(manager, copy).reshape(count, -1));
            }
            for (NDArray theta : thetas) {
                columns.add(gradient(manager, theta).reshape(count, -1));
            }
            return new NDList(r.toType(DataType.FLOAT64, false),
                    NDArrays.concat(columns, 1).toType(DataType.FLOAT64, false));
        }
    }

    /**
     * The copy's gradient, or zeros for a parameter that r does not depend on (an output bias when every condition
     * is on a derivative): PyTorch then leaves the gradient undefined.
     */
    private static NDArray gradient(NDManager manager, NDArray copy) {
        NDArray gradient = copy.getGradient();
        return gradient.getShape().equals(copy.getShape()) && gradient.getDataType() == copy.getDataType() ? gradient
                : manager.zeros(copy.getShape(), copy.getDataType());
    }

    /** The parameter repeated to the given shape, as a new leaf in {@code manager} that gathers a gradient. */
    private static NDArray copy(NDManager manager, NDArray parameter, Shape shape) {
        NDArray repeated = manager.zeros(shape, parameter.getDataType()).add(parameter);
        repeated.setRequiresGradient(true);
        return repeated;
    }
}

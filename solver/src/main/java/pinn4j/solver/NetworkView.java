package pinn4j.solver;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

/** Evaluates a network at points, during training (to watch it) or after. */
public interface NetworkView {

    /**
     * The network's value and derivatives at the given points.
     *
     * @return {@code [k][unknown][i]}: the k-th derivative of each unknown at {@code t[i]}, k = 0..order
     */
    double[][][] evaluate(double[] t, int order);

    /** A view of the network's current parameters; temporaries live in a scope of {@code manager}. */
    static NetworkView of(TaylorMlp network, NDManager manager, DataType dataType) {
        return (t, order) -> {
            int n = t.length;
            int outputs = network.outputs();
            double[][][] result = new double[order + 1][outputs][n];
            try (NDManager scope = manager.newSubManager()) {
                for (Parameter parameter : network.orderedParameters()) {
                    scope.tempAttachAll(parameter.getArray());
                }
                NDArray points = scope.create(t, new Shape(n, 1)).toType(dataType, false);
                NDArray[] derivatives = network.derivatives(points, order);
                for (int k = 0; k <= order; k++) {
                    double[] flat = derivatives[k].toType(DataType.FLOAT64, false).toDoubleArray();
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < outputs; j++) {
                            result[k][j][i] = flat[i * outputs + j];
                        }
                    }
                }
            }
            return result;
        };
    }
}

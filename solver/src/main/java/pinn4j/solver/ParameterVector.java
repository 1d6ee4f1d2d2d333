package pinn4j.solver;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;

/** A network's parameters seen as one flat vector of doubles, for L-BFGS and for keeping the best values seen. */
final class ParameterVector {

    private final List<Parameter> parameters;
    private final int size;

    ParameterVector(List<Parameter> parameters) {
        this.parameters = List.copyOf(parameters);
        this.size = parameters.stream().mapToInt(p -> Math.toIntExact(p.getArray().size())).sum();
    }

    int size() {
        return size;
    }

    double[] read() {
        double[] x = new double[size];
        int offset = 0;
        for (Parameter parameter : parameters) {
            offset = copyInto(parameter.getArray(), x, offset);
        }
        return x;
    }

    void write(double[] x) {
        int offset = 0;
        for (Parameter parameter : parameters) {
            NDArray array = parameter.getArray();
            int n = Math.toIntExact(array.size());
            if (array.getDataType() == DataType.FLOAT64) {
                array.set(DoubleBuffer.wrap(x, offset, n).slice());
            } else {
                float[] values = new float[n];
                for (int i = 0; i < n; i++) {
                    values[i] = (float) x[offset + i];
                }
                array.set(FloatBuffer.wrap(values));
            }
            offset += n;
        }
    }

    /** The accumulated gradients, then clears them for the next backward pass. */
    double[] takeGradients() {
        double[] g = new double[size];
        int offset = 0;
        for (Parameter parameter : parameters) {
            NDArray array = parameter.getArray();
            try (NDArray gradient = array.getGradient()) {
                offset = copyInto(gradient, g, offset);
            }
            Engines.zeroGradient(array);
        }
        return g;
    }

    private static int copyInto(NDArray array, double[] into, int offset) {
        if (array.getDataType() == DataType.FLOAT64) {
            double[] values = array.toDoubleArray();
            System.arraycopy(values, 0, into, offset, values.length);
            return offset + values.length;
        }
        float[] values = array.toFloatArray();
        for (int i = 0; i < values.length; i++) {
            into[offset + i] = values[i];
        }
        return offset + values.length;
    }
}

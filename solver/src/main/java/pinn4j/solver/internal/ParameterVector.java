package pinn4j.solver.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;

/** A network's parameters seen as one flat vector of doubles, for L-BFGS and for keeping the best values seen. */
public final class ParameterVector {

    private final List<Parameter> parameters;
    private final int size;
    private final ByteBuffer[] buffers;

    /**
     * A view of the given parameters, in order.
     *
     * @param parameters the network's parameters, initialized
     */
    public ParameterVector(List<Parameter> parameters) {
        this.parameters = List.copyOf(parameters);
        this.size = parameters.stream().mapToInt(p -> Math.toIntExact(p.getArray().size())).sum();
        this.buffers = new ByteBuffer[parameters.size()];
    }

    /**
     * The length of the vector.
     *
     * @return the number of scalar parameters
     */
    public int size() {
        return size;
    }

    /**
     * The parameters' current values.
     *
     * @return a new array of {@link #size()} values, parameter after parameter
     */
    public double[] read() {
        double[] x = new double[size];
        int offset = 0;
        for (Parameter parameter : parameters) {
            offset = copyInto(parameter.getArray(), x, offset);
        }
        return x;
    }

    /**
     * Sets the parameters. Each goes through one direct buffer kept for the purpose: a fresh buffer per write
     * (what {@code NDArray.set(double[])} does) is native memory that waits for a garbage collection to be freed,
     * and L-BFGS writes thousands of times between collections.
     *
     * @param x the values, in the order of {@link #read()}
     */
    public void write(double[] x) {
        int offset = 0;
        for (int p = 0; p < parameters.size(); p++) {
            NDArray array = parameters.get(p).getArray();
            int n = Math.toIntExact(array.size());
            ByteBuffer buffer = buffers[p];
            if (buffer == null) {
                buffer = ByteBuffer.allocateDirect(n * array.getDataType().getNumOfBytes())
                        .order(ByteOrder.nativeOrder());
                buffers[p] = buffer;
            }
            buffer.clear();
            if (array.getDataType() == DataType.FLOAT64) {
                buffer.asDoubleBuffer().put(x, offset, n);
            } else {
                FloatBuffer floats = buffer.asFloatBuffer();
                for (int i = 0; i < n; i++) {
                    floats.put((float) x[offset + i]);
                }
            }
            array.set(buffer);
            offset += n;
        }
    }

    /**
     * The accumulated gradients, then clears them for the next backward pass.
     *
     * @return the gradient, in the order of {@link #read()}
     */
    public double[] takeGradients() {
        double[] g = new double[size];
        int offset = 0;
        for (Parameter parameter : parameters) {
            NDArray array = parameter.getArray();
            try (NDArray gradient = array.getGradient()) {
                offset = copyInto(gradient, g, offset);
            }
        }
        clearGradients();
        return g;
    }

    /** Clears the accumulated gradients. */
    public void clearGradients() {
        for (Parameter parameter : parameters) {
            Engines.zeroGradient(parameter.getArray());
        }
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

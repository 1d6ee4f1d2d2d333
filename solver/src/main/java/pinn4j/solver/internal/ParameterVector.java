package pinn4j.solver.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;

/** A network's parameters seen as one flat vector of doubles, for L-BFGS and for keeping the best values seen. */
public final class ParameterVector {

    private final List<Parameter> parameters;
    private final int size;
    private final ByteBuffer[] buffers;
    private final PtNDArray[] staging;

    /**
     * A view of the given parameters, in order.
     *
     * @param parameters the network's parameters, initialized
     */
    public ParameterVector(List<Parameter> parameters) {
        this.parameters = List.copyOf(parameters);
        this.size = parameters.stream().mapToInt(p -> Math.toIntExact(p.getArray().size())).sum();
        this.buffers = new ByteBuffer[parameters.size()];
        this.staging = new PtNDArray[parameters.size()];
        for (int p = 0; p < parameters.size(); p++) {
            PtNDArray array = (PtNDArray) parameters.get(p).getArray();
            buffers[p] = ByteBuffer.allocateDirect(Math.toIntExact(array.size()) * array.getDataType().getNumOfBytes())
                    .order(ByteOrder.nativeOrder());
            staging[p] = JniUtils.createNdFromByteBuffer((PtNDManager) array.getManager(), buffers[p],
                    array.getShape(), array.getDataType(), SparseFormat.DENSE, array.getDevice());
        }
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
     * Sets the parameters. Each goes through one direct buffer kept for the purpose (made with the vector, so the
     * count of live arrays stays the same through training), seen by PyTorch as a tensor over the same memory, and
     * is copied from there into the parameter in place: a fresh buffer per write is
     * native memory that waits for a garbage collection to be freed, and L-BFGS writes thousands of times between
     * collections. Not {@code NDArray.set(Buffer)}: its native side enters PyTorch's deprecated
     * {@code AutoNonVariableTypeMode}, and libtorch then prints a deprecation warning on standard error, outside
     * any logger's control, in the middle of progress bars ({@code TORCH_CPP_LOG_LEVEL} does not silence it).
     *
     * @param x the values, in the order of {@link #read()}
     */
    public void write(double[] x) {
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            int offset = 0;
            for (int p = 0; p < parameters.size(); p++) {
                PtNDArray array = (PtNDArray) parameters.get(p).getArray();
                int n = Math.toIntExact(array.size());
                ByteBuffer buffer = buffers[p];
                buffer.clear();
                if (array.getDataType() == DataType.FLOAT64) {
                    buffer.asDoubleBuffer().put(x, offset, n);
                } else {
                    FloatBuffer floats = buffer.asFloatBuffer();
                    for (int i = 0; i < n; i++) {
                        floats.put((float) x[offset + i]);
                    }
                }
                long[] shape = array.getShape().getShape();
                long[] ones = new long[shape.length];
                java.util.Arrays.fill(ones, 1);
                JniUtils.indexSet(array, staging[p], new long[shape.length], shape, ones);
                offset += n;
            }
        } finally {
            JniUtils.setGradMode(gradMode);
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

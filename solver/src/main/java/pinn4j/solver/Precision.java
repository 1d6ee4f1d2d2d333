package pinn4j.solver;

import ai.djl.ndarray.types.DataType;
import pinn4j.solver.internal.Choices;

/** Floating-point precision of the network and its training. float64 by default: float32 stalls near 1e-3. */
public enum Precision {
    /** 64-bit doubles; the default. */
    FLOAT64(DataType.FLOAT64),
    /** 32-bit floats: faster, but training stalls near a loss of 1e-3. */
    FLOAT32(DataType.FLOAT32);

    private final DataType dataType;

    Precision(DataType dataType) {
        this.dataType = dataType;
    }

    /**
     * The DJL data type of tensors in this precision.
     *
     * @return {@link DataType#FLOAT64} or {@link DataType#FLOAT32}
     */
    public DataType dataType() {
        return dataType;
    }

    /**
     * The name used on the command line and in files.
     *
     * @return {@code float64} or {@code float32}
     */
    public String id() {
        return Choices.id(this);
    }

    /**
     * Parses {@code float64} or {@code float32}, case-insensitively.
     *
     * @param name the name as written
     * @return the precision
     * @throws IllegalArgumentException listing the choices when the name is neither
     */
    public static Precision parse(String name) {
        return Choices.parse(values(), "dtype", name);
    }
}

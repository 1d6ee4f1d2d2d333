package pinn4j.solver;

import pinn4j.solver.internal.Choices;
import ai.djl.ndarray.types.DataType;

/** Floating-point precision of the network and its training. float64 by default: float32 stalls near 1e-3. */
public enum Precision {
    FLOAT64(DataType.FLOAT64),
    FLOAT32(DataType.FLOAT32);

    private final DataType dataType;

    Precision(DataType dataType) {
        this.dataType = dataType;
    }

    public DataType dataType() {
        return dataType;
    }

    public String id() {
        return Choices.id(this);
    }

    public static Precision parse(String name) {
        return Choices.parse(values(), "dtype", name);
    }
}

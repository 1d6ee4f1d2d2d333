package pinn4j.solver;

/**
 * Weights of L_total = conditions * L_cc + physics * L_phys + data * L_data.
 *
 * @param conditions weight of the summed squared condition misfits
 * @param physics weight of the mean squared residual
 * @param data weight of the mean squared misfit of observations, when there are any
 */
public record LossWeights(double conditions, double physics, double data) {

    /**
     * Conditions and physics weighted as given, data (if any) with weight 1.
     *
     * @param conditions weight of the summed squared condition misfits
     * @param physics weight of the mean squared residual
     */
    public LossWeights(double conditions, double physics) {
        this(conditions, physics, 1);
    }

    /**
     * Validates the weights.
     *
     * @param conditions weight of the summed squared condition misfits, finite and &gt;= 0
     * @param physics weight of the mean squared residual, finite and &gt;= 0
     * @param data weight of the mean squared misfit of observations, finite and &gt;= 0
     * @throws IllegalArgumentException on a negative or non-finite weight, or when all three are 0
     */
    public LossWeights {
        if (!(data >= 0) || !Double.isFinite(data)) {
            throw new IllegalArgumentException("data weight must be finite and >= 0, got " + data);
        }
        if (!(conditions >= 0) || !Double.isFinite(conditions)) {
            throw new IllegalArgumentException("condition weight must be finite and >= 0, got " + conditions);
        }
        if (!(physics >= 0) || !Double.isFinite(physics)) {
            throw new IllegalArgumentException("physics weight must be finite and >= 0, got " + physics);
        }
        if (conditions == 0 && physics == 0 && data == 0) {
            throw new IllegalArgumentException("at least one loss weight must be > 0, got cc=0, phys=0, data=0");
        }
    }

    /**
     * Every term with weight 1.
     *
     * @return the weights
     */
    public static LossWeights equal() {
        return new LossWeights(1, 1);
    }
}

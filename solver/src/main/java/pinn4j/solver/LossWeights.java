package pinn4j.solver;

/**
 * Weights of L_total = conditions * L_cc + physics * L_phys.
 *
 * @param conditions weight of the summed squared condition misfits
 * @param physics weight of the mean squared residual
 */
public record LossWeights(double conditions, double physics) {

    public LossWeights {
        if (!(conditions >= 0) || !Double.isFinite(conditions)) {
            throw new IllegalArgumentException("condition weight must be finite and >= 0, got " + conditions);
        }
        if (!(physics >= 0) || !Double.isFinite(physics)) {
            throw new IllegalArgumentException("physics weight must be finite and >= 0, got " + physics);
        }
        if (conditions == 0 && physics == 0) {
            throw new IllegalArgumentException("at least one loss weight must be > 0, got cc=0, phys=0");
        }
    }

    public static LossWeights equal() {
        return new LossWeights(1, 1);
    }
}

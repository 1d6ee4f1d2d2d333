package pinn4j.solver;

/**
 * The loss after one iteration.
 *
 * @param stage the optimizer
 * @param iteration 1-based within the stage
 * @param step 1-based over the whole training
 * @param terms every loss term's unweighted value, in {@link LossHistory#termNames()} order
 * @param total the weighted total that is minimized
 * @param seconds wall time since training started
 */
public record IterationRecord(Stage stage, int iteration, int step, double[] terms, double total, double seconds) {

    public IterationRecord {
        terms = terms.clone();
    }

    @Override
    public double[] terms() {
        return terms.clone();
    }

    /** One term, without copying the rest. */
    public double term(int index) {
        return terms[index];
    }
}

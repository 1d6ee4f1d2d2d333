package pinn4j.solver;

/**
 * The loss after one iteration.
 *
 * @param stage the index of the stage in the plan ({@link TrainingConfig#stages()}), from 0
 * @param iteration 1-based within the stage
 * @param step 1-based over the whole training
 * @param terms every loss term's unweighted value, in {@link LossHistory#termNames()} order
 * @param total the weighted total that is minimized
 * @param seconds wall time since training started
 * @param fitted the fitted parameters' values at this iteration, in {@code OdeProblem.fittedNames()} order; empty
 *     for a forward problem
 */
public record IterationRecord(int stage, int iteration, int step, double[] terms, double total, double seconds,
                              double[] fitted) {

    /**
     * Copies the terms.
     *
     * @param stage the index of the stage in the plan, from 0
     * @param iteration 1-based within the stage
     * @param step 1-based over the whole training
     * @param terms every loss term's unweighted value, in {@link LossHistory#termNames()} order
     * @param total the weighted total that is minimized
     * @param seconds wall time since training started
     * @param fitted the fitted parameters' values at this iteration; empty for a forward problem
     */
    public IterationRecord {
        terms = terms.clone();
        fitted = fitted.clone();
    }

    /**
     * The record of a forward problem's iteration.
     *
     * @param stage the index of the stage in the plan, from 0
     * @param iteration 1-based within the stage
     * @param step 1-based over the whole training
     * @param terms every loss term's unweighted value, in {@link LossHistory#termNames()} order
     * @param total the weighted total that is minimized
     * @param seconds wall time since training started
     */
    public IterationRecord(int stage, int iteration, int step, double[] terms, double total, double seconds) {
        this(stage, iteration, step, terms, total, seconds, new double[0]);
    }

    /**
     * @return a copy of the fitted parameters' values
     */
    @Override
    public double[] fitted() {
        return fitted.clone();
    }

    /**
     * @return a copy of every term's unweighted value
     */
    @Override
    public double[] terms() {
        return terms.clone();
    }

    /**
     * One term, without copying the rest.
     *
     * @param index the term's position in {@link LossHistory#termNames()}
     * @return its unweighted value
     */
    public double term(int index) {
        return terms[index];
    }
}

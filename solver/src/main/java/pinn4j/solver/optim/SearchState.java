package pinn4j.solver.optim;

/**
 * Where a quasi-Newton search ({@link Lbfgs}, {@link SelfScaledQuasiNewton}) stands after an accepted step: enough
 * to continue it, in another process, exactly as it would have gone on.
 *
 * @param point the accepted point
 * @param value the function there
 * @param gradient the gradient there
 * @param iteration accepted steps so far
 * @param evaluations function evaluations so far, line searches included
 * @param previousValue the function before the step, for the test of its change
 * @param stepSize the step's largest component, for the test of its size
 * @param memory the approximation of the inverse Hessian: L-BFGS's pairs {@code s, y, {1 / s.y}} oldest first, or
 *     a dense H with a flag of whether it is still the identity
 */
public record SearchState(double[] point, double value, double[] gradient, int iteration, int evaluations,
                          double previousValue, double stepSize, double[][] memory) {

    /**
     * Validates and copies the state.
     *
     * @param point the accepted point
     * @param value the function there
     * @param gradient the gradient there, as long as the point
     * @param iteration accepted steps so far, &gt;= 1
     * @param evaluations function evaluations so far, &gt;= iteration
     * @param previousValue the function before the step
     * @param stepSize the step's largest component
     * @param memory the approximation of the inverse Hessian
     * @throws IllegalArgumentException when the lengths or counts do not fit together
     */
    public SearchState {
        if (gradient.length != point.length || iteration < 1 || evaluations < iteration) {
            throw new IllegalArgumentException("a search state needs a gradient as long as its point ("
                    + gradient.length + " and " + point.length + ") and 1 <= iteration <= evaluations (" + iteration
                    + ", " + evaluations + ")");
        }
        point = point.clone();
        gradient = gradient.clone();
        double[][] copy = new double[memory.length][];
        for (int i = 0; i < memory.length; i++) {
            copy[i] = memory[i].clone();
        }
        memory = copy;
    }

    /** @return a copy of the accepted point */
    @Override
    public double[] point() {
        return point.clone();
    }

    /** @return a copy of the gradient there */
    @Override
    public double[] gradient() {
        return gradient.clone();
    }

    /** @return a copy of the inverse Hessian's memory */
    @Override
    public double[][] memory() {
        double[][] copy = new double[memory.length][];
        for (int i = 0; i < memory.length; i++) {
            copy[i] = memory[i].clone();
        }
        return copy;
    }
}

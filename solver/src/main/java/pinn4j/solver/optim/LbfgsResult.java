package pinn4j.solver.optim;

/**
 * What {@link Lbfgs#minimize} or {@link SelfScaledQuasiNewton#minimize} found.
 *
 * @param point the best point (a copy)
 * @param value the value there
 * @param gradientNorm the largest gradient component there
 * @param iterations accepted steps
 * @param evaluations function evaluations
 * @param stopReason why it stopped
 */
public record LbfgsResult(double[] point, double value, double gradientNorm, int iterations, int evaluations,
                          StopReason stopReason) {

    /**
     * Copies the point.
     *
     * @param point the best point
     * @param value the value there
     * @param gradientNorm the largest gradient component there
     * @param iterations accepted steps
     * @param evaluations function evaluations
     * @param stopReason why it stopped
     */
    public LbfgsResult {
        point = point.clone();
    }

    /**
     * @return a copy of the best point
     */
    @Override
    public double[] point() {
        return point.clone();
    }
}

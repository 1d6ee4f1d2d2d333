package pinn4j.solver.optim;

/**
 * What {@link Lbfgs#minimize} found.
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

    public LbfgsResult {
        point = point.clone();
    }

    @Override
    public double[] point() {
        return point.clone();
    }
}

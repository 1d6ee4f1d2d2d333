package pinn4j.solver.optim;

/**
 * Settings of {@link Lbfgs}.
 *
 * @param maxIterations accepted steps at most
 * @param maxEvaluations function evaluations at most, line searches included
 * @param historySize correction pairs kept (m)
 * @param gradientTolerance stop when the largest gradient component is at most this
 * @param relativeLossTolerance stop when an iteration lowers the value by at most this fraction of it
 * @param stepTolerance stop when the step's largest component is at most this
 */
public record LbfgsOptions(int maxIterations, int maxEvaluations, int historySize, double gradientTolerance,
                           double relativeLossTolerance, double stepTolerance) {

    public LbfgsOptions {
        if (maxIterations < 0) {
            throw new IllegalArgumentException("maxIterations must be >= 0, got " + maxIterations);
        }
        if (maxEvaluations < 1) {
            throw new IllegalArgumentException("maxEvaluations must be >= 1, got " + maxEvaluations);
        }
        if (historySize < 1) {
            throw new IllegalArgumentException("historySize must be >= 1, got " + historySize);
        }
        if (!(gradientTolerance >= 0) || !(relativeLossTolerance >= 0) || !(stepTolerance >= 0)) {
            throw new IllegalArgumentException("tolerances must be >= 0, got gradientTolerance=" + gradientTolerance
                    + ", relativeLossTolerance=" + relativeLossTolerance + ", stepTolerance=" + stepTolerance);
        }
    }

    /** Defaults suited to PINN losses, with the given iteration budget (evaluations: 1.25 per iteration). */
    public static LbfgsOptions defaults(int maxIterations) {
        return new LbfgsOptions(maxIterations, Math.max(1, maxIterations + maxIterations / 4), 50, 1e-11, 1e-13, 1e-14);
    }

    public LbfgsOptions withMaxIterations(int iterations) {
        return new LbfgsOptions(iterations, maxEvaluations, historySize, gradientTolerance, relativeLossTolerance,
                stepTolerance);
    }

    public LbfgsOptions withMaxEvaluations(int evaluations) {
        return new LbfgsOptions(maxIterations, evaluations, historySize, gradientTolerance, relativeLossTolerance,
                stepTolerance);
    }

    public LbfgsOptions withHistorySize(int size) {
        return new LbfgsOptions(maxIterations, maxEvaluations, size, gradientTolerance, relativeLossTolerance,
                stepTolerance);
    }

    public LbfgsOptions withGradientTolerance(double tolerance) {
        return new LbfgsOptions(maxIterations, maxEvaluations, historySize, tolerance, relativeLossTolerance,
                stepTolerance);
    }

    public LbfgsOptions withRelativeLossTolerance(double tolerance) {
        return new LbfgsOptions(maxIterations, maxEvaluations, historySize, gradientTolerance, tolerance,
                stepTolerance);
    }
}

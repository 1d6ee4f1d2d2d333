package pinn4j.solver.optim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of {@link Lbfgs} and of {@link SelfScaledQuasiNewton}, which ignores {@code historySize} (its dense H
 * keeps all the curvature information).
 *
 * @param maxIterations accepted steps at most
 * @param maxEvaluations function evaluations at most, line searches included
 * @param historySize correction pairs kept (m)
 * @param gradientTolerance stop when the largest gradient component is at most this
 * @param relativeLossTolerance stop when an iteration lowers the value by at most this fraction of it
 * @param stepTolerance stop when the step's largest component is at most this
 * @param armijo the line search's sufficient-decrease constant c1: {@code f(x + t d) <= f(x) + c1 t g.d}
 * @param curvature the line search's strong-Wolfe curvature constant c2: {@code |g(x + t d).d| <= c2 |g.d|}
 */
public record LbfgsOptions(int maxIterations, int maxEvaluations, int historySize, double gradientTolerance,
                           double relativeLossTolerance, double stepTolerance, double armijo, double curvature) {

    /** The default sufficient-decrease constant c1. */
    public static final double DEFAULT_ARMIJO = 1e-4;
    /** The default curvature constant c2, usual for quasi-Newton methods. */
    public static final double DEFAULT_CURVATURE = 0.9;

    /**
     * Validates the settings.
     *
     * @param maxIterations accepted steps at most, &gt;= 0
     * @param maxEvaluations function evaluations at most, line searches included, &gt;= 1
     * @param historySize correction pairs kept (m), &gt;= 1
     * @param gradientTolerance stop when the largest gradient component is at most this, &gt;= 0
     * @param relativeLossTolerance stop when an iteration lowers the value by at most this fraction of it, &gt;= 0
     * @param stepTolerance stop when the step's largest component is at most this, &gt;= 0
     * @param armijo the sufficient-decrease constant c1, with {@code 0 < c1 < c2}
     * @param curvature the curvature constant c2, with {@code c1 < c2 < 1}
     * @throws IllegalArgumentException on a value out of range, naming it
     */
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
        if (!(armijo > 0 && armijo < curvature && curvature < 1)) {
            throw new IllegalArgumentException("the line-search constants must satisfy 0 < c1 < c2 < 1, got c1="
                    + armijo + ", c2=" + curvature);
        }
    }

    /**
     * Defaults suited to PINN losses, with the given iteration budget (evaluations: 1.25 per iteration).
     *
     * @param maxIterations accepted steps at most
     * @return the options
     */
    public static LbfgsOptions defaults(int maxIterations) {
        return new LbfgsOptions(maxIterations, defaultEvaluations(maxIterations), 50, 1e-11, 1e-13, 1e-14,
                DEFAULT_ARMIJO, DEFAULT_CURVATURE);
    }

    /**
     * The default evaluation budget for an iteration budget: 1.25 evaluations per iteration.
     *
     * @param maxIterations accepted steps at most
     * @return evaluations at most, at least 1
     */
    public static int defaultEvaluations(int maxIterations) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, maxIterations + (long) maxIterations / 4));
    }

    /**
     * @param iterations the new iteration budget
     * @return these options with that budget
     */
    public LbfgsOptions withMaxIterations(int iterations) {
        return new LbfgsOptions(iterations, maxEvaluations, historySize, gradientTolerance, relativeLossTolerance,
                stepTolerance, armijo, curvature);
    }

    /**
     * @param evaluations the new evaluation budget
     * @return these options with that budget
     */
    public LbfgsOptions withMaxEvaluations(int evaluations) {
        return new LbfgsOptions(maxIterations, evaluations, historySize, gradientTolerance, relativeLossTolerance,
                stepTolerance, armijo, curvature);
    }

    /**
     * @param size the new number of correction pairs
     * @return these options with that memory
     */
    public LbfgsOptions withHistorySize(int size) {
        return new LbfgsOptions(maxIterations, maxEvaluations, size, gradientTolerance, relativeLossTolerance,
                stepTolerance, armijo, curvature);
    }

    /**
     * @param tolerance the new gradient tolerance
     * @return these options with that tolerance
     */
    public LbfgsOptions withGradientTolerance(double tolerance) {
        return new LbfgsOptions(maxIterations, maxEvaluations, historySize, tolerance, relativeLossTolerance,
                stepTolerance, armijo, curvature);
    }

    /**
     * @param tolerance the new relative loss tolerance
     * @return these options with that tolerance
     */
    public LbfgsOptions withRelativeLossTolerance(double tolerance) {
        return new LbfgsOptions(maxIterations, maxEvaluations, historySize, gradientTolerance, tolerance,
                stepTolerance, armijo, curvature);
    }

    /**
     * @param tolerance the new step tolerance
     * @return these options with that tolerance
     */
    public LbfgsOptions withStepTolerance(double tolerance) {
        return new LbfgsOptions(maxIterations, maxEvaluations, historySize, gradientTolerance, relativeLossTolerance,
                tolerance, armijo, curvature);
    }

    /**
     * @param c1 the new sufficient-decrease constant
     * @param c2 the new curvature constant
     * @return these options with those line-search constants
     */
    public LbfgsOptions withLineSearch(double c1, double c2) {
        return new LbfgsOptions(maxIterations, maxEvaluations, historySize, gradientTolerance, relativeLossTolerance,
                stepTolerance, c1, c2);
    }

    /**
     * These options under the names the settings reader takes.
     *
     * @return maxEvaluations, historySize, gradientTolerance, lossTolerance, stepTolerance, c1 and c2, in that order
     */
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("maxEvaluations", maxEvaluations);
        m.put("historySize", historySize);
        m.put("gradientTolerance", gradientTolerance);
        m.put("lossTolerance", relativeLossTolerance);
        m.put("stepTolerance", stepTolerance);
        m.put("c1", armijo);
        m.put("c2", curvature);
        return m;
    }
}

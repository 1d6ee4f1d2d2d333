package pinn4j.solver.optim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of {@link GaussNewton}.
 *
 * @param mode how a step is made safe: adaptive damping or a line search along the Gauss-Newton direction
 * @param maxIterations accepted steps at most
 * @param maxEvaluations evaluations at most, counting those with the Jacobian and value-only trials alike
 * @param gradientTolerance stop when the largest component of the gradient {@code 2 J^T r} is at most this
 * @param relativeLossTolerance stop when an accepted step lowers the value by at most this fraction of it
 * @param damping the damping lambda as a multiple of the largest diagonal entry of {@code K = J J^T}: the initial
 *     one in {@link GaussNewton.Mode#LEVENBERG_MARQUARDT} (Nielsen's tau), the fixed ridge in
 *     {@link GaussNewton.Mode#LINE_SEARCH}; 0 is the undamped Gauss-Newton step
 */
public record GaussNewtonOptions(GaussNewton.Mode mode, int maxIterations, int maxEvaluations,
                                 double gradientTolerance, double relativeLossTolerance, double damping) {

    /**
     * Nielsen's tau for a start that may be far from the minimum (Madsen, Nielsen and Tingleff 2004, section 3.2,
     * suggest 1e-6 for a good start and 1e-3 or 1 otherwise).
     */
    public static final double DEFAULT_LEVENBERG_MARQUARDT_DAMPING = 1e-3;
    /**
     * The ridge of the line-search mode: far below the curvature that matters, yet it keeps K + lambda I
     * factorizable when K is singular to rounding (always when R &gt; P).
     */
    public static final double DEFAULT_LINE_SEARCH_DAMPING = 1e-10;

    /**
     * Validates the settings.
     *
     * @param mode adaptive damping or a line search, not null
     * @param maxIterations accepted steps at most, &gt;= 0
     * @param maxEvaluations evaluations at most, &gt;= 1
     * @param gradientTolerance stop when the largest gradient component is at most this, &gt;= 0
     * @param relativeLossTolerance stop when an accepted step lowers the value by at most this fraction of it,
     *     &gt;= 0
     * @param damping lambda as a multiple of the largest diagonal entry of {@code J J^T}, finite and &gt;= 0
     * @throws IllegalArgumentException on a value out of range, naming it
     */
    public GaussNewtonOptions {
        if (mode == null) {
            throw new IllegalArgumentException("mode must not be null");
        }
        if (maxIterations < 0) {
            throw new IllegalArgumentException("maxIterations must be >= 0, got " + maxIterations);
        }
        if (maxEvaluations < 1) {
            throw new IllegalArgumentException("maxEvaluations must be >= 1, got " + maxEvaluations);
        }
        if (!(gradientTolerance >= 0) || !(relativeLossTolerance >= 0)) {
            throw new IllegalArgumentException("tolerances must be >= 0, got gradientTolerance=" + gradientTolerance
                    + ", relativeLossTolerance=" + relativeLossTolerance);
        }
        if (!(damping >= 0) || damping == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("damping must be finite and >= 0, got " + damping);
        }
    }

    /**
     * Defaults for a mode: its default damping, no gradient tolerance (the loss-change tolerance 1e-13 and the
     * damping bound end a run that stalls) and four evaluations per iteration (a trial and the Jacobian at the
     * accepted point, plus two rejected trials or line-search points).
     *
     * @param mode adaptive damping or a line search
     * @param maxIterations accepted steps at most
     * @return the options
     */
    public static GaussNewtonOptions defaults(GaussNewton.Mode mode, int maxIterations) {
        double damping = mode == GaussNewton.Mode.LEVENBERG_MARQUARDT
                ? DEFAULT_LEVENBERG_MARQUARDT_DAMPING : DEFAULT_LINE_SEARCH_DAMPING;
        int evaluations = (int) Math.max(1, Math.min(Integer.MAX_VALUE, 1 + 4L * maxIterations));
        return new GaussNewtonOptions(mode, maxIterations, evaluations, 0, 1e-13, damping);
    }

    /**
     * @param iterations the new iteration budget
     * @return these options with that budget
     */
    public GaussNewtonOptions withMaxIterations(int iterations) {
        return new GaussNewtonOptions(mode, iterations, maxEvaluations, gradientTolerance, relativeLossTolerance,
                damping);
    }

    /**
     * @param evaluations the new evaluation budget
     * @return these options with that budget
     */
    public GaussNewtonOptions withMaxEvaluations(int evaluations) {
        return new GaussNewtonOptions(mode, maxIterations, evaluations, gradientTolerance, relativeLossTolerance,
                damping);
    }

    /**
     * @param relativeDamping the new damping, a multiple of the largest diagonal entry of {@code J J^T}
     * @return these options with that damping
     */
    public GaussNewtonOptions withDamping(double relativeDamping) {
        return new GaussNewtonOptions(mode, maxIterations, maxEvaluations, gradientTolerance, relativeLossTolerance,
                relativeDamping);
    }

    /**
     * These options under the names the settings reader takes.
     *
     * @return maxEvaluations, gradientTolerance, lossTolerance and damping, in that order
     */
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("maxEvaluations", maxEvaluations);
        m.put("gradientTolerance", gradientTolerance);
        m.put("lossTolerance", relativeLossTolerance);
        m.put("damping", damping);
        return m;
    }
}

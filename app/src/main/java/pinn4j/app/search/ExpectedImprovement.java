package pinn4j.app.search;

import org.hipparchus.special.Erf;

/** Expected improvement for minimization, in closed form. */
final class ExpectedImprovement {

    private static final double INVERSE_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

    private ExpectedImprovement() {
    }

    /**
     * {@code E[max(best - Y, 0)]} for {@code Y ~ N(mean, variance)}: {@code (best - mean) Phi(z) + sd phi(z)} with
     * {@code z = (best - mean) / sd}; the improvement itself when the variance is zero.
     */
    static double of(double best, double mean, double variance) {
        double gap = best - mean;
        double sd = Math.sqrt(Math.max(variance, 0));
        if (!(sd > 0)) {
            return Math.max(gap, 0);
        }
        double z = gap / sd;
        double cdf = 0.5 * Erf.erfc(-z / Math.sqrt(2));
        double pdf = INVERSE_SQRT_2PI * Math.exp(-0.5 * z * z);
        // Far below the incumbent the two terms cancel to rounding noise, which must not turn negative.
        return Math.max(gap * cdf + sd * pdf, 0);
    }
}

package pinn4j.problems;

/**
 * The interval [t0, t1] on which a problem is posed and the network is trained.
 *
 * @param t0 the start
 * @param t1 the end, greater than {@code t0}
 */
public record Domain(double t0, double t1) {

    /**
     * Checks that the bounds are finite and ordered, with a finite length and midpoint.
     *
     * @param t0 the start
     * @param t1 the end, greater than {@code t0}
     */
    public Domain {
        if (!Double.isFinite(t0) || !Double.isFinite(t1)) {
            throw new IllegalArgumentException("domain bounds must be finite, got t0=" + t0 + ", t1=" + t1);
        }
        if (!(t1 > t0)) {
            throw new IllegalArgumentException("t1 must be > t0, got t0=" + t0 + ", t1=" + t1);
        }
        if (!Double.isFinite(t1 - t0) || !Double.isFinite(t0 + t1)) {
            throw new IllegalArgumentException("the domain's length t1 - t0 and midpoint (t0 + t1)/2 must be finite"
                    + " numbers, got t0=" + t0 + ", t1=" + t1);
        }
    }

    /**
     * Checks that derivatives up to {@code order} can be taken on this domain in double precision. The network
     * reads the variable mapped onto [-1, 1], so its k-th derivative is scaled by {@code (2/length)^k}, which must
     * neither overflow nor fall below the smallest normal double.
     *
     * @param order the highest derivative order of the equations
     * @throws IllegalArgumentException naming the domain, the order, the scale and the lengths that are allowed
     */
    public void requireDerivativeScale(int order) {
        double scale = Math.pow(2 / length(), order);
        if (!(scale <= Double.MAX_VALUE && scale >= Double.MIN_NORMAL)) {
            double exponent = order * Math.log10(2 / length());
            double power = Math.floor(exponent);
            double shortest = 2 / Math.pow(Double.MAX_VALUE, 1.0 / order);
            double longest = 2 / Math.pow(Double.MIN_NORMAL, 1.0 / order);
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "the domain [%s, %s] is too %s"
                    + " for derivatives of order %d: they are scaled by (2/length)^%d = %.1fe%d, beyond double"
                    + " precision; rescale the variable so that the length is between %.1e and %.1e",
                    Expr.format(t0), Expr.format(t1), length() > 2 ? "long" : "short", order, order,
                    Math.pow(10, exponent - power), (long) power, shortest, longest));
        }
    }

    /**
     * The length.
     *
     * @return {@code t1 - t0}
     */
    public double length() {
        return t1 - t0;
    }

    /**
     * Whether a point lies in the closed interval.
     *
     * @param t the point
     * @return {@code t0 <= t <= t1}
     */
    public boolean contains(double t) {
        return t >= t0 && t <= t1;
    }

    /**
     * {@code count} evenly spaced points from t0 to t1 inclusive.
     *
     * @param count the number of points, at least 2
     * @return the points, the last exactly {@code t1}
     */
    public double[] grid(int count) {
        if (count < 2) {
            throw new IllegalArgumentException("a grid needs at least 2 points, got " + count);
        }
        double[] points = new double[count];
        for (int i = 0; i < count; i++) {
            points[i] = i == count - 1 ? t1 : t0 + length() * i / (count - 1);
        }
        return points;
    }
}

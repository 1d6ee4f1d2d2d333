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

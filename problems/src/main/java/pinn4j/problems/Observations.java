package pinn4j.problems;

import java.util.Objects;

/**
 * Measured values of one unknown, fitted by the data term of the loss: the sum of {@code (u(t_i) - value_i)^2}.
 *
 * @param unknown which unknown was measured
 * @param t where
 * @param values what was measured there
 */
public record Observations(String unknown, double[] t, double[] values) {

    /**
     * Validates the measurements and copies the arrays.
     *
     * @param unknown which unknown was measured
     * @param t where, finite
     * @param values what was measured there, finite, as many as points and at least one
     * @throws IllegalArgumentException when the lengths differ, are 0, or a number is not finite
     */
    public Observations {
        Objects.requireNonNull(unknown, "unknown");
        t = t.clone();
        values = values.clone();
        if (t.length == 0 || t.length != values.length) {
            throw new IllegalArgumentException("observations of " + unknown + " need as many values as points, at"
                    + " least one; got " + t.length + " points and " + values.length + " values");
        }
        for (int i = 0; i < t.length; i++) {
            if (!Double.isFinite(t[i]) || !Double.isFinite(values[i])) {
                throw new IllegalArgumentException("observation " + i + " of " + unknown + " is not finite: t="
                        + t[i] + ", value=" + values[i]);
            }
        }
    }

    /**
     * @return a copy of the points
     */
    @Override
    public double[] t() {
        return t.clone();
    }

    /**
     * @return a copy of the measured values
     */
    @Override
    public double[] values() {
        return values.clone();
    }
}

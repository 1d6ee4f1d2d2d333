package pinn4j.app.search;

import java.util.List;

/**
 * An evaluated point: one value per {@link Dimension} (see there for what each kind holds) and the objective, to be
 * minimized. A NaN or +infinity objective marks a failed run.
 *
 * @param point the point's values, one per dimension
 * @param value the objective at the point; NaN or +infinity for a failed run, never -infinity
 */
public record Observation(List<Double> point, double value) {

    /**
     * Copies the point and checks it is non-empty and finite, and that the value is not -infinity.
     *
     * @param point the point's values, one per dimension
     * @param value the objective at the point; NaN or +infinity for a failed run, never -infinity
     */
    public Observation {
        point = List.copyOf(point);
        if (point.isEmpty() || !point.stream().allMatch(Double::isFinite)) {
            throw new IllegalArgumentException("an observation's point must be non-empty and finite, got " + point);
        }
        if (value == Double.NEGATIVE_INFINITY) {
            // -infinity would dominate standardization; the caller clamps a zero error before taking its log.
            throw new IllegalArgumentException("an objective of -infinity cannot be modelled; clamp it first");
        }
    }

    /**
     * Whether the run failed.
     *
     * @return true when the value is NaN or +infinity
     */
    public boolean failed() {
        return !Double.isFinite(value);
    }
}

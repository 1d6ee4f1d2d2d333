package pinn4j.solver;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A network's solution sampled on a grid: every unknown and its derivatives up to an order at each point. An
 * immutable value: arrays are copied in and out, and two samples are equal when their grids, names and values are.
 *
 * @param t the points, in the order given
 * @param unknowns the unknowns' names, in the problem's order
 * @param values {@code [k][unknown][i]}: the k-th derivative of each unknown at {@code t[i]}, k = 0..order
 */
public record SampledSolution(double[] t, List<String> unknowns, double[][][] values) {

    /**
     * Validates the shapes and copies everything.
     *
     * @param t the points, in the order given
     * @param unknowns the unknowns' names, in the problem's order
     * @param values {@code [k][unknown][i]}: the k-th derivative of each unknown at {@code t[i]}, k = 0..order
     * @throws IllegalArgumentException when the values do not match the grid and the unknowns
     */
    public SampledSolution {
        t = t.clone();
        unknowns = List.copyOf(unknowns);
        Objects.requireNonNull(values, "values");
        double[][][] copy = new double[values.length][][];
        for (int k = 0; k < values.length; k++) {
            if (values[k].length != unknowns.size()) {
                throw new IllegalArgumentException("derivative " + k + " has " + values[k].length + " unknowns, expected "
                        + unknowns.size());
            }
            copy[k] = new double[unknowns.size()][];
            for (int u = 0; u < unknowns.size(); u++) {
                if (values[k][u].length != t.length) {
                    throw new IllegalArgumentException("derivative " + k + " of " + unknowns.get(u) + " has "
                            + values[k][u].length + " values for " + t.length + " points");
                }
                copy[k][u] = values[k][u].clone();
            }
        }
        if (copy.length == 0) {
            throw new IllegalArgumentException("a sample holds at least the values (derivative 0)");
        }
        values = copy;
    }

    /** @return a copy of the points */
    @Override
    public double[] t() {
        return t.clone();
    }

    /** @return a deep copy of the values, {@code [k][unknown][i]} */
    @Override
    public double[][][] values() {
        double[][][] copy = new double[values.length][][];
        for (int k = 0; k < values.length; k++) {
            copy[k] = new double[values[k].length][];
            for (int u = 0; u < values[k].length; u++) {
                copy[k][u] = values[k][u].clone();
            }
        }
        return copy;
    }

    /** @return the highest derivative sampled */
    public int order() {
        return values.length - 1;
    }

    /**
     * One unknown's values.
     *
     * @param unknown its name
     * @return its values at the points
     * @throws IllegalArgumentException naming the unknowns when there is none of that name
     */
    public double[] value(String unknown) {
        return derivative(unknown, 0);
    }

    /**
     * One derivative of one unknown.
     *
     * @param unknown its name
     * @param k the derivative's order, 0 for the values
     * @return the k-th derivative at the points
     * @throws IllegalArgumentException when the unknown is not one of these or k is above {@link #order()}
     */
    public double[] derivative(String unknown, int k) {
        int index = unknowns.indexOf(unknown);
        if (index < 0) {
            throw new IllegalArgumentException("unknown '" + unknown + "' is not sampled; unknowns: "
                    + String.join(", ", unknowns));
        }
        if (k < 0 || k > order()) {
            throw new IllegalArgumentException("derivative " + k + " is not sampled; orders 0 to " + order());
        }
        return values[k][index].clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SampledSolution s && Arrays.equals(t, s.t) && unknowns.equals(s.unknowns)
                && Arrays.deepEquals(values, s.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(t), unknowns, Arrays.deepHashCode(values));
    }

    @Override
    public String toString() {
        return "SampledSolution[" + t.length + " points in [" + (t.length == 0 ? "" : t[0] + ", " + t[t.length - 1])
                + "], unknowns " + unknowns + ", derivatives 0.." + order() + "]";
    }
}

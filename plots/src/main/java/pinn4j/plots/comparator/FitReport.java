package pinn4j.plots.comparator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import pinn4j.problems.Expr;
import pinn4j.problems.Observations;
import pinn4j.problems.OdeProblem;
import pinn4j.solver.TrainedPinn;

/**
 * What an inverse problem's run found: per fitted parameter the initial guess, the network's estimate, the truth
 * when known, the classical fit's estimate and standard error, and over an ensemble of seeds the mean and standard
 * deviation; with the measurements themselves and, for an ensemble, a band of the members' solutions.
 *
 * @param parameters one row per fitted parameter, in the problem's order
 * @param data the measurements the network and the classical fit were given
 * @param classical the classical fit of the same parameters to the same data
 * @param band the ensemble's lowest and highest solution {@code [2][unknown][i]} on the comparison grid, or null
 *     without an ensemble
 * @param members the ensemble's size; 1 without an ensemble
 */
public record FitReport(List<Parameter> parameters, List<Observations> data, ClassicalFit classical, double[][][] band,
                        int members) {

    /**
     * One fitted parameter's figures; NaN where a figure does not exist.
     *
     * @param name the parameter's name
     * @param initial the initial guess
     * @param estimate the network's estimate (the ensemble member's whose files these are)
     * @param truth the known value, or NaN
     * @param hipparchusEstimate the classical fit's estimate (its best point when it did not converge)
     * @param hipparchusStandardError its standard error, NaN when the fit did not converge
     * @param ensembleMean the mean of the ensemble's estimates, NaN without an ensemble
     * @param ensembleStd their sample standard deviation, NaN without an ensemble
     */
    public record Parameter(String name, double initial, double estimate, double truth, double hipparchusEstimate,
                            double hipparchusStandardError, double ensembleMean, double ensembleStd) {

        /**
         * Checks the name.
         *
         * @param name the parameter's name
         * @param initial the initial guess
         * @param estimate the network's estimate
         * @param truth the known value, or NaN
         * @param hipparchusEstimate the classical fit's estimate
         * @param hipparchusStandardError its standard error, or NaN
         * @param ensembleMean the ensemble's mean, or NaN
         * @param ensembleStd the ensemble's standard deviation, or NaN
         */
        public Parameter {
            Objects.requireNonNull(name, "name");
        }

        /**
         * The estimate's error relative to the truth.
         *
         * @return {@code |estimate - truth| / |truth|}, NaN without a truth
         */
        public double relativeError() {
            return Math.abs(estimate - truth) / Math.abs(truth);
        }

        /**
         * The classical estimate's error relative to the truth.
         *
         * @return {@code |hipparchusEstimate - truth| / |truth|}, NaN without a truth
         */
        public double hipparchusRelativeError() {
            return Math.abs(hipparchusEstimate - truth) / Math.abs(truth);
        }
    }

    /**
     * Copies the lists and the band.
     *
     * @param parameters one row per fitted parameter
     * @param data the measurements
     * @param classical the classical fit
     * @param band the ensemble's band, or null
     * @param members the ensemble's size, at least 1
     * @throws IllegalArgumentException when there is no parameter or members is below 1
     */
    public FitReport {
        parameters = List.copyOf(parameters);
        data = List.copyOf(data);
        Objects.requireNonNull(classical, "classical");
        band = band == null ? null : new double[][][] {copy(band[0]), copy(band[1])};
        if (parameters.isEmpty() || members < 1) {
            throw new IllegalArgumentException("a fit report needs fitted parameters and at least one member, got "
                    + parameters.size() + " and " + members);
        }
    }

    /**
     * The report of one trained network: its estimates next to the truth and the classical fit.
     *
     * @param trained the trained network of an inverse problem
     * @param data the measurements it was trained on
     * @param truth known values by name, any subset of the fitted parameters (empty when none is known)
     * @param classical the classical fit of the same problem to the same data
     * @return the report, without an ensemble
     */
    public static FitReport of(TrainedPinn trained, List<Observations> data, Map<String, Double> truth,
                               ClassicalFit classical) {
        OdeProblem problem = trained.problem();
        List<Parameter> rows = new ArrayList<>();
        for (String name : problem.fittedNames()) {
            ClassicalFit.Estimate hipparchus = classical.estimate(name);
            rows.add(new Parameter(name, problem.parameters().get(name), trained.fittedParameters().get(name),
                    truth.getOrDefault(name, Double.NaN), hipparchus.value(),
                    classical.converged() ? hipparchus.standardError() : Double.NaN, Double.NaN, Double.NaN));
        }
        return new FitReport(rows, data, classical, null, 1);
    }

    /**
     * This report with an ensemble's figures: each parameter's mean and sample standard deviation over the members'
     * estimates, and the band of their solutions.
     *
     * @param estimates per parameter name, every member's estimate
     * @param low the lowest member solution {@code [unknown][i]} on the comparison grid
     * @param high the highest
     * @return the report with the ensemble
     */
    public FitReport withEnsemble(Map<String, double[]> estimates, double[][] low, double[][] high) {
        List<Parameter> rows = new ArrayList<>();
        int size = 0;
        for (Parameter p : parameters) {
            double[] values = estimates.get(p.name());
            size = values.length;
            double mean = java.util.Arrays.stream(values).average().orElse(Double.NaN);
            double squares = java.util.Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum();
            double std = values.length > 1 ? Math.sqrt(squares / (values.length - 1)) : Double.NaN;
            rows.add(new Parameter(p.name(), p.initial(), p.estimate(), p.truth(), p.hipparchusEstimate(),
                    p.hipparchusStandardError(), mean, std));
        }
        return new FitReport(rows, data, classical, new double[][][] {low, high}, size);
    }

    /**
     * The known values.
     *
     * @return the truth by name, for the parameters that have one
     */
    public Map<String, Double> truth() {
        Map<String, Double> truth = new LinkedHashMap<>();
        parameters.stream().filter(p -> !Double.isNaN(p.truth())).forEach(p -> truth.put(p.name(), p.truth()));
        return Collections.unmodifiableMap(truth);
    }

    /**
     * The band.
     *
     * @return a copy of {@code [low, high][unknown][i]}, or null without an ensemble
     */
    @Override
    public double[][][] band() {
        return band == null ? null : new double[][][] {copy(band[0]), copy(band[1])};
    }

    /**
     * A figure as the reports print it: six significant digits, without trailing zeros ({@code 4}, {@code 400.417}).
     *
     * @param value the figure
     * @return its text
     */
    public static String digits(double value) {
        return Double.isFinite(value) ? Expr.format(Double.parseDouble(String.format(java.util.Locale.ROOT, "%.6g",
                value))) : Double.toString(value);
    }

    private static double[][] copy(double[][] values) {
        double[][] copy = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            copy[i] = values[i].clone();
        }
        return copy;
    }
}

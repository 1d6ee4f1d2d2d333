package pinn4j.plots.comparator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import pinn4j.problems.Expr;
import pinn4j.problems.Observations;
import pinn4j.problems.OdeProblem;
import pinn4j.solver.TrainedPinn;

/**
 * What an inverse problem's run found: per fitted parameter the initial guess, the network's estimate, the truth
 * when known, the classical fit's estimate and standard error, and over an ensemble of seeds the mean and standard
 * deviation; with the measurements themselves and, for an ensemble, its members and the band of their solutions.
 *
 * @param parameters one row per fitted parameter, in the problem's order
 * @param data the measurements the network and the classical fit were given
 * @param classical the classical fit of the same parameters to the same data
 * @param band the lowest and highest solution {@code [2][unknown][i]} of the ensemble's members that did not
 *     diverge, on the comparison grid; null without an ensemble
 * @param ensemble every member of the ensemble, diverged ones included; empty without an ensemble
 */
public record FitReport(List<Parameter> parameters, List<Observations> data, ClassicalFit classical, double[][][] band,
                        List<Member> ensemble) {

    /** A member whose final loss is more than this many times the ensemble's median is stuck. */
    public static final double STUCK = 100;

    /**
     * One member of an ensemble: the same problem, data and settings trained with its own seed, on the measurements
     * as given or, in a bootstrap, on a resample of them.
     *
     * @param seed its seed
     * @param finalLoss the lowest total loss its training reached (its {@code finalLoss} in {@code metrics.json})
     * @param divergence why its training stopped on a loss that was not a number, or null when it did not diverge
     * @param estimates its estimate of each fitted parameter, by name
     * @param solution its solution {@code [unknown][i]} on the comparison grid
     * @param resampled whether it trained on the measurements drawn anew with replacement (a bootstrap member)
     */
    public record Member(long seed, double finalLoss, String divergence, Map<String, Double> estimates,
                         double[][] solution, boolean resampled) {

        /**
         * Copies the estimates and the solution.
         *
         * @param seed its seed
         * @param finalLoss its lowest total loss
         * @param divergence why it diverged, or null
         * @param estimates its estimates by name
         * @param solution its solution on the comparison grid
         * @param resampled whether it trained on resampled measurements
         */
        public Member {
            estimates = Collections.unmodifiableMap(new LinkedHashMap<>(estimates));
            solution = copy(solution);
        }

        /**
         * A member trained on the measurements as given.
         *
         * @param seed its seed
         * @param finalLoss its lowest total loss
         * @param divergence why it diverged, or null
         * @param estimates its estimates by name
         * @param solution its solution on the comparison grid
         */
        public Member(long seed, double finalLoss, String divergence, Map<String, Double> estimates,
                      double[][] solution) {
            this(seed, finalLoss, divergence, estimates, solution, false);
        }

        /**
         * Whether its training diverged: such a member is left out of the statistics and the band.
         *
         * @return true when it has a divergence
         */
        public boolean diverged() {
            return divergence != null;
        }

        /**
         * The solution.
         *
         * @return a copy of {@code [unknown][i]}
         */
        @Override
        public double[][] solution() {
            return copy(solution);
        }
    }

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
     * @param ensemble the ensemble's members, or empty
     * @throws IllegalArgumentException when there is no parameter, or an ensemble whose members all diverged
     */
    public FitReport {
        parameters = List.copyOf(parameters);
        data = List.copyOf(data);
        ensemble = List.copyOf(ensemble);
        Objects.requireNonNull(classical, "classical");
        band = band == null ? null : new double[][][] {copy(band[0]), copy(band[1])};
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("a fit report needs fitted parameters");
        }
        if (!ensemble.isEmpty() && ensemble.stream().allMatch(Member::diverged)) {
            throw new IllegalArgumentException("every member of the ensemble diverged");
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
        return new FitReport(rows, data, classical, null, List.of());
    }

    /**
     * This report with an ensemble's figures: each parameter's mean and sample standard deviation over the estimates
     * of the members that did not diverge, and the band of their solutions (the lowest and highest at each point).
     *
     * @param members every member, diverged ones included, in the order {@code ensemble.csv} lists them
     * @return the report with the ensemble
     * @throws IllegalArgumentException when every member diverged
     */
    public FitReport withEnsemble(List<Member> members) {
        List<Member> counted = counted(members);
        if (counted.isEmpty()) {
            throw new IllegalArgumentException("every member of the ensemble diverged");
        }
        List<Parameter> rows = new ArrayList<>();
        for (Parameter p : parameters) {
            double[] values = counted.stream().mapToDouble(m -> m.estimates().get(p.name())).toArray();
            double mean = Arrays.stream(values).average().orElseThrow();
            double squares = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum();
            double std = values.length > 1 ? Math.sqrt(squares / (values.length - 1)) : Double.NaN;
            rows.add(new Parameter(p.name(), p.initial(), p.estimate(), p.truth(), p.hipparchusEstimate(),
                    p.hipparchusStandardError(), mean, std));
        }
        double[][] low = counted.get(0).solution();
        double[][] high = counted.get(0).solution();
        for (Member member : counted) {
            double[][] solution = member.solution;
            for (int u = 0; u < low.length; u++) {
                for (int i = 0; i < low[u].length; i++) {
                    low[u][i] = Math.min(low[u][i], solution[u][i]);
                    high[u][i] = Math.max(high[u][i], solution[u][i]);
                }
            }
        }
        return new FitReport(rows, data, classical, new double[][][] {low, high}, members);
    }

    /**
     * The members in an ensemble's statistics: those that did not diverge and did not get stuck.
     *
     * @param members the members
     * @return those counted, in order
     */
    public static List<Member> counted(List<Member> members) {
        List<Member> finished = members.stream().filter(m -> !m.diverged()).toList();
        return finished.stream().filter(m -> !stuck(m, finished)).toList();
    }

    /**
     * Whether a member got stuck: its final loss is more than {@value #STUCK} times the median of the members that
     * did not diverge, so its training ended far from the fit the others found (measured: a bootstrap member of the
     * oscillator at loss 6.4, k = 17, where the other seven ended at 1e-3 to 5e-3, k near 400). Such a member is left
     * out of the statistics, as a diverged one is, and named.
     *
     * @param member a member
     * @param members the ensemble's members
     * @return true when it is stuck
     */
    public static boolean stuck(Member member, List<Member> members) {
        double[] losses = members.stream().filter(m -> !m.diverged()).mapToDouble(Member::finalLoss).sorted().toArray();
        if (member.diverged() || losses.length == 0) {
            return false;
        }
        double median = losses.length % 2 == 1 ? losses[losses.length / 2]
                : (losses[losses.length / 2 - 1] + losses[losses.length / 2]) / 2;
        return member.finalLoss() > STUCK * median;
    }

    /**
     * The member whose files an ensemble's run keeps: the lowest final loss among those that trained on the
     * measurements as given and did not diverge, the lowest seed of equal ones. (Losses on resampled measurements
     * are of other data, and the run's files show the measurements as given.)
     *
     * @param members the members
     * @return that member, or empty when none qualifies
     */
    public static Optional<Member> lowestLoss(List<Member> members) {
        return members.stream().filter(m -> !m.diverged() && !m.resampled())
                .min(Comparator.comparingDouble(Member::finalLoss).thenComparingLong(Member::seed));
    }

    /**
     * The ensemble's size in the statistics.
     *
     * @return the members that did not diverge; 1 without an ensemble
     */
    public int members() {
        return ensemble.isEmpty() ? 1 : counted(ensemble).size();
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

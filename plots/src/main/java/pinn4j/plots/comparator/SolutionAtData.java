package pinn4j.plots.comparator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import pinn4j.problems.Expr;
import pinn4j.problems.FittedParameter;
import pinn4j.problems.Observations;
import pinn4j.problems.OdeProblem;

/**
 * An inverse problem's solution at its data as a function of the fitted parameters, for {@link ClassicalFit}: each
 * observation's solved value times its series' weight, central differences of those, and the weighted data. It
 * counts the solves and remembers the best candidate, for a fit that does not finish.
 */
final class SolutionAtData {

    /** The problem could not be solved at a candidate; the message says where and why, in the problem's terms. */
    static final class CandidateFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CandidateFailed(String message) {
            super(message);
        }
    }

    /** The problem as a forward one: a candidate on a bound is no initial guess, so it need not lie inside. */
    private final OdeProblem forward;
    private final List<FittedParameter> fitted;
    private final double[] guesses;
    /** The distinct observed times, increasing, as {@link Reference#solve} wants them. */
    private final double[] times;
    /** Per observation, across every series in order: which time, which unknown, its value and weight. */
    private final int[] timeIndex;
    private final int[] unknownIndex;
    private final double[] observed;
    private final double[] weight;
    private double[] cachedPoint;
    private double[] cachedValues;
    private double[] best;
    private double[] bestValues;
    private double bestCost = Double.POSITIVE_INFINITY;
    private int solves;
    private int unsolved;
    private String lastUnsolved;

    /**
     * Checks the data against the problem.
     *
     * @throws IllegalArgumentException when the problem fits nothing, or the data are empty, name no unknown of the
     *     problem or lie outside its domain
     */
    SolutionAtData(OdeProblem problem, List<Observations> data) {
        if (!problem.isInverse()) {
            throw new IllegalArgumentException(problem.name() + ": no parameter is fitted, so there is nothing to fit");
        }
        if (data.isEmpty()) {
            throw new IllegalArgumentException(problem.name() + ": no observations to fit");
        }
        forward = problem.withoutFitting();
        fitted = problem.fitted();
        guesses = fitted.stream().mapToDouble(p -> problem.parameters().get(p.name())).toArray();
        times = data.stream().flatMapToDouble(o -> Arrays.stream(o.t())).sorted().distinct().toArray();
        int m = data.stream().mapToInt(o -> o.t().length).sum();
        timeIndex = new int[m];
        unknownIndex = new int[m];
        observed = new double[m];
        weight = new double[m];
        int i = 0;
        for (Observations series : data) {
            int unknown = problem.unknowns().indexOf(series.unknown());
            if (unknown < 0) {
                throw new IllegalArgumentException(problem.name() + ": observations of '" + series.unknown()
                        + "', which is not an unknown; unknowns: " + String.join(", ", problem.unknowns()));
            }
            double[] t = series.t();
            double[] values = series.values();
            double rms = Math.sqrt(Arrays.stream(values).map(v -> v * v).average().orElseThrow());
            for (int k = 0; k < t.length; k++, i++) {
                if (!problem.domain().contains(t[k])) {
                    throw new IllegalArgumentException(problem.name() + ": observation of " + series.unknown() + " at "
                            + problem.variable() + " = " + Expr.format(t[k]) + " lies outside the domain ["
                            + Expr.format(problem.domain().t0()) + ", " + Expr.format(problem.domain().t1()) + "]");
                }
                timeIndex[i] = Arrays.binarySearch(times, t[k]);
                unknownIndex[i] = unknown;
                observed[i] = values[k];
                weight[i] = rms > 0 ? 1 / rms : 1;
            }
        }
        best = guesses;
    }

    List<FittedParameter> fitted() {
        return fitted;
    }

    int observations() {
        return observed.length;
    }

    double[] guesses() {
        return guesses.clone();
    }

    int solves() {
        return solves;
    }

    /** The best candidate solved so far, or the initial guesses. */
    double[] best() {
        return best.clone();
    }

    /** Makes the fit's end point the best, whatever the candidates before it: it is what the fit reports. */
    void settleAt(double[] point) {
        bestValues = weightedValues(point);
        best = point.clone();
    }

    double[] weightedData() {
        double[] target = new double[observed.length];
        for (int i = 0; i < target.length; i++) {
            target[i] = weight[i] * observed[i];
        }
        return target;
    }

    /** The point moved into the bounds. */
    double[] clip(double[] point) {
        double[] clipped = new double[point.length];
        for (int j = 0; j < point.length; j++) {
            clipped[j] = Math.min(Math.max(point[j], fitted.get(j).min()), fitted.get(j).max());
        }
        return clipped;
    }

    /**
     * The solution at every observation, weighted; remembered, as Hipparchus asks for one point repeatedly. A
     * candidate at which the problem cannot be solved is infinitely far from the data, so Levenberg-Marquardt rejects
     * the step and tries a shorter one; only when nothing has been solved yet, at the initial guess, does it throw.
     *
     * @throws CandidateFailed when the problem cannot be solved at the first candidate
     */
    double[] weightedValues(double[] point) {
        if (!Arrays.equals(point, cachedPoint)) {
            double[] values = solvedOrInfinitelyFar(point);
            cachedPoint = point.clone();
            cachedValues = values;
        }
        return cachedValues.clone();
    }

    /**
     * Central differences of the weighted solution in the given parameters; at a bound the step is cut to stay
     * within it, so the difference there is one-sided.
     *
     * @throws CandidateFailed when the problem cannot be solved at a stepped point
     */
    double[][] weightedJacobian(double[] point, int[] columns) {
        double[][] jacobian = new double[observed.length][columns.length];
        for (int c = 0; c < columns.length; c++) {
            int j = columns[c];
            // Scaled by the guess too, so a parameter passing through 0 keeps a step of its usual size.
            double scale = Math.max(Math.abs(point[j]), Math.abs(guesses[j]));
            double h = ClassicalFit.RELATIVE_STEP * (scale > 0 ? scale : 1);
            double[] up = point.clone();
            double[] down = point.clone();
            up[j] = Math.min(point[j] + h, fitted.get(j).max());
            down[j] = Math.max(point[j] - h, fitted.get(j).min());
            double[] valuesUp = values(up);
            double[] valuesDown = values(down);
            for (int i = 0; i < observed.length; i++) {
                jacobian[i][c] = weight[i] * (valuesUp[i] - valuesDown[i]) / (up[j] - down[j]);
            }
        }
        return jacobian;
    }

    /** {@code sqrt(mean (u(t_i) - value_i)^2)}, unweighted, at the best candidate; NaN when none was solved. */
    double rmsResidualAtBest() {
        if (bestValues == null) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < observed.length; i++) {
            double residual = bestValues[i] / weight[i] - observed[i];
            sum += residual * residual;
        }
        return Math.sqrt(sum / observed.length);
    }

    /** Candidates the fit stepped back from, for the message of a fit that did not converge. */
    String unsolvedCandidates() {
        return unsolved == 0 ? "" : "; " + unsolved + " candidates could not be solved, the last because "
                + lastUnsolved;
    }

    private double[] solvedOrInfinitelyFar(double[] point) {
        double[] values;
        try {
            values = values(point);
        } catch (CandidateFailed e) {
            if (bestValues == null) {
                throw e;
            }
            unsolved++;
            lastUnsolved = e.getMessage();
            values = new double[observed.length];
            Arrays.fill(values, Double.POSITIVE_INFINITY);
            return values;
        }
        double cost = 0;
        for (int i = 0; i < values.length; i++) {
            values[i] *= weight[i];
            double residual = values[i] - weight[i] * observed[i];
            cost += residual * residual;
        }
        if (cost < bestCost) {
            bestCost = cost;
            best = point.clone();
            bestValues = values;
        }
        return values;
    }

    /** The problem solved at the candidate, at every observation, unweighted. */
    private double[] values(double[] point) {
        Map<String, Double> candidate = new LinkedHashMap<>();
        for (int j = 0; j < point.length; j++) {
            candidate.put(fitted.get(j).name(), point[j]);
        }
        OdeProblem atCandidate;
        try {
            atCandidate = forward.withParameters(candidate);
        } catch (IllegalArgumentException e) {
            throw new CandidateFailed("the problem is not defined at the candidate " + describe(point) + ": "
                    + e.getMessage());
        }
        solves++;
        Reference solution = Reference.solve(atCandidate, times);
        if (solution.failure() != null) {
            throw new CandidateFailed("the problem could not be solved at the candidate " + describe(point) + ": "
                    + solution.failure());
        }
        double[] values = new double[observed.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = solution.values()[unknownIndex[i]][timeIndex[i]];
        }
        return values;
    }

    private String describe(double[] point) {
        List<String> named = new ArrayList<>();
        for (int j = 0; j < point.length; j++) {
            named.add(fitted.get(j).name() + " = " + Expr.format(point[j]));
        }
        return String.join(", ", named);
    }
}

package pinn4j.plots.comparator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.IntStream;

import org.hipparchus.exception.LocalizedCoreFormats;
import org.hipparchus.exception.MathRuntimeException;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.SingularValueDecomposition;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresBuilder;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresOptimizer;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LevenbergMarquardtOptimizer;
import pinn4j.problems.FittedParameter;
import pinn4j.problems.Observations;
import pinn4j.problems.OdeProblem;

/**
 * The classical comparator for an inverse problem: the problem's fitted parameters fitted to the same data by
 * Hipparchus' Levenberg-Marquardt, the model being the problem solved at the candidate parameters by
 * {@link Reference} (Dormand-Prince 8(5,3), tolerances 1e-12; shooting for a boundary-value problem) and sampled at
 * the observed times. It starts from the problem's initial guesses.
 *
 * <p>Bounds are kept by clipping each candidate into them. A parameter that the fit leaves on a bound with the data
 * pulling it outward is then held there and the others fitted again, until the parameters held are the ones pulled
 * outward: clipping alone lets Levenberg-Marquardt stop early, its steps cut short at the bound, before the free
 * parameters reach their best values (measured: y0 2.584 instead of 2.631 when r is held at 0.8).
 *
 * <p>Each series of observations is weighted by the reciprocal of the RMS of its measured values (1 for a series of
 * zeros), so that unknowns of different magnitudes (S near 1, I near 0.01) count alike; the residuals are
 * {@code w_s (u(t_i) - value_i)}. The Jacobian is taken by central differences of whole solutions with the relative
 * step {@value #RELATIVE_STEP}: the solutions carry errors near the tolerance 1e-12, and a step of about the cube
 * root of that balances them against the differences' own error, leaving about 1e-8 relative in the derivatives.
 *
 * <p>The standard errors are {@code sqrt(diag(s^2 (J^T J)^-1))}, J the Jacobian of the weighted residuals in every
 * fitted parameter at the estimate and {@code s^2 = sum of squared weighted residuals / (m - n)}, m observations and
 * n parameters: the noise's variance estimated from the fit, as for ordinary least squares. (Hipparchus'
 * {@code Optimum.getSigma} is {@code sqrt(diag((J^T J)^-1))} without that factor.) They assume independent noise of
 * one size per series, proportional to the series' RMS, and are a linearisation: for an estimate on a bound they
 * ignore the bound.
 *
 * <p>A fit that fails says so in {@link #failure()} and never throws: when the problem cannot be solved at the
 * initial guesses or near the estimate (a candidate beyond, during the search, only shortens the step), Levenberg-
 * Marquardt runs out of evaluations, the parameters are not identifiable from the data (the Jacobian's columns, each
 * scaled to unit length, have a relative singular value below {@value #IDENTIFIABILITY_THRESHOLD}), or there are not
 * more observations than parameters.
 *
 * @param estimates one per fitted parameter, in the problem's order: the estimate when the fit converged, else the
 *     best point reached (the initial guesses if none was)
 * @param converged whether Levenberg-Marquardt met its tolerances
 * @param iterations Levenberg-Marquardt's iterations
 * @param solves how many times the problem was solved: one per candidate, two per parameter for each Jacobian
 * @param rmsResidual {@code sqrt(mean (u(t_i) - value_i)^2)} over every observation at the estimates, in the data's
 *     units and unweighted; NaN when the problem was never solved
 * @param seconds the wall time of the whole fit
 * @param failure why the fit has no estimates with standard errors, in plain words; null when it has
 */
public record ClassicalFit(List<Estimate> estimates, boolean converged, int iterations, int solves,
                           double rmsResidual, double seconds, String failure) {

    /** Central-difference step relative to the parameter's size. */
    public static final double RELATIVE_STEP = 1e-4;
    /** Smallest singular value of the column-scaled Jacobian, relative to the largest, of identifiable parameters. */
    public static final double IDENTIFIABILITY_THRESHOLD = 1e-6;
    /** Levenberg-Marquardt's budget of candidates, each one solve plus, per iteration, a Jacobian. */
    public static final int DEFAULT_MAX_EVALUATIONS = 500;

    /**
     * One fitted parameter's result.
     *
     * @param name the parameter's name
     * @param value the estimate
     * @param standardError its standard error, or NaN when there is none
     * @param onBound whether the estimate lies on one of the parameter's bounds
     */
    public record Estimate(String name, double value, double standardError, boolean onBound) {

        /**
         * Checks the estimate.
         *
         * @param name the parameter's name
         * @param value the estimate, finite
         * @param standardError its standard error, at least 0, or NaN when there is none
         * @param onBound whether the estimate lies on one of the parameter's bounds
         */
        public Estimate {
            Objects.requireNonNull(name, "name");
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("estimate of " + name + " must be finite, got " + value);
            }
            if (standardError < 0 || standardError == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("standard error of " + name + " must be finite and >= 0 or NaN,"
                        + " got " + standardError);
            }
        }
    }

    /**
     * Checks that a result without a failure converged with every standard error, and keeps a copy of the estimates.
     *
     * @param estimates one per fitted parameter, in the problem's order
     * @param converged whether Levenberg-Marquardt met its tolerances
     * @param iterations Levenberg-Marquardt's iterations, at least 0
     * @param solves how many times the problem was solved, at least 0
     * @param rmsResidual the RMS residual, at least 0, or NaN
     * @param seconds the wall time, at least 0
     * @param failure why the fit has no estimates with standard errors, or null when it has
     */
    public ClassicalFit {
        estimates = List.copyOf(estimates);
        if (iterations < 0 || solves < 0 || !(seconds >= 0) || rmsResidual < 0) {
            throw new IllegalArgumentException("counts, time and residual must be >= 0, got iterations=" + iterations
                    + ", solves=" + solves + ", seconds=" + seconds + ", rmsResidual=" + rmsResidual);
        }
        if (failure == null && !(converged && estimates.stream().noneMatch(e -> Double.isNaN(e.standardError())))) {
            throw new IllegalArgumentException("a fit without a failure must have converged with every standard error");
        }
    }

    /**
     * Fits the problem's fitted parameters to the data with at most {@value #DEFAULT_MAX_EVALUATIONS} candidates.
     *
     * @param problem an inverse problem; its fitted parameters' values are the initial guesses
     * @param data measured values of some of the unknowns at points of the domain, in any order, repeats allowed
     * @return the estimates, or the reason there are none
     * @throws IllegalArgumentException when the problem fits nothing, or the data are empty, name no unknown of the
     *     problem or lie outside its domain
     */
    public static ClassicalFit of(OdeProblem problem, List<Observations> data) {
        return of(problem, data, DEFAULT_MAX_EVALUATIONS);
    }

    /**
     * Fits the problem's fitted parameters to the data.
     *
     * @param problem an inverse problem; its fitted parameters' values are the initial guesses
     * @param data measured values of some of the unknowns at points of the domain, in any order, repeats allowed
     * @param maxEvaluations Levenberg-Marquardt's budget of candidates, over all its runs
     * @return the estimates, or the reason there are none
     * @throws IllegalArgumentException when the problem fits nothing, the data are empty, name no unknown of the
     *     problem or lie outside its domain, or the budget is below 1
     */
    public static ClassicalFit of(OdeProblem problem, List<Observations> data, int maxEvaluations) {
        if (maxEvaluations < 1) {
            throw new IllegalArgumentException("maxEvaluations must be >= 1, got " + maxEvaluations);
        }
        return new Run(new SolutionAtData(problem, data), maxEvaluations).fit();
    }

    /**
     * The estimate of one parameter.
     *
     * @param name a fitted parameter's name
     * @return its estimate
     * @throws IllegalArgumentException when no parameter of that name was fitted
     */
    public Estimate estimate(String name) {
        return estimates.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no fitted parameter named " + name + "; fitted: "
                        + String.join(", ", estimates.stream().map(Estimate::name).toList())));
    }

    /** One fit: its clock, budget and iterations. */
    private static final class Run {
        private final long start = System.nanoTime();
        private final SolutionAtData model;
        private final List<FittedParameter> fitted;
        private final int maxEvaluations;
        private int evaluations;
        private int iterations;

        Run(SolutionAtData model, int maxEvaluations) {
            this.model = model;
            this.fitted = model.fitted();
            this.maxEvaluations = maxEvaluations;
        }

        ClassicalFit fit() {
            int m = model.observations();
            int n = fitted.size();
            if (m <= n) {
                return failed(false, String.format(Locale.ROOT, "%d observations cannot fit %d parameters with"
                        + " standard errors: at least %d are needed", m, n, n + 1));
            }
            int[] all = IntStream.range(0, n).toArray();
            boolean[] held = new boolean[n];
            double[] point = model.guesses();
            // Done when the parameters held are those pulled outward; the rounds are bounded lest they cycle.
            for (int round = 0; round <= n; round++) {
                try {
                    point = fitFree(point, held);
                } catch (SolutionAtData.CandidateFailed e) {
                    return failed(false, e.getMessage() + "; the estimates are the best point reached");
                } catch (MathRuntimeException e) {
                    return failed(false, (e.getSpecifier() == LocalizedCoreFormats.MAX_COUNT_EXCEEDED
                            ? "Levenberg-Marquardt did not converge within " + maxEvaluations + " evaluations"
                            : "Levenberg-Marquardt stopped: " + e.getMessage()) + model.unsolvedCandidates()
                            + "; the estimates are the best point reached");
                }
                model.settleAt(point);
                RealMatrix jacobian;
                try {
                    jacobian = MatrixUtils.createRealMatrix(model.weightedJacobian(point, all));
                } catch (SolutionAtData.CandidateFailed e) {
                    return failed(true, "no standard errors: " + e.getMessage());
                }
                boolean[] pulledOut = pulledOutward(point, jacobian);
                if (Arrays.equals(pulledOut, held)) {
                    return withStandardErrors(point, jacobian);
                }
                held = pulledOut;
            }
            return failed(true, "the parameters to hold on their bounds did not settle in " + (n + 1) + " rounds of"
                    + " Levenberg-Marquardt; the estimates are the last round's");
        }

        /** Levenberg-Marquardt over the parameters not held, from {@code point}; the held ones keep their values. */
        private double[] fitFree(double[] point, boolean[] held) {
            int[] free = IntStream.range(0, held.length).filter(j -> !held[j]).toArray();
            if (free.length == 0) {
                return point;
            }
            LeastSquaresOptimizer.Optimum optimum = new LevenbergMarquardtOptimizer().optimize(new LeastSquaresBuilder()
                    .start(Arrays.stream(free).mapToDouble(j -> point[j]).toArray()).target(model.weightedData())
                    .model(x -> model.weightedValues(with(point, free, x)), x -> {
                        // Hipparchus' Levenberg-Marquardt takes one Jacobian per iteration.
                        iterations++;
                        return model.weightedJacobian(with(point, free, x), free);
                    }).lazyEvaluation(true)
                    .parameterValidator(x -> new ArrayRealVector(Arrays.stream(free)
                            .mapToDouble(j -> model.clip(with(point, free, x.toArray()))[j]).toArray(), false))
                    .maxEvaluations(maxEvaluations - evaluations).maxIterations(maxEvaluations).build());
            evaluations += optimum.getEvaluations();
            return with(point, free, optimum.getPoint().toArray());
        }

        /** {@code point} with the parameters {@code free} set to {@code values}. */
        private static double[] with(double[] point, int[] free, double[] values) {
            double[] full = point.clone();
            for (int k = 0; k < free.length; k++) {
                full[free[k]] = values[k];
            }
            return full;
        }

        /** The parameters on a bound whose cost falls beyond it: the gradient {@code J^T r} points outward. */
        private boolean[] pulledOutward(double[] point, RealMatrix jacobian) {
            double[] residuals = model.weightedValues(point);
            double[] data = model.weightedData();
            for (int i = 0; i < residuals.length; i++) {
                residuals[i] -= data[i];
            }
            double[] gradient = jacobian.preMultiply(residuals);
            boolean[] pulled = new boolean[point.length];
            for (int j = 0; j < point.length; j++) {
                pulled[j] = point[j] == fitted.get(j).min() && gradient[j] > 0
                        || point[j] == fitted.get(j).max() && gradient[j] < 0;
            }
            return pulled;
        }

        /** The converged result, with standard errors unless the Jacobian is singular. */
        private ClassicalFit withStandardErrors(double[] estimate, RealMatrix jacobian) {
            int m = model.observations();
            int n = estimate.length;
            double[] values = model.weightedValues(estimate);
            double[] data = model.weightedData();
            double rss = 0;
            for (int i = 0; i < m; i++) {
                rss += (values[i] - data[i]) * (values[i] - data[i]);
            }
            // Columns scaled to unit length, so the singular values measure dependence, not the parameters' units.
            double[] norms = new double[n];
            for (int j = 0; j < n; j++) {
                norms[j] = jacobian.getColumnVector(j).getNorm();
                if (norms[j] == 0) {
                    return failed(true, "the parameter " + fitted.get(j).name() + " is not identifiable from these"
                            + " data: they do not change when it does");
                }
                jacobian.setColumnVector(j, jacobian.getColumnVector(j).mapDivide(norms[j]));
            }
            SingularValueDecomposition svd = new SingularValueDecomposition(jacobian);
            double[] singular = svd.getSingularValues();
            double smallest = singular[n - 1] / singular[0];
            if (smallest < IDENTIFIABILITY_THRESHOLD) {
                List<String> together = new ArrayList<>();
                for (int j = 0; j < n; j++) {
                    if (Math.abs(svd.getV().getEntry(j, n - 1)) > 0.1) {
                        together.add(fitted.get(j).name());
                    }
                }
                return failed(true, String.format(Locale.ROOT, "the parameters are not identifiable from these data:"
                        + " %s can change together without changing the fit (the Jacobian's smallest relative"
                        + " singular value is %.1e)", String.join(", ", together), smallest));
            }
            // (J^T J)^-1 = D^-1 V S^-2 V^T D^-1 for the scaled Jacobian U S V^T and the column norms D.
            double variance = rss / (m - n);
            double[] standardErrors = new double[n];
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    double v = svd.getV().getEntry(j, k) / singular[k];
                    sum += v * v;
                }
                standardErrors[j] = Math.sqrt(variance * sum) / norms[j];
            }
            return result(true, standardErrors, null);
        }

        private ClassicalFit failed(boolean converged, String failure) {
            double[] none = new double[fitted.size()];
            Arrays.fill(none, Double.NaN);
            return result(converged, none, failure);
        }

        private ClassicalFit result(boolean converged, double[] standardErrors, String failure) {
            double[] best = model.best();
            List<Estimate> estimates = new ArrayList<>();
            for (int j = 0; j < best.length; j++) {
                FittedParameter parameter = fitted.get(j);
                estimates.add(new Estimate(parameter.name(), best[j], standardErrors[j],
                        best[j] == parameter.min() || best[j] == parameter.max()));
            }
            return new ClassicalFit(estimates, converged, iterations, model.solves(), model.rmsResidualAtBest(),
                    (System.nanoTime() - start) / 1e9, failure);
        }
    }
}

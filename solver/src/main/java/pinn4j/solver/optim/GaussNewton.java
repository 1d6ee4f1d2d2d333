package pinn4j.solver.optim;

import java.util.Arrays;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.hipparchus.exception.MathIllegalArgumentException;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.CholeskyDecomposition;
import pinn4j.solver.internal.Engines;

/**
 * Damped Gauss-Newton minimization of {@code L(x) = |r(x)|^2 = sum_i r_i(x)^2} for R residuals and P variables,
 * with the linear algebra done in residual space: an R x R system per step however large P is.
 *
 * <h2>The step</h2>
 * Linearizing {@code r(x + d) ~ r + J d} and damping with {@code lambda |d|^2} gives the step
 * <pre>
 *   d = -(J^T J + lambda I)^-1 J^T r = -J^T (J J^T + lambda I)^-1 r
 * </pre>
 * by the push-through identity {@code J^T (J J^T + lambda I) = (J^T J + lambda I) J^T} (the Woodbury form of
 * energy natural gradient descent, Guzm&aacute;n-Cordero, Dangel, Goldshlager and Zeinhofer 2025, "Improving energy
 * natural gradient descent through Woodbury, momentum, and randomization", arXiv:2505.12149). So each step forms
 * the kernel {@code K = J J^T} (R x R, the DJL engine's float64 product: 5.4 ms against 9.4 ms for the best plain
 * Java loop at R = 202, P = 2209), solves {@code (K + lambda I) z = r} by Cholesky and takes {@code d = -J^T z}.
 * When K + lambda I is not numerically positive definite (a Cholesky pivot at most 1e-13 of its largest diagonal
 * entry, as when lambda = 0 and R &gt; P) lambda is raised tenfold, from 1e-13 max K_ii if it was smaller, until it is.
 * Only the damping {@code lambda I} is offered. Marquardt's scaled damping {@code lambda D}, with D = diag(J^T J),
 * would fit the same scheme after a change of variables ({@code K = J D^-1 J^T}, {@code d = -D^-1 J^T z}), but it is
 * not implemented: it needs a floor for parameters that the residuals hardly see, and ENGD does not use it.
 *
 * <p>After the step the linear model's residual is {@code r + J d = lambda z}, so the model predicts the reduction
 * {@code |r|^2 - |r + J d|^2 = |K z|^2 + 2 lambda |d|^2}, a sum of non-negative terms computed without
 * cancellation (twice Nielsen's {@code h^T (mu h - g) / 2} in the notation of Madsen, Nielsen and Tingleff, whose
 * objective is half of L).
 *
 * <h2>{@link Mode#LEVENBERG_MARQUARDT}</h2>
 * A trial {@code x + d} is accepted when its gain ratio {@code rho = (L(x) - L(x + d)) / predicted} exceeds
 * 1e-4; a non-finite trial value, or a non-finite Jacobian at the trial point, counts as a rejection. The damping
 * follows Nielsen's rule (H. B. Nielsen, "Damping parameter in Marquardt's method", IMM-REP-1999-05, DTU 1999;
 * K. Madsen, H. B. Nielsen and O. Tingleff, "Methods for non-linear least squares problems", 2nd ed., DTU 2004,
 * section 3.2): on acceptance {@code lambda *= max(1/3, 1 - (2 rho - 1)^3)} and {@code nu = 2}, on rejection
 * {@code lambda *= nu} and {@code nu *= 2}, from {@code lambda_0 = tau max K_ii}, tau being
 * {@link GaussNewtonOptions#damping()}. MNT scale tau by {@code max (J^T J)_ii}; the diagonal of K serves here as it
 * is at hand, and both lie below the largest eigenvalue, which K and J^T J share. A rejected trial costs one
 * value-only evaluation and a new R x R Cholesky factorization, not a new Jacobian. The run stops with
 * {@link StopReason#STEP_TOLERANCE} when lambda exceeds 1e16 max K_ii or the step no longer changes x.
 *
 * <h2>{@link Mode#LINE_SEARCH}</h2>
 * Energy natural gradient descent for a least-squares loss (J. M&uuml;ller and M. Zeinhofer 2023, "Achieving high
 * accuracy with PINNs via energy natural gradient descent", ICML, arXiv:2302.13163): the Gauss-Newton direction
 * with a fixed small ridge ({@link GaussNewtonOptions#damping()} times max K_ii, 1e-10 by default, where M&uuml;ller
 * and Zeinhofer use a least-squares solve), then a step size from their grid {@code 2^-k, k = 0..30}. They take the
 * grid's argmin, 31 evaluations; here the grid is walked from 1 down and the walk stops at the first value no
 * lower than its predecessor once one improved on L(x), which is the grid's argmin when L is unimodal along d and
 * costs two value-only evaluations when the full step is best. No improvement on the whole grid stops the run with
 * {@link StopReason#LINE_SEARCH_FAILED}.
 *
 * <h2>Both modes</h2>
 * Every accepted point is evaluated with its Jacobian (the next step needs it), so each reported
 * {@link Lbfgs.Iteration} carries the gradient {@code 2 J^T r} there, and its accepted evaluation is the latest
 * one. An iteration is started only with two evaluations of budget left, one for a trial and one for the Jacobian
 * after it. The run stops on the gradient tolerance, the iteration and evaluation budgets, a listener, and a
 * relative loss change below the tolerance after an accepted step. The NDArrays of each step live in a
 * sub-manager closed once K is read, under a manager per {@link #minimize} call.
 */
public final class GaussNewton {

    /** How a Gauss-Newton step is made safe. */
    public enum Mode {
        /** Adaptive damping with Nielsen's update: one trial per step, rejected trials raise the damping. */
        LEVENBERG_MARQUARDT,
        /** A fixed small ridge and a grid line search over step sizes {@code 2^-k}, as in ENGD. */
        LINE_SEARCH
    }

    /** Gain ratio a Levenberg-Marquardt trial must exceed: tiny, but above the noise of a zero reduction. */
    private static final double MIN_GAIN_RATIO = 1e-4;
    /**
     * Relative to max K_ii: a Cholesky pivot at or below this is rounding noise (the entries of K carry errors of
     * about sqrt(P) eps max K_ii), and it is the least damping tried after a failed factorization or rejection.
     */
    private static final double NEGLIGIBLE = 1e-13;
    /** Relative to max K_ii: a damping above this leaves a step that is rounding noise. */
    private static final double MAX_DAMPING = 1e16;
    /** Step sizes 2^0 ... 2^-30, Muller and Zeinhofer's grid. */
    private static final int GRID_POINTS = 31;

    private final GaussNewtonOptions options;

    /**
     * A minimizer with the given settings; it keeps no state between calls.
     *
     * @param options mode, budget, tolerances and damping
     */
    public GaussNewton(GaussNewtonOptions options) {
        this.options = options;
    }

    /**
     * Minimizes a sum of squares from a starting point.
     *
     * @param function the residuals and their Jacobian
     * @param start the starting point; not modified
     * @return the point reached, its value, the largest gradient component there and why the search stopped
     * @throws IllegalArgumentException when the Jacobian's width is not the length of the point
     */
    public LbfgsResult minimize(LeastSquaresFunction function, double[] start) {
        return minimize(function, start, iteration -> true);
    }

    /**
     * Minimizes a sum of squares from a starting point, reporting every accepted step.
     *
     * @param function the residuals and their Jacobian
     * @param start the starting point; not modified
     * @param listener told about every accepted step; may stop the search
     * @return the point reached, its value, the largest gradient component there and why the search stopped
     * @throws IllegalArgumentException when the Jacobian's width is not the length of the point
     */
    public LbfgsResult minimize(LeastSquaresFunction function, double[] start, Lbfgs.IterationListener listener) {
        try (NDManager manager = Engines.pytorch().newBaseManager()) {
            return new Run(function, listener, manager).execute(start);
        }
    }

    /** The state of one minimization. */
    private final class Run {
        private final LeastSquaresFunction function;
        private final Lbfgs.IterationListener listener;
        private final NDManager manager;
        private int evaluations;
        private int iteration;
        private double[] x;
        private Linearization at;
        private double lambda;
        private double nu = 2;

        Run(LeastSquaresFunction function, Lbfgs.IterationListener listener, NDManager manager) {
            this.function = function;
            this.listener = listener;
            this.manager = manager;
        }

        LbfgsResult execute(double[] start) {
            x = start.clone();
            evaluations++;
            LeastSquaresFunction.Residuals first = checkedEvaluation(x);
            if (!isFinite(first)) {
                return new LbfgsResult(x, first.value(), Double.NaN, 0, evaluations, StopReason.NON_FINITE_START);
            }
            at = new Linearization(first, manager);
            lambda = options.damping() * at.scale;
            StopReason reason = null;
            while (reason == null) {
                if (at.gradientNorm <= options.gradientTolerance()) {
                    reason = StopReason.GRADIENT_TOLERANCE;
                } else if (iteration >= options.maxIterations()) {
                    reason = StopReason.MAX_ITERATIONS;
                } else if (evaluations + 2 > options.maxEvaluations()) {
                    reason = StopReason.MAX_EVALUATIONS;
                } else if (options.mode() == Mode.LEVENBERG_MARQUARDT) {
                    reason = levenbergMarquardtTrial();
                } else {
                    reason = lineSearchStep();
                }
            }
            return new LbfgsResult(x, at.value, at.gradientNorm, iteration, evaluations, reason);
        }

        /** One trial at the current damping; null to go on. */
        private StopReason levenbergMarquardtTrial() {
            Step step = dampedStep();
            if (step == null) {
                return StopReason.STEP_TOLERANCE;
            }
            double[] trial = along(step.delta(), 1);
            if (Arrays.equals(trial, x)) {
                return StopReason.STEP_TOLERANCE;
            }
            evaluations++;
            double gain = (at.value - function.value(trial)) / step.predictedReduction();
            if (gain > MIN_GAIN_RATIO) {
                Linearization next = linearize(trial);
                if (next != null) {
                    lambda *= Math.max(1.0 / 3, 1 - Math.pow(2 * gain - 1, 3));
                    nu = 2;
                    return accept(trial, next);
                }
            }
            lambda = Math.max(lambda * nu, NEGLIGIBLE * at.scale);
            nu *= 2;
            return lambda > MAX_DAMPING * at.scale ? StopReason.STEP_TOLERANCE : null;
        }

        /** The ENGD step: the ridge's direction, the best step size on the grid; null to go on. */
        private StopReason lineSearchStep() {
            lambda = options.damping() * at.scale;
            Step step = dampedStep();
            if (step == null) {
                return StopReason.LINE_SEARCH_FAILED;
            }
            double best = at.value;
            double[] bestPoint = null;
            double t = 1;
            // Keeps one evaluation for the Jacobian at the point accepted.
            for (int k = 0; k < GRID_POINTS && evaluations + 2 <= options.maxEvaluations(); k++, t /= 2) {
                double[] trial = along(step.delta(), t);
                if (Arrays.equals(trial, x)) {
                    break;
                }
                evaluations++;
                double value = function.value(trial);
                if (value < best) {
                    best = value;
                    bestPoint = trial;
                } else if (bestPoint != null) {
                    break;
                }
            }
            if (bestPoint == null) {
                return evaluations + 2 > options.maxEvaluations()
                        ? StopReason.MAX_EVALUATIONS : StopReason.LINE_SEARCH_FAILED;
            }
            Linearization next = linearize(bestPoint);
            return next == null ? StopReason.LINE_SEARCH_FAILED : accept(bestPoint, next);
        }

        /** Solves at the current damping, raised until K + lambda I factorizes; null past the damping bound. */
        private Step dampedStep() {
            while (lambda <= MAX_DAMPING * at.scale) {
                Step step = at.solve(lambda);
                if (step != null) {
                    return step;
                }
                lambda = Math.max(10 * lambda, NEGLIGIBLE * at.scale);
            }
            return null;
        }

        private StopReason accept(double[] point, Linearization next) {
            double previous = at.value;
            x = point;
            at = next;
            iteration++;
            if (!listener.onIteration(new Lbfgs.Iteration(iteration, evaluations, at.value, at.gradientNorm,
                    evaluations, x))) {
                return StopReason.STOPPED_BY_LISTENER;
            }
            return previous - at.value <= options.relativeLossTolerance() * Math.abs(previous)
                    ? StopReason.LOSS_CHANGE_TOLERANCE : null;
        }

        /** The residuals and Jacobian at a point, or null when any of them is not finite. */
        private Linearization linearize(double[] point) {
            evaluations++;
            LeastSquaresFunction.Residuals residuals = checkedEvaluation(point);
            return isFinite(residuals) ? new Linearization(residuals, manager) : null;
        }

        private LeastSquaresFunction.Residuals checkedEvaluation(double[] point) {
            LeastSquaresFunction.Residuals residuals = function.evaluate(point);
            if (residuals.columns() != point.length) {
                throw new IllegalArgumentException("the Jacobian has " + residuals.columns() + " columns for "
                        + point.length + " variables");
            }
            return residuals;
        }

        private double[] along(double[] delta, double t) {
            double[] point = new double[x.length];
            for (int p = 0; p < x.length; p++) {
                point[p] = x[p] + t * delta[p];
            }
            return point;
        }
    }

    /** A step and the reduction of L that the linear model predicts for it. */
    record Step(double[] delta, double predictedReduction) {
    }

    /** The residuals and Jacobian at a point, with the kernel {@code K = J J^T} formed once for every damping. */
    static final class Linearization {
        private final double[] residuals;
        private final double[] jacobian;
        private final int rows;
        private final int columns;
        private final double[] kernel;
        /** The largest diagonal entry of K, the scale of every damping. */
        final double scale;
        final double value;
        final double gradientNorm;

        Linearization(LeastSquaresFunction.Residuals at, NDManager manager) {
            residuals = at.sharedValues();
            jacobian = at.sharedJacobian();
            rows = residuals.length;
            columns = at.columns();
            try (NDManager scope = manager.newSubManager()) {
                NDArray j = scope.create(jacobian, new Shape(rows, columns));
                kernel = j.matMul(j.transpose()).toDoubleArray();
            }
            // A blocked product need not be exactly symmetric; the factorization and K z must see the same matrix.
            double max = 0;
            for (int a = 0; a < rows; a++) {
                for (int b = 0; b < a; b++) {
                    kernel[b * rows + a] = kernel[a * rows + b];
                }
                max = Math.max(max, kernel[a * rows + a]);
            }
            scale = max;
            value = at.value();
            double[] gradient = transposeTimes(residuals);
            double largest = 0;
            for (double g : gradient) {
                largest = Math.max(largest, Math.abs(2 * g));
            }
            gradientNorm = largest;
        }

        /**
         * The damped step {@code -J^T (K + lambda I)^-1 r}, or null when K + lambda I has a Cholesky pivot at most
         * 1e-13 of its largest diagonal entry.
         */
        Step solve(double lambda) {
            double[][] shifted = new double[rows][];
            for (int a = 0; a < rows; a++) {
                shifted[a] = Arrays.copyOfRange(kernel, a * rows, (a + 1) * rows);
                shifted[a][a] += lambda;
            }
            double[] z;
            try {
                z = new CholeskyDecomposition(new Array2DRowRealMatrix(shifted, false),
                        CholeskyDecomposition.DEFAULT_RELATIVE_SYMMETRY_THRESHOLD, NEGLIGIBLE * (scale + lambda))
                        .getSolver().solve(new ArrayRealVector(residuals, false)).toArray();
            } catch (MathIllegalArgumentException notPositiveDefinite) {
                return null;
            }
            double[] delta = transposeTimes(z);
            double deltaSquared = 0;
            for (int p = 0; p < columns; p++) {
                delta[p] = -delta[p];
                deltaSquared += delta[p] * delta[p];
            }
            double kzSquared = 0;
            for (int a = 0; a < rows; a++) {
                double kz = 0;
                for (int b = 0; b < rows; b++) {
                    kz += kernel[a * rows + b] * z[b];
                }
                kzSquared += kz * kz;
            }
            return new Step(delta, kzSquared + 2 * lambda * deltaSquared);
        }

        /** {@code J^T v} for v of length R, row by row so the row-major Jacobian is read in order. */
        private double[] transposeTimes(double[] v) {
            double[] result = new double[columns];
            for (int a = 0; a < rows; a++) {
                double va = v[a];
                int offset = a * columns;
                for (int p = 0; p < columns; p++) {
                    result[p] += va * jacobian[offset + p];
                }
            }
            return result;
        }
    }

    private static boolean isFinite(LeastSquaresFunction.Residuals residuals) {
        return allFinite(residuals.sharedValues()) && allFinite(residuals.sharedJacobian());
    }

    private static boolean allFinite(double[] v) {
        for (double value : v) {
            if (!Double.isFinite(value)) {
                return false;
            }
        }
        return true;
    }
}

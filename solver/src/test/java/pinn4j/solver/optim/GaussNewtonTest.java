package pinn4j.solver.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import ai.djl.ndarray.NDManager;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.QRDecomposition;
import org.hipparchus.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import pinn4j.solver.internal.Engines;

/** Gauss-Newton in both modes against least-squares problems with known minima, and against L-BFGS. */
class GaussNewtonTest {

    private static final LbfgsOptions LBFGS = LbfgsOptions.defaults(5000).withMaxEvaluations(20000);

    private static GaussNewtonOptions options(GaussNewton.Mode mode) {
        return GaussNewtonOptions.defaults(mode, 1000).withMaxEvaluations(100_000);
    }

    /**
     * Chained Rosenbrock as least squares, r_{2i} = 10 (x_{i+1} - x_i^2), r_{2i+1} = 1 - x_i: the sum of squares is
     * {@link LbfgsTest#rosenbrock}, minimum 0 at all ones (R = 2 (n - 1) residuals for n variables).
     */
    static LeastSquaresFunction.Residuals rosenbrock(double[] x) {
        int n = x.length;
        double[] r = new double[2 * (n - 1)];
        double[] j = new double[r.length * n];
        for (int i = 0; i + 1 < n; i++) {
            r[2 * i] = 10 * (x[i + 1] - x[i] * x[i]);
            r[2 * i + 1] = 1 - x[i];
            j[2 * i * n + i] = -20 * x[i];
            j[2 * i * n + i + 1] = 10;
            j[(2 * i + 1) * n + i] = -1;
        }
        return new LeastSquaresFunction.Residuals(r, j);
    }

    private static double maxError(double[] actual, double[] expected) {
        double max = 0;
        for (int i = 0; i < actual.length; i++) {
            max = Math.max(max, Math.abs(actual[i] - expected[i]));
        }
        return max;
    }

    @ParameterizedTest
    @EnumSource(GaussNewton.Mode.class)
    void rosenbrockInTwoDimensionsInFewerIterationsThanLbfgs(GaussNewton.Mode mode) {
        double[] start = {-1.2, 1};
        LbfgsResult result = new GaussNewton(options(mode)).minimize(GaussNewtonTest::rosenbrock, start);
        LbfgsResult lbfgs = new Lbfgs(LBFGS).minimize(LbfgsTest::rosenbrock, start);
        // Measured: both modes land on (1, 1) exactly, where r = 0 and the gradient is exactly 0; LM in 18
        // iterations (39 evaluations), the line search in 17 (93 evaluations), L-BFGS in 38 (47 evaluations).
        assertEquals(0, maxError(result.point(), new double[] {1, 1}), 1e-10);
        assertEquals(StopReason.GRADIENT_TOLERANCE, result.stopReason());
        assertTrue(result.iterations() <= 25, "iterations " + result.iterations());
        assertTrue(result.iterations() < lbfgs.iterations() / 2, result.iterations() + " against L-BFGS's "
                + lbfgs.iterations());
    }

    @ParameterizedTest
    @EnumSource(GaussNewton.Mode.class)
    void rosenbrockInOneHundredDimensions(GaussNewton.Mode mode) {
        double[] start = new double[100];
        for (int i = 0; i < start.length; i++) {
            start[i] = i % 2 == 0 ? -1.2 : 1;
        }
        double[] ones = new double[100];
        Arrays.fill(ones, 1);
        LbfgsResult result = new GaussNewton(options(mode)).minimize(GaussNewtonTest::rosenbrock, start);
        LbfgsResult lbfgs = new Lbfgs(LBFGS).minimize(LbfgsTest::rosenbrock, start);
        // Measured: exactly all ones, LM in 121 iterations (244 evaluations), the line search in 170 (834), against
        // L-BFGS's 523 (616) from the same start (R = 198 residuals, P = 100).
        assertEquals(0, maxError(result.point(), ones), 1e-10);
        assertTrue(result.iterations() < lbfgs.iterations() / 2, result.iterations() + " against L-BFGS's "
                + lbfgs.iterations());
    }

    /** r = A x - b for a square A = U S V^T with singular values from 1 down to 1/condition, solution x_i = i. */
    private static LeastSquaresFunction linear(int n, double condition, double[] solution) {
        Random random = new Random(7);
        RealMatrix u = new QRDecomposition(MatrixUtils.createRealMatrix(gaussian(random, n, n))).getQ();
        RealMatrix v = new QRDecomposition(MatrixUtils.createRealMatrix(gaussian(random, n, n))).getQ();
        double[] singular = new double[n];
        for (int i = 0; i < n; i++) {
            singular[i] = Math.pow(condition, -i / (double) (n - 1));
            solution[i] = i;
        }
        RealMatrix a = u.multiply(MatrixUtils.createRealDiagonalMatrix(singular)).multiply(v.transpose());
        double[] b = a.operate(solution);
        double[] jacobian = new double[n * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a.getRow(i), 0, jacobian, i * n, n);
        }
        return x -> {
            double[] r = a.operate(x);
            for (int i = 0; i < n; i++) {
                r[i] -= b[i];
            }
            return new LeastSquaresFunction.Residuals(r, jacobian);
        };
    }

    private static double[][] gaussian(Random random, int rows, int columns) {
        double[][] m = new double[rows][columns];
        for (double[] row : m) {
            for (int i = 0; i < columns; i++) {
                row[i] = random.nextGaussian();
            }
        }
        return m;
    }

    /** The point of the first accepted step. */
    private static double[] firstStep(LeastSquaresFunction function, GaussNewtonOptions options, int n) {
        List<double[]> points = new ArrayList<>();
        new GaussNewton(options.withMaxIterations(1)).minimize(function, new double[n], it -> points.add(it.point()));
        return points.get(0);
    }

    @Test
    void oneUndampedStepSolvesAnIllConditionedLinearProblem() {
        // J of condition 1e3, so J^T J (the Hessian, as in LbfgsTest's quadratic) and K = J J^T have condition 1e6.
        int n = 20;
        double[] solution = new double[n];
        LeastSquaresFunction linear = linear(n, 1e3, solution);
        GaussNewtonOptions undamped = options(GaussNewton.Mode.LINE_SEARCH).withDamping(0);
        // The model is exact, so the full step (t = 1, the first on the grid) is the solution up to the rounding of
        // the Cholesky solve, about eps cond(K) |x| = 2e-16 * 1e6 * 19 = 4e-9; measured 8.7e-11.
        assertEquals(0, maxError(firstStep(linear, undamped, n), solution), 1e-9);
        // Damped, Levenberg-Marquardt needs several steps to get there: 15 (measured error 3.1e-13).
        LbfgsResult damped = new GaussNewton(options(GaussNewton.Mode.LEVENBERG_MARQUARDT)).minimize(linear,
                new double[n]);
        assertEquals(0, maxError(damped.point(), solution), 1e-11);
    }

    @Test
    void residualSpaceSquaresTheConditionNumber() {
        // J itself of condition 1e6: K = J J^T has condition 1e12 and the undamped step is only good to
        // eps cond(K) |x| = 2e-16 * 1e12 * 19 = 4e-3 (measured 1.3e-5), the price of solving in residual space (the
        // normal equations) rather than by a QR of J. Iterating recovers it: measured error 2.3e-10 at the end.
        int n = 20;
        double[] solution = new double[n];
        LeastSquaresFunction linear = linear(n, 1e6, solution);
        GaussNewtonOptions undamped = options(GaussNewton.Mode.LINE_SEARCH).withDamping(0);
        double firstError = maxError(firstStep(linear, undamped, n), solution);
        assertTrue(firstError > 1e-8 && firstError < 1e-3, "first step off by " + firstError);
        assertEquals(0, maxError(new GaussNewton(undamped).minimize(linear, new double[n]).point(), solution), 2e-9);
    }

    @ParameterizedTest
    @EnumSource(GaussNewton.Mode.class)
    void fitsAnExponentialDecayToNoiselessData(GaussNewton.Mode mode) {
        // r_i = a exp(-b t_i) + c - y_i, 20 residuals for 3 parameters: K is 20 x 20 of rank 3.
        double[] t = new double[20];
        double[] y = new double[20];
        for (int i = 0; i < t.length; i++) {
            t[i] = 0.25 * i;
            y[i] = 2.5 * Math.exp(-1.3 * t[i]) + 0.5;
        }
        LeastSquaresFunction decay = x -> {
            double[] r = new double[t.length];
            double[] j = new double[3 * t.length];
            for (int i = 0; i < t.length; i++) {
                double e = Math.exp(-x[1] * t[i]);
                r[i] = x[0] * e + x[2] - y[i];
                j[3 * i] = e;
                j[3 * i + 1] = -x[0] * t[i] * e;
                j[3 * i + 2] = 1;
            }
            return new LeastSquaresFunction.Residuals(r, j);
        };
        LbfgsResult result = new GaussNewton(options(mode)).minimize(decay, new double[] {1, 0.5, 0});
        // Measured: (2.5, 1.3, 0.5) exactly, r = 0, LM in 8 iterations, the line search in 7.
        assertEquals(0, maxError(result.point(), new double[] {2.5, 1.3, 0.5}), 1e-9);
        assertTrue(result.iterations() <= 12, "iterations " + result.iterations());
    }

    @ParameterizedTest
    @EnumSource(GaussNewton.Mode.class)
    void drivesTheResidualsOfAnUnderdeterminedFitToZero(GaussNewton.Mode mode) {
        // The PINN situation, R < P: u(t) = sum_k w_k tanh(v_k t + c_k) with 10 units (P = 30) fitted to sin(3 t)
        // at 10 points (R = 10), from a random start. Many parameter vectors fit exactly.
        int points = 10;
        int units = 10;
        double[] t = new double[points];
        for (int i = 0; i < points; i++) {
            t[i] = -1 + 2.0 * i / (points - 1);
        }
        LeastSquaresFunction network = x -> {
            double[] r = new double[points];
            double[] j = new double[points * 3 * units];
            for (int i = 0; i < points; i++) {
                double u = 0;
                int row = i * 3 * units;
                for (int k = 0; k < units; k++) {
                    double h = Math.tanh(x[units + k] * t[i] + x[2 * units + k]);
                    u += x[k] * h;
                    j[row + k] = h;
                    j[row + units + k] = x[k] * (1 - h * h) * t[i];
                    j[row + 2 * units + k] = x[k] * (1 - h * h);
                }
                r[i] = u - Math.sin(3 * t[i]);
            }
            return new LeastSquaresFunction.Residuals(r, j);
        };
        Random random = new Random(11);
        double[] start = new double[3 * units];
        for (int i = 0; i < start.length; i++) {
            start[i] = 0.5 * random.nextGaussian();
        }
        double initial = network.value(start);
        LbfgsResult result = new GaussNewton(options(mode)).minimize(network, start);
        // Measured: from L = 6.3 to 4.9e-31 (LM, 41 iterations) and 1.0e-30 (line search, 15): rounding level for
        // residuals of order 1. The bound leaves a factor 1e4.
        assertTrue(initial > 1, "L = " + initial);
        assertTrue(result.value() < 1e-26, "L = " + result.value());
    }

    @Test
    void residualSpaceStepEqualsTheParameterSpaceStep() {
        // -J^T (J J^T + lambda I)^-1 r = -(J^T J + lambda I)^-1 J^T r, for wide (R < P) and tall (R > P) J.
        Random random = new Random(5);
        double lambda = 0.3;
        try (NDManager manager = Engines.pytorch().newBaseManager()) {
            for (int[] shape : new int[][] {{6, 9}, {9, 6}}) {
                RealMatrix j = MatrixUtils.createRealMatrix(gaussian(random, shape[0], shape[1]));
                double[] r = gaussian(random, 1, shape[0])[0];
                double[] flat = new double[shape[0] * shape[1]];
                for (int i = 0; i < shape[0]; i++) {
                    System.arraycopy(j.getRow(i), 0, flat, i * shape[1], shape[1]);
                }
                double[] residualSpace = new GaussNewton.Linearization(new LeastSquaresFunction.Residuals(r, flat),
                        manager).solve(lambda).delta();
                RealMatrix normal = j.transpose().multiply(j)
                        .add(MatrixUtils.createRealIdentityMatrix(shape[1]).scalarMultiply(lambda));
                double[] parameterSpace = new LUDecomposition(normal).getSolver()
                        .solve(j.transpose().operate(MatrixUtils.createRealVector(r))).mapMultiply(-1).toArray();
                double scale = Arrays.stream(parameterSpace).map(Math::abs).max().orElseThrow();
                // Both are well conditioned here (lambda = 0.3 against entries of order 1): they agree to rounding.
                assertEquals(0, maxError(residualSpace, parameterSpace), 1e-12 * scale, Arrays.toString(shape));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(GaussNewton.Mode.class)
    void nonFiniteTrialsAreRejectedNotReturned(GaussNewton.Mode mode) {
        // r = x^2 - 9, undefined (NaN) beyond 3.4: from 0.5 the Gauss-Newton step reaches 9.25.
        int[] nanEvaluations = {0};
        LeastSquaresFunction guarded = x -> {
            if (x[0] > 3.4) {
                nanEvaluations[0]++;
                return new LeastSquaresFunction.Residuals(new double[] {Double.NaN}, new double[] {Double.NaN});
            }
            return new LeastSquaresFunction.Residuals(new double[] {x[0] * x[0] - 9}, new double[] {2 * x[0]});
        };
        LbfgsResult result = new GaussNewton(options(mode)).minimize(guarded, new double[] {0.5});
        // Measured: 5 NaN trials for LM (each raised the damping), 2 for the line search (t = 1, 1/2); both then land
        // on 3 exactly.
        assertTrue(nanEvaluations[0] >= 1, "the test must provoke a NaN");
        assertEquals(3, result.point()[0], 1e-12);
        assertEquals(StopReason.GRADIENT_TOLERANCE, result.stopReason());
    }

    @Test
    void nonFiniteStart() {
        LeastSquaresFunction nanValue = x -> new LeastSquaresFunction.Residuals(new double[] {Double.NaN, 1},
                new double[] {1, 0, 0, 1});
        LeastSquaresFunction nanJacobian = x -> new LeastSquaresFunction.Residuals(new double[] {1, 1},
                new double[] {1, Double.POSITIVE_INFINITY, 0, 1});
        for (GaussNewton.Mode mode : GaussNewton.Mode.values()) {
            for (LeastSquaresFunction function : List.of(nanValue, nanJacobian)) {
                LbfgsResult result = new GaussNewton(options(mode)).minimize(function, new double[] {0, 0});
                assertEquals(StopReason.NON_FINITE_START, result.stopReason());
                assertEquals(0, result.iterations());
                assertEquals(1, result.evaluations());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(GaussNewton.Mode.class)
    void reportsEveryAcceptedStepAndStopsWhenTheListenerAsks(GaussNewton.Mode mode) {
        int[] evaluations = {0};
        LeastSquaresFunction counted = new LeastSquaresFunction() {
            @Override
            public Residuals evaluate(double[] x) {
                evaluations[0]++;
                return rosenbrock(x);
            }

            @Override
            public double value(double[] x) {
                evaluations[0]++;
                return rosenbrock(x).value();
            }
        };
        double[] previous = {rosenbrock(new double[] {-1.2, 1}).value()};
        List<Integer> iterations = new ArrayList<>();
        LbfgsResult result = new GaussNewton(options(mode)).minimize(counted, new double[] {-1.2, 1}, it -> {
            assertEquals(evaluations[0], it.evaluations(), "evaluations so far");
            assertEquals(it.evaluations(), it.acceptedEvaluation(), "the accepted point is evaluated last");
            assertEquals(rosenbrock(it.point()).value(), it.value(), 0, "the value belongs to the point");
            assertTrue(it.value() < previous[0], it.value() + " after " + previous[0]);
            previous[0] = it.value();
            iterations.add(it.iteration());
            return it.iteration() < 3;
        });
        assertEquals(List.of(1, 2, 3), iterations);
        assertEquals(StopReason.STOPPED_BY_LISTENER, result.stopReason());
        assertEquals(3, result.iterations());
        assertEquals(evaluations[0], result.evaluations());
        assertEquals(previous[0], result.value(), 0);
    }

    @Test
    void stopsOnItsBudgets() {
        double[] start = {-1.2, 1};
        for (GaussNewton.Mode mode : GaussNewton.Mode.values()) {
            LbfgsResult iterations = new GaussNewton(options(mode).withMaxIterations(3))
                    .minimize(GaussNewtonTest::rosenbrock, start);
            assertEquals(StopReason.MAX_ITERATIONS, iterations.stopReason());
            assertEquals(3, iterations.iterations());
            LbfgsResult evaluations = new GaussNewton(options(mode).withMaxEvaluations(6))
                    .minimize(GaussNewtonTest::rosenbrock, start);
            assertEquals(StopReason.MAX_EVALUATIONS, evaluations.stopReason());
            assertTrue(evaluations.evaluations() <= 6, "evaluations " + evaluations.evaluations());
        }
    }

    @Test
    void rejectsInconsistentShapesAndSettings() {
        assertThrows(IllegalArgumentException.class,
                () -> new LeastSquaresFunction.Residuals(new double[] {1, 2}, new double[] {1, 2, 3}));
        assertThrows(IllegalArgumentException.class, () -> new GaussNewton(options(GaussNewton.Mode.LINE_SEARCH))
                .minimize(x -> new LeastSquaresFunction.Residuals(new double[] {1}, new double[] {1, 2, 3}),
                        new double[] {0, 0}));
        assertThrows(IllegalArgumentException.class,
                () -> options(GaussNewton.Mode.LEVENBERG_MARQUARDT).withDamping(-1));
        assertThrows(IllegalArgumentException.class,
                () -> new GaussNewtonOptions(null, 1, 1, 0, 0, 0));
        LeastSquaresFunction.Residuals residuals = new LeastSquaresFunction.Residuals(new double[] {3, 4},
                new double[] {1, 2, 3, 4, 5, 6});
        assertEquals(3, residuals.columns());
        assertEquals(25, residuals.value(), 0);
        assertArrayEquals(new double[] {3, 4}, residuals.values(), 0);
    }
}

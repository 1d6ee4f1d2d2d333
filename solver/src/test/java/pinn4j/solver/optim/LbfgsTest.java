package pinn4j.solver.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** L-BFGS against functions with known minima (as Optax's lbfgs_test does). */
class LbfgsTest {

    private static final LbfgsOptions OPTIONS = LbfgsOptions.defaults(5000).withMaxEvaluations(20000);

    /** Chained Rosenbrock: sum 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2, minimum 0 at all ones. */
    private static double rosenbrock(double[] x, double[] g) {
        Arrays.fill(g, 0);
        double f = 0;
        for (int i = 0; i + 1 < x.length; i++) {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            f += 100 * a * a + b * b;
            g[i] += -400 * a * x[i] - 2 * b;
            g[i + 1] += 200 * a;
        }
        return f;
    }

    @Test
    void rosenbrockInTwoDimensions() {
        LbfgsResult result = new Lbfgs(OPTIONS).minimize(LbfgsTest::rosenbrock, new double[] {-1.2, 1});
        assertEquals(1, result.point()[0], 1e-8);
        assertEquals(1, result.point()[1], 1e-8);
        assertTrue(result.value() < 1e-18, "f = " + result.value());
        assertTrue(result.iterations() < 100, "iterations " + result.iterations());
    }

    @Test
    void rosenbrockInOneHundredDimensions() {
        double[] start = new double[100];
        for (int i = 0; i < start.length; i++) {
            start[i] = i % 2 == 0 ? -1.2 : 1;
        }
        LbfgsResult result = new Lbfgs(OPTIONS).minimize(LbfgsTest::rosenbrock, start);
        for (double xi : result.point()) {
            assertEquals(1, xi, 1e-7);
        }
        assertTrue(result.value() < 1e-15, "f = " + result.value() + " " + result.stopReason());
    }

    @Test
    void illConditionedQuadratic() {
        // f = 1/2 sum c_i (x_i - i)^2 with condition number 1e6.
        int n = 50;
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = Math.pow(1e6, i / (double) (n - 1));
        }
        DifferentiableFunction quadratic = (x, g) -> {
            double f = 0;
            for (int i = 0; i < n; i++) {
                double r = x[i] - i;
                f += 0.5 * c[i] * r * r;
                g[i] = c[i] * r;
            }
            return f;
        };
        LbfgsResult result = new Lbfgs(OPTIONS.withGradientTolerance(1e-9)).minimize(quadratic, new double[n]);
        for (int i = 0; i < n; i++) {
            assertEquals(i, result.point()[i], 1e-6, "component " + i);
        }
        assertEquals(StopReason.GRADIENT_TOLERANCE, result.stopReason());
    }

    @Test
    void nonFiniteValueInsideALineSearchIsStepBackFromNotReturned() {
        // (x - 3)^2 for x < 3.4, NaN beyond: the first trial from 2.5 (d = -g = 1, t = 1) lands at 3.5.
        AtomicInteger nanEvaluations = new AtomicInteger();
        DifferentiableFunction guarded = (x, g) -> {
            if (x[0] >= 3.4) {
                nanEvaluations.incrementAndGet();
                g[0] = Double.NaN;
                return Double.NaN;
            }
            g[0] = 2 * (x[0] - 3);
            return (x[0] - 3) * (x[0] - 3);
        };
        LbfgsOptions options = new LbfgsOptions(100, 1000, 5, 1e-12, 0, 0, LbfgsOptions.DEFAULT_ARMIJO,
                LbfgsOptions.DEFAULT_CURVATURE);
        Lbfgs lbfgs = new Lbfgs(options);
        LbfgsResult result = lbfgs.minimize(guarded, new double[] {2.5});
        assertTrue(nanEvaluations.get() > 0, "the test must provoke a NaN");
        assertEquals(3, result.point()[0], 1e-9);
        assertTrue(Double.isFinite(result.value()));
    }

    @Test
    void reportsEveryStopReasonItReaches() {
        double[] start = {-1.2, 1};
        assertEquals(StopReason.MAX_ITERATIONS,
                new Lbfgs(OPTIONS.withMaxIterations(3)).minimize(LbfgsTest::rosenbrock, start).stopReason());
        assertEquals(StopReason.MAX_EVALUATIONS,
                new Lbfgs(OPTIONS.withMaxEvaluations(5)).minimize(LbfgsTest::rosenbrock, start).stopReason());
        LbfgsResult stopped = new Lbfgs(OPTIONS).minimize(LbfgsTest::rosenbrock, start, it -> it.iteration() < 2);
        assertEquals(StopReason.STOPPED_BY_LISTENER, stopped.stopReason());
        assertEquals(2, stopped.iterations());
        assertEquals(StopReason.NON_FINITE_START,
                new Lbfgs(OPTIONS).minimize((x, g) -> Double.NaN, start).stopReason());
    }

    @Test
    void reportsTheEvaluationThatProducedEachAcceptedPoint() {
        double[] lastValue = new double[1];
        double[][] valueByEvaluation = new double[10000][1];
        AtomicInteger count = new AtomicInteger();
        DifferentiableFunction recorded = (x, g) -> {
            double f = rosenbrock(x, g);
            valueByEvaluation[count.incrementAndGet()][0] = f;
            return f;
        };
        new Lbfgs(OPTIONS.withMaxIterations(30)).minimize(recorded, new double[] {-1.2, 1}, it -> {
            assertEquals(it.value(), valueByEvaluation[it.acceptedEvaluation()][0], 0);
            lastValue[0] = it.value();
            return true;
        });
        assertTrue(lastValue[0] < 24.2);
    }
}

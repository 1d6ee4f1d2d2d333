package pinn4j.problems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hipparchus.ode.DenseOutputModel;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DampedHarmonicOscillatorTest {

    @ParameterizedTest(name = "{0}: m={1} mu={2} k={3}")
    @CsvSource({
            "UNDER_DAMPED,      1, 4,   400, 1,   0,   0, 1",
            "UNDER_DAMPED,      2, 0,   50,  0.5, 3,  -1, 2",
            "CRITICALLY_DAMPED, 1, 20,  100, 1,  -2,   0, 1",
            "CRITICALLY_DAMPED, 1, 0,   0,   1,   2,   0, 3",
            "OVER_DAMPED,       1, 30,  100, 1,   0,   0, 1",
            "OVER_DAMPED,       0.5, 3, 0,   1,   1,   1, 4",
    })
    void exactSolutionMatchesHipparchusInEveryRegime(DampedHarmonicOscillator.Regime regime, double m, double mu,
                                                     double k, double x0, double v0, double t0, double t1) {
        assertEquals(regime, DampedHarmonicOscillator.regime(m, mu, k));
        OdeProblem problem = DampedHarmonicOscillator.of(m, mu, k, x0, v0, t0, t1);
        FirstOrderSystem system = new FirstOrderSystem(problem);
        DormandPrince853Integrator integrator = new DormandPrince853Integrator(1e-12, t1 - t0, 1e-13, 1e-13);
        DenseOutputModel dense = new DenseOutputModel();
        integrator.addStepHandler(dense);
        integrator.integrate(system, new ODEState(t0, new double[] {x0, v0}), t1);
        Expr exact = problem.exactSolutions().get("x");
        double worst = 0;
        for (double t : problem.domain().grid(201)) {
            double reference = dense.getInterpolatedState(t).getPrimaryState()[0];
            worst = Math.max(worst, Math.abs(exact.valueAt(t) - reference));
        }
        assertTrue(worst <= 1e-9, "max |exact - Hipparchus| = " + worst);
        assertEquals(x0, exact.valueAt(t0), 1e-15);
    }

    @ParameterizedTest
    @CsvSource({"1, 4, 400", "1, 20, 100", "1, 30, 100"})
    void exactSolutionSatisfiesTheEquation(double m, double mu, double k) {
        OdeProblem problem = DampedHarmonicOscillator.of(m, mu, k, 1, -1, 0, 1);
        Expr exact = problem.exactSolutions().get("x");
        double h = 1e-4;
        for (double t : new double[] {0.1, 0.37, 0.8}) {
            double x = exact.valueAt(t);
            double v = (exact.valueAt(t + h) - exact.valueAt(t - h)) / (2 * h);
            double a = (exact.valueAt(t + h) - 2 * x + exact.valueAt(t - h)) / (h * h);
            double scale = Math.abs(k * x) + Math.abs(mu * v) + Math.abs(m * a);
            assertEquals(0, m * a + mu * v + k * x, 1e-5 * scale);
        }
    }

    @org.junit.jupiter.api.Test
    void printsTheEquationAsWritten() {
        OdeProblem problem = DampedHarmonicOscillator.of(1, 4, 400, 1, 0, 0, 1);
        assertEquals("x'' = -(mu/m)*x' - (k/m)*x", problem.equationText());
        assertEquals("x(0) = x0", problem.conditions().get(0).label());
        assertEquals(1, problem.conditions().get(0).value());
        assertEquals("x'(0) = 0", problem.conditions().get(1).label());
        assertTrue(problem.isInitialValueProblem());
    }
}

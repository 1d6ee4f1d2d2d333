package pinn4j.problems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The analysis against eigenvalues known in closed form. */
class ProblemAnalysisTest {

    private static OdeProblem builtin(String name, Map<String, Double> overrides) {
        return BuiltinProblems.find(name).orElseThrow().create(overrides);
    }

    /** x'' + (a + b) x' + a b x = 0: eigenvalues -a and -b, whatever the state. */
    static OdeProblem twoRates(double a, double b) {
        return OdeProblem.builder().setName("two-rates").setDomain(0, 1)
                .optParameter("a", a).optParameter("b", b)
                .addEquation("x", 2, s -> s.p("a").plus(s.p("b")).times(s.d("x", 1)).neg()
                        .minus(s.p("a").times(s.p("b")).times(s.u("x"))))
                .addCondition(Condition.value("x", 0, 1))
                .addCondition(Condition.derivative("x", 1, 0, 0))
                .build();
    }

    @Test
    void dampedOscillatorHasItsAnalyticEigenvalues() {
        // m = 1, mu = 4, k = 400: gamma = mu/(2m) = 2, omega0 = 20, lambda = -2 +- i sqrt(396) at every state.
        ProblemAnalysis analysis = ProblemAnalysis.of(builtin("damped-oscillator", Map.of()));
        double omega = Math.sqrt(396);
        // Measured: every figure equal to these but the periods, 2.2e-15 off (rounding of the trapezoid's sum);
        // 1e-12 is rounding room, and a wrong rate or a wrong sum would be off by the order of the figure.
        assertEquals(2, analysis.fastestRate(), 1e-12);
        assertEquals(2, analysis.slowestRate(), 1e-12);
        assertEquals(omega, analysis.fastestFrequency(), 1e-12);
        assertEquals(1, analysis.stiffnessRatio(), 1e-12);
        // Constant rates over t in [0, 1]: the trapezoid sums are exact up to rounding.
        assertEquals(omega / (2 * Math.PI), analysis.periods(), 1e-12);
        assertEquals(2, analysis.eFoldings(), 1e-12);
        assertEquals(1, analysis.magnitudes().get("x"), 1e-12, "x starts at its largest, x0 = 1");
        assertTrue(analysis.trajectory());
        assertEquals(1, analysis.reached());
        assertEquals("", analysis.note());
        assertEquals(0, analysis.skipped());
        assertTrue(analysis.samples() >= 65, "every grid point and step end: " + analysis.samples());
    }

    @Test
    void stiffLinearSystemHasTheRatioOfItsRates() {
        ProblemAnalysis analysis = ProblemAnalysis.of(twoRates(1, 1000));
        // Measured: 1000 within 2.3e-13 (the real eigenvalues of a 2x2 with entries up to 1001); 1e-9 is rounding
        // room. The analysis is cheap here: DP853 at 1e-6 takes 167 steps, held to |h lambda| < 3.3 by stability.
        assertEquals(1000, analysis.stiffnessRatio(), 1e-9);
        assertEquals(1000, analysis.fastestRate(), 1e-9);
        assertEquals(1, analysis.slowestRate(), 1e-12);
        assertEquals(0, analysis.fastestFrequency());
        assertEquals("", analysis.note());
    }

    @Test
    void extremeStiffnessRunsOutOfStepsAndSaysSo() {
        ProblemAnalysis analysis = ProblemAnalysis.of(twoRates(1, 1e6));
        // Measured: 1.2e-10 off (entries up to 1e6); 1e-6 is rounding room.
        assertEquals(1e6, analysis.stiffnessRatio(), 1e-6);
        assertTrue(analysis.note().contains("budget of 10000 steps: the equation is stiff"), analysis.note());
        assertEquals(ProblemAnalysis.STEP_BUDGET, analysis.steps());
        // Stability holds the steps near 3.3e-6: 10000 of them reach t = 0.064 (measured).
        assertTrue(analysis.reached() < 0.1, "stopped early at " + analysis.reached());
        // Past where it stopped, the e-foldings go on at the last rate: 1e6 over the whole of [0, 1] (measured
        // 2.3e-10 off).
        assertEquals(1e6, analysis.eFoldings(), 1e-6);
    }

    @Test
    void longLightlyDampedOscillatorCountsItsPeriods() {
        // k = 400, mu = 0.02 over [0, 1000]: omega = sqrt(400 - 0.01^2), so 1000 omega / 2 pi = 3183.1 periods.
        // The quick integration runs out of steps near t = 508 (measured); the rest goes on at the last rates,
        // which are constant here, so the count is the whole domain's (measured 1.4e-12 off; 1e-9 is rounding room).
        ProblemAnalysis analysis = ProblemAnalysis.of(builtin("damped-oscillator", Map.of("mu", 0.02, "t1", 1000.0)));
        assertEquals(1000 * Math.sqrt(400 - 1e-4) / (2 * Math.PI), analysis.periods(), 1e-9);
        assertEquals(0.01 * 1000, analysis.eFoldings(), 1e-9);
        assertTrue(analysis.reached() < 1000, "stopped early at " + analysis.reached());
        assertTrue(analysis.note().contains("very many periods"), analysis.note());
    }

    @Test
    void theSolutionsOscillationsAreCountedWhereTheJacobianMissesThem() {
        // x'' = -0.2 x' - 100 x, x'(0) = 0 over [0, 10]: x' = -(100/omega) e^(-0.1 t) sin(omega t) vanishes at
        // omega t = k pi, k = 1 .. floor(10 omega / pi) = 31, so 15.5 oscillations (the Jacobian: 15.9 periods).
        ProblemAnalysis oscillator = ProblemAnalysis.of(builtin("damped-oscillator", Map.of("mu", 0.2, "k", 100.0,
                "t1", 10.0)));
        assertEquals(15.5, oscillator.oscillations(), 0);
        // y' = -y + 40 cos(40 t), y(0) = 1 over [0, 5]: the forcing is not in the Jacobian (-1, no frequency), but
        // y follows it, y' = 40 cos(40 t) - y changing sign about twice per forcing period, 31.8 periods.
        OdeProblem forced = OdeProblem.builder().setName("forced").setDomain(0, 5)
                .addEquation("y", 1, s -> s.u("y").neg().plus(s.c(40).times(Expr.cos(s.c(40).times(s.t())))))
                .addCondition(Condition.value("y", 0, 1)).build();
        ProblemAnalysis analysis = ProblemAnalysis.of(forced);
        assertEquals(0, analysis.periods(), 0);
        assertEquals(32, analysis.oscillations(), 0.5, "31.8 forcing periods");
        // A pendulum swinging to 2.5 rad has real eigenvalues near its turning points, where cos(theta) < 0: the
        // Jacobian counts fewer periods than the 9.1 it swings (period 3.30 over [0, 30]).
        ProblemAnalysis pendulum = ProblemAnalysis.of(builtin("pendulum", Map.of("theta0", 2.5, "t1", 30.0)));
        assertEquals(9, pendulum.oscillations(), 0.5);
        assertTrue(pendulum.periods() < 5, "the Jacobian's count " + pendulum.periods());
    }

    @Test
    void boundaryValueProblemIsSampledWithItsConditions() {
        // Bratu, u'' = -lambda exp(u) with u(0) = u(1) = 0: u = 0 across, u' unset (0); J = [[0, 1], [-1, 0]].
        ProblemAnalysis analysis = ProblemAnalysis.of(builtin("bratu", Map.of()));
        assertFalse(analysis.trajectory());
        assertEquals(1, analysis.fastestFrequency(), 1e-12);
        assertEquals(1 / (2 * Math.PI), analysis.periods(), 1e-12);
        assertEquals(0, analysis.fastestRate());
        assertTrue(Double.isNaN(analysis.slowestRate()));
        assertEquals(1, analysis.stiffnessRatio());
        assertEquals(0, analysis.steps());
        assertEquals(65, analysis.samples());
    }

    @Test
    void sameProblemGivesTheSameAnalysis() {
        for (BuiltinProblem builtin : BuiltinProblems.all()) {
            OdeProblem problem = builtin.create();
            assertEquals(ProblemAnalysis.of(problem), ProblemAnalysis.of(problem), builtin.name());
        }
    }
}

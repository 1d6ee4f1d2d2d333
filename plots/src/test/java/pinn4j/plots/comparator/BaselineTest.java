package pinn4j.plots.comparator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import pinn4j.problems.BuiltinProblems;
import pinn4j.problems.Condition;
import pinn4j.problems.OdeProblem;
import pinn4j.problems.text.ProblemFiles;

/** Which reference the errors are measured against, and what the user is told when it is not the exact solution. */
class BaselineTest {

    private static OdeProblem decay(String exact) {
        return ProblemFiles.parse("decay.yaml", String.join("\n", "name: decay", "equations: [\"y' = -r*y\"]",
                "parameters: {r: 1}", "domain: [0, 1]", "conditions: [\"y(0) = 1\"]", "exact: {y: \"" + exact + "\"}",
                "")).problem();
    }

    @Test
    void anExactSolutionThatAgreesWithHipparchusIsTheReference() {
        OdeProblem problem = decay("exp(-r*t)");
        double[] t = problem.domain().grid(101);
        Baseline baseline = Baseline.on(problem, t);
        assertEquals(ReferenceKind.EXACT, baseline.kind());
        assertEquals(List.of(), baseline.warnings());
        assertEquals(Math.exp(-0.5), baseline.values()[0][50], 1e-15);
        assertTrue(baseline.hipparchusVsExact() < 1e-10, "Hipparchus vs exact " + baseline.hipparchusVsExact());
    }

    @Test
    void anExactSolutionThatIsNotFiniteGivesWayToHipparchusWithAWarning() throws Exception {
        // The example's formula is the under-damped one; mu = 100 makes the oscillator over-damped, the formula NaN.
        OdeProblem problem = ProblemFiles.load(Path.of("..", "examples", "damped-oscillator.yaml"),
                Map.of("mu", 100.0)).problem();
        double[] t = problem.domain().grid(201);
        Baseline baseline = Baseline.on(problem, t);
        assertEquals(ReferenceKind.HIPPARCHUS, baseline.kind());
        assertNull(baseline.exact());
        assertTrue(Double.isNaN(baseline.hipparchusVsExact()));
        assertEquals(List.of("the exact solution of x is NaN at t = 0 with m = 1, mu = 100, k = 400, x0 = 1: the"
                + " formula does not hold there for these parameters; the errors are measured against the Hipparchus"
                + " reference instead"), baseline.warnings());
        // The reference is the over-damped motion: x(1) = A e^{r1} + (1 - A) e^{r2}, r = -50 +- sqrt(2100).
        double r1 = -50 + Math.sqrt(2100);
        double r2 = -50 - Math.sqrt(2100);
        double a = -r2 / (r1 - r2);
        assertEquals(a * Math.exp(r1) + (1 - a) * Math.exp(r2), baseline.values()[0][200], 1e-9);
    }

    @Test
    void anExactSolutionThatDisagreesWithTheEquationGivesWayToHipparchusNamingTheSize() {
        // exp(-2 r t) solves y' = -2 r y, not y' = -r y: the two differ by up to 1/4, at t = ln 2.
        OdeProblem problem = decay("exp(-2*r*t)");
        double[] t = problem.domain().grid(1001);
        Baseline baseline = Baseline.on(problem, t);
        assertEquals(ReferenceKind.HIPPARCHUS, baseline.kind());
        assertNotNull(baseline.exact(), "the formula stays for the plots, where the disagreement shows");
        assertEquals(0.25, baseline.hipparchusVsExact(), 1e-6);
        assertEquals(Math.exp(-0.5), baseline.values()[0][500], 1e-10);
        assertEquals(List.of("the exact solution of y disagrees with the equation: Hipparchus' integration differs"
                + " from it by up to 2.50e-01, 2.5e-01 times the solution's scale 1.00e+00 (agreement allows 1e-06"
                + " times) with r = 1; check the exact formula against the equation, the conditions and the"
                + " parameters; the errors are measured against the Hipparchus reference instead"),
                baseline.warnings());
    }

    @Test
    void aSolutionThatBlowsUpNamesTheParametersAndWhatToCheck() {
        // y' = a y^2, y(0) = 1 is 1/(1 - a t): with a = 2 it leaves every bound at t = 1/2.
        OdeProblem problem = OdeProblem.builder().setName("blow-up").setDomain(0, 1).optParameter("a", 2)
                .addEquation("y", 1, s -> s.p("a").times(s.u("y").pow(2)))
                .addCondition(Condition.value("y", 0, 1)).build();
        Reference reference = Reference.solve(problem, problem.domain().grid(11));
        assertNull(reference.values());
        assertTrue(reference.failure().startsWith("the integration stalled at t = 0.5: its steps fell below the"
                + " smallest allowed (1e-14 of the domain), so the solution changes too fast there: it blows up, or"
                + " the equation is very stiff or oscillates very fast;"), reference.failure());
        assertTrue(reference.failure().endsWith("; check the parameters (a = 2) and the conditions (y(0) = 1), or end"
                + " the domain before t = 0.5"), reference.failure());
        assertTrue(!reference.failure().contains("NaN appears") && !reference.failure().contains("minimal step"),
                reference.failure());
        Baseline baseline = Baseline.on(problem, problem.domain().grid(11));
        assertEquals(ReferenceKind.NONE, baseline.kind());
        assertEquals(reference.failure(), baseline.hipparchusNote());
        assertEquals(List.of("there is no reference solution with a = 2 (Hipparchus: " + reference.failure() + "):"
                + " the network's errors are unknown, and only the residual between the collocation points"
                + " (heldOutResidualRms) speaks for it"), baseline.warnings());
    }

    @Test
    void aStiffReferenceSaysHowManyStepsItNeeded() {
        // x'' + 1e5 x' + 1e5 x = 0: lambda near -1e5 and -1, so DP853 is held to steps near 3e-5 by stability.
        OdeProblem problem = BuiltinProblems.find("damped-oscillator").orElseThrow().create(Map.of("mu", 1e5,
                "k", 1e5));
        Baseline baseline = Baseline.on(problem, problem.domain().grid(11));
        assertEquals(ReferenceKind.EXACT, baseline.kind(), "the reference still agrees with the exact solution");
        assertEquals(1, baseline.warnings().size(), baseline.warnings().toString());
        String warning = baseline.warnings().get(0);
        assertTrue(warning.matches("Hipparchus' Dormand-Prince 8\\(5,3\\) needed \\d+ steps at tolerance 1e-12 for"
                + " the reference with m = 1, mu = 100000, k = 100000, x0 = 1, v0 = 0, t0 = 0, t1 = 1: the equation is"
                + " stiff or the domain holds very many periods \\(see `pinn run --explain`\\), and Hipparchus has no"
                + " implicit method for stiff equations"), warning);
        int steps = Integer.parseInt(warning.replaceAll("^.* needed (\\d+) steps.*$", "$1"));
        // Measured: 15678 steps (0.7 s).
        assertTrue(steps > Baseline.EXTREME_STEPS, "steps " + steps);
    }

    @Test
    void anOscillatorWhoseStiffnessOverflowsSaysWhereItBrokeDown() {
        OdeProblem problem = BuiltinProblems.find("damped-oscillator").orElseThrow().create(Map.of("k", 1e308));
        Reference reference = Reference.solve(problem, problem.domain().grid(11));
        assertNull(reference.values());
        // k x overflows as soon as x moves: 1e308 times a little more than 1.
        assertEquals("the integration broke down at the start, t = 0: the solution stopped being a number, so it blows"
                + " up or the right-hand side overflows or is undefined there (a division by zero, the log or square"
                + " root of a negative number); check the parameters (m = 1, mu = 4, k = 1.0e308, x0 = 1, v0 = 0,"
                + " t0 = 0, t1 = 1) and the conditions (x(0) = x0, x'(0) = 0)", reference.failure());
        // The exact solution is finite, so the comparison still has a reference.
        Baseline baseline = Baseline.on(problem, problem.domain().grid(11));
        assertEquals(ReferenceKind.EXACT, baseline.kind());
        assertEquals(List.of(), baseline.warnings());
    }

    @Test
    void comparisonsAreValuesEqualByContentAndUnchangedByTheirArrays() {
        double[] t = {0, 0.5, 1};
        double[][] pinn = {{1, 0.6, 0.37}};
        double[][] exact = {{1, Math.exp(-0.5), Math.exp(-1)}};
        Comparison a = new Comparison(t, pinn, exact, null, exact, ReferenceKind.EXACT, 0.01, 0.02,
                Map.of("y", new Comparison.Errors(0.01, 0.02)), 1e-12, 3e-3, List.of());
        Comparison b = new Comparison(t.clone(), new double[][] {pinn[0].clone()}, new double[][] {exact[0].clone()},
                null, new double[][] {exact[0].clone()}, ReferenceKind.EXACT, 0.01, 0.02,
                Map.of("y", new Comparison.Errors(0.01, 0.02)), 1e-12, 3e-3, List.of());
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        pinn[0][1] = 99;
        a.pinn()[0][2] = 99;
        assertEquals(0.6, a.pinn()[0][1], 0, "a comparison keeps its own copy");
        assertEquals(0.37, a.pinn()[0][2], 0, "and hands out copies");
        assertEquals(b, a);
        Comparison other = new Comparison(t, new double[][] {{1, 0.6, 0.38}}, exact, null, exact, ReferenceKind.EXACT,
                0.01, 0.02, Map.of("y", new Comparison.Errors(0.01, 0.02)), 1e-12, 3e-3, List.of());
        assertNotEquals(a, other);
        assertEquals(exact[0][1], a.target()[0][1], 0);
        assertEquals("exact", a.referenceKind().id());
        assertEquals(List.of("exact", "hipparchus", "none"),
                java.util.Arrays.stream(ReferenceKind.values()).map(ReferenceKind::id).toList());
    }
}

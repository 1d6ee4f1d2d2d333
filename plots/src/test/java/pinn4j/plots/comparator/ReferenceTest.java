package pinn4j.plots.comparator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import pinn4j.problems.BuiltinProblem;
import pinn4j.problems.BuiltinProblems;
import pinn4j.problems.Condition;
import pinn4j.problems.Expr;
import pinn4j.problems.OdeProblem;

class ReferenceTest {

    static Stream<String> names() {
        return BuiltinProblems.all().stream().map(BuiltinProblem::name);
    }

    @ParameterizedTest
    @MethodSource("names")
    void everyBuiltInHasAReferenceThatAgreesWithItsExactSolution(String name) {
        OdeProblem problem = BuiltinProblems.find(name).orElseThrow().create();
        double[] t = problem.domain().grid(401);
        Reference reference = Reference.solve(problem, t);
        assertNull(reference.failure(), name + ": " + reference.failure());
        assertNotNull(reference.values());
        // Measured: 3 (cantilever beam) to 108 steps; no built-in is near the warning's 10000.
        assertTrue(reference.steps() >= 1 && reference.steps() <= 200, name + ": " + reference.steps() + " steps");
        assertEquals(problem.isInitialValueProblem(), !reference.method().contains("shooting"));
        // Every condition on a value holds at its end of the grid, with or without an exact solution: the unknowns'
        // rows in order, and the shooting method's far-end values met (measured: initial values exactly, far-end
        // values within 6e-17; 1e-8 is above the shooting tolerance 1e-9).
        int checked = 0;
        for (Condition condition : problem.conditions()) {
            Condition.Term term = condition.terms().get(0);
            int i = condition.point() == t[0] ? 0 : condition.point() == t[t.length - 1] ? t.length - 1 : -1;
            if (condition.terms().size() == 1 && term.order() == 0 && i >= 0) {
                double value = reference.values()[problem.unknowns().indexOf(term.unknown())][i];
                assertEquals(condition.value(), term.coefficient() * value, 1e-8 * Math.max(1, Math.abs(value)),
                        name + ": " + condition.label());
                checked++;
            }
        }
        assertTrue(checked >= 1, name + ": no value condition at an end of the domain");
        if (problem.hasExactSolution()) {
            for (int u = 0; u < problem.unknowns().size(); u++) {
                Expr exact = problem.exactSolutions().get(problem.unknowns().get(u));
                double worst = 0;
                for (int i = 0; i < t.length; i++) {
                    worst = Math.max(worst, Math.abs(reference.values()[u][i] - exact.valueAt(t[i])));
                }
                assertTrue(worst <= 1e-8, name + ": max |reference - exact| = " + worst);
            }
        }
    }

    @Test
    void shootingThatCannotMeetTheConditionsSaysSo() {
        // u'' = -u, u(0) = 0, u(pi) = 1 has no solution: every solution through u(0) = 0 vanishes at pi, so the
        // best least-squares shot misses both conditions by 0.5.
        OdeProblem impossible = OdeProblem.builder().setName("impossible").optVariable("x").setDomain(0, Math.PI)
                .addEquation("u", 2, s -> s.u("u").neg())
                .addCondition(Condition.value("u", 0, 0)).addCondition(Condition.value("u", Math.PI, 1)).build();
        Reference reference = Reference.solve(impossible, impossible.domain().grid(11));
        assertNull(reference.values());
        assertTrue(reference.failure().startsWith("shooting did not converge: the conditions are missed by up to 5.0"),
                reference.failure());
    }
}

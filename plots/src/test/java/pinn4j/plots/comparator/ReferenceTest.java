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
        assertEquals(problem.isInitialValueProblem(), !reference.method().contains("shooting"));
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

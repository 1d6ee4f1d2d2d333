package pinn4j.problems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class OdeProblemTest {

    private static OdeProblem.Builder decay() {
        return OdeProblem.builder().setName("decay").setDomain(0, 2).optParameter("r", 0.5)
                .addEquation("y", 1, s -> s.p("r").neg().times(s.u("y")));
    }

    @Test
    void domainNamesBothBoundsWhenReversed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Domain(1.0, 0.5));
        assertEquals("t1 must be > t0, got t0=1.0, t1=0.5", e.getMessage());
    }

    @Test
    void countsConditionsAgainstTheTotalOrder() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> decay().build());
        assertEquals("decay: the system has total order 1 and needs 1 conditions, got 0 (missing 1)", e.getMessage());
    }

    @Test
    void rejectsConditionsOutsideTheDomainOrAtTheOrder() {
        assertThrows(IllegalArgumentException.class,
                () -> decay().addCondition(Condition.value("y", 3, 1)).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> decay().addCondition(Condition.derivative("y", 1, 0, 1)).build());
        assertEquals("decay: condition y'(0) = 1 constrains y', but y is of order 1;"
                + " conditions may use derivatives below the order only", e.getMessage());
    }

    @Test
    void rejectsUnknownSymbolsWhileTracing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OdeProblem.builder()
                .setName("bad").setDomain(0, 1).addEquation("y", 1, s -> s.p("q")).build());
        assertEquals("unknown parameter 'q'; defined: ", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OdeProblem.builder()
                .setName("bad").setDomain(0, 1).addEquation("y", 1, s -> s.u("z")).build());
    }

    @Test
    void rejectsTheHighestDerivativeOnTheRightHandSide() {
        assertThrows(IllegalArgumentException.class, () -> OdeProblem.builder().setName("bad").setDomain(0, 1)
                .addEquation("y", 1, s -> s.d("y", 1)).addCondition(Condition.value("y", 0, 1)).build());
    }

    @Test
    void evaluatesTheRightHandSideOnDoubles() {
        OdeProblem problem = decay().addCondition(Condition.value("y", 0, 2)).build();
        FirstOrderSystem system = new FirstOrderSystem(problem);
        assertEquals(-1.5, system.computeDerivatives(0.3, new double[] {3})[0], 0);
        assertEquals("y' = -r*y", problem.equationText());
    }

    @Test
    void printsWithTheBracketsThatAreNeeded() {
        Symbols s = new Symbols("t", Map.of("a", 2.0), Map.of("x", 2));
        assertEquals("x - (x' - a)", s.u("x").minus(s.d("x", 1).minus(s.p("a"))).toString());
        assertEquals("(x + a)^2", s.u("x").plus(s.p("a")).pow(2).toString());
        assertEquals("sin(t)*exp(-a*t)", Expr.sin(s.t()).times(Expr.exp(s.p("a").neg().times(s.t()))).toString());
        assertEquals("a/(x*t)", s.p("a").div(s.u("x").times(s.t())).toString());
        assertEquals("0.001*x", s.c(1e-3).times(s.u("x")).toString());
    }

    @Test
    void builtinOverridesNameTheAllowedParameters() {
        BuiltinProblem oscillator = BuiltinProblems.find("damped-oscillator").orElseThrow();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> oscillator.create(Map.of("q", 1.0)));
        assertEquals("unknown parameter 'q' for damped-oscillator; allowed: m, mu, k, x0, v0, t0, t1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> oscillator.create(Map.of("k", Double.NaN)));
        assertEquals("parameter k must be a finite number, got NaN", e.getMessage());
        assertEquals(List.of("x"), oscillator.create(Map.of("k", 100.0)).unknowns());
    }
}

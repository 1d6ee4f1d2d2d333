package pinn4j.problems.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import pinn4j.problems.Condition;
import pinn4j.problems.DoubleAlgebra;
import pinn4j.problems.OdeProblem;

class ProblemFilesTest {

    private static final String LOTKA_VOLTERRA = String.join("\n",
            "name: lotka-volterra",
            "variable: t",
            "equations:",
            "  - \"x' = a*x - b*x*y\"",
            "  - \"y' = -c*y + d*x*y\"",
            "parameters: {a: 1.5, b: 1.0, c: 3.0, d: 1.0}",
            "domain: [0, 5]",
            "conditions:",
            "  - \"x(0) = 5\"",
            "  - \"y(0) = 5\"",
            "exact: {}",
            "training:",
            "  layers: [64, 64, 64]",
            "  adamIterations: 5000",
            "");

    @Test
    void readsTheDocumentedExample() {
        ProblemFile file = ProblemFiles.parse("lv.yaml", LOTKA_VOLTERRA);
        OdeProblem problem = file.problem();
        assertEquals("lotka-volterra", problem.name());
        assertEquals(List.of("x", "y"), problem.unknowns());
        assertEquals("x' = a*x - b*x*y; y' = -c*y + d*x*y", problem.equationText());
        assertEquals(List.of(Condition.value("x", 0, 5), Condition.value("y", 0, 5)), problem.conditions());
        // Values exactly as written, with where: the solver's settings reader types and checks them.
        assertEquals(Map.of("layers", new Located(List.of("64", "64", "64"), "lv.yaml:13:11: training.layers"),
                "adamIterations", new Located("5000", "lv.yaml:14:19: training.adamIterations")), file.training());
    }

    @Test
    void fileAndJavaGiveTheSameProblemAndResiduals() {
        OdeProblem fromFile = ProblemFiles.parse("lv.yaml", LOTKA_VOLTERRA).problem();
        OdeProblem fromJava = OdeProblem.builder().setName("lotka-volterra").setDomain(0, 5)
                .optParameter("a", 1.5).optParameter("b", 1.0).optParameter("c", 3.0).optParameter("d", 1.0)
                .addEquation("x", 1, s -> s.p("a").times(s.u("x")).minus(s.p("b").times(s.u("x")).times(s.u("y"))))
                .addEquation("y", 1, s -> s.p("c").neg().times(s.u("y")).plus(s.p("d").times(s.u("x")).times(s.u("y"))))
                .addCondition(Condition.value("x", 0, 5)).addCondition(Condition.value("y", 0, 5)).build();
        assertEquals(fromJava, fromFile);
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int i = 0; i < 20; i++) {
            DoubleAlgebra at = new DoubleAlgebra(random.nextDouble(5),
                    Map.of("x", new double[] {random.nextDouble(-5, 5)}, "y", new double[] {random.nextDouble(-5, 5)}));
            for (int e = 0; e < 2; e++) {
                assertEquals(fromJava.equations().get(e).rightHandSide().evaluate(at),
                        fromFile.equations().get(e).rightHandSide().evaluate(at), 0.0);
            }
        }
    }

    @Test
    void readsRobinConditionsHigherOrdersAndExactSolutions() {
        ProblemFile file = ProblemFiles.parse("beam.yaml", String.join("\n",
                "name: beam", "variable: x", "equations: [\"u'''' = -q\"]", "parameters: {q: 1}",
                "domain: [0, 1]", "conditions: [\"u(0) = 0\", \"u'(0) = 0\", \"u''(1) = 0\", \"u'''(1) + 2*u''(1) = 0\"]",
                "exact: {u: \"-x^4/24 + x^3/6 - x^2/4\"}"));
        OdeProblem problem = file.problem();
        assertEquals(4, problem.maxOrder());
        assertEquals("u'''(1) + 2*u''(1) = 0", problem.conditions().get(3).label());
        assertEquals(-1.0 / 24 + 1.0 / 6 - 1.0 / 4, problem.exactSolutions().get("u").valueAt(1), 1e-15);
        assertTrue(!problem.isInitialValueProblem());
    }

    private static String withLine(int index, String replacement) {
        String[] lines = LOTKA_VOLTERRA.split("\n");
        lines[index] = replacement;
        return String.join("\n", lines);
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
        "3|  - \"x' = a*x - q*x*y\"|bad.yaml:4:17: unknown symbol 'q'; known: variable t, parameters a, b, c, d, unknowns x, y",
        "3|  - \"x' = a*x - b*x*y +\"|bad.yaml:4:24: expected a number, a symbol or '(', found the end of the expression",
        "3|  - \"x' = (a*x - b*x*y\"|bad.yaml:4:23: expected ')' to close the bracket; found the end of the expression",
        "3|  - \"x' = a*x'' - b*x*y\"|bad.yaml:4:13: x'' on the right-hand side, but x is of order 1",
        "3|  - \"x = a*x\"|bad.yaml:4:6: the left side of an equation must be the highest derivative",
        "4|  - \"x' = -c*y + d*x*y\"|bad.yaml:5:6: two equations for unknown x (the first is on line 4)",
        "8|  - \"x(7) = 5\"|bad.yaml:9:6: the condition is at t = 7, outside the domain [0, 5]",
        "8|  - \"x'(0) = 5\"|bad.yaml:9:6: a condition on x', but x is of order 1",
        "8|  - \"x(0)*y(0) = 5\"|bad.yaml:9:6: a condition must be a linear combination",
        "8|  - \"x(0) + y(1) = 5\"|bad.yaml:9:13: all terms of a condition must be at one point",
        "6|domain: [5, 0]|bad.yaml:7:9: domain: t1 must be > t0, got t0=5.0, t1=0.0",
        "1|colour: red|bad.yaml:2:1: unknown key 'colour'; allowed: name, variable",
        "5|parameters: {a: 1.5, b: 1.0, c: 3.0, d: 1.0|bad.yaml:7:7: not valid YAML",
    })
    void mistakesAreReportedWithFileLineColumnAndWhatWasExpected(int line, String replacement, String expected) {
        ParseException e = assertThrows(ParseException.class,
                () -> ProblemFiles.parse("bad.yaml", withLine(line, replacement)));
        assertTrue(e.getMessage().startsWith(expected.trim()), e.getMessage());
        String[] shown = e.getMessage().split("\n");
        assertEquals(3, shown.length, "message, offending line and caret: " + e.getMessage());
        assertEquals(e.column() + 4, shown[2].length(), "the caret points at the column");
    }

    @Test
    void countsConditionsAgainstTheOrder() {
        ParseException e = assertThrows(ParseException.class, () -> ProblemFiles.parse("bad.yaml",
                LOTKA_VOLTERRA.replace("  - \"y(0) = 5\"\n", "")));
        assertTrue(e.getMessage().startsWith("bad.yaml:8:1: the system has total order 2 ({x=1, y=1}) and needs 2"
                + " conditions, got 1"), e.getMessage());
    }
}

package pinn4j.problems.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import pinn4j.problems.BuiltinProblems;
import pinn4j.problems.Expr;
import pinn4j.problems.Limits;
import pinn4j.problems.OdeProblem;

/**
 * Problem files that would crash, hang or mislead: oversized, binary, deeply nested, alias bombs, constants that
 * are not finite, names that hide the language's own. Each is refused before any training with file:line:column.
 */
class ProblemFileLimitsTest {

    /** A first-order problem with {@code rhs} as y's right-hand side on line 2, column 17 onwards. */
    private static String decay(String rhs) {
        return String.join("\n", "name: decay", "equations: [\"y' = " + rhs + "\"]", "parameters: {k: 2}",
                "domain: [0, 1]", "conditions: [\"y(0) = 1\"]", "");
    }

    private static ParseException refused(String yaml) {
        return assertThrows(ParseException.class, () -> ProblemFiles.parse("bad.yaml", yaml));
    }

    private static String firstLine(Exception e) {
        return e.getMessage().split("\n")[0];
    }

    @Test
    void tenThousandNestedBracketsAreRefusedAtTheFirstBracketTooMany() {
        String brackets = "(".repeat(4000) + "y" + ")".repeat(4000);
        long start = System.nanoTime();
        ParseException e = refused(decay(brackets));
        assertTrue((System.nanoTime() - start) / 1e9 < 1, "took " + (System.nanoTime() - start) / 1e9 + " s");
        // Column 19 holds the first bracket; the 201st is one too many.
        assertEquals("bad.yaml:2:" + (19 + Limits.MAX_EXPRESSION_DEPTH) + ": the expression is nested more than 200"
                + " levels deep (each bracket, function, sign, power and chained operator is a level: a + b + c has 2);"
                + " at most 200 are allowed", firstLine(e));
        ParseException tooLong = refused(decay("(".repeat(10_000) + "y" + ")".repeat(10_000)));
        assertEquals("bad.yaml:2:18: the expression is 20002 characters long; at most 10000 are allowed",
                firstLine(tooLong));
    }

    @Test
    void aSumOfManyTermsIsReadUpToTheDepthLimit() {
        OdeProblem problem = ProblemFiles.parse("ok.yaml", decay("-y" + " + k".repeat(150))).problem();
        assertEquals(-1 + 2 * 150, problem.equations().get(0).rightHandSide()
                .evaluate(new pinn4j.problems.DoubleAlgebra(0, Map.of("y", new double[] {1}))), 0);
        assertTrue(firstLine(refused(decay("-y" + " + k".repeat(250)))).contains("nested more than 200 levels"));
    }

    @Test
    void anOversizedFileIsRefusedUnreadAndQuickly(@TempDir Path folder) throws IOException {
        Path big = folder.resolve("big.yaml");
        byte[] bytes = (decay("y" + " + y".repeat(600_000))).getBytes(StandardCharsets.UTF_8);
        Files.write(big, bytes);
        long start = System.nanoTime();
        ParseException e = assertThrows(ParseException.class, () -> ProblemFiles.load(big));
        assertTrue((System.nanoTime() - start) / 1e9 < 1, "took " + (System.nanoTime() - start) / 1e9 + " s");
        assertEquals(big + ":1:1: the file is larger than 1 MiB; a problem file may be at most 1 MiB (1048576 bytes)",
                e.getMessage());
    }

    @Test
    void aBinaryFileIsNamedAsSuchWithTheFirstBadByte(@TempDir Path folder) throws IOException {
        Path binary = folder.resolve("model.yaml");
        Files.write(binary, new byte[] {'n', 'a', 'm', 'e', ':', ' ', 'x', '\n', 'a', (byte) 0xC3, (byte) 0x28, 0, 1});
        ParseException e = assertThrows(ParseException.class, () -> ProblemFiles.load(binary));
        assertEquals(binary + ":2:2: not UTF-8 text: the byte 0xC3 cannot be read as UTF-8; a problem file must be"
                + " UTF-8 text (is this a binary file?)", e.getMessage());
        Path zeros = folder.resolve("zeros.yaml");
        Files.write(zeros, new byte[] {'n', 'a', 'm', 'e', ':', ' ', 0, 0, 0});
        assertEquals(zeros + ":1:7: the character U+0000 is not allowed: a problem file is text, with no control"
                + " characters but tabs and line breaks (is this a binary file?)",
                assertThrows(ParseException.class, () -> ProblemFiles.load(zeros)).getMessage());
    }

    @Test
    void aliasBombsAndDeepNestingAreRefusedWithTheirPlace() {
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'h'; c++) {
            String previous = "*" + (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [").append(String.join(", ",
                    java.util.Collections.nCopies(9, previous))).append("]\n");
        }
        // Lines b to f hold 45 aliases; the 51st is the 6th alias on line g, at column 28.
        assertEquals("bad.yaml:7:28: more than 50 aliases (*name); a problem file may use at most 50",
                firstLine(refused(bomb.toString())));
        assertEquals("bad.yaml:1:26: lists and mappings nest more than 20 deep here; a problem file may nest them at"
                + " most 20 deep", firstLine(refused("name: " + "[".repeat(1000) + "]".repeat(1000))));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "-y/0              | bad.yaml:2:19: '-y/0' divides by zero; a divisor must not be a constant zero",
        "exp(1000)*y       | bad.yaml:2:19: 'exp(1000)' is infinite; a constant must be a finite number",
        "y*log(k - 2)      | bad.yaml:2:21: 'log(k - 2)' is infinite with k = 2; a constant must be a finite number",
        "sqrt(-k)*y        | bad.yaml:2:19: 'sqrt(-k)' is not a number (NaN) with k = 2; a constant must be a finite number",
        "1e999*y           | bad.yaml:2:19: '1e999' is infinite; a constant must be a finite number",
        "y/(k - 2)         | bad.yaml:2:19: 'y/(k - 2)' divides by zero with k = 2; a divisor must not be a constant zero",
    })
    void constantPartsThatAreNotFiniteAreRefusedWhereTheyAreWritten(String rhs, String message) {
        assertEquals(message, firstLine(refused(decay(rhs.trim()))));
    }

    @Test
    void overridesAndDomainsThatOverflowAreRefusedNamingTheirValues() {
        ParseException e = assertThrows(ParseException.class,
                () -> ProblemFiles.parse("bad.yaml", decay("-k*k*y"), Map.of("k", 1e200)));
        assertEquals("bad.yaml:2:19: '-k*k' is infinite with k = 1.0e200; a constant must be a finite number",
                firstLine(e));
        String oscillator = String.join("\n", "name: osc", "equations: [\"x'' = -x\"]", "domain: [0, 1e300]",
                "conditions: [\"x(0) = 1\", \"x'(0) = 0\"]", "");
        assertEquals("bad.yaml:3:9: domain: the domain [0, 1.0e300] is too long for derivatives of order 2: they are"
                + " scaled by (2/length)^2 = 4.0e-600, beyond double precision; rescale the variable so that the"
                + " length is between 1.5e-154 and 1.3e+154", firstLine(refused(oscillator)));
        assertEquals("bad.yaml:4:9: domain: the domain's length t1 - t0 and midpoint (t0 + t1)/2 must be finite"
                + " numbers, got t0=-1.0E308, t1=1.0E308",
                firstLine(refused(decay("-y").replace("[0, 1]", "[-1e308, 1e308]").replace("y(0)", "y(1)"))));
        assertEquals("bad.yaml:5:15: condition coefficient must be finite, got Infinity",
                firstLine(refused(decay("-y").replace("y(0) = 1", "y(0)*1e300*1e10 = 1"))));
    }

    @Test
    void anExactSolutionMayBeUndefinedSinceOnlyTheComparisonReadsIt() {
        OdeProblem problem = ProblemFiles.parse("ok.yaml", decay("-k*y") + "exact: {y: \"sqrt(-k)*exp(-k*t)\"}\n")
                .problem();
        assertTrue(Double.isNaN(problem.exactSolutions().get("y").valueAt(0.5)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "parameters: {k: 2, pi: 3}  | bad.yaml:3:20: parameter name 'pi' is reserved for the constant pi",
        "parameters: {e: 2}         | bad.yaml:3:14: parameter name 'e' is reserved for the constant e",
        "parameters: {exp: 2}       | bad.yaml:3:14: parameter name 'exp' is reserved for the function exp",
    })
    void parametersMayNotHideConstantsOrFunctions(String line, String message) {
        String yaml = decay("-k*y").replace("parameters: {k: 2}", line.trim());
        assertEquals(message + "; reserved names: abs, cos, cosh, e, exp, log, pi, sin, sinh, sqrt, tan, tanh",
                firstLine(refused(yaml)));
    }

    @Test
    void unknownsAndTheVariableMayNotHideThemEither() {
        assertEquals("bad.yaml:2:14: unknown name 'sin' is reserved for the function sin; reserved names: abs, cos,"
                + " cosh, e, exp, log, pi, sin, sinh, sqrt, tan, tanh",
                firstLine(refused(decay("-k*sin").replace("y'", "sin'").replace("y(0)", "sin(0)"))));
        assertTrue(firstLine(refused("variable: e\n" + decay("-y"))).startsWith(
                "bad.yaml:1:11: variable name 'e' is reserved for the constant e"));
    }

    @Test
    void theJavaBuilderRefusesReservedNamesToo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OdeProblem.builder().optParameter("pi", 3.0));
        assertEquals("parameter name 'pi' is reserved for the constant pi; reserved names: abs, cos, cosh, e, exp,"
                + " log, pi, sin, sinh, sqrt, tan, tanh", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OdeProblem.builder().optParameter("sin", 1.0));
        assertThrows(IllegalArgumentException.class, () -> OdeProblem.builder().addEquation("exp", 1, s -> s.c(0)));
        assertThrows(IllegalArgumentException.class, () -> OdeProblem.builder().optVariable("e"));
        assertEquals(Expr.PI, OdeProblem.builder().setName("p").setDomain(0, 1).optParameter("pie", 3.0)
                .addEquation("y", 1, s -> s.pi()).addCondition(pinn4j.problems.Condition.value("y", 0, 0)).build()
                .equations().get(0).rightHandSide());
    }

    @Test
    void builtInOverridesThatMakeAConstantInfiniteNameTheParameter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BuiltinProblems.find("mathieu").orElseThrow().create(Map.of("q", 1e308)));
        assertEquals("mathieu: x'' = -(a - 2*q*cos(2*t))*x: '2*q' is infinite with q = 1.0e308; a constant must be"
                + " a finite number", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> BuiltinProblems.find("damped-oscillator").orElseThrow().create(Map.of("k", 1e308, "m", 0.5)));
        assertEquals("damped-oscillator: x'' = -(mu/m)*x' - (k/m)*x: 'k/m' is infinite with k = 1.0e308, m = 0.5;"
                + " a constant must be a finite number", e.getMessage());
    }

    @Test
    void linesEndWhereYamlSaysSoErrorsPointAtTheRightLine() {
        // YAML ends lines at NEL and LS too, and folds a quoted string over lines: the place follows both.
        ParseException e = refused("name: x\u0085" + decay("-k*y\n     + q").substring("name: decay\n".length()));
        assertEquals("bad.yaml:3:8: unknown symbol 'q'", firstLine(e).replaceAll(";.*", ""));
        assertEquals("         + q\"]", e.getMessage().split("\n")[1]);
    }
}

package pinn4j.problems.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import pinn4j.problems.Expr;
import pinn4j.problems.OdeProblem;

/**
 * Properties of problem files over mutated and decorated input: a mutated file is read or rejected with a line and
 * column inside it, never with another exception or after long; comments in any script leave the problem as it
 * was; every finite number written as a parameter is read back exactly.
 */
class ProblemFilesPropertiesTest {

    private static final List<String> FILES = List.of(
            String.join("\n", "name: lotka-volterra", "variable: t", "equations:", "  - \"x' = a*x - b*x*y\"",
                    "  - \"y' = -c*y + d*x*y\"", "parameters: {a: 1.5, b: 1.0, c: 3.0, d: 1.0}", "domain: [0, 5]",
                    "conditions:", "  - \"x(0) = 5\"", "  - \"y(0) = 5\"", "exact: {}", "training:",
                    "  layers: [64, 64, 64]", "  adamIterations: 5000", ""),
            String.join("\n", "# Damped oscillator", "name: damped-oscillator", "equations:",
                    "  - \"x'' = -(mu/m)*x' - (k/m)*x\"", "parameters: {m: 1, mu: 4, k: 400, x0: 1}", "domain: [0, 1]",
                    "conditions:", "  - \"x(0) = x0\"", "  - \"x'(0) = 0\"", "exact:",
                    "  x: \"x0*exp(-mu/(2*m)*t)*(cos(sqrt(k/m - (mu/(2*m))^2)*t) + mu/(2*m)/sqrt(k/m - (mu/(2*m))^2)"
                            + "*sin(sqrt(k/m - (mu/(2*m))^2)*t))\"", ""),
            String.join("\n", "name: beam", "variable: x", "equations: [\"u'''' = -q\"]", "parameters: {q: 1}",
                    "domain: [0, 1]", "conditions: [\"u(0) = 0\", \"u'(0) = 0\", \"u''(1) = 0\", \"u'''(1) + 2*u''(1) = 0\"]",
                    "exact: {u: \"-x^4/24 + x^3/6 - x^2/4\"}", ""));

    /** What mutations insert: YAML's syntax, the expression language, and text from other scripts and bytes. */
    private static final List<String> PIECES = List.of("[", "]", "{", "}", ":", ": ", "- ", "\"", "'", "#", "&a ",
            "*a", "!!str ", "|", ">", "\n", "\t", "  ", ",", "=", "x", "x'", "(", ")", "^", "/0", "1e999", "pi", "sin",
            "exp(1000)", "# café 日本語 🚀\n", "é", "🚀", "\u0000", "\u0007", "\ufeff", "\ud800", "\u2028", "training:",
            "name", "variable: e", "parameters: {pi: 3}", "[[[[[[[[", "*a *a *a");

    /** Reads {@code yaml} within a second; a rejection must name a line and column that lie in the text. */
    private static ProblemFile readOrReject(String yaml) {
        return assertTimeout(Duration.ofSeconds(1), () -> {
            try {
                return ProblemFiles.parse("f.yaml", yaml);
            } catch (ParseException e) {
                assertTrue(e.getMessage().startsWith("f.yaml:" + e.line() + ":" + e.column() + ": "), e.getMessage());
                // Lines end where YAML says they do: at \r\n, \r, \n, NEL, LS and PS.
                String[] lines = yaml.split("\r\n|[\r\n\u0085\u2028\u2029]", -1);
                assertTrue(e.line() >= 1 && e.line() <= lines.length && e.column() >= 1
                        && e.column() <= lines[e.line() - 1].codePointCount(0, lines[e.line() - 1].length()) + 1,
                        "place " + e.line() + ":" + e.column() + " outside the text: " + e.getMessage());
                String[] shown = e.getMessage().split("\n");
                if (shown.length == 3 && lines[e.line() - 1].length() <= 120) {
                    assertEquals("    " + lines[e.line() - 1], shown[1], "the line shown is the line named");
                }
                return null;
            }
        });
    }

    @Provide
    Arbitrary<String> mutatedFiles() {
        Arbitrary<String> file = Arbitraries.of(FILES);
        Arbitrary<String> piece = Arbitraries.oneOf(Arbitraries.of(PIECES), Arbitraries.strings().all().ofMaxLength(6));
        Arbitrary<int[]> places = Arbitraries.integers().between(0, 10_000).array(int[].class).ofMinSize(2).ofMaxSize(2);
        Arbitrary<Mutation> mutation = Combinators.combine(Arbitraries.of(Kind.values()), places, piece)
                .as(Mutation::new);
        return Combinators.combine(file, mutation.list().ofMinSize(1).ofMaxSize(4)).as((text, mutations) -> {
            String mutated = text;
            for (Mutation m : mutations) {
                mutated = m.apply(mutated);
            }
            return mutated;
        });
    }

    private enum Kind { INSERT, DELETE, REPLACE, DUPLICATE }

    /** One change at two places of a text, scaled to its length. */
    private record Mutation(Kind kind, int[] places, String piece) {
        String apply(String text) {
            int a = places[0] % (text.length() + 1);
            int b = places[1] % (text.length() + 1);
            int from = Math.min(a, b);
            int to = Math.max(a, b);
            switch (kind) {
                case INSERT:
                    return text.substring(0, a) + piece + text.substring(a);
                case DELETE:
                    return text.substring(0, from) + text.substring(Math.min(to, from + 8));
                case REPLACE:
                    return text.substring(0, from) + piece + text.substring(Math.min(to, from + piece.length()));
                default:
                    return text.substring(0, to) + text.substring(from, to) + text.substring(to);
            }
        }
    }

    @Property(tries = 1500)
    void aMutatedFileIsReadOrRejectedAtALineAndColumn(@ForAll("mutatedFiles") String yaml) {
        readOrReject(yaml);
    }

    /** Pieces of the expression language and its mistakes, none of which ends a quoted YAML string. */
    private static final List<String> EXPRESSION_PIECES = List.of("x", "x'", "x''", "x(0)", "y", "u'''''", "t", "k",
            "q", "pi", "e", "sin(", "exp(", "log(0)", "sqrt(-1)", "(", ")", "+", "-", "*", "/", "/0", "^", "=", "==",
            "0", "1e999", "1e-400", "2.5", ".", " ", "é", "🚀", "abs", "x(7)", "x(0)*y(0)", "x(t)", "2*", "(((((");

    @Provide
    Arbitrary<String> filesWithMutatedExpressions() {
        Arbitrary<String> piece = Arbitraries.of(EXPRESSION_PIECES).list().ofMinSize(1).ofMaxSize(3)
                .map(list -> String.join("", list));
        return Combinators.combine(Arbitraries.of(FILES), Arbitraries.integers().between(0, 10_000), piece,
                Arbitraries.integers().between(0, 3)).as((text, place, inserted, deleted) -> {
                    // A place inside a double-quoted string: an equation, a condition or an exact solution.
                    List<Integer> inside = new ArrayList<>();
                    boolean quoted = false;
                    for (int i = 0; i < text.length(); i++) {
                        if (text.charAt(i) == '"') {
                            quoted = !quoted;
                        } else if (quoted) {
                            inside.add(i);
                        }
                    }
                    int at = inside.get(place % inside.size());
                    int end = at;
                    while (end < at + deleted && text.charAt(end) != '"') {
                        end++;
                    }
                    return text.substring(0, at) + inserted + text.substring(end);
                });
    }

    @Property(tries = 1000)
    void aFileWithAMutatedExpressionIsReadOrRejectedAtALineAndColumn(
            @ForAll("filesWithMutatedExpressions") String yaml) {
        readOrReject(yaml);
    }

    @Provide
    Arbitrary<String> comments() {
        // Any printable code point, Latin, CJK, emoji and all: surrogates, controls and non-characters left out.
        Arbitrary<Integer> codePoint = Arbitraries.integers().between(0x20, 0x10FFFF).filter(c -> c != 0x7F
                && !(c >= 0x80 && c <= 0x9F) && !(c >= 0xD800 && c <= 0xDFFF) && c != 0xFFFE && c != 0xFFFF
                && c != 0x2028 && c != 0x2029);
        return codePoint.list().ofMaxSize(30).map(points -> {
            StringBuilder text = new StringBuilder();
            points.forEach(text::appendCodePoint);
            return text.toString();
        });
    }

    @Property(tries = 200)
    void commentsInAnyScriptLeaveTheProblemAsItWas(@ForAll("comments") String comment,
                                                   @ForAll("comments") String trailing) {
        for (String file : FILES) {
            OdeProblem plain = ProblemFiles.parse("f.yaml", file).problem();
            String[] lines = file.split("\n");
            lines[1] = lines[1] + "  # " + trailing;
            String commented = "# " + comment + "\n" + String.join("\n", lines) + "\n# " + comment + "\n";
            assertEquals(plain, ProblemFiles.parse("f.yaml", commented).problem(), commented);
        }
    }

    @Property(tries = 500)
    void everyFiniteParameterIsReadBackExactly(@ForAll double value) {
        Assume.that(Double.isFinite(value) && value != 0);
        String yaml = String.join("\n", "name: decay", "equations: [\"y' = -r*y\"]", "parameters: {r: "
                + Expr.format(value) + "}", "domain: [0, 1]", "conditions: [\"y(0) = r\"]", "");
        OdeProblem problem = ProblemFiles.parse("f.yaml", yaml).problem();
        assertEquals(value, problem.parameters().get("r"), 0.0, yaml);
        assertEquals(value, problem.conditions().get(0).value(), 0.0, yaml);
        assertEquals("y' = -r*y", problem.equationText());
    }
}

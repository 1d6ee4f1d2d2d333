package pinn4j.problems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import pinn4j.problems.text.ExpressionParser;
import pinn4j.problems.text.ProblemFiles;

/**
 * The symbolic derivatives against central differences of the same expressions: on every built-in, every example
 * file and an expression with every function and operator of the language.
 */
class DifferentiationTest {

    private static final Path EXAMPLES = Path.of("..", "examples");
    private static final double H = 1e-5;
    /**
     * Measured: the worst disagreement over every case below is 1.1e-9 of max(1, |derivative|) (the central
     * difference's truncation h^2 f'''/6 and rounding eps f/h at h = 1e-5); 1e-7 leaves ninetyfold headroom, and a
     * wrong rule (a sign, a factor, a missing chain-rule term) is off by the order of the derivative itself.
     */
    private static final double TOLERANCE = 1e-7;

    static Stream<OdeProblem> problems() throws IOException {
        List<OdeProblem> problems = new ArrayList<>();
        BuiltinProblems.all().forEach(builtin -> problems.add(builtin.create()));
        for (Path folder : List.of(EXAMPLES, EXAMPLES.resolve("inverse"))) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                    problems.add(ProblemFiles.loadWithoutMeasurements(file, Map.of()).problem());
                }
            }
        }
        return problems.stream();
    }

    @ParameterizedTest
    @MethodSource("problems")
    void partialsMatchCentralDifferences(OdeProblem problem) {
        SplittableRandom random = new SplittableRandom(problem.name().hashCode());
        int checked = 0;
        for (int point = 0; point < 5; point++) {
            double t = problem.domain().t0() + random.nextDouble() * problem.domain().length();
            Map<String, double[]> state = randomState(problem, random);
            for (Equation equation : problem.equations()) {
                for (Equation slot : problem.equations()) {
                    for (int order = 0; order < slot.order(); order++) {
                        Expr.Derivative d = new Expr.Derivative(slot.unknown(), order);
                        double symbolic = Differentiation.partial(equation.rightHandSide(), d)
                                .evaluate(new DoubleAlgebra(t, state));
                        assertClose(central(equation.rightHandSide(), t, state, d), symbolic, problem.name() + ": d("
                                + equation + ")/d" + d);
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked >= 5, "checked " + checked);
    }

    @ParameterizedTest
    @MethodSource("problems")
    void systemJacobianMatchesCentralDifferences(OdeProblem problem) {
        FirstOrderSystem system = new FirstOrderSystem(problem);
        SplittableRandom random = new SplittableRandom(problem.name().hashCode());
        for (int point = 0; point < 3; point++) {
            double t = problem.domain().t0() + random.nextDouble() * problem.domain().length();
            double[] y = random.doubles(system.getDimension(), 0.5, 1.5).toArray();
            double[][] jacobian = system.jacobian(t, y);
            for (int k = 0; k < y.length; k++) {
                double[] up = y.clone();
                double[] down = y.clone();
                up[k] += H;
                down[k] -= H;
                double[] fUp = system.computeDerivatives(t, up);
                double[] fDown = system.computeDerivatives(t, down);
                for (int i = 0; i < y.length; i++) {
                    assertClose((fUp[i] - fDown[i]) / (2 * H), jacobian[i][k], problem.name() + ": J[" + i + "]["
                            + k + "]");
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("problems")
    void timeDerivativeMatchesCentralDifferencesAlongAPath(OdeProblem problem) {
        SplittableRandom random = new SplittableRandom(problem.name().hashCode());
        for (int point = 0; point < 5; point++) {
            double t = problem.domain().t0() + random.nextDouble() * problem.domain().length();
            Path1 path = new Path1(problem, random);
            for (Equation equation : problem.equations()) {
                Expr f = equation.rightHandSide();
                double symbolic = Differentiation.total(f).evaluate(new DoubleAlgebra(t, path.at(t)));
                double central = (f.evaluate(new DoubleAlgebra(t + H, path.at(t + H)))
                        - f.evaluate(new DoubleAlgebra(t - H, path.at(t - H)))) / (2 * H);
                assertClose(central, symbolic, problem.name() + ": d(" + equation + ")/dt at t = " + t);
            }
        }
    }

    @Test
    void everyFunctionAndOperatorHasItsRule() {
        Expr f = new ExpressionParser("t", Map.of(), Set.of("x"), (offset, message) -> {
            throw new AssertionError(message);
        }).parse("sin(x)*cos(x') + tan(x/3) - exp(-x'^2) + log(2 + x) + sqrt(3 + x') + tanh(t*x) + sinh(x)/cosh(x')"
                + " + abs(x - 5) + x^t + 2^x' + (1 + x^2)^(x'/4) - -x").expr();
        assertEquals(Expr.Function.values().length - 1, countFunctions(f.toString()), "every named function is used");
        double[][] points = {{0.3, 0.7, -0.4}, {1.1, 0.2, 0.9}, {2.5, 1.3, 0.2}};
        for (double[] p : points) {
            Map<String, double[]> state = new HashMap<>(Map.of("x", new double[] {p[1], p[2]}));
            for (int order = 0; order < 2; order++) {
                Expr.Derivative d = new Expr.Derivative("x", order);
                double symbolic = Differentiation.partial(f, d).evaluate(new DoubleAlgebra(p[0], state));
                assertClose(central(f, p[0], state, d), symbolic, "d f/d" + d + " at " + p[0]);
            }
        }
    }

    @Test
    void derivativesArePrintedSimplified() {
        OdeProblem oscillator = BuiltinProblems.find("damped-oscillator").orElseThrow().create();
        Expr f = oscillator.equations().get(0).rightHandSide();
        assertEquals("-(mu/m)", Differentiation.partial(f, new Expr.Derivative("x", 1)).toString());
        assertEquals("-(k/m)", Differentiation.partial(f, new Expr.Derivative("x", 0)).toString());
        assertEquals(Expr.constant(0), Differentiation.partial(f, new Expr.Derivative("y", 0)));
        assertEquals("-(mu/m)*x'' - (k/m)*x'", Differentiation.total(f).toString());
    }

    @Test
    void absHasNoDerivativeAtZero() {
        Expr f = Expr.abs(new Expr.Derivative("x", 0));
        Expr d = Differentiation.partial(f, new Expr.Derivative("x", 0));
        assertEquals(-1, d.evaluate(new DoubleAlgebra(0, Map.of("x", new double[] {-2}))));
        assertEquals(1, d.evaluate(new DoubleAlgebra(0, Map.of("x", new double[] {3}))));
        assertTrue(Double.isNaN(d.evaluate(new DoubleAlgebra(0, Map.of("x", new double[] {0})))));
    }

    private static long countFunctions(String text) {
        return Stream.of(Expr.Function.values()).filter(fn -> fn != Expr.Function.NEG)
                .filter(fn -> text.contains(fn.symbol() + "(")).count();
    }

    /** Each slot uniform in [-1, 1] around the conditions' values, so log and sqrt of the unknowns stay defined. */
    private static Map<String, double[]> randomState(OdeProblem problem, SplittableRandom random) {
        Map<String, double[]> state = new HashMap<>();
        for (Equation equation : problem.equations()) {
            double[] values = new double[equation.order()];
            for (int j = 0; j < values.length; j++) {
                values[j] = 0.5 + random.nextDouble();
            }
            state.put(equation.unknown(), values);
        }
        return state;
    }

    /** The central difference of f in one derivative's slot of the state, which it leaves as it was. */
    private static double central(Expr f, double t, Map<String, double[]> state, Expr.Derivative d) {
        double[] values = state.get(d.unknown());
        double original = values[d.order()];
        values[d.order()] = original + H;
        double up = f.evaluate(new DoubleAlgebra(t, state));
        values[d.order()] = original - H;
        double down = f.evaluate(new DoubleAlgebra(t, state));
        values[d.order()] = original;
        return (up - down) / (2 * H);
    }

    private static void assertClose(double expected, double actual, String what) {
        assertTrue(Double.isFinite(expected), what + ": central difference " + expected);
        assertEquals(expected, actual, TOLERANCE * Math.max(1, Math.abs(expected)), what);
    }

    /**
     * Each unknown on a path u(t) = a sin(w t + c) + b, whose derivatives of every order are known, so the
     * expression's value along it can be differenced in t.
     */
    private static final class Path1 {
        private final Map<String, double[]> coefficients = new HashMap<>();
        private final Map<String, Integer> orders = new HashMap<>();

        Path1(OdeProblem problem, SplittableRandom random) {
            for (Equation equation : problem.equations()) {
                coefficients.put(equation.unknown(), new double[] {0.2 + 0.3 * random.nextDouble(),
                        0.5 + random.nextDouble(), random.nextDouble(), 1 + random.nextDouble()});
                orders.put(equation.unknown(), equation.order());
            }
        }

        Map<String, double[]> at(double t) {
            Map<String, double[]> state = new HashMap<>();
            coefficients.forEach((unknown, c) -> {
                double[] values = new double[orders.get(unknown) + 1];
                for (int j = 0; j < values.length; j++) {
                    values[j] = c[0] * Math.pow(c[1], j) * Math.sin(c[1] * t + c[2] + j * Math.PI / 2);
                }
                values[0] += c[3];
                state.put(unknown, values);
            });
            return state;
        }
    }
}

package pinn4j.problems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import pinn4j.problems.text.ProblemFiles;

/** Each built-in against its YAML twin in examples/: the same equations, conditions, domain and solutions. */
class BuiltinProblemsTest {

    private static final Path EXAMPLES = Path.of("..", "examples");

    static Stream<String> names() {
        return BuiltinProblems.all().stream().map(BuiltinProblem::name);
    }

    @ParameterizedTest
    @MethodSource("names")
    void yamlTwinDefinesTheSameProblem(String name) throws IOException {
        OdeProblem java = BuiltinProblems.find(name).orElseThrow().create();
        OdeProblem yaml = ProblemFiles.load(EXAMPLES.resolve(name + ".yaml")).problem();
        assertEquals(java.name(), yaml.name());
        assertEquals(java.variable(), yaml.variable());
        assertEquals(java.domain(), yaml.domain());
        assertEquals(java.conditions(), yaml.conditions());
        assertEquals(java.equationText(), yaml.equationText());
        assertEquals(java.unknowns(), yaml.unknowns());
        SplittableRandom random = new SplittableRandom(name.hashCode());
        for (int i = 0; i < 25; i++) {
            Map<String, double[]> state = new HashMap<>();
            for (Equation equation : java.equations()) {
                double[] values = new double[equation.order()];
                for (int k = 0; k < values.length; k++) {
                    values[k] = random.nextDouble(-2, 2);
                }
                state.put(equation.unknown(), values);
            }
            DoubleAlgebra at = new DoubleAlgebra(random.nextDouble(java.domain().t0(), java.domain().t1()), state);
            for (int e = 0; e < java.equations().size(); e++) {
                double expected = java.equations().get(e).rightHandSide().evaluate(at);
                assertEquals(expected, yaml.equations().get(e).rightHandSide().evaluate(at),
                        1e-12 * Math.max(1, Math.abs(expected)), name + " equation " + e);
            }
        }
        if (yaml.hasExactSolution()) {
            for (String unknown : java.unknowns()) {
                for (double t : java.domain().grid(50)) {
                    double expected = java.exactSolutions().get(unknown).valueAt(t);
                    assertEquals(expected, yaml.exactSolutions().get(unknown).valueAt(t), 1e-12, name + " at " + t);
                }
            }
        }
    }

    @Test
    void everyExampleFileIsABuiltIn() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            files.filter(f -> f.toString().endsWith(".yaml")).forEach(f -> {
                String name = f.getFileName().toString().replace(".yaml", "");
                assertTrue(BuiltinProblems.find(name).isPresent(), f + " has no built-in twin");
            });
        }
    }

    @Test
    void bratuTakesTheLowerBranchAndRefusesLargeLambda() {
        assertEquals(1.5171645990507543, BuiltinProblems.bratuTheta(1), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BuiltinProblems.bratuTheta(4));
        assertEquals("Bratu's problem has no solution for lambda > 3.5138, got lambda=4.0", e.getMessage());
    }

    @Test
    void exactSolutionsSatisfyTheirEquationsAndConditions() {
        for (BuiltinProblem builtin : BuiltinProblems.all()) {
            OdeProblem problem = builtin.create();
            if (!problem.hasExactSolution()) {
                continue;
            }
            Equation equation = problem.equations().get(0);
            Expr u = problem.exactSolutions().get(equation.unknown());
            double h = equation.order() >= 3 ? 1e-2 : 1e-4;
            for (double t : new double[] {0.3, 0.55, 0.8}) {
                double[] d = derivatives(u, t, h, equation.order());
                double rhs = equation.rightHandSide().evaluate(new DoubleAlgebra(t, Map.of(equation.unknown(), d)));
                assertEquals(rhs, d[equation.order()], 1e-4 * Math.max(1, Math.abs(rhs)), builtin.name() + " at " + t);
            }
            for (Condition condition : problem.conditions()) {
                double sum = 0;
                for (Condition.Term term : condition.terms()) {
                    double step = term.order() >= 3 ? 1e-2 : 1e-4;
                    sum += term.coefficient() * derivatives(u, condition.point(), step, 3)[term.order()];
                }
                assertEquals(condition.value(), sum, 1e-4, builtin.name() + " " + condition);
            }
        }
    }

    /** u and its derivatives to the given order at t, by central differences of step h. */
    private static double[] derivatives(Expr u, double t, double h, int order) {
        double[] f = new double[9];
        for (int j = -4; j <= 4; j++) {
            f[j + 4] = u.valueAt(t + j * h);
        }
        return new double[] {f[4], (f[5] - f[3]) / (2 * h), (f[5] - 2 * f[4] + f[3]) / (h * h),
            (f[6] - 2 * f[5] + 2 * f[3] - f[2]) / (2 * h * h * h),
            (f[6] - 4 * f[5] + 6 * f[4] - 4 * f[3] + f[2]) / (h * h * h * h)};
    }
}

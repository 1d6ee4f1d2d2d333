package pinn4j.solver.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import pinn4j.problems.BuiltinProblem;
import pinn4j.problems.BuiltinProblems;
import pinn4j.problems.DoubleAlgebra;
import pinn4j.problems.Equation;
import pinn4j.problems.Expr;
import pinn4j.problems.OdeProblem;

/**
 * Every kind of expression node, evaluated on tensors by {@link TensorAlgebra}, equals its evaluation on doubles by
 * the problems module's {@link DoubleAlgebra} at every point. Nodes are built with the records' constructors, so
 * nothing is folded away before it reaches the algebra; a {@link Expr.Parameter} stands for a number operand.
 */
class TensorAlgebraTest {

    private static final int N = 7;
    private static final List<String> UNKNOWNS = List.of("u", "w");
    /** Point i: t, then u, u', u'' (u in [0.5, 2], a base for powers and an argument for log and sqrt) and w. */
    private static final double[] T = new double[N];
    private static final double[][][] VALUES = new double[3][2][N];

    static {
        for (int i = 0; i < N; i++) {
            T[i] = -0.9 + 0.37 * i;
            for (int k = 0; k <= 2; k++) {
                VALUES[k][0][i] = 0.5 + 1.5 * Math.abs(Math.sin(1.3 * i + k + 0.4));
                VALUES[k][1][i] = 1.2 * Math.cos(0.9 * i + 2.1 * k);
            }
        }
    }

    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = Engines.pytorch().newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static Expr u() {
        return new Expr.Derivative("u", 0);
    }

    private static Expr w() {
        return new Expr.Derivative("w", 0);
    }

    private static Expr number(double value) {
        return new Expr.Parameter("p", value);
    }

    private static Expr binary(Expr.Operator operator, Expr left, Expr right) {
        return new Expr.Binary(operator, left, right);
    }

    static Stream<Arguments> nodes() {
        Map<String, Expr> cases = new LinkedHashMap<>();
        cases.put("constant", new Expr.Constant(3.5));
        cases.put("parameter", number(-1.25));
        cases.put("variable", new Expr.Variable("t"));
        for (String unknown : UNKNOWNS) {
            for (int k = 0; k <= 2; k++) {
                cases.put(Expr.derivativeName(unknown, k), new Expr.Derivative(unknown, k));
            }
        }
        for (Expr.Function function : Expr.Function.values()) {
            // log and sqrt of u (positive); tan of w, |w| <= 1.2 < pi/2; the rest of w, which changes sign.
            Expr argument = function == Expr.Function.LOG || function == Expr.Function.SQRT ? u() : w();
            cases.put(function + "(tensor)", new Expr.Unary(function, argument));
            cases.put(function + "(number)", new Expr.Unary(function, number(0.6)));
        }
        for (Expr.Operator operator : Expr.Operator.values()) {
            // Powers need a positive base wherever the exponent is not a whole number.
            Expr tensor = operator == Expr.Operator.POWER ? u() : w();
            cases.put(operator + "(tensor, tensor)", binary(operator, tensor, new Expr.Derivative("w", 1)));
            cases.put(operator + "(number, tensor)", binary(operator, number(2.5), new Expr.Derivative("w", 2)));
            cases.put(operator + "(tensor, number)", binary(operator, tensor, number(1.7)));
            cases.put(operator + "(number, number)", binary(operator, number(2.5), number(1.7)));
        }
        // The special paths: 0 - x is a negation, x^2 a square, a whole power of a negative base.
        cases.put("SUBTRACT(0, tensor)", binary(Expr.Operator.SUBTRACT, number(0), w()));
        cases.put("POWER(tensor, 2)", binary(Expr.Operator.POWER, w(), number(2)));
        cases.put("POWER(negative tensor, 3)", binary(Expr.Operator.POWER, w(), number(3)));
        cases.put("nested", binary(Expr.Operator.DIVIDE,
                new Expr.Unary(Expr.Function.EXP, binary(Expr.Operator.MULTIPLY, new Expr.Variable("t"), w())),
                binary(Expr.Operator.ADD, number(1), binary(Expr.Operator.POWER, u(), new Expr.Derivative("u", 2)))));
        List<Arguments> arguments = new ArrayList<>();
        cases.forEach((name, expr) -> arguments.add(Arguments.of(name, expr)));
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nodes")
    void nodeOnTensorsEqualsTheDoubleEvaluation(String name, Expr expr) {
        double[] actual = onTensors(expr);
        double[] expected = onDoubles(expr);
        for (int i = 0; i < N; i++) {
            assertTrue(Double.isFinite(expected[i]), name + " must be finite at point " + i + " for the comparison");
            // Measured: equal to the last bit but for sqrt, tanh and cosh at a few points, 1 ulp apart (PyTorch's
            // and Java's libm); 1e-14 relative is about 45 ulp, far below any wrong operand or operation.
            assertEquals(expected[i], actual[i], 1e-14 * Math.max(1, Math.abs(expected[i])), name + " at point " + i);
        }
    }

    static Stream<Arguments> builtInEquations() {
        List<Arguments> arguments = new ArrayList<>();
        for (BuiltinProblem builtin : BuiltinProblems.all()) {
            OdeProblem problem = builtin.create();
            for (Equation equation : problem.equations()) {
                arguments.add(Arguments.of(builtin.name() + " " + equation.unknown(), problem, equation));
            }
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtInEquations")
    void builtInRightHandSidesOnTensorsEqualTheDoubleEvaluation(String name, OdeProblem problem, Equation equation) {
        int unknowns = problem.unknowns().size();
        int order = problem.maxOrder();
        NDArray[] derivatives = new NDArray[order + 1];
        List<Map<String, double[]>> states = new ArrayList<>();
        double[][][] values = new double[order + 1][N][unknowns];
        for (int i = 0; i < N; i++) {
            Map<String, double[]> state = new LinkedHashMap<>();
            for (int j = 0; j < unknowns; j++) {
                double[] column = new double[order + 1];
                for (int k = 0; k <= order; k++) {
                    column[k] = 0.3 + 0.8 * Math.abs(Math.sin(1.7 * i + 0.9 * j + 0.5 * k));
                    values[k][i][j] = column[k];
                }
                state.put(problem.unknowns().get(j), column);
            }
            states.add(state);
        }
        for (int k = 0; k <= order; k++) {
            double[] flat = new double[N * unknowns];
            for (int i = 0; i < N; i++) {
                System.arraycopy(values[k][i], 0, flat, i * unknowns, unknowns);
            }
            derivatives[k] = manager.create(flat, new Shape(N, unknowns));
        }
        double[] t = new double[N];
        for (int i = 0; i < N; i++) {
            t[i] = problem.domain().t0() + problem.domain().length() * i / (N - 1);
        }
        TensorAlgebra algebra = new TensorAlgebra(manager.create(t, new Shape(N, 1)), problem.unknowns(), derivatives, java.util.Map.of());
        NDArray result = algebra.evaluate(equation.rightHandSide());
        assertEquals(new Shape(N, 1), result.getShape());
        double[] actual = result.toDoubleArray();
        for (int i = 0; i < N; i++) {
            double expected = equation.rightHandSide().evaluate(new DoubleAlgebra(t[i], states.get(i)));
            assertTrue(Double.isFinite(expected), name + " at point " + i);
            // Measured: every built-in's right-hand side equal to the last bit; the bound is the one above.
            assertEquals(expected, actual[i], 1e-14 * Math.max(1, Math.abs(expected)), name + " at point " + i);
        }
    }

    @Test
    void columnPicksTheUnknownAndTheOrder() {
        TensorAlgebra algebra = algebra();
        for (int k = 0; k <= 2; k++) {
            for (int j = 0; j < UNKNOWNS.size(); j++) {
                NDArray column = algebra.column(UNKNOWNS.get(j), k);
                assertEquals(new Shape(N, 1), column.getShape());
                assertArrayEquals(VALUES[k][j], column.toDoubleArray(), 0);
            }
        }
    }

    private static TensorAlgebra algebra() {
        NDArray[] derivatives = new NDArray[3];
        for (int k = 0; k <= 2; k++) {
            double[] flat = new double[N * 2];
            for (int i = 0; i < N; i++) {
                flat[2 * i] = VALUES[k][0][i];
                flat[2 * i + 1] = VALUES[k][1][i];
            }
            derivatives[k] = manager.create(flat, new Shape(N, 2));
        }
        return new TensorAlgebra(manager.create(T, new Shape(N, 1)), UNKNOWNS, derivatives, java.util.Map.of());
    }

    private static double[] onTensors(Expr expr) {
        NDArray result = algebra().evaluate(expr);
        assertEquals(new Shape(N, 1), result.getShape(), "a column for " + expr);
        return result.toDoubleArray();
    }

    private static double[] onDoubles(Expr expr) {
        double[] result = new double[N];
        for (int i = 0; i < N; i++) {
            Map<String, double[]> state = Map.of(
                    "u", new double[] {VALUES[0][0][i], VALUES[1][0][i], VALUES[2][0][i]},
                    "w", new double[] {VALUES[0][1][i], VALUES[1][1][i], VALUES[2][1][i]});
            result[i] = expr.evaluate(new DoubleAlgebra(T[i], state));
        }
        return result;
    }
}

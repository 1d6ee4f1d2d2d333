package pinn4j.solver.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pinn4j.problems.Condition;
import pinn4j.problems.OdeProblem;
import pinn4j.solver.Activation;
import pinn4j.solver.LossTerm;
import pinn4j.solver.LossWeights;
import pinn4j.solver.Regularization;

/**
 * The weight penalties against their sums and gradients by hand, and dropout masks through the Taylor components
 * against central differences of the masked network.
 */
class RegularizationLossTest {

    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = Engines.pytorch().newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** u'' = -4 u on [0, 1], u(0) = 1, u'(0) = 0. */
    private static OdeProblem oscillator() {
        return OdeProblem.builder().setName("oscillator").setDomain(0, 1)
                .addEquation("u", 2, s -> s.c(-4).times(s.u("u")))
                .addCondition(Condition.value("u", 0, 1)).addCondition(Condition.derivative("u", 1, 0, 0)).build();
    }

    private static TaylorMlp network(NDManager scope, List<Integer> widths, long seed) {
        TaylorMlp network = new TaylorMlp(widths, 1, Activation.TANH, 0, 1);
        Engines.withSeed(seed, () -> network.initialize(scope, DataType.FLOAT64, new Shape(1, 1)));
        return network;
    }

    @Test
    void penaltiesAreTheWeightMatricesSumsAndTheirGradientsAreAnalytic() {
        OdeProblem problem = oscillator();
        double l1 = 0.3;
        double l2 = 0.7;
        PinnLoss plain = new PinnLoss(problem, LossWeights.equal(), false, List.of());
        PinnLoss penalized = new PinnLoss(problem, LossWeights.equal(), false, List.of(),
                new Regularization(l1, l2, 0));
        assertEquals(List.of("u(0) = 1", "u'(0) = 0", "residual", "l1", "l2"),
                penalized.terms().stream().map(LossTerm::name).toList());
        assertEquals(LossTerm.Kind.PENALTY, penalized.terms().get(3).kind());
        assertArrayEquals(new double[] {1, 1, 1, l1, l2}, penalized.weights(), 0);
        try (NDManager scope = manager.newSubManager()) {
            TaylorMlp network = network(scope, List.of(4, 3), 11);
            ParameterVector vector = new ParameterVector(network.orderedParameters());
            double[] collocation = problem.domain().grid(9);
            double[] batch = penalized.batch(collocation);
            NDArray points = scope.create(batch, new Shape(batch.length, 1));

            double[] withPenalty = gradient(penalized, network, vector, points, collocation.length);
            double[] without = gradient(plain, network, vector, points, collocation.length);
            double[] terms = penalized.evaluate(network, Map.of(), points, collocation.length).toDoubleArray();

            // weight0 (4, 1), bias0 (4), weight1 (3, 4), bias1 (3), weight2 (1, 3), bias2 (1), in vector order.
            double[] x = vector.read();
            boolean[] isWeight = new boolean[x.length];
            int offset = 0;
            for (Shape shape : network.parameterShapes()) {
                for (int i = 0; i < shape.size(); i++) {
                    isWeight[offset + i] = shape.dimension() == 2;
                }
                offset += (int) shape.size();
            }
            double absSum = 0;
            double squareSum = 0;
            for (int i = 0; i < x.length; i++) {
                if (isWeight[i]) {
                    absSum += Math.abs(x[i]);
                    squareSum += x[i] * x[i];
                }
            }
            // Measured: the sums (12.2 and 16.3) 2e-15 and 4e-15 apart, an ulp or two of summation order.
            assertEquals(absSum, terms[3], 1e-14 * absSum);
            assertEquals(squareSum, terms[4], 1e-14 * squareSum);
            assertTrue(absSum > 1 && squareSum > 0.5, "the sums must not be trivially small");
            for (int i = 0; i < x.length; i++) {
                // d(l1 sum|w| + l2 sum w^2)/dw = l1 sign(w) + 2 l2 w on weights, nothing on biases; the other terms'
                // gradient cancels in the difference to rounding (measured 1.3e-14 at most; tolerance 1e-13).
                double expected = isWeight[i] ? l1 * Math.signum(x[i]) + 2 * l2 * x[i] : 0;
                assertEquals(expected, withPenalty[i] - without[i], 1e-13, "coordinate " + i);
            }
        }
    }

    private static double[] gradient(PinnLoss loss, TaylorMlp network, ParameterVector vector, NDArray points,
                                     int collocationCount) {
        vector.clearGradients();
        try (NDManager scope = manager.newSubManager();
             GradientCollector collector = Engines.pytorch().newGradientCollector()) {
            NDArray terms = loss.evaluate(network, Map.of(), points, collocationCount);
            scope.tempAttachAll(terms);
            collector.backward(terms.mul(scope.create(loss.weights())).sum());
        }
        return vector.takeGradients();
    }

    @Test
    void masksScaleEveryTaylorComponentAsCentralDifferencesOfTheMaskedNetworkDo() {
        try (NDManager scope = manager.newSubManager()) {
            List<Integer> widths = List.of(6, 5);
            TaylorMlp network = network(scope, widths, 3);
            double[] t = {0.05, 0.3, 0.55, 0.9};
            double rate = 0.4;
            SplittableRandom random = new SplittableRandom(8);
            List<NDArray> masks = new ArrayList<>();
            int dropped = 0;
            for (int width : widths) {
                double[] mask = new double[t.length * width];
                for (int i = 0; i < mask.length; i++) {
                    boolean drop = random.nextDouble() < rate;
                    dropped += drop ? 1 : 0;
                    mask[i] = drop ? 0 : 1 / (1 - rate);
                }
                masks.add(scope.create(mask, new Shape(t.length, width)));
            }
            assertTrue(dropped > 0, "some units must be dropped");
            double[][] masked = columns(network.derivatives(column(scope, t), 2, masks));
            double[][] plain = columns(network.derivatives(column(scope, t), 2));
            double h = 1e-4;
            double[] up = columns(network.derivatives(column(scope, shifted(t, h)), 0, masks))[0];
            double[] down = columns(network.derivatives(column(scope, shifted(t, -h)), 0, masks))[0];
            for (int i = 0; i < t.length; i++) {
                double first = (up[i] - down[i]) / (2 * h);
                double second = (up[i] - 2 * masked[0][i] + down[i]) / (h * h);
                // Measured: first derivatives (0.28 to 4.3) at most 9e-8 apart, second (up to 6.9) 2.5e-7
                // (truncation h^2 and rounding eps/h^2); 1e-6 and 1e-5 leave tenfold headroom or more, and a
                // missed mask on a component would be off by the order of the component (0.4 to 6.7 here).
                assertEquals(first, masked[1][i], 1e-6, "u' at " + t[i]);
                assertEquals(second, masked[2][i], 1e-5, "u'' at " + t[i]);
                assertTrue(Math.abs(masked[1][i] - plain[1][i]) > 1e-3, "the masks change u' at " + t[i]);
            }
            // All-ones masks are no dropout at all.
            List<NDArray> ones = widths.stream().map(w -> scope.ones(new Shape(t.length, w), DataType.FLOAT64))
                    .toList();
            double[][] kept = columns(network.derivatives(column(scope, t), 2, ones));
            for (int k = 0; k <= 2; k++) {
                assertArrayEquals(plain[k], kept[k], 0);
            }
        }
    }

    private static NDArray column(NDManager scope, double[] t) {
        return scope.create(t, new Shape(t.length, 1));
    }

    private static double[] shifted(double[] t, double h) {
        double[] s = t.clone();
        for (int i = 0; i < s.length; i++) {
            s[i] += h;
        }
        return s;
    }

    private static double[][] columns(NDArray[] derivatives) {
        double[][] values = new double[derivatives.length][];
        for (int k = 0; k < derivatives.length; k++) {
            values[k] = derivatives[k].toDoubleArray();
        }
        return values;
    }
}

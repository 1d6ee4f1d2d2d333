package pinn4j.solver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import pinn4j.solver.Activation;

/** The network's time derivatives against analytic values and central differences, orders 1 to 4. */
class TaylorMlpTest {

    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = Engines.pytorch().newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** sigma^(k)(z) for k = 0..4, from textbook closed forms independent of the implementation. */
    private static double[] analytic(Activation activation, double z) {
        double s = 1 / (1 + Math.exp(-z));
        double[] sigmoid = {s, s * (1 - s), s * (1 - s) * (1 - 2 * s), s * (1 - s) * (1 - 6 * s + 6 * s * s),
            s * (1 - s) * (1 - 2 * s) * (1 - 12 * s + 12 * s * s)};
        switch (activation) {
            case TANH: {
                double h = Math.tanh(z);
                double q = 1 - h * h;
                return new double[] {h, q, -2 * h * q, -2 * q * (1 - 3 * h * h), 8 * h * q * (2 - 3 * h * h)};
            }
            case SIN:
                return new double[] {Math.sin(z), Math.cos(z), -Math.sin(z), -Math.cos(z), Math.sin(z)};
            case SIGMOID:
                return sigmoid;
            case SOFTPLUS:
                return new double[] {Math.log1p(Math.exp(z)), sigmoid[0], sigmoid[1], sigmoid[2], sigmoid[3]};
            case SILU: {
                double[] d = new double[5];
                d[0] = z * s;
                for (int k = 1; k <= 4; k++) {
                    d[k] = z * sigmoid[k] + k * sigmoid[k - 1];
                }
                return d;
            }
            default:
                return new double[] {Math.max(z, 0), z > 0 ? 1 : 0, 0, 0, 0};
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void oneUnitMatchesTheChainRuleInClosedForm(Activation activation) {
        // u(t) = v sigma(a s + b) + c with s = (t - 1.5) / 0.5 on the domain [1, 2].
        double a = 0.7;
        double b = -0.3;
        double v = 1.3;
        double c = 0.2;
        TaylorMlp network = new TaylorMlp(List.of(1), 1, activation, 1, 2);
        network.initialize(manager, DataType.FLOAT64, new Shape(1, 1));
        new ParameterVector(network.orderedParameters()).write(new double[] {a, b, v, c});
        double[] t = {1.0, 1.23, 1.5, 1.91, 2.0};
        NDArray[] derivatives = network.derivatives(manager.create(t, new Shape(t.length, 1)), 4);
        for (int i = 0; i < t.length; i++) {
            double z = a * (t[i] - 1.5) / 0.5 + b;
            double[] sigma = analytic(activation, z);
            for (int k = 0; k <= 4; k++) {
                double expected = (k == 0 ? c : 0) + v * Math.pow(a / 0.5, k) * sigma[k];
                double actual = derivatives[k].getDouble(i, 0);
                assertEquals(expected, actual, 1e-12 * Math.max(1, Math.abs(expected)),
                        activation + " order " + k + " at t=" + t[i]);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"TANH", "SIN", "SIGMOID", "SOFTPLUS", "SILU"})
    void deepNetworkMatchesCentralDifferences(Activation activation) {
        TaylorMlp network = new TaylorMlp(List.of(16, 16, 16), 2, activation, -1, 3);
        Engines.withSeed(7, () -> network.initialize(manager, DataType.FLOAT64, new Shape(1, 1)));
        double h = 4e-3;
        double[] centres = {-0.5, 0.4, 1.7, 2.6};
        double[] offsets = {-3, -2, -1, 1, 2, 3};
        double[] stencil = {-1, 9, -45, 45, -9, 1}; // sixth-order first derivative, divided by 60 h
        double worst = 0;
        double[] largest = new double[5];
        int compared = 0;
        for (double centre : centres) {
            double[] t = new double[offsets.length + 1];
            for (int j = 0; j < offsets.length; j++) {
                t[j] = centre + offsets[j] * h;
            }
            t[offsets.length] = centre;
            NDArray[] d = network.derivatives(manager.create(t, new Shape(t.length, 1)), 4);
            for (int k = 1; k <= 4; k++) {
                for (int output = 0; output < 2; output++) {
                    double difference = 0;
                    for (int j = 0; j < offsets.length; j++) {
                        difference += stencil[j] * d[k - 1].getDouble(j, output);
                    }
                    difference /= 60 * h;
                    double exact = d[k].getDouble(offsets.length, output);
                    double relative = Math.abs(difference - exact) / Math.max(Math.abs(exact), 1e-3);
                    worst = Math.max(worst, relative);
                    largest[k] = Math.max(largest[k], Math.abs(exact));
                    compared++;
                    assertTrue(relative <= 1e-8, activation + " order " + k + " output " + output + " at t="
                            + centre + ": network " + exact + ", differences " + difference);
                }
            }
        }
        // Measured worst relative difference: 8.4e-10 (sin), 8.5e-11 (tanh), 1.1e-11 (silu), 2e-12 (sigmoid,
        // softplus): the stencil's truncation h^6 f^(k+6) / 140 on the sine network's large high derivatives. The
        // 1e-8 bound leaves a tenfold headroom; a wrong Faa di Bruno term is off by the order of the value itself.
        assertEquals(centres.length * 4 * 2, compared, "every order and output at every centre");
        assertTrue(worst <= 1e-8, activation + " worst relative difference " + worst);
        for (int k = 1; k <= 4; k++) {
            // The relative test divides by max(|exact|, 1e-3): it says something only if the derivatives are well
            // above that floor. Measured smallest of these maxima: 0.032 (sigmoid, third order).
            assertTrue(largest[k] >= 1e-2, activation + " order " + k + ": largest |derivative| " + largest[k]
                    + " is too close to the 1e-3 floor for the comparison to mean anything");
        }
    }

    @Test
    void blockForwardGivesTheValue() {
        TaylorMlp network = new TaylorMlp(List.of(8, 8), 1, Activation.TANH, 0, 1);
        Engines.withSeed(3, () -> network.initialize(manager, DataType.FLOAT64, new Shape(1, 1)));
        NDArray t = manager.create(new double[] {0, 0.5, 1}, new Shape(3, 1));
        NDArray viaBlock = network.forward(new ParameterStore(manager, false), new NDList(t), false).head();
        NDArray viaTaylor = network.derivatives(t, 0)[0];
        assertEquals(0, viaBlock.sub(viaTaylor).abs().max().getDouble(), 0);
        assertEquals(new Shape(3, 1), viaBlock.getShape());
        for (Parameter parameter : network.orderedParameters()) {
            assertTrue(parameter.getArray().hasGradient());
        }
    }
}

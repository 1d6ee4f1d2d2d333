package pinn4j.plots.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;
import pinn4j.problems.BuiltinProblems;
import pinn4j.problems.OdeProblem;

/** Solution charts' titles carry the values of the equations' parameters, and fit the chart. */
class ChartTitleTest {

    private static OdeProblem builtin(String name, Map<String, Double> parameters) {
        return BuiltinProblems.find(name).orElseThrow().create(parameters);
    }

    @Test
    void titlesNameTheParametersTheEquationsUseAtTheirValues() {
        assertEquals("damped-oscillator:  x'' = -(mu/m)*x' - (k/m)*x   (mu = 8, m = 1, k = 400)",
                Charts.title(builtin("damped-oscillator", Map.of("mu", 8.0))));
        // Lorenz's three equations and their values would overflow the 1000-pixel chart: the values win.
        assertEquals("lorenz:  sigma = 10, rho = 28, beta = 2.66667", Charts.title(builtin("lorenz", Map.of())));
        // y0 is a condition's value, not the equation's, so it stays out.
        assertEquals("exponential-decay:  y' = -r*y   (r = 0.5)",
                Charts.title(builtin("exponential-decay", Map.of("r", 0.5))));
    }
}

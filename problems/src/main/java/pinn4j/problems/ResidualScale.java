package pinn4j.problems;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The natural size of each equation's highest derivative, used to bring residuals to the scale of the unknowns.
 * For {@code u^(n) = f}, each lower derivative {@code v^(j)} that f depends on sets a rate
 * {@code |df/dv^(j)|^(1/(n-j))}; with omega the largest rate (at least 1), {@code u^(n)} is of order
 * {@code omega^n u}. For {@code x'' = -(mu/m) x' - (k/m) x} with k/m = 400 this gives omega = 20 and scale 400:
 * unscaled, the residual outweighs the initial conditions by 400^2 and the network settles on u = 0.
 */
public final class ResidualScale {

    private static final double[] SAMPLE_FRACTIONS = {0, 0.5, 1};

    private ResidualScale() {
    }

    /**
     * One scale per equation, in equation order; each at least 1.
     *
     * @param problem the problem
     * @return the scales
     */
    public static double[] of(OdeProblem problem) {
        List<Equation> equations = problem.equations();
        Map<String, double[]> state = startingState(problem);
        double[] scales = new double[equations.size()];
        for (int i = 0; i < equations.size(); i++) {
            Equation equation = equations.get(i);
            double omega = 1;
            for (double fraction : SAMPLE_FRACTIONS) {
                double t = problem.domain().t0() + fraction * problem.domain().length();
                for (Expr.Derivative d : equation.rightHandSide().derivatives()) {
                    int gap = equation.order() - d.order();
                    if (gap <= 0) {
                        continue;
                    }
                    double slope = Math.abs(partial(equation.rightHandSide(), t, state, d));
                    if (Double.isFinite(slope) && slope > 0) {
                        omega = Math.max(omega, Math.pow(slope, 1.0 / gap));
                    }
                }
            }
            scales[i] = Math.pow(omega, equation.order());
        }
        return scales;
    }

    /** The conditions' plain values at t0 where given, zero elsewhere. */
    private static Map<String, double[]> startingState(OdeProblem problem) {
        Map<String, double[]> state = new HashMap<>();
        for (Equation equation : problem.equations()) {
            state.put(equation.unknown(), new double[equation.order()]);
        }
        for (Condition condition : problem.conditions()) {
            if (condition.terms().size() == 1 && condition.point() == problem.domain().t0()) {
                Condition.Term term = condition.terms().get(0);
                state.get(term.unknown())[term.order()] = condition.value() / term.coefficient();
            }
        }
        return state;
    }

    private static double partial(Expr f, double t, Map<String, double[]> state, Expr.Derivative d) {
        double[] values = state.get(d.unknown());
        double original = values[d.order()];
        double h = 1e-6 * Math.max(1, Math.abs(original));
        values[d.order()] = original + h;
        double up = f.evaluate(new DoubleAlgebra(t, state));
        values[d.order()] = original - h;
        double down = f.evaluate(new DoubleAlgebra(t, state));
        values[d.order()] = original;
        return (up - down) / (2 * h);
    }
}

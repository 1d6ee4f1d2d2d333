package pinn4j.plots.comparator;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import pinn4j.problems.DoubleAlgebra;
import pinn4j.problems.Equation;
import pinn4j.problems.Expr;
import pinn4j.problems.OdeProblem;
import pinn4j.solver.TrainedPinn;

/**
 * The network against the exact solution (where known) and the Hipparchus reference on one grid, with the error
 * figures. Errors are taken against the exact solution when there is one, else against the reference.
 *
 * @param t the comparison grid
 * @param pinn {@code [unknown][i]} the network
 * @param hipparchus {@code [unknown][i]} the integrator (with shooting for boundary-value problems), or null when
 *     there is none
 * @param referenceNote why there is no Hipparchus solution, or null
 * @param exact {@code [unknown][i]} the exact solution, or null
 * @param referenceKind "exact", "hipparchus" or "none"
 * @param relativeL2Error {@code ||pinn - ref|| / ||ref||} over all unknowns, NaN without a reference
 * @param maxAbsError {@code max |pinn - ref|}, NaN without a reference
 * @param components per unknown: its relative L2 and max absolute error
 * @param hipparchusMaxAbsError {@code max |hipparchus - exact|} when both exist, else NaN
 * @param heldOutResidualRms root mean square of the equations' residuals on the comparison grid, whose points the
 *     network was not trained on; a measure of quality that needs no reference
 */
public record Comparison(double[] t, double[][] pinn, double[][] hipparchus, String referenceNote, double[][] exact,
                         String referenceKind,
                         double relativeL2Error, double maxAbsError, Map<String, double[]> components,
                         double hipparchusMaxAbsError, double heldOutResidualRms) {

    /** Points on the comparison grid. */
    public static final int DEFAULT_POINTS = 1001;

    /**
     * Compares a trained network on a uniform grid of {@code points} over its domain.
     *
     * @param trained the trained network
     * @param points the number of grid points, at least 2; {@link #DEFAULT_POINTS} in pinn4j's files
     * @return the comparison
     */
    public static Comparison of(TrainedPinn trained, int points) {
        OdeProblem problem = trained.problem();
        double[] t = problem.domain().grid(points);
        List<String> unknowns = problem.unknowns();
        double[][][] derivatives = trained.evaluate(t, problem.maxOrder());
        double[][] pinn = derivatives[0];
        Reference reference = Reference.solve(problem, t);
        double[][] hipparchus = reference.values();
        double[][] exact = null;
        if (problem.hasExactSolution()) {
            exact = new double[unknowns.size()][t.length];
            for (int u = 0; u < unknowns.size(); u++) {
                Expr solution = problem.exactSolutions().get(unknowns.get(u));
                for (int i = 0; i < t.length; i++) {
                    exact[u][i] = solution.valueAt(t[i]);
                }
            }
        }
        double[][] target = exact != null ? exact : hipparchus;
        String kind = exact != null ? "exact" : hipparchus != null ? "hipparchus" : "none";
        Map<String, double[]> components = new LinkedHashMap<>();
        double relative = Double.NaN;
        double maxAbs = Double.NaN;
        if (target != null) {
            double squaredError = 0;
            double squaredTarget = 0;
            maxAbs = 0;
            for (int u = 0; u < unknowns.size(); u++) {
                double[] errors = errors(pinn[u], target[u]);
                components.put(unknowns.get(u), new double[] {Math.sqrt(errors[0] / errors[1]), errors[2]});
                squaredError += errors[0];
                squaredTarget += errors[1];
                maxAbs = Math.max(maxAbs, errors[2]);
            }
            relative = Math.sqrt(squaredError / squaredTarget);
        }
        double referenceError = Double.NaN;
        if (exact != null && hipparchus != null) {
            referenceError = 0;
            for (int u = 0; u < unknowns.size(); u++) {
                referenceError = Math.max(referenceError, errors(hipparchus[u], exact[u])[2]);
            }
        }
        return new Comparison(t, pinn, hipparchus, reference.failure(), exact, kind, relative, maxAbs, components,
                referenceError, residualRms(problem, derivatives, t));
    }

    /** RMS over points and equations of {@code u^(n) - f(t, u, u', ...)}, the network's derivatives being exact. */
    private static double residualRms(OdeProblem problem, double[][][] derivatives, double[] t) {
        List<String> unknowns = problem.unknowns();
        double sum = 0;
        for (int i = 0; i < t.length; i++) {
            Map<String, double[]> state = new HashMap<>();
            for (int u = 0; u < unknowns.size(); u++) {
                double[] values = new double[problem.maxOrder() + 1];
                for (int k = 0; k < values.length; k++) {
                    values[k] = derivatives[k][u][i];
                }
                state.put(unknowns.get(u), values);
            }
            DoubleAlgebra at = new DoubleAlgebra(t[i], state);
            for (Equation equation : problem.equations()) {
                double residual = state.get(equation.unknown())[equation.order()]
                        - equation.rightHandSide().evaluate(at);
                sum += residual * residual;
            }
        }
        return Math.sqrt(sum / (t.length * (double) problem.equations().size()));
    }

    /**
     * The values errors are measured against.
     *
     * @return the exact solution if known, else the Hipparchus reference, {@code [unknown][i]}; or null
     */
    public double[][] target() {
        return exact != null ? exact : hipparchus;
    }

    /** {sum of squared errors, sum of squared targets, max abs error}. */
    private static double[] errors(double[] values, double[] target) {
        double squaredError = 0;
        double squaredTarget = 0;
        double maxAbs = 0;
        for (int i = 0; i < values.length; i++) {
            double e = values[i] - target[i];
            squaredError += e * e;
            squaredTarget += target[i] * target[i];
            maxAbs = Math.max(maxAbs, Math.abs(e));
        }
        return new double[] {squaredError, squaredTarget, maxAbs};
    }
}

package pinn4j.plots.comparator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import pinn4j.problems.Expr;
import pinn4j.problems.OdeProblem;

/**
 * What a network is measured against on a grid, chosen once for {@link Comparison} and {@link ErrorTrace}.
 *
 * <p>The exact solution is the reference when the problem has one, it is finite on the whole grid, and Hipparchus
 * (when it has a solution) agrees with it to within {@link #AGREEMENT} of the solution's scale. Otherwise the
 * Hipparchus solution is, and a warning says why:
 * <ul>
 *   <li>an exact formula that is NaN or infinite somewhere (say the under-damped formula given over-damped
 *       parameters) has no value to compare with there;</li>
 *   <li>an exact formula that disagrees with the integration of the very equation the network was trained on is
 *       most likely the formula of another problem (a typo, another regime, other initial values): measuring the
 *       network against it would report the formula's error as the network's, while the integrator's own error is
 *       bounded by its tolerance of {@value Reference#TOLERANCE}. The formula is kept for the plots, where the
 *       disagreement shows.</li>
 * </ul>
 *
 * @param kind what the errors are measured against
 * @param values {@code [unknown][i]} the reference on the grid, or null for {@link ReferenceKind#NONE}
 * @param hipparchus {@code [unknown][i]} Hipparchus' solution, or null when there is none
 * @param hipparchusNote why there is no Hipparchus solution, or null
 * @param exact {@code [unknown][i]} the exact solution, or null when there is none or it is not finite
 * @param hipparchusVsExact {@code max |hipparchus - exact|} when both exist, else NaN
 * @param warnings what the user should know about the choice, in order
 */
record Baseline(ReferenceKind kind, double[][] values, double[][] hipparchus, String hipparchusNote, double[][] exact,
                double hipparchusVsExact, List<String> warnings) {

    /**
     * Largest disagreement between Hipparchus and an exact solution, relative to the solution's scale (the largest
     * magnitude either takes on the grid), that still counts as agreement; {@link #FLOOR} is added so that a
     * solution near zero is not judged on rounding.
     */
    static final double AGREEMENT = 1e-6;
    /** Absolute disagreement always allowed, well above the integrator's absolute tolerance. */
    static final double FLOOR = 1e-9;
    /**
     * Reference steps past which a warning says so: the built-ins take at most 108 (measured), and an explicit
     * method needing a hundred times that is held back by stiffness or a very long domain.
     */
    static final int EXTREME_STEPS = 10_000;

    Baseline {
        warnings = List.copyOf(warnings);
    }

    /**
     * Chooses the reference for a problem on a grid.
     *
     * @param problem the problem
     * @param t the grid
     * @return the reference, with Hipparchus' and the exact solution's values and the warnings
     */
    static Baseline on(OdeProblem problem, double[] t) {
        List<String> unknowns = problem.unknowns();
        Reference reference = Reference.solve(problem, t);
        double[][] hipparchus = reference.values();
        List<String> warnings = new ArrayList<>();
        double[][] exact = problem.hasExactSolution() ? new double[unknowns.size()][t.length] : null;
        boolean exactUsable = exact != null;
        for (int u = 0; exact != null && u < unknowns.size(); u++) {
            Expr solution = problem.exactSolutions().get(unknowns.get(u));
            for (int i = 0; i < t.length; i++) {
                exact[u][i] = solution.valueAt(t[i]);
            }
            int bad = firstNonFinite(exact[u]);
            if (bad >= 0) {
                warnings.add(String.format(Locale.ROOT, "the exact solution of %s is %s at %s = %s%s: the formula"
                        + " does not hold there for these parameters; %s", unknowns.get(u), exact[u][bad],
                        problem.variable(), Expr.format(t[bad]), with(problem), instead(hipparchus)));
                exact = null;
                exactUsable = false;
            }
        }
        double disagreement = Double.NaN;
        if (exact != null && hipparchus != null) {
            disagreement = 0;
            for (int u = 0; u < unknowns.size(); u++) {
                double difference = maxAbsDifference(hipparchus[u], exact[u]);
                disagreement = Math.max(disagreement, difference);
                double scale = Math.max(maxAbs(hipparchus[u]), maxAbs(exact[u]));
                if (!(difference <= AGREEMENT * scale + FLOOR)) {
                    warnings.add(String.format(Locale.ROOT, "the exact solution of %s disagrees with the equation:"
                            + " Hipparchus' integration differs from it by up to %.2e, %.1e times the solution's scale"
                            + " %.2e (agreement allows %.0e times)%s; check the exact formula against the equation,"
                            + " the conditions and the parameters; the errors are measured against the Hipparchus"
                            + " reference instead", unknowns.get(u), difference, difference / scale, scale, AGREEMENT,
                            with(problem)));
                    exactUsable = false;
                }
            }
        }
        if (reference.steps() > EXTREME_STEPS) {
            warnings.add(String.format(Locale.ROOT, "Hipparchus' Dormand-Prince 8(5,3) needed %d steps at tolerance"
                    + " %.0e for the reference%s: the equation is stiff or the domain holds very many periods (see"
                    + " `pinn run --explain`), and Hipparchus has no implicit method for stiff equations",
                    reference.steps(), Reference.TOLERANCE, with(problem)));
        }
        ReferenceKind kind = exactUsable ? ReferenceKind.EXACT
                : hipparchus != null ? ReferenceKind.HIPPARCHUS : ReferenceKind.NONE;
        if (kind == ReferenceKind.NONE) {
            // Without it a run far from the solution would pass silently: the error warnings need a reference.
            warnings.add(String.format(Locale.ROOT, "there is no reference solution%s (%s): the network's"
                    + " errors are unknown, and only the residual between the collocation points"
                    + " (heldOutResidualRms) speaks for it", with(problem), reference.failure() != null
                    ? "Hipparchus: " + reference.failure() : "no exact solution either"));
        }
        double[][] values = kind == ReferenceKind.EXACT ? exact : hipparchus;
        return new Baseline(kind, values, hipparchus, reference.failure(), exact, disagreement, warnings);
    }

    /** The parameters as a message names them: {@code m = 1, mu = 100}; empty when there are none. */
    static String parameters(OdeProblem problem) {
        List<String> named = new ArrayList<>();
        problem.parameters().forEach((name, value) -> named.add(name + " = " + Expr.format(value)));
        return String.join(", ", named);
    }

    /** {@link #parameters} for the end of a sentence: {@code " with m = 1, mu = 100"}, or nothing. */
    private static String with(OdeProblem problem) {
        String parameters = parameters(problem);
        return parameters.isEmpty() ? "" : " with " + parameters;
    }

    private static String instead(double[][] hipparchus) {
        return hipparchus != null ? "the errors are measured against the Hipparchus reference instead"
                : "there is no Hipparchus reference either, so no errors are computed";
    }

    private static int firstNonFinite(double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                return i;
            }
        }
        return -1;
    }

    private static double maxAbs(double[] values) {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    private static double maxAbsDifference(double[] a, double[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}

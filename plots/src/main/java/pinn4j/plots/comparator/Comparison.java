package pinn4j.plots.comparator;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import pinn4j.problems.DoubleAlgebra;
import pinn4j.problems.Equation;
import pinn4j.problems.OdeProblem;
import pinn4j.solver.TrainedPinn;

/**
 * The network against the exact solution (where known) and the Hipparchus reference on one grid, with the error
 * figures. Errors are taken against the exact solution when it is finite and agrees with Hipparchus, else against
 * Hipparchus, with a warning that says why ({@link #warnings()}; the choice is explained in full where it is made,
 * in {@code Baseline}).
 *
 * <p>An immutable value: the arrays are copied in and out, and two comparisons are equal when their contents are.
 *
 * @param t the comparison grid
 * @param pinn {@code [unknown][i]} the network
 * @param hipparchus {@code [unknown][i]} the integrator (with shooting for boundary-value problems), or null when
 *     there is none
 * @param referenceNote why there is no Hipparchus solution, or null
 * @param exact {@code [unknown][i]} the exact solution, or null when there is none or it is not finite
 * @param referenceKind what the errors are measured against
 * @param relativeL2Error {@code ||pinn - ref|| / ||ref||} over all unknowns, NaN without a reference
 * @param maxAbsError {@code max |pinn - ref|}, NaN without a reference
 * @param components per unknown, in output order: its relative L2 and max absolute error
 * @param hipparchusMaxAbsError {@code max |hipparchus - exact|} when both exist, else NaN
 * @param heldOutResidualRms root mean square of the equations' residuals on the comparison grid, whose points the
 *     network was not trained on; a measure of quality that needs no reference
 * @param warnings what the user should know about the reference: an exact solution that is not finite or
 *     disagrees with the equation; empty when there is nothing to say
 */
public record Comparison(double[] t, double[][] pinn, double[][] hipparchus, String referenceNote, double[][] exact,
                         ReferenceKind referenceKind,
                         double relativeL2Error, double maxAbsError, Map<String, Errors> components,
                         double hipparchusMaxAbsError, double heldOutResidualRms, List<String> warnings) {

    /** Points on the comparison grid. */
    public static final int DEFAULT_POINTS = 1001;

    /**
     * One unknown's errors against the reference.
     *
     * @param relativeL2Error {@code ||pinn - ref|| / ||ref||}
     * @param maxAbsError {@code max |pinn - ref|}
     */
    public record Errors(double relativeL2Error, double maxAbsError) {
    }

    /**
     * Copies the arrays and collections, so the comparison cannot change after it is made.
     *
     * @param t the comparison grid
     * @param pinn {@code [unknown][i]} the network
     * @param hipparchus {@code [unknown][i]} the integrator, or null when there is none
     * @param referenceNote why there is no Hipparchus solution, or null
     * @param exact {@code [unknown][i]} the exact solution, or null
     * @param referenceKind what the errors are measured against
     * @param relativeL2Error relative L2 error over all unknowns, NaN without a reference
     * @param maxAbsError largest absolute error, NaN without a reference
     * @param components per unknown, its errors
     * @param hipparchusMaxAbsError {@code max |hipparchus - exact|} when both exist, else NaN
     * @param heldOutResidualRms root mean square residual on the comparison grid
     * @param warnings what the user should know about the reference
     * @throws NullPointerException when the grid, the network's values, the kind, the components or the warnings
     *     are missing
     */
    public Comparison {
        t = Objects.requireNonNull(t, "t").clone();
        pinn = copy(Objects.requireNonNull(pinn, "pinn"));
        hipparchus = copy(hipparchus);
        exact = copy(exact);
        Objects.requireNonNull(referenceKind, "referenceKind");
        components = Collections.unmodifiableMap(new LinkedHashMap<>(components));
        warnings = List.copyOf(warnings);
    }

    /**
     * Compares a trained network on a uniform grid of {@code points} over its domain.
     *
     * @param trained the trained network
     * @param points the number of grid points, at least 2; {@link #DEFAULT_POINTS} in pinn4j's files
     * @return the comparison
     */
    public static Comparison of(TrainedPinn trained, int points) {
        return of(trained, trained.estimatedProblem(), points);
    }

    /**
     * Compares a trained network with the solution of a given problem: for an inverse problem, the problem at the
     * true parameters when they are known, else at the classical fit's; the held-out residual stays the network's
     * own, at its estimates.
     *
     * @param trained the trained network
     * @param reference the problem whose exact solution and Hipparchus solution the network is measured against;
     *     the same equations, unknowns and domain as the network's
     * @param points the number of grid points, at least 2
     * @return the comparison
     */
    public static Comparison of(TrainedPinn trained, OdeProblem reference, int points) {
        OdeProblem problem = trained.estimatedProblem();
        double[] t = problem.domain().grid(points);
        List<String> unknowns = problem.unknowns();
        double[][][] derivatives = trained.evaluate(t, problem.maxOrder());
        double[][] pinn = derivatives[0];
        Baseline baseline = Baseline.on(reference, t);
        double[][] target = baseline.values();
        Map<String, Errors> components = new LinkedHashMap<>();
        double relative = Double.NaN;
        double maxAbs = Double.NaN;
        if (target != null) {
            double squaredError = 0;
            double squaredTarget = 0;
            maxAbs = 0;
            for (int u = 0; u < unknowns.size(); u++) {
                double[] errors = errors(pinn[u], target[u]);
                components.put(unknowns.get(u), new Errors(Math.sqrt(errors[0] / errors[1]), errors[2]));
                squaredError += errors[0];
                squaredTarget += errors[1];
                maxAbs = Math.max(maxAbs, errors[2]);
            }
            relative = Math.sqrt(squaredError / squaredTarget);
        }
        return new Comparison(t, pinn, baseline.hipparchus(), baseline.hipparchusNote(), baseline.exact(),
                baseline.kind(), relative, maxAbs, components, baseline.hipparchusVsExact(),
                residualRms(problem, derivatives, t), baseline.warnings());
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
     * @return per {@link #referenceKind()}, the exact solution or the Hipparchus reference, {@code [unknown][i]};
     *     null for {@link ReferenceKind#NONE}
     */
    public double[][] target() {
        return referenceKind == ReferenceKind.EXACT ? exact() : referenceKind == ReferenceKind.HIPPARCHUS
                ? hipparchus() : null;
    }

    /**
     * The grid.
     *
     * @return a copy of the comparison grid
     */
    @Override
    public double[] t() {
        return t.clone();
    }

    /**
     * The network's values.
     *
     * @return a copy, {@code [unknown][i]}
     */
    @Override
    public double[][] pinn() {
        return copy(pinn);
    }

    /**
     * Hipparchus' values.
     *
     * @return a copy, {@code [unknown][i]}, or null when there is none
     */
    @Override
    public double[][] hipparchus() {
        return copy(hipparchus);
    }

    /**
     * The exact solution's values.
     *
     * @return a copy, {@code [unknown][i]}, or null when there is none or it is not finite
     */
    @Override
    public double[][] exact() {
        return copy(exact);
    }

    /**
     * Equal when every component is, the arrays compared by content.
     *
     * @param other any object
     * @return whether {@code other} is a comparison with the same contents
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof Comparison c && Arrays.equals(t, c.t) && Arrays.deepEquals(pinn, c.pinn)
                && Arrays.deepEquals(hipparchus, c.hipparchus) && Objects.equals(referenceNote, c.referenceNote)
                && Arrays.deepEquals(exact, c.exact) && referenceKind == c.referenceKind
                && Double.compare(relativeL2Error, c.relativeL2Error) == 0
                && Double.compare(maxAbsError, c.maxAbsError) == 0 && components.equals(c.components)
                && Double.compare(hipparchusMaxAbsError, c.hipparchusMaxAbsError) == 0
                && Double.compare(heldOutResidualRms, c.heldOutResidualRms) == 0 && warnings.equals(c.warnings);
    }

    /**
     * A hash over the contents, consistent with {@link #equals(Object)}.
     *
     * @return the hash
     */
    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(t), Arrays.deepHashCode(pinn), Arrays.deepHashCode(hipparchus),
                referenceNote, Arrays.deepHashCode(exact), referenceKind, relativeL2Error, maxAbsError, components,
                hipparchusMaxAbsError, heldOutResidualRms, warnings);
    }

    /**
     * The figures without the arrays.
     *
     * @return for example {@code Comparison[1001 points, against exact, relative L2 1.2e-04, ...]}
     */
    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "Comparison[%d points, against %s, relative L2 %.3e, max abs %.3e,"
                + " components %s, Hipparchus vs exact %.3e, held-out residual %.3e%s%s]", t.length, referenceKind,
                relativeL2Error, maxAbsError, components, hipparchusMaxAbsError, heldOutResidualRms,
                referenceNote == null ? "" : ", note: " + referenceNote, warnings.isEmpty() ? "" : ", warnings: "
                + warnings);
    }

    private static double[][] copy(double[][] values) {
        if (values == null) {
            return null;
        }
        double[][] copy = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            copy[i] = values[i].clone();
        }
        return copy;
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

package pinn4j.problems;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.hipparchus.complex.Complex;
import org.hipparchus.exception.MathRuntimeException;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.EigenDecompositionNonSymmetric;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;

/**
 * A problem's time scales, found before training: the eigenvalues lambda of the Jacobian of its first-order system
 * ({@link FirstOrderSystem#jacobian}, symbolic) sampled over the domain. An initial-value problem is sampled along a
 * quick Dormand-Prince 8(5,3) integration (tolerances 1e-6 relative, 1e-9 absolute; at most {@link #STEP_BUDGET}
 * steps), at every step's end and at {@value #GRID} evenly spaced points; a boundary-value problem at those points,
 * with each state slot interpolated linearly between the conditions that fix it (constant beyond them, zero where
 * none does). |Re lambda| is a rate of decay or growth, |Im lambda| an angular frequency.
 * <p>
 * Over the domain of length L: {@code periods} is the integral of the fastest |Im lambda| over 2 pi, the number of
 * oscillations the solution makes (it follows a frequency that changes along the way, as in Van der Pol's
 * equation); {@code eFoldings} is the integral of the fastest |Re lambda|. Both are trapezoid sums over the samples;
 * past a point where the integration stopped early they go on at the last sample's rates. {@code stiffnessRatio} is
 * the largest, over the samples, of the fastest |Re lambda| over the slowest nonzero one, a rate slower than 1/L
 * counting as 1/L: over the domain such a mode is as good as constant, and near a point where an eigenvalue crosses
 * zero the plain ratio is unbounded without saying anything about stiffness. A |Re lambda| below 1e-9 of the
 * sample's largest |lambda| is rounding and counts as zero.
 *
 * @param trajectory true when sampled along an integration (initial-value problem), false when over the domain with
 *     the conditions' values (boundary-value problem)
 * @param samples how many points gave a Jacobian whose eigenvalues were computed
 * @param skipped points whose Jacobian was not finite (such as {@code abs} at zero) or whose eigenvalues did not
 *     converge, left out
 * @param fastestRate the largest |Re lambda|
 * @param slowestRate the smallest nonzero |Re lambda|; NaN when every eigenvalue is imaginary or zero
 * @param fastestFrequency the largest |Im lambda| (radians per unit of the variable)
 * @param periods oscillations over the domain, as above
 * @param oscillations the oscillations the quick integration's solution makes: half the times an unknown's derivative
 *     changes sign (ignoring changes below 1e-3 of its largest size so far), for the unknown that changes most; 0 for
 *     a boundary-value problem. Unlike {@code periods} it sees a forcing's frequency, which is not in the Jacobian,
 *     and the true period of a nonlinear oscillation (a pendulum swinging to 143 degrees has real eigenvalues near its
 *     turning points)
 * @param eFoldings e-foldings of the fastest rate over the domain, as above
 * @param stiffnessRatio as above; 1 when there is at most one rate
 * @param magnitudes per unknown, the largest |u| along the integration (for a boundary-value problem, in its
 *     conditions)
 * @param steps the integration's accepted steps (0 for a boundary-value problem)
 * @param reached where the integration stopped: t1 unless it ran out of steps or broke down
 * @param note why it stopped before t1, empty when it did not
 */
public record ProblemAnalysis(boolean trajectory, int samples, int skipped, double fastestRate, double slowestRate,
                              double fastestFrequency, double periods, double oscillations, double eFoldings,
                              double stiffnessRatio, Map<String, Double> magnitudes, int steps, double reached,
                              String note) {

    /**
     * The quick integration's step budget: an explicit method that needs more even at loose tolerances is held back
     * by stiffness or by a very long domain, and the reference (at 1e-12) will need many more.
     */
    public static final int STEP_BUDGET = 10_000;
    /** A stiffness ratio from which an explicit method's steps are held by stability rather than accuracy. */
    private static final double STIFF = 100;
    private static final int GRID = 65;
    private static final double RELATIVE_TOLERANCE = 1e-6;
    private static final double ABSOLUTE_TOLERANCE = 1e-9;
    private static final double ROUNDING = 1e-9;
    /** Points per step where the unknowns' derivatives are read for sign changes; a step spans under a period. */
    private static final int SWING_SAMPLES = 8;
    /** A derivative smaller than this fraction of its largest size so far keeps its last sign: rounding, not a swing. */
    private static final double SWING_FLOOR = 1e-3;

    /**
     * Keeps an unmodifiable copy of the magnitudes in their order.
     *
     * @param trajectory true when sampled along an integration
     * @param samples points with eigenvalues
     * @param skipped points left out
     * @param fastestRate the largest |Re lambda|
     * @param slowestRate the smallest nonzero |Re lambda|, or NaN
     * @param fastestFrequency the largest |Im lambda|
     * @param periods oscillations over the domain
     * @param oscillations the solution's oscillations along the integration
     * @param eFoldings e-foldings over the domain
     * @param stiffnessRatio the stiffness ratio
     * @param magnitudes the largest |u| per unknown
     * @param steps accepted steps
     * @param reached where the integration stopped
     * @param note why it stopped early, or empty
     */
    public ProblemAnalysis {
        magnitudes = Collections.unmodifiableMap(new LinkedHashMap<>(magnitudes));
        Objects.requireNonNull(note, "note");
    }

    /**
     * Analyses a problem at its parameters' values (a fitted parameter's at its initial guess).
     *
     * @param problem the problem
     * @return what the Jacobian's eigenvalues say; the same record for the same problem
     */
    public static ProblemAnalysis of(OdeProblem problem) {
        FirstOrderSystem system = new FirstOrderSystem(problem);
        Sampler sampler = new Sampler(problem, system);
        if (!problem.isInitialValueProblem()) {
            for (double t : problem.domain().grid(GRID)) {
                sampler.add(t, conditionState(problem, system, t));
            }
            return sampler.result(false, 0, problem.domain().t1(), "");
        }
        double t0 = problem.domain().t0();
        double t1 = problem.domain().t1();
        double[] grid = problem.domain().grid(GRID);
        double[] start = conditionState(problem, system, t0);
        sampler.add(t0, start);
        DormandPrince853Integrator integrator = new DormandPrince853Integrator(1e-14 * problem.domain().length(),
                problem.domain().length(), ABSOLUTE_TOLERANCE, RELATIVE_TOLERANCE);
        int[] steps = {0};
        double[] reached = {t0};
        int[] next = {1};
        integrator.addStepHandler(interpolator -> {
            double end = interpolator.getCurrentState().getTime();
            for (; next[0] < grid.length && grid[next[0]] <= end; next[0]++) {
                if (grid[next[0]] < end) {
                    sampler.add(grid[next[0]], interpolator.getInterpolatedState(grid[next[0]]).getPrimaryState());
                }
            }
            sampler.add(end, interpolator.getCurrentState().getPrimaryState());
            double begin = interpolator.getPreviousState().getTime();
            for (int k = 1; k <= SWING_SAMPLES; k++) {
                sampler.swing(interpolator.getInterpolatedState(begin + (end - begin) * k / SWING_SAMPLES)
                        .getPrimaryDerivative());
            }
            steps[0]++;
            reached[0] = end;
            if (steps[0] == STEP_BUDGET && end < t1) {
                throw new OutOfSteps();
            }
        });
        String note = "";
        try {
            integrator.integrate(system, new ODEState(t0, start), t1);
        } catch (OutOfSteps e) {
            note = "Dormand-Prince 8(5,3) at tolerance 1e-6 used its budget of " + STEP_BUDGET + " steps: "
                    + (sampler.stiffnessRatio >= STIFF ? "the equation is stiff" : "the domain holds very many periods")
                    + ", and the reference (at 1e-12) will need many more steps";
        } catch (MathRuntimeException e) {
            note = "the integration broke down (" + e.getMessage() + ")";
        }
        return sampler.result(true, steps[0], reached[0], note);
    }

    /** The conditions' plain values at t, interpolated between the points that give them. */
    private static double[] conditionState(OdeProblem problem, FirstOrderSystem system, double t) {
        List<List<double[]>> known = new ArrayList<>();
        for (int slot = 0; slot < system.getDimension(); slot++) {
            known.add(new ArrayList<>());
        }
        for (Condition condition : problem.conditions()) {
            if (condition.terms().size() == 1) {
                Condition.Term term = condition.terms().get(0);
                known.get(system.indexOf(term.unknown(), term.order())).add(new double[] {condition.point(),
                        condition.value() / term.coefficient()});
            }
        }
        double[] state = new double[system.getDimension()];
        for (int slot = 0; slot < state.length; slot++) {
            List<double[]> points = known.get(slot);
            points.sort((a, b) -> Double.compare(a[0], b[0]));
            state[slot] = interpolate(points, t);
        }
        return state;
    }

    private static double interpolate(List<double[]> points, double t) {
        if (points.isEmpty()) {
            return 0;
        }
        double[] first = points.get(0);
        if (t <= first[0]) {
            return first[1];
        }
        for (int i = 1; i < points.size(); i++) {
            double[] a = points.get(i - 1);
            double[] b = points.get(i);
            if (t <= b[0]) {
                return b[0] == a[0] ? b[1] : a[1] + (b[1] - a[1]) * (t - a[0]) / (b[0] - a[0]);
            }
        }
        return points.get(points.size() - 1)[1];
    }

    /** Ends the quick integration when it has used its steps: Hipparchus' own budget counts evaluations. */
    private static final class OutOfSteps extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OutOfSteps() {
            super(null, null, false, false);
        }
    }

    /** Collects each sample's rates and the integrals over the samples. */
    private static final class Sampler {
        private final OdeProblem problem;
        private final FirstOrderSystem system;
        private final double floor;
        private final Map<String, Double> magnitudes = new LinkedHashMap<>();
        private int samples;
        private int skipped;
        private double fastestRate;
        private double slowestRate = Double.POSITIVE_INFINITY;
        private double fastestFrequency;
        private double stiffnessRatio = 1;
        private double periods;
        private double eFoldings;
        private double lastT = Double.NaN;
        private double lastRate;
        private double lastFrequency;
        private final int[] signChanges;
        private final int[] lastSign;
        private final double[] largestDerivative;

        Sampler(OdeProblem problem, FirstOrderSystem system) {
            this.problem = problem;
            this.system = system;
            this.floor = 1 / problem.domain().length();
            for (String unknown : problem.unknowns()) {
                magnitudes.put(unknown, 0.0);
            }
            signChanges = new int[problem.unknowns().size()];
            lastSign = new int[problem.unknowns().size()];
            largestDerivative = new double[problem.unknowns().size()];
        }

        /** Counts the unknowns' derivatives' sign changes, given the first-order system's derivative. */
        void swing(double[] derivative) {
            for (int i = 0; i < signChanges.length; i++) {
                double d = derivative[system.indexOf(problem.unknowns().get(i), 0)];
                largestDerivative[i] = Math.max(largestDerivative[i], Math.abs(d));
                if (Math.abs(d) > SWING_FLOOR * largestDerivative[i]) {
                    int sign = d > 0 ? 1 : -1;
                    signChanges[i] += lastSign[i] != 0 && sign != lastSign[i] ? 1 : 0;
                    lastSign[i] = sign;
                }
            }
        }

        void add(double t, double[] state) {
            for (String unknown : problem.unknowns()) {
                magnitudes.merge(unknown, Math.abs(state[system.indexOf(unknown, 0)]), Math::max);
            }
            double[][] jacobian = system.jacobian(t, state);
            for (double[] row : jacobian) {
                for (double entry : row) {
                    if (!Double.isFinite(entry)) {
                        skipped++;
                        return;
                    }
                }
            }
            Complex[] eigenvalues;
            try {
                eigenvalues = new EigenDecompositionNonSymmetric(new Array2DRowRealMatrix(jacobian, false))
                        .getEigenvalues();
            } catch (MathRuntimeException e) {
                skipped++;
                return;
            }
            double largest = 0;
            for (Complex lambda : eigenvalues) {
                largest = Math.max(largest, lambda.norm());
            }
            double rate = 0;
            double slowest = Double.POSITIVE_INFINITY;
            double frequency = 0;
            for (Complex lambda : eigenvalues) {
                double re = Math.abs(lambda.getReal());
                frequency = Math.max(frequency, Math.abs(lambda.getImaginary()));
                if (re > ROUNDING * largest) {
                    rate = Math.max(rate, re);
                    slowest = Math.min(slowest, re);
                }
            }
            samples++;
            fastestRate = Math.max(fastestRate, rate);
            slowestRate = Math.min(slowestRate, slowest);
            fastestFrequency = Math.max(fastestFrequency, frequency);
            if (rate > 0) {
                stiffnessRatio = Math.max(stiffnessRatio, rate / Math.max(slowest, floor));
            }
            if (!Double.isNaN(lastT)) {
                periods += (t - lastT) * (frequency + lastFrequency) / 2 / (2 * Math.PI);
                eFoldings += (t - lastT) * (rate + lastRate) / 2;
            }
            lastT = t;
            lastRate = rate;
            lastFrequency = frequency;
        }

        ProblemAnalysis result(boolean trajectory, int steps, double reached, String note) {
            double rest = Double.isNaN(lastT) ? 0 : problem.domain().t1() - lastT;
            return new ProblemAnalysis(trajectory, samples, skipped, fastestRate,
                    Double.isInfinite(slowestRate) ? Double.NaN : slowestRate, fastestFrequency,
                    periods + rest * lastFrequency / (2 * Math.PI),
                    java.util.Arrays.stream(signChanges).max().orElse(0) / 2.0, eFoldings + rest * lastRate,
                    stiffnessRatio,
                    magnitudes, steps, reached, note);
        }
    }
}

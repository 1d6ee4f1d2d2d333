package pinn4j.plots.comparator;

import java.util.List;
import java.util.Locale;

import org.hipparchus.exception.MathRuntimeException;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.RealVector;
import org.hipparchus.ode.DenseOutputModel;
import org.hipparchus.ode.LocalizedODEFormats;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresBuilder;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresOptimizer;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LevenbergMarquardtOptimizer;
import org.hipparchus.util.Pair;
import pinn4j.problems.Condition;
import pinn4j.problems.Expr;
import pinn4j.problems.FirstOrderSystem;
import pinn4j.problems.OdeProblem;

/**
 * The classical solution the network is compared with: Hipparchus' Dormand-Prince 8(5,3) with tolerances 1e-12 and
 * dense output. An initial-value problem is integrated from its conditions. Any other problem is solved by
 * shooting: the whole state at t0 is unknown, and Levenberg-Marquardt (Hipparchus) drives every condition's misfit
 * to zero, each misfit needing one integration; the reference exists only if the misfits end below 1e-9.
 *
 * @param method how it was obtained
 * @param values {@code [unknown][i]} at the requested points, or null if there is none
 * @param failure why there is none, or null
 * @param steps the accepted steps of the integration the values come from, 0 when there are none
 */
public record Reference(String method, double[][] values, String failure, int steps) {

    /** Absolute and relative tolerance of the integrator. */
    public static final double TOLERANCE = 1e-12;
    /** Largest condition misfit, relative to the conditions' size, that counts as solved. */
    public static final double SHOOTING_TOLERANCE = 1e-9;

    /**
     * The reference at the points {@code t}.
     *
     * @param problem the problem
     * @param t increasing points in the problem's domain
     * @return the solution, or the reason there is none
     */
    public static Reference solve(OdeProblem problem, double[] t) {
        FirstOrderSystem system = new FirstOrderSystem(problem);
        if (problem.isInitialValueProblem()) {
            double[] initial = new double[system.getDimension()];
            for (Condition condition : problem.conditions()) {
                Condition.Term term = condition.terms().get(0);
                initial[system.indexOf(term.unknown(), term.order())] = condition.value();
            }
            try {
                Integration solution = integrate(problem, system, initial);
                return new Reference("Hipparchus DP853", sample(problem, system, solution.dense(), t), null,
                        solution.steps());
            } catch (BrokeDown e) {
                return new Reference("Hipparchus DP853", null, e.getMessage(), 0);
            }
        }
        return shoot(problem, system, t);
    }

    /**
     * Synthetic measurements: each unknown's values plus Gaussian noise of standard deviation {@code relative} times
     * the values' RMS, drawn from {@code seed}. Every unknown's noise is drawn, in the problem's order, so that an
     * unknown's measurements do not depend on which others are kept; the same seed scales one draw by the noise level.
     *
     * @param relative the noise's standard deviation relative to each unknown's RMS, at least 0 (0: exact values)
     * @param seed the seed of the noise
     * @return {@code [unknown][i]}, new arrays
     * @throws IllegalArgumentException when {@code relative} is negative or not finite
     * @throws IllegalStateException when there is no solution to sample
     */
    public double[][] noisy(double relative, long seed) {
        if (!(relative >= 0) || Double.isInfinite(relative)) {
            throw new IllegalArgumentException("relative noise must be a finite number >= 0, got " + relative);
        }
        if (values == null) {
            throw new IllegalStateException("no solution to sample: " + failure);
        }
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        double[][] noisy = new double[values.length][];
        for (int u = 0; u < values.length; u++) {
            // The RMS scaled by the largest value, so that squares of large values cannot overflow.
            double largest = maxAbs(values[u]);
            double squares = 0;
            for (double value : values[u]) {
                squares += largest == 0 ? 0 : (value / largest) * (value / largest);
            }
            double deviation = relative * largest * Math.sqrt(squares / values[u].length);
            noisy[u] = new double[values[u].length];
            for (int i = 0; i < noisy[u].length; i++) {
                noisy[u][i] = values[u][i] + deviation * random.nextGaussian();
            }
        }
        return noisy;
    }

    private static Reference shoot(OdeProblem problem, FirstOrderSystem system, double[] t) {
        List<Condition> conditions = problem.conditions();
        double scale = 1;
        for (Condition condition : conditions) {
            scale = Math.max(scale, Math.abs(condition.value()));
        }
        double[] start = new double[system.getDimension()];
        for (Condition condition : conditions) {
            if (condition.point() == problem.domain().t0() && condition.terms().size() == 1) {
                Condition.Term term = condition.terms().get(0);
                start[system.indexOf(term.unknown(), term.order())] = condition.value() / term.coefficient();
            }
        }
        String method = "Hipparchus DP853 with shooting (Levenberg-Marquardt)";
        try {
            LeastSquaresOptimizer.Optimum optimum = new LevenbergMarquardtOptimizer()
                    .withCostRelativeTolerance(1e-15).withParameterRelativeTolerance(1e-15).withOrthoTolerance(1e-15)
                    .optimize(new LeastSquaresBuilder().start(start).target(new double[conditions.size()])
                            .model(point -> misfitsWithJacobian(problem, system, point))
                            .maxEvaluations(1000).maxIterations(200).build());
            double[] initial = optimum.getPoint().toArray();
            Integration solution = integrate(problem, system, initial);
            double worst = maxAbs(misfits(problem, system, solution.dense()));
            if (!(worst <= SHOOTING_TOLERANCE * scale)) {
                return new Reference(method, null, String.format("shooting did not converge: the conditions are"
                        + " missed by up to %.2e", worst), 0);
            }
            return new Reference(method, sample(problem, system, solution.dense(), t), null, solution.steps());
        } catch (MathRuntimeException | IllegalStateException e) {
            return new Reference(method, null, "shooting did not converge: " + e.getMessage(), 0);
        } catch (BrokeDown e) {
            return new Reference(method, null, "shooting did not converge: on its way " + e.getMessage(), 0);
        }
    }

    /** Each condition's misfit and their derivatives in the initial state, by central differences. */
    private static Pair<RealVector, org.hipparchus.linear.RealMatrix> misfitsWithJacobian(
            OdeProblem problem, FirstOrderSystem system, RealVector point) {
        double[] x = point.toArray();
        double[] value = misfits(problem, system, integrate(problem, system, x).dense());
        double[][] jacobian = new double[value.length][x.length];
        for (int j = 0; j < x.length; j++) {
            double h = 1e-6 * Math.max(1, Math.abs(x[j]));
            double[] up = x.clone();
            double[] down = x.clone();
            up[j] += h;
            down[j] -= h;
            double[] fUp = misfits(problem, system, integrate(problem, system, up).dense());
            double[] fDown = misfits(problem, system, integrate(problem, system, down).dense());
            for (int i = 0; i < value.length; i++) {
                jacobian[i][j] = (fUp[i] - fDown[i]) / (2 * h);
            }
        }
        return new Pair<>(new ArrayRealVector(value, false), new Array2DRowRealMatrix(jacobian, false));
    }

    private static double[] misfits(OdeProblem problem, FirstOrderSystem system, DenseOutputModel solution) {
        List<Condition> conditions = problem.conditions();
        double[] misfits = new double[conditions.size()];
        for (int i = 0; i < misfits.length; i++) {
            Condition condition = conditions.get(i);
            double[] state = solution.getInterpolatedState(condition.point()).getPrimaryState();
            double sum = -condition.value();
            for (Condition.Term term : condition.terms()) {
                sum += term.coefficient() * state[system.indexOf(term.unknown(), term.order())];
            }
            misfits[i] = sum;
        }
        return misfits;
    }

    /** An integration's dense output and how many steps it took. */
    private record Integration(DenseOutputModel dense, int steps) {
    }

    private static Integration integrate(OdeProblem problem, FirstOrderSystem system, double[] initial) {
        double length = problem.domain().length();
        DormandPrince853Integrator integrator =
                new DormandPrince853Integrator(1e-14 * length, length, TOLERANCE, TOLERANCE);
        DenseOutputModel dense = new DenseOutputModel();
        integrator.addStepHandler(dense);
        double[] reached = {problem.domain().t0()};
        int[] steps = {0};
        integrator.addStepHandler(interpolator -> {
            reached[0] = interpolator.getCurrentState().getTime();
            steps[0]++;
        });
        try {
            integrator.integrate(system, new ODEState(problem.domain().t0(), initial), problem.domain().t1());
        } catch (MathRuntimeException e) {
            throw new BrokeDown(problem, e, reached[0]);
        }
        return new Integration(dense, steps[0]);
    }

    /**
     * Hipparchus gave up on an integration; the message says where, what it means and what to check, in the
     * problem's terms rather than the integrator's ("NaN appears during integration near time NaN").
     */
    private static final class BrokeDown extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BrokeDown(OdeProblem problem, MathRuntimeException cause, double reached) {
            super(describe(problem, cause, reached), cause);
        }

        private static String describe(OdeProblem problem, MathRuntimeException cause, double reached) {
            // Six significant digits are enough to say where: 0.4999999987 reads as 0.5.
            String at = problem.variable() + " = "
                    + Expr.format(Double.parseDouble(String.format(Locale.ROOT, "%.6g", reached)));
            boolean atStart = reached == problem.domain().t0();
            String what;
            if (cause.getSpecifier() == LocalizedODEFormats.MINIMAL_STEPSIZE_REACHED_DURING_INTEGRATION) {
                what = "the integration stalled at " + at + ": its steps fell below the smallest allowed (1e-14 of"
                        + " the domain), so the solution changes too fast there: it blows up, or the equation is"
                        + " very stiff or oscillates very fast";
            } else if (cause.getSpecifier() == LocalizedODEFormats.NAN_APPEARING_DURING_INTEGRATION) {
                what = "the integration broke down " + (atStart ? "at the start, " : "after ") + at + ": the solution"
                        + " stopped being a number, so it blows up or the right-hand side overflows or is undefined"
                        + " there (a division by zero, the log or square root of a negative number)";
            } else {
                what = "the integration failed after " + at + " (" + cause.getMessage() + ")";
            }
            String parameters = Baseline.parameters(problem);
            return what + "; check " + (parameters.isEmpty() ? "" : "the parameters (" + parameters + ") and ")
                    + "the conditions (" + String.join(", ", problem.conditions().stream().map(Condition::label)
                    .toList()) + ")" + (atStart ? "" : ", or end the domain before " + at);
        }
    }

    private static double[][] sample(OdeProblem problem, FirstOrderSystem system, DenseOutputModel solution,
                                     double[] t) {
        List<String> unknowns = problem.unknowns();
        double[][] values = new double[unknowns.size()][t.length];
        for (int i = 0; i < t.length; i++) {
            double[] state = solution.getInterpolatedState(t[i]).getPrimaryState();
            for (int u = 0; u < unknowns.size(); u++) {
                values[u][i] = state[system.indexOf(unknowns.get(u), 0)];
            }
        }
        return values;
    }

    private static double maxAbs(double[] values) {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return Double.isNaN(max) ? Double.POSITIVE_INFINITY : max;
    }
}

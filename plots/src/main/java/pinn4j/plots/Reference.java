package pinn4j.plots;

import java.util.List;

import org.hipparchus.ode.DenseOutputModel;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import pinn4j.problems.Condition;
import pinn4j.problems.FirstOrderSystem;
import pinn4j.problems.OdeProblem;

/**
 * The classical solution the network is compared with: Hipparchus' Dormand-Prince 8(5,3) with tight tolerances and
 * dense output, evaluated on the comparison grid.
 */
public final class Reference {

    /** Absolute and relative tolerance of the integrator. */
    public static final double TOLERANCE = 1e-12;

    private Reference() {
    }

    /** Whether this problem can be integrated forward from t0 (all conditions are plain values there). */
    public static boolean canIntegrate(OdeProblem problem) {
        return problem.isInitialValueProblem();
    }

    /**
     * Integrates an initial-value problem.
     *
     * @return {@code [unknown][i]}: each unknown's value at {@code t[i]}
     */
    public static double[][] integrate(OdeProblem problem, double[] t) {
        if (!canIntegrate(problem)) {
            throw new IllegalArgumentException(problem.name() + ": only initial-value problems can be integrated"
                    + " forward; conditions: " + problem.conditions());
        }
        FirstOrderSystem system = new FirstOrderSystem(problem);
        double[] initial = new double[system.getDimension()];
        for (Condition condition : problem.conditions()) {
            Condition.Term term = condition.terms().get(0);
            initial[system.indexOf(term.unknown(), term.order())] = condition.value();
        }
        double t0 = problem.domain().t0();
        double length = problem.domain().length();
        DormandPrince853Integrator integrator =
                new DormandPrince853Integrator(1e-14 * length, length, TOLERANCE, TOLERANCE);
        DenseOutputModel dense = new DenseOutputModel();
        integrator.addStepHandler(dense);
        integrator.integrate(system, new ODEState(t0, initial), problem.domain().t1());
        List<String> unknowns = problem.unknowns();
        double[][] values = new double[unknowns.size()][t.length];
        for (int i = 0; i < t.length; i++) {
            double[] state = dense.getInterpolatedState(t[i]).getPrimaryState();
            for (int u = 0; u < unknowns.size(); u++) {
                values[u][i] = state[system.indexOf(unknowns.get(u), 0)];
            }
        }
        return values;
    }
}

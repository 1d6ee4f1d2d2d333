package pinn4j.solver;

import java.util.function.Predicate;

import pinn4j.solver.optim.Lbfgs;
import pinn4j.solver.optim.LbfgsResult;
import pinn4j.solver.optim.StopReason;

/**
 * A second-order search that starts again from where it stopped whenever the loss changed under it (the residual
 * weights followed the fitted parameters, or the ramp rose), with what is left of its budgets: its curvature
 * information was of the old loss.
 */
final class RestartingSearch {

    /** A second-order minimizer run with budgets from a start, telling a listener of every accepted step. */
    @FunctionalInterface
    interface Search {
        LbfgsResult run(int maxIterations, int maxEvaluations, double[] start, Lbfgs.IterationListener listener);
    }

    /** Told of every accepted step, numbered across restarts; returns whether the loss changed. */
    @FunctionalInterface
    interface Step {
        boolean lossChanged(int iteration, Lbfgs.Iteration step);
    }

    /**
     * How the search ended.
     *
     * @param result the last run's result
     * @param iterations accepted steps over every run
     * @param evaluations evaluations over every run
     * @param restarts how many times it started again
     */
    record Outcome(LbfgsResult result, int iterations, int evaluations, int restarts) {

        /** Why it stopped, with the restarts. */
        String reason(boolean ramped) {
            String reason = result.stopReason() == StopReason.STOPPED_BY_LISTENER ? "maximum iterations reached"
                    : result.stopReason().description();
            return restarts == 0 ? reason : reason + " (restarted " + restarts + " times as the residual weight"
                    + " followed the fitted parameters" + (ramped ? " and the ramp" : "") + ")";
        }
    }

    private RestartingSearch() {
    }

    /**
     * Runs the search until it stops without the loss having changed, or its budgets are spent.
     *
     * @param search the minimizer
     * @param start the starting point
     * @param maxIterations accepted steps at most, over every run
     * @param maxEvaluations evaluations at most, over every run
     * @param beforeEachRun called before every run (evaluations are numbered anew in each)
     * @param step told of every accepted step
     * @param changeAtConvergence asked, with the point reached, when a run converged with budget left: whether the
     *     loss changes now (the ramp's next step)
     * @return how it ended
     */
    static Outcome run(Search search, double[] start, int maxIterations, int maxEvaluations, Runnable beforeEachRun,
                       Step step, Predicate<double[]> changeAtConvergence) {
        int iterations = 0;
        int evaluations = 0;
        int restarts = 0;
        double[] from = start;
        while (true) {
            int offset = iterations;
            boolean[] changed = {false};
            beforeEachRun.run();
            LbfgsResult result = search.run(maxIterations - offset, Math.max(1, maxEvaluations - evaluations), from,
                    accepted -> {
                        changed[0] = step.lossChanged(offset + accepted.iteration(), accepted);
                        return !changed[0];
                    });
            iterations += result.iterations();
            evaluations += result.evaluations();
            boolean budgetLeft = iterations < maxIterations && evaluations < maxEvaluations;
            if (!changed[0] && budgetLeft && result.stopReason() != StopReason.NON_FINITE_START) {
                changed[0] = changeAtConvergence.test(result.point());
            }
            if (!changed[0] || !budgetLeft) {
                return new Outcome(result, iterations, evaluations, restarts);
            }
            restarts++;
            from = result.point();
        }
    }
}

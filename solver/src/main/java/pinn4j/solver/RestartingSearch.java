package pinn4j.solver;

import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

import pinn4j.solver.optim.Lbfgs;
import pinn4j.solver.optim.LbfgsResult;
import pinn4j.solver.optim.SearchState;
import pinn4j.solver.optim.StopReason;

/**
 * A second-order search that starts again from where it stopped whenever the loss changed under it (the residual
 * weights followed the fitted parameters, or the ramp rose), with what is left of its budgets: its curvature
 * information was of the old loss.
 */
final class RestartingSearch {

    /**
     * A second-order minimizer run with budgets from a start, telling a listener of every accepted step; a
     * minimizer that can be resumed continues from a saved state when one is given.
     */
    @FunctionalInterface
    interface Search {
        LbfgsResult run(int maxIterations, int maxEvaluations, double[] start, Lbfgs.IterationListener listener,
                        SearchState resume);
    }

    /**
     * Where a search stands between accepted steps, to be continued in another process: the iterations,
     * evaluations and restarts of the runs before the current one, and either the current run's state or, when the
     * loss just changed and the search restarts, the point it restarts from.
     *
     * @param iterations accepted steps of the earlier runs
     * @param evaluations evaluations of the earlier runs
     * @param restarts restarts so far
     * @param from the point the next run starts from, when {@code search} is null
     * @param search the current run's state, or null when a run starts from {@code from}
     */
    record Position(int iterations, int evaluations, int restarts, double[] from, SearchState search) {
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
        return run(search, new Position(0, 0, 0, start, null), maxIterations, maxEvaluations, beforeEachRun, step,
                changeAtConvergence, position -> { });
    }

    /**
     * As {@link #run(Search, double[], int, int, Runnable, Step, Predicate)}, from a position saved by an earlier
     * run, telling {@code between} after every accepted step where the search could be continued from (not
     * after the step that ends it).
     *
     * @param search the minimizer
     * @param position where to start: a fresh position {@code (0, 0, 0, start, null)}, or one {@code between} gave
     * @param maxIterations accepted steps at most, over every run
     * @param maxEvaluations evaluations at most, over every run
     * @param beforeEachRun called before every run (evaluations are numbered anew in each)
     * @param step told of every accepted step
     * @param changeAtConvergence asked, with the point reached, when a run converged with budget left: whether the
     *     loss changes now (the ramp's next step)
     * @param between given, after the step's {@code step} call, the position to continue from, made on demand
     * @return how it ended
     */
    static Outcome run(Search search, Position position, int maxIterations, int maxEvaluations,
                       Runnable beforeEachRun, Step step, Predicate<double[]> changeAtConvergence,
                       Consumer<Supplier<Position>> between) {
        int iterations = position.iterations();
        int evaluations = position.evaluations();
        int restarts = position.restarts();
        SearchState resume = position.search();
        // A resumed run reads only the length of its start; the state holds its point.
        double[] from = resume == null ? position.from() : resume.point();
        while (true) {
            int offset = iterations;
            int evaluationsBefore = evaluations;
            int restartsBefore = restarts;
            boolean[] changed = {false};
            if (resume == null) {
                // A resumed run goes on numbering its evaluations from where it stood.
                beforeEachRun.run();
            }
            LbfgsResult result = search.run(maxIterations - offset, Math.max(1, maxEvaluations - evaluations), from,
                    accepted -> {
                        int done = offset + accepted.iteration();
                        changed[0] = step.lossChanged(done, accepted);
                        int spent = evaluationsBefore + accepted.evaluations();
                        if (!changed[0]) {
                            between.accept(() -> new Position(offset, evaluationsBefore, restartsBefore, null,
                                    accepted.state().get()));
                        } else if (done < maxIterations && spent < maxEvaluations) {
                            between.accept(() -> new Position(done, spent, restartsBefore + 1, accepted.point(),
                                    null));
                        }
                        return !changed[0];
                    }, resume);
            resume = null;
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

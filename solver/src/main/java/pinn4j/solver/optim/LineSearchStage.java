package pinn4j.solver.optim;

/**
 * A stage whose method steps along a direction from the gradients by a strong-Wolfe line search: L-BFGS or a
 * self-scaled quasi-Newton method, both with {@link LbfgsOptions}.
 */
public sealed interface LineSearchStage extends Stage permits LbfgsStage, SelfScaledStage {

    /**
     * The stage's budget, tolerances and line-search constants.
     *
     * @return the options
     */
    LbfgsOptions options();

    /**
     * Runs the stage's method with the given options (the stage's own, or what is left of its budget).
     *
     * @param options budget, tolerances and line-search constants
     * @param function the function and its gradient
     * @param start the starting point; not modified
     * @param listener told about every accepted step; may stop the search
     * @param resume where an earlier search of this stage stood ({@link Lbfgs.Iteration#state()}), to continue it;
     *     null to start from {@code start}
     * @return the point reached, its value and why the search stopped
     */
    LbfgsResult minimize(LbfgsOptions options, DifferentiableFunction function, double[] start,
                         Lbfgs.IterationListener listener, SearchState resume);
}

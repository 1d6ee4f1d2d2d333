package pinn4j.solver.optim;

import java.util.Map;

/**
 * One stage of a training plan: an optimizer with its own settings and iteration budget. Stages run in order,
 * each starting from the parameters the previous one ended with (its best, for first-order stages).
 */
public sealed interface Stage permits FirstOrderStage, LineSearchStage, GaussNewtonStage {

    /**
     * The optimizer's identifier as written in files and flags.
     *
     * @return e.g. {@code adam} or {@code lbfgs}
     */
    String optimizerId();

    /**
     * How the stage is called in messages, charts and metrics.
     *
     * @return e.g. {@code Adam} or {@code L-BFGS}
     */
    String label();

    /**
     * The iteration budget.
     *
     * @return iterations at most (accepted steps for quasi-Newton stages), at least 1
     */
    int iterations();

    /**
     * The same stage with another budget.
     *
     * @param budget iterations at most, at least 1
     * @return a new stage
     */
    Stage withIterations(int budget);

    /**
     * The stage's own settings under the names the settings reader takes ({@code lr}, {@code historySize}, ...),
     * without {@code optimizer} and {@code iterations}, so that a run can be repeated from what it wrote.
     *
     * @return the settings in a fixed order
     */
    Map<String, Object> settings();
}

package pinn4j.solver;

import java.util.Objects;

import pinn4j.solver.optim.Stage;

/**
 * How one stage went.
 *
 * @param index the stage's position in the plan, from 0
 * @param stage the stage as planned
 * @param iterations iterations done (accepted steps for L-BFGS)
 * @param evaluations loss and gradient evaluations
 * @param seconds wall time of the stage
 * @param stopReason why it ended, in words
 */
public record StageResult(int index, Stage stage, int iterations, int evaluations, double seconds,
                          String stopReason) {

    /**
     * Validates the result.
     *
     * @param index the stage's position in the plan, from 0
     * @param stage the stage as planned
     * @param iterations iterations done (accepted steps for L-BFGS)
     * @param evaluations loss and gradient evaluations
     * @param seconds wall time of the stage
     * @param stopReason why it ended, in words
     * @throws NullPointerException when the stage or reason is missing
     */
    public StageResult {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(stopReason, "stopReason");
    }
}

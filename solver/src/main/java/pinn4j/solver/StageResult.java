package pinn4j.solver;

/**
 * How one stage went.
 *
 * @param stage the optimizer
 * @param iterations iterations done (accepted steps for L-BFGS)
 * @param evaluations loss and gradient evaluations
 * @param seconds wall time of the stage
 * @param stopReason why it ended, in words
 */
public record StageResult(Stage stage, int iterations, int evaluations, double seconds, String stopReason) {
}

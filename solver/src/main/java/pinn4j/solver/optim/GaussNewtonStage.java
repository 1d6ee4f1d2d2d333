package pinn4j.solver.optim;

import java.util.Map;
import java.util.Objects;

/**
 * A Gauss-Newton stage ({@link GaussNewton}): Levenberg-Marquardt ({@code lm}) or Gauss-Newton steps with a line
 * search ({@code gn}, energy natural gradient descent for the PINN loss), on the residual vector whose squares sum
 * to the loss.
 *
 * @param options its mode, budget, tolerances and damping
 */
public record GaussNewtonStage(GaussNewtonOptions options) implements Stage {

    /**
     * Validates the stage.
     *
     * @param options its mode, budget, tolerances and damping
     * @throws IllegalArgumentException when the budget is below 1
     */
    public GaussNewtonStage {
        Objects.requireNonNull(options, "options");
        if (options.maxIterations() < 1) {
            throw new IllegalArgumentException("gauss-newton iterations must be >= 1, got " + options.maxIterations());
        }
    }

    /**
     * A stage with {@link GaussNewtonOptions#defaults}.
     *
     * @param mode Levenberg-Marquardt or a line search
     * @param iterations accepted steps at most
     * @return the stage
     */
    public static GaussNewtonStage of(GaussNewton.Mode mode, int iterations) {
        return new GaussNewtonStage(GaussNewtonOptions.defaults(mode, iterations));
    }

    @Override
    public String optimizerId() {
        return options.mode() == GaussNewton.Mode.LEVENBERG_MARQUARDT ? "lm" : "gn";
    }

    @Override
    public String label() {
        return options.mode() == GaussNewton.Mode.LEVENBERG_MARQUARDT ? "Levenberg-Marquardt" : "Gauss-Newton";
    }

    @Override
    public int iterations() {
        return options.maxIterations();
    }

    @Override
    public Map<String, Object> settings() {
        return options.settings();
    }

    /** Scales the evaluation budget with the iterations, keeping their ratio. */
    @Override
    public GaussNewtonStage withIterations(int budget) {
        return new GaussNewtonStage(options.withMaxIterations(budget).withMaxEvaluations(Budgets.scaledEvaluations(
                options.maxEvaluations(), options.maxIterations(), budget)));
    }
}

package pinn4j.solver.optim;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A self-scaled quasi-Newton stage ({@link SelfScaledQuasiNewton}: a dense inverse-Hessian approximation updated
 * by self-scaled BFGS, {@code ssbfgs}, or self-scaled Broyden, {@code ssbroyden}, with L-BFGS's strong-Wolfe line
 * search). The matrix has one entry per pair of parameters, so it suits networks up to about ten thousand.
 *
 * @param update which update of the matrix
 * @param options budget, tolerances and line-search constants; the history size is not used
 */
public record SelfScaledStage(SelfScaledQuasiNewton.Update update, LbfgsOptions options) implements LineSearchStage {

    /**
     * Validates the stage.
     *
     * @param update which update of the matrix
     * @param options budget, tolerances and line-search constants
     * @throws IllegalArgumentException when the budget is below 1
     */
    public SelfScaledStage {
        Objects.requireNonNull(update, "update");
        Objects.requireNonNull(options, "options");
        if (options.maxIterations() < 1) {
            throw new IllegalArgumentException(update.name().toLowerCase(Locale.ROOT)
                    + " iterations must be >= 1, got " + options.maxIterations());
        }
    }

    /**
     * A stage with {@link #defaultOptions(int)}.
     *
     * @param update which update of the matrix
     * @param iterations accepted steps at most
     * @return the stage
     */
    public static SelfScaledStage of(SelfScaledQuasiNewton.Update update, int iterations) {
        return new SelfScaledStage(update, defaultOptions(iterations));
    }

    /**
     * {@link LbfgsOptions#defaults(int)} with three evaluations per iteration instead of 1.25: the self-scaled
     * updates' steps are accepted less often at t = 1 (on the default oscillator 1.7 evaluations per iteration, where
     * L-BFGS needs 1.1), and a budget that ends before the iterations do wastes the stage.
     *
     * @param iterations accepted steps at most
     * @return the options
     */
    public static LbfgsOptions defaultOptions(int iterations) {
        return LbfgsOptions.defaults(iterations).withMaxEvaluations((int) Math.min(Integer.MAX_VALUE,
                3L * iterations));
    }

    @Override
    public String optimizerId() {
        return update == SelfScaledQuasiNewton.Update.SSBFGS ? "ssbfgs" : "ssbroyden";
    }

    @Override
    public String label() {
        return update == SelfScaledQuasiNewton.Update.SSBFGS ? "SSBFGS" : "SSBroyden";
    }

    @Override
    public int iterations() {
        return options.maxIterations();
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = options.settings();
        m.remove("historySize");
        return m;
    }

    @Override
    public LbfgsResult minimize(LbfgsOptions options, DifferentiableFunction function, double[] start,
                                Lbfgs.IterationListener listener, SearchState resume) {
        return new SelfScaledQuasiNewton(update, options).minimize(function, start, listener, resume);
    }

    /** Scales the evaluation budget with the iterations, keeping their ratio. */
    @Override
    public SelfScaledStage withIterations(int budget) {
        return new SelfScaledStage(update, options.withMaxIterations(budget).withMaxEvaluations(
                Budgets.scaledEvaluations(options.maxEvaluations(), options.maxIterations(), budget)));
    }
}

package pinn4j.solver.optim;

import java.util.Map;
import java.util.Objects;

/**
 * An L-BFGS stage ({@link Lbfgs}: two-loop recursion, strong-Wolfe line search).
 *
 * @param options its budget, memory, tolerances and line-search constants
 */
public record LbfgsStage(LbfgsOptions options) implements LineSearchStage {

    /**
     * Validates the stage.
     *
     * @param options its budget, memory, tolerances and line-search constants
     * @throws IllegalArgumentException when the budget is below 1
     */
    public LbfgsStage {
        Objects.requireNonNull(options, "options");
        if (options.maxIterations() < 1) {
            throw new IllegalArgumentException("lbfgs iterations must be >= 1, got " + options.maxIterations());
        }
    }

    /**
     * A stage with {@link LbfgsOptions#defaults(int)}.
     *
     * @param iterations accepted steps at most
     * @return the stage
     */
    public static LbfgsStage of(int iterations) {
        return new LbfgsStage(LbfgsOptions.defaults(iterations));
    }

    @Override
    public String optimizerId() {
        return "lbfgs";
    }

    @Override
    public String label() {
        return "L-BFGS";
    }

    @Override
    public int iterations() {
        return options.maxIterations();
    }

    @Override
    public Map<String, Object> settings() {
        return options.settings();
    }

    @Override
    public LbfgsResult minimize(LbfgsOptions options, DifferentiableFunction function, double[] start,
                                Lbfgs.IterationListener listener, SearchState resume) {
        return new Lbfgs(options).minimize(function, start, listener, resume);
    }

    /** Scales the evaluation budget with the iterations, keeping their ratio. */
    @Override
    public LbfgsStage withIterations(int budget) {
        return new LbfgsStage(options.withMaxIterations(budget).withMaxEvaluations(Budgets.scaledEvaluations(
                options.maxEvaluations(), options.maxIterations(), budget)));
    }
}

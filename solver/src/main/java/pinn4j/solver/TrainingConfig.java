package pinn4j.solver;

import java.util.List;
import java.util.Objects;

import pinn4j.solver.optim.FirstOrderOptimizer;
import pinn4j.solver.optim.FirstOrderStage;
import pinn4j.solver.optim.GaussNewtonStage;
import pinn4j.solver.optim.LbfgsStage;
import pinn4j.solver.optim.Stage;

/**
 * Everything that decides a training run; with the same config and problem on the same machine, training gives
 * the same result. Build one with {@link #builder()}, read one from settings with
 * {@link pinn4j.solver.settings.TrainingSettings}, change one with the withers.
 *
 * @param layers hidden-layer widths
 * @param activation hidden activation
 * @param precision float64 or float32
 * @param seed seeds the initial weights and random collocation points
 * @param collocation where the residual is evaluated
 * @param weights loss weights
 * @param scaleResiduals whether residual weights are divided by {@link pinn4j.problems.ResidualScale}
 * @param stages the optimizers, run in order (by default Adam for 300 iterations, then L-BFGS for 2500)
 * @param windows for initial-value problems, how many equal time windows are trained one after the other, each
 *     starting from the previous window's network at its end; 1 trains the whole domain at once
 * @param physicsRamp for an inverse problem, the factor the residual weight is raised to, in five geometric steps
 *     over the second half of the plan's last stage: a penalty continuation. The first half finds the estimates with data and equation in
 *     balance; the second makes the network satisfy the equation closely, so that the estimates approach the
 *     equation's own least-squares fit instead of letting the network absorb the noise (measured on the examples:
 *     Newton cooling's tau 2.7% off the truth without it, 1.6% with 100, the classical fit 1.3%). 1 turns it off.
 * @param regularization weight penalties and dropout; by default none. Dropout draws new masks at every step, so
 *     it needs a plan of first-order stages only (a line search or a Gauss-Newton step compares losses of one
 *     function); a penalty is not a sum of squares of residuals, so Gauss-Newton stages cannot take one
 * @param strategy whether {@link PinnTrainer#train} lets the problem's analysis add remedies to this configuration
 *     ({@link StrategyChoice}); by default it does
 */
public record TrainingConfig(List<Integer> layers, Activation activation, Precision precision, long seed,
                             Collocation collocation, LossWeights weights, boolean scaleResiduals,
                             List<Stage> stages, int windows, double physicsRamp, Regularization regularization,
                             Strategy strategy) {

    /** The default {@link #physicsRamp()}. */
    public static final double DEFAULT_PHYSICS_RAMP = 100;

    /** The default plan: Adam for 300 iterations at learning rate 1e-3, then L-BFGS for up to 2500. */
    public static final List<Stage> DEFAULT_STAGES = List.of(FirstOrderStage.of(FirstOrderOptimizer.ADAM, 300),
            LbfgsStage.of(2500));

    /**
     * Validates the configuration and copies the lists.
     *
     * @param layers hidden-layer widths, at least one, each &gt;= 1
     * @param activation hidden activation
     * @param precision float64 or float32
     * @param seed seeds the initial weights and random collocation points
     * @param collocation where the residual is evaluated
     * @param weights loss weights
     * @param scaleResiduals whether residual weights are divided by {@link pinn4j.problems.ResidualScale}
     * @param stages the optimizers, run in order, at least one
     * @param windows how many equal time windows are trained one after the other, at least 1
     * @param physicsRamp the factor of the residual weight in the second half of an inverse problem's last stage,
     *     at least 1
     * @param regularization weight penalties and dropout
     * @param strategy whether training lets the problem's analysis add remedies
     * @throws IllegalArgumentException on a value out of range, or a regularization the plan cannot run, naming it
     */
    public TrainingConfig {
        layers = List.copyOf(layers);
        stages = List.copyOf(stages);
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(collocation, "collocation");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(regularization, "regularization");
        Objects.requireNonNull(strategy, "strategy");
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("layers must list at least one hidden width");
        }
        for (Integer width : layers) {
            if (width == null || width < 1) {
                throw new IllegalArgumentException("layer widths must be >= 1, got " + layers);
            }
        }
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("the plan must have at least one stage with iterations > 0");
        }
        if (windows < 1) {
            throw new IllegalArgumentException("windows must be >= 1, got " + windows);
        }
        if (!(physicsRamp >= 1) || Double.isInfinite(physicsRamp)) {
            throw new IllegalArgumentException("physicsRamp must be a finite number >= 1, got " + physicsRamp);
        }
        for (Stage stage : stages) {
            if (regularization.dropout() > 0 && !(stage instanceof FirstOrderStage)) {
                throw new IllegalArgumentException("dropout " + regularization.dropout() + " needs a plan of"
                        + " first-order stages only, but it has " + stage.label() + ": a line search or a"
                        + " Gauss-Newton step compares losses of one function, and dropout draws new masks at every"
                        + " step; give e.g. stages adam:3000, or dropout 0");
            }
            if (regularization.penalizes() && stage instanceof GaussNewtonStage) {
                throw new IllegalArgumentException("l1 and l2 penalties cannot be used with the " + stage.label()
                        + " stage: Gauss-Newton minimizes a sum of squared residuals, which a weight penalty is"
                        + " not; use first-order or lbfgs, ssbfgs, ssbroyden stages, or l1 0 and l2 0");
            }
        }
    }

    /**
     * A builder starting from the defaults.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param newSeed the seed of initial weights and random collocation points
     * @return this configuration with that seed
     */
    public TrainingConfig withSeed(long newSeed) {
        return new TrainingConfig(layers, activation, precision, newSeed, collocation, weights, scaleResiduals,
                stages, windows, physicsRamp, regularization, strategy);
    }

    /**
     * @param plan the stages to run, in order
     * @return this configuration with that plan
     */
    public TrainingConfig withStages(List<Stage> plan) {
        return new TrainingConfig(layers, activation, precision, seed, collocation, weights, scaleResiduals,
                plan, windows, physicsRamp, regularization, strategy);
    }

    /**
     * @param points where the residual is evaluated
     * @return this configuration with those collocation points
     */
    public TrainingConfig withCollocation(Collocation points) {
        return new TrainingConfig(layers, activation, precision, seed, points, weights, scaleResiduals,
                stages, windows, physicsRamp, regularization, strategy);
    }

    /**
     * @param widths the hidden-layer widths
     * @return this configuration with those layers
     */
    public TrainingConfig withLayers(List<Integer> widths) {
        return new TrainingConfig(widths, activation, precision, seed, collocation, weights, scaleResiduals,
                stages, windows, physicsRamp, regularization, strategy);
    }

    /**
     * @param count time windows trained one after the other
     * @return this configuration with that many windows
     */
    public TrainingConfig withWindows(int count) {
        return new TrainingConfig(layers, activation, precision, seed, collocation, weights, scaleResiduals,
                stages, count, physicsRamp, regularization, strategy);
    }

    /**
     * Every stage's budget scaled by a fraction (rounded, at least 1 iteration): a shorter run of the same plan,
     * as successive halving uses.
     *
     * @param fraction in (0, 1]
     * @return this configuration with the scaled budgets
     */
    public TrainingConfig withBudgetFraction(double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("the budget fraction must be in (0, 1], got " + fraction);
        }
        return withStages(stages.stream()
                .map(stage -> stage.withIterations((int) Math.max(1, Math.round(fraction * stage.iterations()))))
                .toList());
    }

    /**
     * The iteration budget of the whole plan, per window.
     *
     * @return the sum of the stages' budgets
     */
    public int plannedIterations() {
        return stages.stream().mapToInt(Stage::iterations).sum();
    }

    /** Builder; every setting is optional and starts at the documented default. */
    public static final class Builder {
        private List<Integer> layers = List.of(32, 32, 32);
        private Activation activation = Activation.TANH;
        private Precision precision = Precision.FLOAT64;
        private long seed = 1;
        private Collocation collocation = Collocation.grid(200);
        private LossWeights weights = LossWeights.equal();
        private boolean scaleResiduals = true;
        private List<Stage> stages = DEFAULT_STAGES;
        private int windows = 1;
        private double physicsRamp = DEFAULT_PHYSICS_RAMP;
        private Regularization regularization = Regularization.NONE;
        private Strategy strategy = Strategy.AUTO;

        private Builder() {
        }

        /**
         * @param widths hidden-layer widths (default 32, 32, 32)
         * @return this builder
         */
        public Builder optLayers(List<Integer> widths) {
            this.layers = widths;
            return this;
        }

        /**
         * @param value hidden activation (default tanh)
         * @return this builder
         */
        public Builder optActivation(Activation value) {
            this.activation = value;
            return this;
        }

        /**
         * @param value floating-point precision (default float64)
         * @return this builder
         */
        public Builder optPrecision(Precision value) {
            this.precision = value;
            return this;
        }

        /**
         * @param value seed of initial weights and random collocation points (default 1)
         * @return this builder
         */
        public Builder optSeed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * @param value where the residual is evaluated (default 200 grid points)
         * @return this builder
         */
        public Builder optCollocation(Collocation value) {
            this.collocation = value;
            return this;
        }

        /**
         * @param value loss weights (default all 1)
         * @return this builder
         */
        public Builder optWeights(LossWeights value) {
            this.weights = value;
            return this;
        }

        /**
         * @param value whether residuals are brought to the scale of the unknowns (default true)
         * @return this builder
         */
        public Builder optScaleResiduals(boolean value) {
            this.scaleResiduals = value;
            return this;
        }

        /**
         * @param plan the stages, in order (default {@link #DEFAULT_STAGES})
         * @return this builder
         */
        public Builder optStages(List<Stage> plan) {
            this.stages = plan;
            return this;
        }

        /**
         * @param plan the stages, in order
         * @return this builder
         */
        public Builder optStages(Stage... plan) {
            return optStages(List.of(plan));
        }

        /**
         * @param value time windows trained one after the other (initial-value problems only); default 1
         * @return this builder
         */
        public Builder optWindows(int value) {
            this.windows = value;
            return this;
        }

        /**
         * @param value for inverse problems, the residual weight's factor in the second half of the last stage;
         *     default {@value TrainingConfig#DEFAULT_PHYSICS_RAMP}, 1 for none
         * @return this builder
         */
        public Builder optPhysicsRamp(double value) {
            this.physicsRamp = value;
            return this;
        }

        /**
         * @param value weight penalties and dropout (default none)
         * @return this builder
         */
        public Builder optRegularization(Regularization value) {
            this.regularization = value;
            return this;
        }

        /**
         * @param value whether training lets the problem's analysis add remedies (default {@link Strategy#AUTO})
         * @return this builder
         */
        public Builder optStrategy(Strategy value) {
            this.strategy = value;
            return this;
        }

        /**
         * @return the configuration
         * @throws IllegalArgumentException on a value out of range, naming it
         */
        public TrainingConfig build() {
            return new TrainingConfig(layers, activation, precision, seed, collocation, weights, scaleResiduals,
                    stages, windows, physicsRamp, regularization, strategy);
        }
    }
}

package pinn4j.solver;

import pinn4j.solver.optim.FirstOrderOptimizer;
import pinn4j.solver.optim.LearningRateDecay;
import java.util.List;
import java.util.Objects;

import pinn4j.solver.optim.LbfgsOptions;

/**
 * Everything that decides a training run; with the same config and problem on the same machine, training gives
 * the same result. Build one with {@link #builder()}; change one with the withers.
 *
 * @param layers hidden-layer widths
 * @param activation hidden activation
 * @param precision float64 or float32
 * @param seed seeds the initial weights and random collocation points
 * @param collocation where the residual is evaluated
 * @param weights loss weights
 * @param scaleResiduals whether residual weights are divided by {@link pinn4j.problems.ResidualScale}
 * @param optimizer the first stage's optimizer (Adam by default)
 * @param adamIterations first-stage steps before L-BFGS (named for the default optimizer)
 * @param learningRate the first stage's learning rate
 * @param decay the first stage's learning-rate decay
 * @param patience early stopping: the first stage ends after this many iterations without a lower loss; 0 never
 * @param lbfgs L-BFGS settings; {@code maxIterations = 0} skips the stage
 * @param windows for initial-value problems, how many equal time windows are trained one after the other, each
 *     starting from the previous window's network at its end; 1 trains the whole domain at once
 */
public record TrainingConfig(List<Integer> layers, Activation activation, Precision precision, long seed,
                             Collocation collocation, LossWeights weights, boolean scaleResiduals,
                             FirstOrderOptimizer optimizer, int adamIterations, int patience, double learningRate,
                             LearningRateDecay decay, LbfgsOptions lbfgs, int windows) {

    public TrainingConfig {
        layers = List.copyOf(layers);
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(collocation, "collocation");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(decay, "decay");
        Objects.requireNonNull(lbfgs, "lbfgs");
        Objects.requireNonNull(optimizer, "optimizer");
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be >= 0, got " + patience);
        }
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("layers must list at least one hidden width");
        }
        for (Integer width : layers) {
            if (width == null || width < 1) {
                throw new IllegalArgumentException("layer widths must be >= 1, got " + layers);
            }
        }
        if (adamIterations < 0) {
            throw new IllegalArgumentException("adamIterations must be >= 0, got " + adamIterations);
        }
        if (windows < 1) {
            throw new IllegalArgumentException("windows must be >= 1, got " + windows);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be finite and > 0, got " + learningRate);
        }
    }

    /** How a stage is called in messages and charts: the first stage by its optimizer, e.g. "RMSprop". */
    public String stageLabel(Stage stage) {
        return stage == Stage.ADAM ? optimizer.label() : stage.label();
    }

    public static Builder builder() {
        return new Builder();
    }

    public TrainingConfig withSeed(long newSeed) {
        return new TrainingConfig(layers, activation, precision, newSeed, collocation, weights, scaleResiduals,
                optimizer, adamIterations, patience,
                learningRate, decay, lbfgs, windows);
    }

    public TrainingConfig withAdamIterations(int iterations) {
        return new TrainingConfig(layers, activation, precision, seed, collocation, weights, scaleResiduals,
                optimizer, iterations, patience,
                learningRate, decay, lbfgs, windows);
    }

    public TrainingConfig withLbfgs(LbfgsOptions options) {
        return new TrainingConfig(layers, activation, precision, seed, collocation, weights, scaleResiduals,
                optimizer, adamIterations, patience,
                learningRate, decay, options, windows);
    }

    public TrainingConfig withCollocation(Collocation points) {
        return new TrainingConfig(layers, activation, precision, seed, points, weights, scaleResiduals,
                optimizer, adamIterations, patience,
                learningRate, decay, lbfgs, windows);
    }

    public TrainingConfig withLayers(List<Integer> widths) {
        return new TrainingConfig(widths, activation, precision, seed, collocation, weights, scaleResiduals,
                optimizer, adamIterations, patience,
                learningRate, decay, lbfgs, windows);
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
        private FirstOrderOptimizer optimizer = FirstOrderOptimizer.ADAM;
        private int patience;
        private int adamIterations = 300;
        private double learningRate = 1e-3;
        private LearningRateDecay decay = LearningRateDecay.none();
        private int lbfgsIterations = 2500;
        private LbfgsOptions lbfgs;
        private int windows = 1;

        private Builder() {
        }

        public Builder optLayers(List<Integer> widths) {
            this.layers = widths;
            return this;
        }

        public Builder optActivation(Activation value) {
            this.activation = value;
            return this;
        }

        public Builder optPrecision(Precision value) {
            this.precision = value;
            return this;
        }

        public Builder optSeed(long value) {
            this.seed = value;
            return this;
        }

        public Builder optCollocation(Collocation value) {
            this.collocation = value;
            return this;
        }

        public Builder optWeights(LossWeights value) {
            this.weights = value;
            return this;
        }

        /** Whether residuals are brought to the scale of the unknowns (default true). */
        public Builder optScaleResiduals(boolean value) {
            this.scaleResiduals = value;
            return this;
        }

        /** The first stage's optimizer (default Adam). */
        public Builder optOptimizer(FirstOrderOptimizer value) {
            this.optimizer = value;
            return this;
        }

        /** Early stopping of the first stage after this many iterations without improvement; 0 (default) never. */
        public Builder optPatience(int value) {
            this.patience = value;
            return this;
        }

        public Builder optAdamIterations(int value) {
            this.adamIterations = value;
            return this;
        }

        public Builder optLearningRate(double value) {
            this.learningRate = value;
            return this;
        }

        public Builder optDecay(LearningRateDecay value) {
            this.decay = value;
            return this;
        }

        /** L-BFGS iteration budget with the default tolerances; 0 skips L-BFGS. */
        public Builder optLbfgsIterations(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("lbfgsIterations must be >= 0, got " + value);
            }
            this.lbfgsIterations = value;
            return this;
        }

        /** Full L-BFGS settings; overrides {@link #optLbfgsIterations}. */
        public Builder optLbfgs(LbfgsOptions value) {
            this.lbfgs = value;
            return this;
        }

        /** Time windows trained one after the other (initial-value problems only); default 1. */
        public Builder optWindows(int value) {
            this.windows = value;
            return this;
        }

        public TrainingConfig build() {
            LbfgsOptions options = lbfgs != null ? lbfgs : LbfgsOptions.defaults(lbfgsIterations);
            return new TrainingConfig(layers, activation, precision, seed, collocation, weights, scaleResiduals,
                    optimizer, adamIterations, patience,
                    learningRate, decay, options, windows);
        }
    }
}

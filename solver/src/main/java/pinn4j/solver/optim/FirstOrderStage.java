package pinn4j.solver.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import ai.djl.training.tracker.FactorTracker;
import ai.djl.training.tracker.Tracker;

/**
 * A first-order stage: Adam, RMSprop, Adagrad, SGD with momentum, Nesterov momentum, Nadam or AdamW, on the full
 * batch.
 *
 * @param optimizer the update rule
 * @param iterations steps at most, at least 1
 * @param learningRate the step size, finite and &gt; 0
 * @param decay the learning-rate schedule
 * @param patience early stopping: the stage ends after this many iterations without a lower loss; 0 never
 * @param hyper the update rule's hyperparameters (betas, momentum, epsilon, weight decay)
 */
public record FirstOrderStage(FirstOrderOptimizer optimizer, int iterations, double learningRate,
                              LearningRateDecay decay, int patience, Hyperparameters hyper) implements Stage {

    /** The default learning rate. */
    public static final double DEFAULT_LEARNING_RATE = 1e-3;

    /**
     * Validates the stage.
     *
     * @param optimizer the update rule
     * @param iterations steps at most, at least 1
     * @param learningRate the step size, finite and &gt; 0
     * @param decay the learning-rate schedule
     * @param patience early stopping: the stage ends after this many iterations without a lower loss; 0 never
     * @param hyper the update rule's hyperparameters
     * @throws IllegalArgumentException on a value out of range, naming it
     */
    public FirstOrderStage {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(decay, "decay");
        Objects.requireNonNull(hyper, "hyper");
        if (iterations < 1) {
            throw new IllegalArgumentException(optimizer.id() + " iterations must be >= 1, got " + iterations);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be finite and > 0, got " + learningRate);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be >= 0, got " + patience);
        }
    }

    /**
     * A stage with the optimizer's default hyperparameters, the default learning rate, no decay, no early stop.
     *
     * @param optimizer the update rule
     * @param iterations steps at most
     * @return the stage
     */
    public static FirstOrderStage of(FirstOrderOptimizer optimizer, int iterations) {
        return new FirstOrderStage(optimizer, iterations, DEFAULT_LEARNING_RATE, LearningRateDecay.none(), 0,
                Hyperparameters.defaults(optimizer));
    }

    /**
     * Adam with its defaults, the usual first stage.
     *
     * @param iterations steps at most
     * @return the stage
     */
    public static FirstOrderStage adam(int iterations) {
        return of(FirstOrderOptimizer.ADAM, iterations);
    }

    @Override
    public String optimizerId() {
        return optimizer.id();
    }

    @Override
    public String label() {
        return optimizer.label();
    }

    @Override
    public FirstOrderStage withIterations(int budget) {
        return new FirstOrderStage(optimizer, budget, learningRate, decay, patience, hyper);
    }

    /**
     * @param rate the new learning rate
     * @return this stage with that learning rate
     */
    public FirstOrderStage withLearningRate(double rate) {
        return new FirstOrderStage(optimizer, iterations, rate, decay, patience, hyper);
    }

    /**
     * @param schedule the new learning-rate decay
     * @return this stage with that decay
     */
    public FirstOrderStage withDecay(LearningRateDecay schedule) {
        return new FirstOrderStage(optimizer, iterations, learningRate, schedule, patience, hyper);
    }

    /**
     * @param iterationsWithoutImprovement the new patience; 0 never stops early
     * @return this stage with that patience
     */
    public FirstOrderStage withPatience(int iterationsWithoutImprovement) {
        return new FirstOrderStage(optimizer, iterations, learningRate, decay, iterationsWithoutImprovement, hyper);
    }

    /**
     * A fresh optimizer for this stage: its rule with its learning rate, decayed by its schedule, and its
     * hyperparameters. Each training makes its own, as the optimizer keeps per-parameter state.
     *
     * @return the optimizer
     */
    public ResumableOptimizer newOptimizer() {
        return optimizer.create(learningRates(), hyper);
    }

    /**
     * The learning rate by update, as this stage's optimizer uses it: {@code learningRates().getNewValue(k)} is the
     * rate of the k-th update, the one after the stage's k-th loss evaluation (DJL counts updates from 1).
     *
     * @return the schedule: the learning rate, decayed by {@link #decay()}
     */
    public Tracker learningRates() {
        float rate = (float) learningRate;
        return decay.factor() == 1 ? Tracker.fixed(rate)
                : FactorTracker.builder().setBaseValue(rate).setFactor((float) decay.perStep()).build();
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lr", learningRate);
        if (decay.factor() != 1) {
            m.put("lrDecay", decay.factor() + ":" + decay.everySteps());
        }
        m.put("patience", patience);
        for (String name : Hyperparameters.NAMES) {
            if (optimizer.uses(name)) {
                m.put(name, hyper.value(name));
            }
        }
        return m;
    }

    /**
     * @param values the new hyperparameters
     * @return this stage with those hyperparameters
     */
    public FirstOrderStage withHyperparameters(Hyperparameters values) {
        return new FirstOrderStage(optimizer, iterations, learningRate, decay, patience, values);
    }

    /**
     * The hyperparameters of the first-order update rules; each rule reads the ones it uses (see
     * {@link FirstOrderOptimizer#uses}).
     *
     * @param beta1 Adam's decay of the gradient average, in [0, 1)
     * @param beta2 Adam's decay of the squared-gradient average, in [0, 1)
     * @param rho RMSprop's decay of the squared-gradient average, in [0, 1)
     * @param momentum SGD's and Nesterov's momentum, in [0, 1)
     * @param epsilon added to the root of the squared-gradient average (Adam, Nadam, AdamW, RMSprop, Adagrad), &gt; 0
     * @param weightDecay AdamW's decoupled weight decay, in [0, 1)
     */
    public record Hyperparameters(double beta1, double beta2, double rho, double momentum, double epsilon,
                                  double weightDecay) {

        /**
         * Validates the values.
         *
         * @param beta1 Adam's decay of the gradient average, in [0, 1)
         * @param beta2 Adam's decay of the squared-gradient average, in [0, 1)
         * @param rho RMSprop's decay of the squared-gradient average, in [0, 1)
         * @param momentum SGD's and Nesterov's momentum, in [0, 1)
         * @param epsilon added to the root of the squared-gradient average, &gt; 0
         * @param weightDecay AdamW's decoupled weight decay, in [0, 1)
         * @throws IllegalArgumentException on a value out of range, naming it
         */
        public Hyperparameters {
            unitInterval("beta1", beta1);
            unitInterval("beta2", beta2);
            unitInterval("rho", rho);
            unitInterval("momentum", momentum);
            unitInterval("weightDecay", weightDecay);
            if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
                throw new IllegalArgumentException("epsilon must be finite and > 0, got " + epsilon);
            }
        }

        /** The hyperparameters' names, as settings call them. */
        public static final List<String> NAMES = List.of("beta1", "beta2", "rho", "momentum", "epsilon",
                "weightDecay");

        /**
         * One hyperparameter by its name.
         *
         * @param name one of {@link #NAMES}
         * @return its value
         * @throws IllegalArgumentException for another name
         */
        public double value(String name) {
            return switch (name) {
                case "beta1" -> beta1;
                case "beta2" -> beta2;
                case "rho" -> rho;
                case "momentum" -> momentum;
                case "epsilon" -> epsilon;
                case "weightDecay" -> weightDecay;
                default -> throw new IllegalArgumentException("no hyperparameter '" + name + "'; known: " + NAMES);
            };
        }

        /**
         * These hyperparameters with one changed.
         *
         * @param name one of {@link #NAMES}
         * @param value its new value
         * @return the new hyperparameters
         * @throws IllegalArgumentException for another name or a value out of range
         */
        public Hyperparameters with(String name, double value) {
            return switch (name) {
                case "beta1" -> new Hyperparameters(value, beta2, rho, momentum, epsilon, weightDecay);
                case "beta2" -> new Hyperparameters(beta1, value, rho, momentum, epsilon, weightDecay);
                case "rho" -> new Hyperparameters(beta1, beta2, value, momentum, epsilon, weightDecay);
                case "momentum" -> new Hyperparameters(beta1, beta2, rho, value, epsilon, weightDecay);
                case "epsilon" -> new Hyperparameters(beta1, beta2, rho, momentum, value, weightDecay);
                case "weightDecay" -> new Hyperparameters(beta1, beta2, rho, momentum, epsilon, value);
                default -> throw new IllegalArgumentException("no hyperparameter '" + name + "'; known: " + NAMES);
            };
        }

        private static void unitInterval(String name, double value) {
            if (!(value >= 0 && value < 1)) {
                throw new IllegalArgumentException(name + " must be in [0, 1), got " + value);
            }
        }

        /**
         * PyTorch's defaults for the optimizer: betas 0.9 and 0.999, rho 0.9, momentum 0.9, epsilon 1e-8
         * (1e-10 for Adagrad) and weight decay 0.01.
         *
         * @param optimizer the update rule
         * @return its default hyperparameters
         */
        public static Hyperparameters defaults(FirstOrderOptimizer optimizer) {
            return new Hyperparameters(0.9, 0.999, 0.9, 0.9, optimizer == FirstOrderOptimizer.ADAGRAD ? 1e-10 : 1e-8,
                    0.01);
        }
    }
}

package pinn4j.app.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Option;
import pinn4j.solver.Activation;
import pinn4j.solver.Collocation;
import pinn4j.solver.optim.FirstOrderOptimizer;
import pinn4j.solver.optim.LearningRateDecay;
import pinn4j.solver.LossWeights;
import pinn4j.solver.Precision;
import pinn4j.solver.TrainingConfig;

/** The training options every training command shares; unset options keep {@link TrainingConfig}'s defaults. */
final class TrainingOptions {

    @Option(names = "--param", paramLabel = "NAME=VALUE",
            description = "Set a problem constant, e.g. --param k=100 (repeatable). See `pinn list`.")
    List<String> parameters = new ArrayList<>();

    @Option(names = "--layers", paramLabel = "W1,W2,...", split = ",",
            description = "Hidden-layer widths (default: 32,32,32).")
    List<Integer> layers;

    @Option(names = "--activation", paramLabel = "NAME",
            description = "tanh, sin, sigmoid, softplus, silu or relu (default: tanh).")
    String activation;

    @Option(names = "--points", paramLabel = "N", description = "Collocation points (default: 200).")
    Integer points;

    @Option(names = "--sampling", paramLabel = "grid|random", description = "Collocation placement (default: grid).")
    String sampling;

    @Option(names = "--resample-every", paramLabel = "N",
            description = "Draw new random collocation points every N Adam iterations (random sampling only).")
    Integer resampleEvery;

    @Option(names = "--optimizer", paramLabel = "NAME", description = "First stage before L-BFGS: adam, rmsprop,"
            + " adagrad, sgd-momentum or nesterov (default: adam).")
    String optimizer;

    @Option(names = "--adam-iterations", paramLabel = "N",
            description = "Iterations of the first stage (default: 300).")
    Integer adamIterations;

    @Option(names = "--patience", paramLabel = "N",
            description = "End the first stage after N iterations without a lower loss (default: 0, never).")
    Integer patience;

    @Option(names = "--lr", paramLabel = "X", description = "Adam learning rate (default: 0.001).")
    Double learningRate;

    @Option(names = "--lr-decay", paramLabel = "FACTOR:STEPS",
            description = "Multiply the learning rate by FACTOR every STEPS iterations, e.g. 0.5:1000.")
    String decay;

    @Option(names = "--lbfgs-iterations", paramLabel = "N", description = "L-BFGS iterations; 0 skips L-BFGS"
            + " (default: 2500).")
    Integer lbfgsIterations;

    @Option(names = "--weights", paramLabel = "cc=W,phys=W", split = ",",
            description = "Loss weights w_cc and w_phys (default: cc=1,phys=1).")
    Map<String, Double> weights;

    @Option(names = "--no-residual-scaling", description = "Do not divide the residual weight by omega^n.")
    boolean noResidualScaling;

    @Option(names = "--windows", paramLabel = "N", description = "Train an initial-value problem in N time windows,"
            + " one after the other (default: 1).")
    Integer windows;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of initial weights and random points (default: 1).")
    Long seed;

    @Option(names = "--dtype", paramLabel = "float64|float32", description = "Precision (default: float64).")
    String dtype;

    /** Hyperband's fraction of the iterations (a batch setting, not a flag); null for the full budget. */
    private Double budget;

    /** The {@code --param} values by name, each a finite number. */
    Map<String, Double> parameterValues() {
        Map<String, Double> values = new LinkedHashMap<>();
        for (String assignment : parameters) {
            int equals = assignment.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("--param must be NAME=VALUE, got '" + assignment + "'");
            }
            String name = assignment.substring(0, equals).trim();
            String text = assignment.substring(equals + 1).trim();
            double value;
            try {
                value = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--param " + name + " must be a number, got '" + text + "'");
            }
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("--param " + name + " must be finite, got " + text);
            }
            values.put(name, value);
        }
        return values;
    }

    /** The configuration from the defaults, then {@code settings} (a problem's own), then the flags given. */
    TrainingConfig toConfig(Map<String, Object> settings, String origin) {
        TrainingOptions merged = new TrainingOptions();
        settings.forEach((key, value) -> merged.apply(key, value, origin));
        merged.overrideWith(this);
        return merged.build();
    }

    /** Sets one option from a problem's training settings (keys as in problem files). */
    private void apply(String key, Object value, String origin) {
        String where = origin + ": training." + key;
        try {
            switch (key) {
                case "layers":
                    layers = new ArrayList<>();
                    for (Object width : (List<?>) value) {
                        layers.add((int) number(width));
                    }
                    break;
                case "activation": activation = (String) value; break;
                case "points": points = (int) number(value); break;
                case "sampling": sampling = (String) value; break;
                case "resampleEvery": resampleEvery = (int) number(value); break;
                case "adamIterations": adamIterations = (int) number(value); break;
                case "optimizer": optimizer = (String) value; break;
                case "patience": patience = (int) number(value); break;
                case "lr": learningRate = number(value); break;
                case "lrDecay": decay = (String) value; break;
                case "lbfgsIterations": lbfgsIterations = (int) number(value); break;
                case "weights":
                    weights = new LinkedHashMap<>();
                    ((Map<?, ?>) value).forEach((k, v) -> weights.put((String) k, number(v)));
                    break;
                case "residualScaling": noResidualScaling = !(Boolean) value; break;
                case "seed": seed = (long) number(value); break;
                case "windows": windows = (int) number(value); break;
                case "budget": budget = number(value); break;
                case "dtype": dtype = (String) value; break;
                default: throw new IllegalArgumentException(where + " is not a training setting");
            }
        } catch (ClassCastException | NullPointerException | NumberFormatException e) {
            throw new IllegalArgumentException(where + " has the wrong kind of value: " + value);
        }
    }

    /** A number as YAML gives it: a number, or text such as 1e-3 (which YAML 1.1 does not read as a number). */
    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.parseDouble(((String) value).trim());
    }

    /** Takes every option the other set explicitly. */
    private void overrideWith(TrainingOptions flags) {
        layers = flags.layers != null ? flags.layers : layers;
        activation = flags.activation != null ? flags.activation : activation;
        points = flags.points != null ? flags.points : points;
        sampling = flags.sampling != null ? flags.sampling : sampling;
        resampleEvery = flags.resampleEvery != null ? flags.resampleEvery : resampleEvery;
        adamIterations = flags.adamIterations != null ? flags.adamIterations : adamIterations;
        optimizer = flags.optimizer != null ? flags.optimizer : optimizer;
        patience = flags.patience != null ? flags.patience : patience;
        learningRate = flags.learningRate != null ? flags.learningRate : learningRate;
        decay = flags.decay != null ? flags.decay : decay;
        lbfgsIterations = flags.lbfgsIterations != null ? flags.lbfgsIterations : lbfgsIterations;
        weights = flags.weights != null ? flags.weights : weights;
        noResidualScaling = flags.noResidualScaling || noResidualScaling;
        seed = flags.seed != null ? flags.seed : seed;
        windows = flags.windows != null ? flags.windows : windows;
        dtype = flags.dtype != null ? flags.dtype : dtype;
    }

    private TrainingConfig build() {
        if (budget != null) {
            if (!(budget > 0 && budget <= 1)) {
                throw new IllegalArgumentException("budget must be in (0, 1], got " + budget);
            }
            TrainingConfig defaults = TrainingConfig.builder().build();
            adamIterations = Math.max(1, (int) Math.round(budget
                    * (adamIterations != null ? adamIterations : defaults.adamIterations())));
            lbfgsIterations = Math.max(1, (int) Math.round(budget
                    * (lbfgsIterations != null ? lbfgsIterations : defaults.lbfgs().maxIterations())));
            budget = null;
        }
        TrainingConfig.Builder builder = TrainingConfig.builder();
        if (layers != null) {
            builder.optLayers(layers);
        }
        if (activation != null) {
            builder.optActivation(Activation.parse(activation));
        }
        TrainingConfig defaults = TrainingConfig.builder().build();
        int pointCount = points != null ? points : defaults.collocation().points();
        Collocation.Sampling placement = sampling != null ? Collocation.Sampling.parse(sampling)
                : defaults.collocation().sampling();
        builder.optCollocation(new Collocation(pointCount, placement, resampleEvery != null ? resampleEvery : 0));
        if (adamIterations != null) {
            builder.optAdamIterations(adamIterations);
        }
        if (optimizer != null) {
            builder.optOptimizer(FirstOrderOptimizer.parse(optimizer));
        }
        if (patience != null) {
            builder.optPatience(patience);
        }
        if (learningRate != null) {
            builder.optLearningRate(learningRate);
        }
        if (decay != null) {
            builder.optDecay(parseDecay(decay));
        }
        if (lbfgsIterations != null) {
            builder.optLbfgsIterations(lbfgsIterations);
        }
        if (weights != null) {
            for (String key : weights.keySet()) {
                if (!key.equals("cc") && !key.equals("phys")) {
                    throw new IllegalArgumentException("--weights takes cc and phys, got '" + key + "'");
                }
            }
            builder.optWeights(new LossWeights(weights.getOrDefault("cc", 1.0), weights.getOrDefault("phys", 1.0)));
        }
        builder.optScaleResiduals(!noResidualScaling);
        if (seed != null) {
            builder.optSeed(seed);
        }
        if (windows != null) {
            builder.optWindows(windows);
        }
        if (dtype != null) {
            builder.optPrecision(Precision.parse(dtype));
        }
        return builder.build();
    }

    private static LearningRateDecay parseDecay(String text) {
        String[] parts = text.split(":");
        try {
            if (parts.length == 2) {
                return new LearningRateDecay(Double.parseDouble(parts[0]), Integer.parseInt(parts[1]));
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("--lr-decay must be FACTOR:STEPS such as 0.5:1000, got '" + text + "'");
    }
}

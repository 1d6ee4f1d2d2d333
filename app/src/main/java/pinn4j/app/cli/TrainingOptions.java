package pinn4j.app.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Option;
import pinn4j.problems.text.Located;
import pinn4j.solver.TrainingConfig;
import pinn4j.solver.settings.TrainingSettings;

/**
 * The training options every training command shares, read by the one settings reader
 * ({@link TrainingSettings}) over a problem's own settings; unset options keep the defaults.
 */
final class TrainingOptions {

    @Option(names = "--param", paramLabel = "NAME=VALUE",
            description = "Set a problem constant, e.g. --param k=100 (repeatable). See `pinn list`.")
    List<String> parameters = new ArrayList<>();

    @Option(names = "--layers", paramLabel = "W1,W2,...", description = "Hidden-layer widths (default: 32,32,32).")
    String layers;

    @Option(names = "--activation", paramLabel = "NAME",
            description = "tanh, sin, sigmoid, softplus, silu or relu (default: tanh).")
    String activation;

    @Option(names = "--points", paramLabel = "N", description = "Collocation points (default: 200).")
    String points;

    @Option(names = "--sampling", paramLabel = "grid|random", description = "Collocation placement (default: grid).")
    String sampling;

    @Option(names = "--resample-every", paramLabel = "N",
            description = "Draw new random collocation points every N first-order iterations (random sampling only).")
    String resampleEvery;

    @Option(names = "--stages", paramLabel = "OPT:N,...", description = "The optimizer stages in order, e.g."
            + " adam:300,lbfgs:2500 (default); optimizers: adam, rmsprop, adagrad, sgd-momentum, nesterov, nadam,"
            + " adamw, then lbfgs, lm (Levenberg-Marquardt), gn (Gauss-Newton with a line search).")
    String stages;

    @Option(names = "--optimizer", paramLabel = "NAME", description = "Shorthand: the first stage's optimizer, adam,"
            + " rmsprop, adagrad, sgd-momentum, nesterov, nadam or adamw (default: adam).")
    String optimizer;

    @Option(names = "--adam-iterations", paramLabel = "N",
            description = "Shorthand: iterations of the first stage, whatever its optimizer; 0 leaves it out"
                    + " (default: 300).")
    String adamIterations;

    @Option(names = "--lbfgs-iterations", paramLabel = "N", description = "Shorthand: L-BFGS iterations; 0 leaves"
            + " L-BFGS out (default: 2500).")
    String lbfgsIterations;

    @Option(names = "--patience", paramLabel = "N",
            description = "End a first-order stage after N iterations without a lower loss (default: 0, never).")
    String patience;

    @Option(names = "--lr", paramLabel = "X", description = "Learning rate of the first-order stages (default:"
            + " 0.001).")
    String learningRate;

    @Option(names = "--lr-decay", paramLabel = "FACTOR:STEPS",
            description = "Multiply the learning rate by FACTOR every STEPS iterations, e.g. 0.5:1000.")
    String decay;

    @Option(names = "--weights", paramLabel = "cc=W,phys=W",
            description = "Loss weights w_cc, w_phys (and w_data) (default: cc=1,phys=1).")
    String weights;

    @Option(names = "--no-residual-scaling", description = "Do not divide the residual weight by omega^n.")
    boolean noResidualScaling;

    @Option(names = "--windows", paramLabel = "N", description = "Train an initial-value problem in N time windows,"
            + " one after the other (default: 1).")
    String windows;

    @Option(names = "--strategy", paramLabel = "auto|none", description = "auto: remedies the problem's analysis"
            + " calls for and the settings leave open (see --explain); none: the settings as given (default: auto).")
    String strategy;

    @Option(names = "--l1", paramLabel = "C", description = "Coefficient of the L1 penalty on the network's weights"
            + " (default: 0).")
    String l1;

    @Option(names = "--l2", paramLabel = "C", description = "Coefficient of the L2 penalty on the network's weights"
            + " (default: 0).")
    String l2;

    @Option(names = "--dropout", paramLabel = "P", description = "Probability of dropping a hidden unit at each"
            + " point and step of first-order stages; off at evaluation (default: 0).")
    String dropout;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of initial weights and random points (default: 1).")
    String seed;

    @Option(names = "--dtype", paramLabel = "float64|float32", description = "Precision (default: float64).")
    String dtype;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "Any other training setting, e.g. --set"
            + " beta2=0.99 or --set c2=0.5 (repeatable); see the README's settings table.")
    List<String> otherSettings = new ArrayList<>();

    /** The {@code --param} values by name, each a finite number. */
    Map<String, Double> parameterValues() {
        return parameterValues(parameters);
    }

    /** {@code --param NAME=VALUE} assignments as values by name, each a finite number; also read by simulate. */
    static Map<String, Double> parameterValues(List<String> assignments) {
        return parameterValues("--param", assignments);
    }

    /** {@code NAME=VALUE} assignments of the given option as values by name, each a finite number. */
    static Map<String, Double> parameterValues(String option, List<String> assignments) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (String assignment : assignments) {
            int equals = assignment.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException(option + " must be NAME=VALUE, got '" + assignment + "'");
            }
            String name = assignment.substring(0, equals).trim();
            String text = assignment.substring(equals + 1).trim();
            double value;
            try {
                value = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " " + name + " must be a number, got '" + text + "'");
            }
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException(option + " " + name + " must be finite, got " + text);
            }
            if (values.put(name, value) != null) {
                throw new IllegalArgumentException(option + " gives " + name + " twice");
            }
        }
        return values;
    }

    /**
     * The settings the flags give, each located at its flag.
     *
     * @return setting name to value
     */
    Map<String, Located> settings() {
        Map<String, Located> settings = new LinkedHashMap<>();
        put(settings, "layers", layers);
        put(settings, "activation", activation);
        put(settings, "points", points);
        put(settings, "sampling", sampling);
        put(settings, "resampleEvery", resampleEvery);
        put(settings, "stages", stages);
        put(settings, "optimizer", optimizer);
        put(settings, "adamIterations", adamIterations);
        put(settings, "lbfgsIterations", lbfgsIterations);
        put(settings, "patience", patience);
        put(settings, "lr", learningRate);
        put(settings, "lrDecay", decay);
        put(settings, "weights", weights);
        if (noResidualScaling) {
            put(settings, "residualScaling", "false");
        }
        put(settings, "windows", windows);
        put(settings, "strategy", strategy);
        put(settings, "l1", l1);
        put(settings, "l2", l2);
        put(settings, "dropout", dropout);
        put(settings, "seed", seed);
        put(settings, "dtype", dtype);
        for (String assignment : otherSettings) {
            int equals = assignment.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("--set must be NAME=VALUE, got '" + assignment + "'");
            }
            String name = assignment.substring(0, equals).trim();
            TrainingSettings.setting(name);
            settings.put(name, new Located(assignment.substring(equals + 1).trim(), "--set " + name));
        }
        return settings;
    }

    private static void put(Map<String, Located> settings, String name, String value) {
        if (value != null) {
            settings.put(name, new Located(value, TrainingSettings.setting(name).flag()));
        }
    }

    /**
     * The configuration from the defaults, then a problem's own settings, then the flags given.
     *
     * @param problemSettings the problem's settings (a file's {@code training:} section or a built-in's)
     * @return the configuration
     * @throws IllegalArgumentException naming the setting, where it was written, the value and what is allowed
     */
    TrainingConfig toConfig(Map<String, Located> problemSettings) {
        return TrainingSettings.read(problemSettings, settings());
    }
}

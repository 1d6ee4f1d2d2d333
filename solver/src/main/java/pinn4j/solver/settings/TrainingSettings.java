package pinn4j.solver.settings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import pinn4j.problems.text.Located;
import pinn4j.solver.Activation;
import pinn4j.solver.Collocation;
import pinn4j.solver.LossWeights;
import pinn4j.solver.Precision;
import pinn4j.solver.Regularization;
import pinn4j.solver.Strategy;
import pinn4j.solver.TrainingConfig;
import pinn4j.solver.optim.FirstOrderOptimizer;
import pinn4j.solver.optim.FirstOrderStage;
import pinn4j.solver.optim.GaussNewton;
import pinn4j.solver.optim.GaussNewtonOptions;
import pinn4j.solver.optim.GaussNewtonStage;
import pinn4j.solver.optim.LbfgsOptions;
import pinn4j.solver.optim.LbfgsStage;
import pinn4j.solver.optim.LearningRateDecay;
import pinn4j.solver.optim.SelfScaledQuasiNewton;
import pinn4j.solver.optim.SelfScaledStage;
import pinn4j.solver.optim.Stage;

/**
 * Every training setting, declared once ({@link #ALL}), and the one reader that turns settings as users write
 * them (a problem file's {@code training:} section, command-line flags, batch axes, built-ins' own settings) into
 * a {@link TrainingConfig}. Unset settings keep their defaults. Errors say where the value was written, the
 * setting, the value and what is allowed; unknown names are listed against the known ones.
 *
 * <p>The plan of optimizer stages is either {@code stages} (a list of maps such as {@code {optimizer: adam,
 * iterations: 300, lr: 1e-3}}, or text {@code adam:300,lbfgs:2500}) or the shorthands {@code optimizer},
 * {@code adamIterations} and {@code lbfgsIterations}, which describe the default two-stage plan (a budget of 0
 * leaves that stage out). First-order settings ({@code lr}, {@code beta1}, …) and L-BFGS settings
 * ({@code historySize}, {@code c1}, …) given at the top apply to every stage of that kind that does not set
 * them itself; one that no stage of the plan uses is an error.
 */
public final class TrainingSettings {

    /** The most hidden layers a network may have. */
    public static final int MAX_DEPTH = 64;
    /** The widest hidden layer allowed. */
    public static final int MAX_WIDTH = 4096;
    /** The most collocation points allowed. */
    public static final int MAX_POINTS = 100_000;
    /** The most iterations one stage may have. */
    public static final int MAX_ITERATIONS = 10_000_000;
    /** The most time windows allowed. */
    public static final int MAX_WINDOWS = 200;
    /** The most stages a plan may have. */
    public static final int MAX_STAGES = 20;

    private static final Setting.Kind.Whole ITERATIONS = new Setting.Kind.Whole(0, MAX_ITERATIONS);
    private static final Setting.Kind.Real UNIT = new Setting.Kind.Real(0, false, 1, true);
    private static final Setting.Kind.Real POSITIVE = new Setting.Kind.Real(0, true, Double.MAX_VALUE, false);
    private static final Setting.Kind.Real PENALTY = new Setting.Kind.Real(0, false, 1e6, false);
    private static final Setting.Kind.Real TOLERANCE = new Setting.Kind.Real(0, false, Double.MAX_VALUE, false);
    private static final List<String> OPTIMIZERS = ids(FirstOrderOptimizer.values(), FirstOrderOptimizer::id);
    /** The second-order optimizers and the second-order settings each reads. */
    private static final Map<String, Set<String>> SECOND_ORDER_USERS = secondOrderUsers();
    /** The settings that describe the default plan, instead of {@code stages}. */
    private static final List<String> PLAN_SHORTHANDS = List.of("optimizer", "adamIterations", "lbfgsIterations");

    /** Every setting, in the order of help and documentation. */
    public static final List<Setting> ALL = List.of(
            model("layers", new Setting.Kind.WholeList(1, MAX_DEPTH, new Setting.Kind.Whole(1, MAX_WIDTH)),
                    "32,32,32", "hidden-layer widths"),
            model("activation", new Setting.Kind.Choice(ids(Activation.values(), Activation::id)), "tanh",
                    "hidden activation"),
            model("points", new Setting.Kind.Whole(1, MAX_POINTS), "200", "collocation points"),
            model("sampling", new Setting.Kind.Choice(ids(Collocation.Sampling.values(), Collocation.Sampling::id)),
                    "grid", "collocation placement: a uniform grid or seeded random points"),
            model("resampleEvery", ITERATIONS, "0",
                    "draw new random collocation points every N first-order iterations; 0 never"),
            model("weights", new Setting.Kind.Named(List.of("cc", "phys", "data"),
                    new Setting.Kind.Real(0, false, 1e12, false)), "cc=1,phys=1,data=1",
                    "loss weights of the conditions, the residual and observed data; at least one > 0"),
            model("residualScaling", new Setting.Kind.Bool(), "true",
                    "divide the residual weight by omega^n, the equation's fastest rate to its order"),
            model("windows", new Setting.Kind.Whole(1, MAX_WINDOWS), "1",
                    "train an initial-value problem in N time windows, one after the other"),
            model("strategy", new Setting.Kind.Choice(ids(Strategy.values(), Strategy::id)), "auto",
                    "auto: remedies the problem's analysis calls for and the settings leave open (2 periods per"
                    + " time window for an initial-value problem of more than 4; see --explain); none: the settings as given"),
            model("physicsRamp", new Setting.Kind.Real(1, false, 1e6, false), "100",
                    "inverse problems: raise the residual weight by this factor over the second half of the last"
                    + " stage, so the estimates fit the equation closely; 1 never"),
            model("l1", PENALTY, "0", "coefficient of the L1 penalty, the sum of |w| over the network's weights (a"
                    + " loss term; not with lm, gn)"),
            model("l2", PENALTY, "0", "coefficient of the L2 penalty, the sum of w^2 over the network's weights (a"
                    + " loss term; not with lm, gn)"),
            model("dropout", new Setting.Kind.Real(0, false, 1, true), "0",
                    "probability of dropping a hidden unit at each point and training step; off at evaluation;"
                    + " first-order stages only"),
            model("seed", new Setting.Kind.Whole(Long.MIN_VALUE, Long.MAX_VALUE), "1",
                    "seed of the initial weights and random collocation points"),
            model("dtype", new Setting.Kind.Choice(ids(Precision.values(), Precision::id)), "float64",
                    "floating-point precision"),
            new Setting("stages", new Setting.Kind.Structured("a list of stages such as [{optimizer: adam,"
                    + " iterations: 300}, {optimizer: lbfgs, iterations: 2500}] or text such as adam:300,lbfgs:2500"),
                    "adam:300,lbfgs:2500", "the optimizer stages, run in order (instead of the shorthands)",
                    Setting.Group.MODEL),
            plan("optimizer", new Setting.Kind.Choice(OPTIMIZERS), "adam",
                    "the first stage's optimizer (shorthand for stages)"),
            plan("adamIterations", ITERATIONS, "300",
                    "iterations of the first stage, whatever its optimizer; 0 leaves it out (shorthand for stages)"),
            plan("lbfgsIterations", ITERATIONS, "2500",
                    "iterations of the L-BFGS stage; 0 leaves it out (shorthand for stages)"),
            firstOrder("lr", new Setting.Kind.Real(0, true, 10, false), "0.001", "learning rate"),
            firstOrder("lrDecay", new Setting.Kind.Structured("FACTOR:STEPS with FACTOR in (0, 1] and STEPS >= 1,"
                    + " e.g. 0.5:1000"), "none", "multiply the learning rate by FACTOR every STEPS iterations"),
            firstOrder("patience", ITERATIONS, "0",
                    "end a first-order stage after N iterations without a lower loss; 0 never"),
            firstOrder("beta1", UNIT, "0.9", "decay of the gradient average (adam, nadam, adamw)"),
            firstOrder("beta2", UNIT, "0.999", "decay of the squared-gradient average (adam, nadam, adamw)"),
            firstOrder("rho", UNIT, "0.9", "RMSprop's decay of the squared-gradient average"),
            firstOrder("momentum", UNIT, "0.9", "momentum of sgd-momentum and nesterov"),
            firstOrder("epsilon", POSITIVE, "1e-8 (adagrad 1e-10)", "added to the root of the squared-gradient"
                    + " average (adam, nadam, adamw, rmsprop, adagrad)"),
            firstOrder("weightDecay", UNIT, "0.01", "adamw's decoupled weight decay: each step first shrinks the"
                    + " weights by the factor 1 - lr x weightDecay"),
            secondOrder("historySize", new Setting.Kind.Whole(1, 1000), "50", "L-BFGS correction pairs kept (lbfgs)"),
            secondOrder("maxEvaluations", new Setting.Kind.Whole(1, MAX_ITERATIONS * 4L),
                    "1.25 x iterations (ssbfgs, ssbroyden 3 x, lm, gn 4 x)", "loss evaluations at most, line searches and rejected trials"
                    + " included"),
            secondOrder("gradientTolerance", TOLERANCE, "1e-11 (lm, gn 0)",
                    "stop when the largest gradient component is at most this"),
            secondOrder("lossTolerance", TOLERANCE, "1e-13",
                    "stop when an iteration lowers the loss by at most this fraction"),
            secondOrder("stepTolerance", TOLERANCE, "1e-14", "stop when the step's largest component is at most"
                    + " this (lbfgs, ssbfgs, ssbroyden)"),
            secondOrder("c1", new Setting.Kind.Real(0, true, 1, true), "1e-4",
                    "line search: sufficient-decrease constant, 0 < c1 < c2 (lbfgs, ssbfgs, ssbroyden)"),
            secondOrder("c2", new Setting.Kind.Real(0, true, 1, true), "0.9",
                    "line search: curvature constant, c1 < c2 < 1 (lbfgs, ssbfgs, ssbroyden)"),
            secondOrder("damping", new Setting.Kind.Real(0, false, 1e6, false), "1e-3 (lm), 1e-10 (gn)",
                    "Gauss-Newton damping as a multiple of the largest diagonal entry of J J^T: lm's first,"
                    + " gn's fixed (lm, gn)"));

    private static final Map<String, Setting> BY_NAME = ALL.stream()
            .collect(Collectors.toMap(Setting::name, s -> s, (a, b) -> a, LinkedHashMap::new));

    private TrainingSettings() {
    }

    /**
     * The declaration of a setting.
     *
     * @param name the setting's name
     * @return the setting
     * @throws IllegalArgumentException listing the known names when there is none of that name
     */
    public static Setting setting(String name) {
        Setting setting = BY_NAME.get(name);
        if (setting == null) {
            throw new IllegalArgumentException("unknown training setting '" + name + "'; known: " + names());
        }
        return setting;
    }

    /**
     * @return every setting's name, comma separated, in declaration order
     */
    public static String names() {
        return String.join(", ", BY_NAME.keySet());
    }

    /**
     * Reads settings over the defaults.
     *
     * @param settings setting name to the value as written and where
     * @return the configuration
     * @throws IllegalArgumentException at the first bad setting: where, which, the value and what is allowed
     */
    public static TrainingConfig read(Map<String, Located> settings) {
        return new Reader(settings).config();
    }

    /**
     * Reads settings given in layers, later layers overriding earlier ones key by key (e.g. a problem's own
     * settings, then flags). A layer that gives the plan, as {@code stages} or by its shorthands, replaces the plan
     * of the layers below in the other form too; within one layer the two forms cannot be combined.
     *
     * @param layers the settings, lowest precedence first
     * @return the configuration
     * @throws IllegalArgumentException at the first bad setting
     */
    @SafeVarargs
    public static TrainingConfig read(Map<String, Located>... layers) {
        return read(merge(layers));
    }

    /**
     * Merges layers of settings, later ones overriding earlier ones key by key, and a later plan (as {@code stages}
     * or by its shorthands) replacing an earlier one in either form.
     *
     * @param layers the settings, lowest precedence first
     * @return the merged settings
     */
    @SafeVarargs
    public static Map<String, Located> merge(Map<String, Located>... layers) {
        Map<String, Located> merged = new LinkedHashMap<>();
        for (Map<String, Located> layer : layers) {
            // A layer that describes the plan replaces the plan of the layers below, in either form.
            if (layer.containsKey("stages")) {
                merged.keySet().removeAll(PLAN_SHORTHANDS);
            } else if (layer.keySet().stream().anyMatch(PLAN_SHORTHANDS::contains)) {
                merged.remove("stages");
            }
            merged.putAll(layer);
        }
        return merged;
    }

    /**
     * Settings written in one place, all with the same origin: a built-in's settings, or a map from a test.
     *
     * @param values setting name to value
     * @param where where they were written, for messages
     * @return the located settings
     */
    public static Map<String, Located> at(Map<String, ?> values, String where) {
        Map<String, Located> located = new LinkedHashMap<>();
        values.forEach((name, value) -> located.put(name, new Located(value, where)));
        return located;
    }

    private static Setting model(String name, Setting.Kind kind, String defaultText, String doc) {
        return new Setting(name, kind, defaultText, doc, Setting.Group.MODEL);
    }

    private static Setting plan(String name, Setting.Kind kind, String defaultText, String doc) {
        return new Setting(name, kind, defaultText, doc, Setting.Group.PLAN);
    }

    private static Setting firstOrder(String name, Setting.Kind kind, String defaultText, String doc) {
        return new Setting(name, kind, defaultText, doc, Setting.Group.FIRST_ORDER);
    }

    private static Setting secondOrder(String name, Setting.Kind kind, String defaultText, String doc) {
        return new Setting(name, kind, defaultText, doc, Setting.Group.SECOND_ORDER);
    }

    private static <E> List<String> ids(E[] values, java.util.function.Function<E, String> id) {
        return Arrays.stream(values).map(id).toList();
    }

    /** One reading of a set of settings. */
    private static final class Reader {
        private final Map<String, Located> raw;
        private final Map<String, Object> typed = new LinkedHashMap<>();

        Reader(Map<String, Located> settings) {
            this.raw = new LinkedHashMap<>(settings);
            for (Map.Entry<String, Located> entry : raw.entrySet()) {
                Located located = entry.getValue();
                if (!BY_NAME.containsKey(entry.getKey())) {
                    throw error(located, "unknown training setting '" + entry.getKey() + "'; known: " + names());
                }
                typed.put(entry.getKey(), read(BY_NAME.get(entry.getKey()), located));
            }
        }

        TrainingConfig config() {
            TrainingConfig.Builder builder = TrainingConfig.builder();
            if (typed.containsKey("layers")) {
                builder.optLayers(((List<?>) typed.get("layers")).stream().map(w -> ((Long) w).intValue()).toList());
            }
            if (typed.containsKey("activation")) {
                builder.optActivation(Activation.parse((String) typed.get("activation")));
            }
            if (typed.containsKey("dtype")) {
                builder.optPrecision(Precision.parse((String) typed.get("dtype")));
            }
            if (typed.containsKey("seed")) {
                builder.optSeed((Long) typed.get("seed"));
            }
            builder.optCollocation(collocation());
            if (typed.containsKey("weights")) {
                builder.optWeights(weights());
            }
            if (typed.containsKey("residualScaling")) {
                builder.optScaleResiduals((Boolean) typed.get("residualScaling"));
            }
            if (typed.containsKey("windows")) {
                builder.optWindows(((Long) typed.get("windows")).intValue());
            }
            if (typed.containsKey("strategy")) {
                builder.optStrategy(Strategy.parse((String) typed.get("strategy")));
            }
            if (typed.containsKey("physicsRamp")) {
                builder.optPhysicsRamp((Double) typed.get("physicsRamp"));
            }
            builder.optStages(stages());
            Regularization regularization = new Regularization((Double) typed.getOrDefault("l1", 0.0),
                    (Double) typed.getOrDefault("l2", 0.0), (Double) typed.getOrDefault("dropout", 0.0));
            builder.optRegularization(regularization);
            try {
                return builder.build();
            } catch (IllegalArgumentException e) {
                // The one check across settings left to the build: regularization against the plan.
                Located where = regularization.dropout() > 0 ? raw.get("dropout")
                        : regularization.l1() > 0 ? raw.get("l1") : raw.get("l2");
                throw error(where, e.getMessage());
            }
        }

        private Collocation collocation() {
            int points = typed.containsKey("points") ? ((Long) typed.get("points")).intValue() : 200;
            Collocation.Sampling sampling = typed.containsKey("sampling")
                    ? Collocation.Sampling.parse((String) typed.get("sampling")) : Collocation.Sampling.GRID;
            long resampleEvery = typed.containsKey("resampleEvery") ? (Long) typed.get("resampleEvery") : 0;
            if (resampleEvery > 0 && sampling == Collocation.Sampling.GRID) {
                throw error(raw.get("resampleEvery"), "resampleEvery needs sampling: random; a grid never changes");
            }
            return new Collocation(points, sampling, (int) resampleEvery);
        }

        @SuppressWarnings("unchecked")
        private LossWeights weights() {
            Map<String, Double> weights = (Map<String, Double>) typed.get("weights");
            double cc = weights.getOrDefault("cc", 1.0);
            double phys = weights.getOrDefault("phys", 1.0);
            double data = weights.getOrDefault("data", 1.0);
            if (cc == 0 && phys == 0) {
                throw error(raw.get("weights"), "weights: cc and phys are both 0, so nothing would be trained;"
                        + " give at least one of them a weight > 0");
            }
            return new LossWeights(cc, phys, data);
        }

        private List<Stage> stages() {
            boolean shorthand = typed.containsKey("optimizer") || typed.containsKey("adamIterations")
                    || typed.containsKey("lbfgsIterations");
            List<Draft> plan;
            if (typed.containsKey("stages")) {
                if (shorthand) {
                    String which = typed.containsKey("optimizer") ? "optimizer"
                            : typed.containsKey("adamIterations") ? "adamIterations" : "lbfgsIterations";
                    throw error(raw.get(which), which + " describes the default plan and cannot be combined with"
                            + " stages (" + raw.get("stages").where() + "); write the stage's budget in stages");
                }
                plan = explicitPlan(raw.get("stages"));
            } else {
                plan = shorthandPlan();
            }
            if (plan.isEmpty()) {
                Located where = raw.getOrDefault("adamIterations", raw.get("lbfgsIterations"));
                throw error(where, "the plan has no stage with iterations > 0 (adamIterations and lbfgsIterations"
                        + " are both 0); give at least one of them iterations >= 1");
            }
            checkTopLevelUsed(plan);
            List<Stage> stages = new ArrayList<>();
            for (Draft draft : plan) {
                Map<String, Object> settings = new LinkedHashMap<>();
                for (Setting setting : ALL) {
                    if (setting.group() == draft.group() && typed.containsKey(setting.name())
                            && draft.uses(setting.name())) {
                        settings.put(setting.name(), typed.get(setting.name()));
                    }
                }
                settings.putAll(draft.own());
                try {
                    stages.add(draft.build(settings));
                } catch (IllegalArgumentException e) {
                    throw error(raw.getOrDefault("stages", raw.values().stream().findFirst().orElse(null)),
                            e.getMessage());
                }
            }
            return stages;
        }

        private List<Draft> shorthandPlan() {
            String optimizer = (String) typed.getOrDefault("optimizer", "adam");
            int first = ((Long) typed.getOrDefault("adamIterations", 300L)).intValue();
            int lbfgs = ((Long) typed.getOrDefault("lbfgsIterations", 2500L)).intValue();
            List<Draft> plan = new ArrayList<>();
            if (first > 0) {
                plan.add(new Draft(optimizer, first, Map.of()));
            }
            if (lbfgs > 0) {
                plan.add(new Draft("lbfgs", lbfgs, Map.of()));
            }
            return plan;
        }

        /** {@code stages:} as a list of maps, or text {@code adam:300,lbfgs:2500}. */
        private List<Draft> explicitPlan(Located located) {
            Object value = located.value();
            List<Map<String, Object>> entries = new ArrayList<>();
            if (value instanceof String text) {
                for (String part : text.split(",", -1)) {
                    String[] pieces = part.trim().split(":", -1);
                    if (pieces.length != 2) {
                        throw error(located, "stages: expected OPTIMIZER:ITERATIONS entries separated by commas,"
                                + " e.g. adam:300,lbfgs:2500; got '" + part.trim() + "'");
                    }
                    entries.add(Map.of("optimizer", pieces[0].trim(), "iterations", pieces[1].trim()));
                }
            } else if (value instanceof List<?> list) {
                for (Object item : list) {
                    if (!(item instanceof Map<?, ?> map)) {
                        throw error(located, "stages: each stage must be a mapping such as {optimizer: adam,"
                                + " iterations: 300}, got " + Setting.show(item));
                    }
                    Map<String, Object> entry = new LinkedHashMap<>();
                    map.forEach((k, v) -> entry.put(String.valueOf(k), v));
                    entries.add(entry);
                }
            } else {
                throw error(located, "stages must be " + BY_NAME.get("stages").kind().describe() + ", got "
                        + Setting.show(value));
            }
            if (entries.isEmpty() || entries.size() > MAX_STAGES) {
                throw error(located, "stages: expected 1 to " + MAX_STAGES + " stages, got " + entries.size());
            }
            List<Draft> plan = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                plan.add(draft(located, "stages[" + (i + 1) + "]", entries.get(i)));
            }
            return plan;
        }

        private Draft draft(Located located, String context, Map<String, Object> entry) {
            Object optimizerValue = entry.get("optimizer");
            List<String> allowed = new ArrayList<>(OPTIMIZERS);
            allowed.addAll(SECOND_ORDER_USERS.keySet());
            String optimizer = optimizerValue instanceof String s ? s.trim().toLowerCase(Locale.ROOT) : null;
            if (optimizer == null || !allowed.contains(optimizer)) {
                throw error(located, context + ".optimizer must be one of " + String.join(", ", allowed) + ", got "
                        + Setting.show(optimizerValue));
            }
            if (!entry.containsKey("iterations")) {
                throw error(located, context + ": iterations is required");
            }
            Object iterations = new Setting.Kind.Whole(1, MAX_ITERATIONS).read(entry.get("iterations"));
            if (iterations == null) {
                throw error(located, context + ".iterations must be a whole number from 1 to " + MAX_ITERATIONS
                        + ", got " + Setting.show(entry.get("iterations")));
            }
            Map<String, Object> own = new LinkedHashMap<>();
            Draft draft = new Draft(optimizer, ((Long) iterations).intValue(), own);
            for (Map.Entry<String, Object> setting : entry.entrySet()) {
                String key = setting.getKey();
                if (key.equals("optimizer") || key.equals("iterations")) {
                    continue;
                }
                Setting declared = BY_NAME.get(key);
                if (declared == null || declared.group() != draft.group()) {
                    throw error(located, context + ": '" + key + "' is not a setting of a " + optimizer
                            + " stage; allowed: optimizer, iterations, " + groupNames(draft.group()));
                }
                if (!draft.uses(key)) {
                    throw error(located, context + ": " + key + " does not apply to " + optimizer + " (it applies to "
                            + usersOf(key) + ")");
                }
                try {
                    own.put(key, declared.read(setting.getValue()));
                } catch (IllegalArgumentException e) {
                    throw error(located, context + "." + e.getMessage());
                }
            }
            return new Draft(optimizer, draft.iterations(), Map.copyOf(own));
        }

        /** A top-level stage setting that no stage of the plan reads is a mistake, not a silent no-op. */
        private void checkTopLevelUsed(List<Draft> plan) {
            for (Setting setting : ALL) {
                boolean stageSetting = setting.group() == Setting.Group.FIRST_ORDER
                        || setting.group() == Setting.Group.SECOND_ORDER;
                if (stageSetting && typed.containsKey(setting.name())
                        && plan.stream().noneMatch(d -> d.group() == setting.group() && d.uses(setting.name()))) {
                    String planText = plan.stream().map(Draft::optimizer).collect(Collectors.joining(", "));
                    String appliesTo = isHyperparameter(setting.name()) ? usersOf(setting.name())
                            : setting.group() == Setting.Group.SECOND_ORDER ? usersOf(setting.name())
                            : "first-order stages";
                    throw error(raw.get(setting.name()), setting.name() + " is not used by any stage of the plan ("
                            + planText + "); it applies to " + appliesTo);
                }
            }
        }

        private Object read(Setting setting, Located located) {
            try {
                return setting.read(located.value());
            } catch (IllegalArgumentException e) {
                throw error(located, e.getMessage());
            }
        }
    }

    /**
     * A stage before its settings are resolved.
     *
     * @param optimizer a first-order optimizer's id or a second-order one's ({@code lbfgs}, {@code ssbfgs},
     *     {@code ssbroyden}, {@code lm}, {@code gn})
     * @param iterations the budget
     * @param own the settings the stage wrote itself, typed; they win over top-level ones
     */
    private record Draft(String optimizer, int iterations, Map<String, Object> own) {

        Setting.Group group() {
            return SECOND_ORDER_USERS.containsKey(optimizer) ? Setting.Group.SECOND_ORDER : Setting.Group.FIRST_ORDER;
        }

        /** Whether this stage reads the setting: hyperparameters only for the optimizers that use them. */
        boolean uses(String name) {
            if (group() == Setting.Group.SECOND_ORDER) {
                return SECOND_ORDER_USERS.get(optimizer).contains(name);
            }
            return !isHyperparameter(name) || FirstOrderOptimizer.parse(optimizer).uses(name);
        }

        Stage build(Map<String, Object> settings) {
            if (optimizer.equals("lbfgs") || optimizer.startsWith("ss")) {
                LbfgsOptions o = optimizer.equals("lbfgs") ? LbfgsOptions.defaults(iterations)
                        : SelfScaledStage.defaultOptions(iterations);
                double c1 = o.armijo();
                double c2 = o.curvature();
                for (Map.Entry<String, Object> entry : settings.entrySet()) {
                    Object v = entry.getValue();
                    switch (entry.getKey()) {
                        case "historySize" -> o = o.withHistorySize(((Long) v).intValue());
                        case "maxEvaluations" -> o = o.withMaxEvaluations(((Long) v).intValue());
                        case "gradientTolerance" -> o = o.withGradientTolerance((Double) v);
                        case "lossTolerance" -> o = o.withRelativeLossTolerance((Double) v);
                        case "stepTolerance" -> o = o.withStepTolerance((Double) v);
                        case "c1" -> c1 = (Double) v;
                        case "c2" -> c2 = (Double) v;
                        default -> throw new IllegalStateException("not an L-BFGS setting: " + entry.getKey());
                    }
                }
                o = o.withLineSearch(c1, c2);
                return optimizer.equals("lbfgs") ? new LbfgsStage(o) : new SelfScaledStage(optimizer.equals("ssbfgs")
                        ? SelfScaledQuasiNewton.Update.SSBFGS : SelfScaledQuasiNewton.Update.SSBROYDEN, o);
            }
            if (group() == Setting.Group.SECOND_ORDER) {
                GaussNewtonOptions o = GaussNewtonOptions.defaults(optimizer.equals("lm")
                        ? GaussNewton.Mode.LEVENBERG_MARQUARDT : GaussNewton.Mode.LINE_SEARCH, iterations);
                int evaluations = ((Long) settings.getOrDefault("maxEvaluations", (long) o.maxEvaluations())).intValue();
                return new GaussNewtonStage(new GaussNewtonOptions(o.mode(), iterations, evaluations,
                        (Double) settings.getOrDefault("gradientTolerance", o.gradientTolerance()),
                        (Double) settings.getOrDefault("lossTolerance", o.relativeLossTolerance()),
                        (Double) settings.getOrDefault("damping", o.damping())));
            }
            FirstOrderStage stage = FirstOrderStage.of(FirstOrderOptimizer.parse(optimizer), iterations);
            for (Map.Entry<String, Object> entry : settings.entrySet()) {
                Object v = entry.getValue();
                switch (entry.getKey()) {
                    case "lr" -> stage = stage.withLearningRate((Double) v);
                    case "lrDecay" -> stage = stage.withDecay(decay(v));
                    case "patience" -> stage = stage.withPatience(((Long) v).intValue());
                    default -> stage = stage.withHyperparameters(stage.hyper().with(entry.getKey(), (Double) v));
                }
            }
            return stage;
        }
    }

    private static Map<String, Set<String>> secondOrderUsers() {
        Set<String> common = Set.of("maxEvaluations", "gradientTolerance", "lossTolerance");
        Set<String> lbfgs = new HashSet<>(common);
        lbfgs.addAll(List.of("historySize", "stepTolerance", "c1", "c2"));
        Set<String> gaussNewton = new HashSet<>(common);
        gaussNewton.add("damping");
        Map<String, Set<String>> users = new LinkedHashMap<>();
        users.put("lbfgs", Set.copyOf(lbfgs));
        lbfgs.remove("historySize");
        users.put("ssbfgs", Set.copyOf(lbfgs));
        users.put("ssbroyden", Set.copyOf(lbfgs));
        users.put("lm", Set.copyOf(gaussNewton));
        users.put("gn", Set.copyOf(gaussNewton));
        return users;
    }

    private static LearningRateDecay decay(Object value) {
        String text = String.valueOf(value).trim();
        String[] parts = text.split(":", -1);
        if (parts.length == 2) {
            Object factor = new Setting.Kind.Real(0, true, 1, false).read(parts[0].trim());
            Object steps = new Setting.Kind.Whole(1, MAX_ITERATIONS).read(parts[1].trim());
            if (factor != null && steps != null) {
                return new LearningRateDecay((Double) factor, ((Long) steps).intValue());
            }
        }
        throw new IllegalArgumentException("lrDecay must be " + BY_NAME.get("lrDecay").kind().describe() + ", got "
                + Setting.show(value));
    }

    private static boolean isHyperparameter(String name) {
        return FirstOrderStage.Hyperparameters.NAMES.contains(name);
    }

    private static String usersOf(String setting) {
        if (isHyperparameter(setting)) {
            return Arrays.stream(FirstOrderOptimizer.values()).filter(o -> o.uses(setting))
                    .map(FirstOrderOptimizer::id).collect(Collectors.joining(", "));
        }
        return SECOND_ORDER_USERS.entrySet().stream().filter(e -> e.getValue().contains(setting)).map(Map.Entry::getKey)
                .collect(Collectors.joining(", "));
    }

    private static String groupNames(Setting.Group group) {
        return ALL.stream().filter(s -> s.group() == group).map(Setting::name).collect(Collectors.joining(", "));
    }

    private static IllegalArgumentException error(Located located, String message) {
        return new IllegalArgumentException(located == null ? message : located.where() + ": " + message);
    }
}

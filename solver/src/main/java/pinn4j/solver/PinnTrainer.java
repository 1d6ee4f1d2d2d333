package pinn4j.solver;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.initializer.XavierInitializer;
import pinn4j.problems.Condition;
import pinn4j.problems.Domain;
import pinn4j.problems.FittedParameter;
import pinn4j.problems.Observations;
import pinn4j.problems.OdeProblem;
import pinn4j.solver.internal.Engines;
import pinn4j.solver.internal.FittedParameters;
import pinn4j.solver.internal.ParameterVector;
import pinn4j.solver.internal.PinnLoss;
import pinn4j.solver.internal.ResidualJacobian;
import pinn4j.solver.internal.TaylorMlp;
import pinn4j.solver.optim.DifferentiableFunction;
import pinn4j.solver.optim.FirstOrderStage;
import pinn4j.solver.optim.GaussNewton;
import pinn4j.solver.optim.GaussNewtonOptions;
import pinn4j.solver.optim.GaussNewtonStage;
import pinn4j.solver.optim.Lbfgs;
import pinn4j.solver.optim.LbfgsOptions;
import pinn4j.solver.optim.LbfgsResult;
import pinn4j.solver.optim.LbfgsStage;
import pinn4j.solver.optim.LeastSquaresFunction;
import pinn4j.solver.optim.LineSearchStage;
import pinn4j.solver.optim.OptimizerState;
import pinn4j.solver.optim.ResumableOptimizer;
import pinn4j.solver.optim.SelfScaledStage;
import pinn4j.solver.optim.Stage;
import pinn4j.solver.optim.StopReason;

/**
 * Trains a PINN by the configuration's plan of stages ({@link TrainingConfig#stages()}): first-order optimizers
 * on the full batch and L-BFGS ({@link Lbfgs}) on the same loss, in order. A trainer is configuration only;
 * {@link #train} returns a {@link TrainedPinn} and may be called any number of times.
 */
public final class PinnTrainer {

    /** First-order iterations between checks of the residual scale against the fitted parameters. */
    static final int RESCALE_EVERY = 10;
    /** Mixed into the seed for dropout's random stream. */
    private static final long DROPOUT_STREAM = 0x5DEECE66DL;
    /**
     * The most residuals a Gauss-Newton stage takes: its R x R system is factored in Java, R^3 / 3 operations a
     * step (seconds at this size), and must fit one array.
     */
    private static final int MAX_GAUSS_NEWTON_RESIDUALS = 4096;

    /**
     * Why checkpointed trainings and ensembles do not take the strategy's remedies: a checkpoint or a batched
     * ensemble holds one network, and today's remedy trains a network per time window.
     */
    private static final String AS_GIVEN = "checkpointed and ensemble trainings take the settings as given";

    private final TrainingConfig config;

    /**
     * A trainer for one configuration.
     *
     * @param config everything that decides the training
     */
    public PinnTrainer(TrainingConfig config) {
        this.config = config;
    }

    /**
     * The configuration this trainer trains with.
     *
     * @return the configuration
     */
    public TrainingConfig config() {
        return config;
    }

    /**
     * Trains a network on a problem, with no listener.
     *
     * @param problem the problem
     * @return the trained network; close it
     * @throws IllegalArgumentException when the configuration cannot train the problem, e.g. too little memory
     */
    public TrainedPinn train(OdeProblem problem) {
        return train(problem, TrainingListeners.none());
    }

    /**
     * Trains a network on a problem, telling a listener about every stage and iteration.
     *
     * @param problem the problem
     * @param listener told about the training as it runs
     * @return the trained network; close it
     * @throws IllegalArgumentException when the configuration cannot train the problem, e.g. too little memory
     */
    public TrainedPinn train(OdeProblem problem, TrainingListener listener) {
        return train(problem, List.of(), listener);
    }

    /**
     * Trains with observed data as well: the data term is added to the loss. The configuration's strategy first
     * lets the problem's analysis add the remedies the settings leave open ({@link StrategyChoice}); the result's
     * {@link TrainedPinn#config()} is the configuration trained, and {@link TrainedPinn#strategy()} says why.
     *
     * @param problem the problem
     * @param data measured values of unknowns; empty for none
     * @param listener told about the training as it runs
     * @return the trained network; close it
     * @throws IllegalArgumentException when the configuration cannot train the problem (too little memory, or
     *     time windows with data or without an initial-value problem)
     */
    public TrainedPinn train(OdeProblem problem, List<Observations> data, TrainingListener listener) {
        StrategyChoice choice = StrategyChoice.of(problem, config);
        PinnTrainer trainer = new PinnTrainer(choice.applyTo(config));
        trainer.check(problem, data);
        TrainedPinn result = (trainer.config.windows() == 1 ? trainer.trainWhole(problem, data, listener, null, null)
                : trainer.trainInWindows(problem, data, listener)).withStrategy(choice);
        listener.onTrainingEnd(result);
        return result;
    }

    /**
     * Trains as {@link #train(OdeProblem, List, TrainingListener)} does, with the same result, saving a
     * {@link Checkpoint} every {@code checkpointing.every()} iterations, to be continued by {@link #resume} if the
     * training is killed. The checkpoint is left in place: the caller removes it when the result is safe.
     *
     * @param problem the problem
     * @param data measured values of unknowns; empty for none
     * @param listener told about the training as it runs
     * @param checkpointing where and how often
     * @return the trained network; close it
     * @throws IllegalArgumentException for what {@link #check} and {@link #checkCheckpointing} refuse
     * @throws java.io.UncheckedIOException when a checkpoint cannot be written
     */
    public TrainedPinn train(OdeProblem problem, List<Observations> data, TrainingListener listener,
                             Checkpointing checkpointing) {
        check(problem, data);
        checkCheckpointing();
        TrainedPinn result = trainWhole(problem, data, listener, checkpointing, null)
                .withStrategy(StrategyChoice.of(problem, config).withheld(AS_GIVEN));
        listener.onTrainingEnd(result);
        return result;
    }

    /**
     * Continues a training from its checkpoint, to the result the uninterrupted training gives: the same
     * parameters, history (its times aside) and best record, bit for bit. The listener hears of the iterations
     * after the checkpoint only.
     *
     * @param problem the problem the checkpoint's training had
     * @param data its measurements
     * @param listener told about the rest of the training
     * @param checkpoint the checkpoint folder ({@link Checkpoint#locate})
     * @param checkpointing where and how often to go on saving checkpoints, or null for none
     * @return the trained network; close it
     * @throws IllegalArgumentException for what {@link #check} and {@link #checkCheckpointing} refuse, and a
     *     checkpoint that is damaged, of another version, or of another problem or configuration
     * @throws java.io.IOException when the checkpoint cannot be read
     */
    public TrainedPinn resume(OdeProblem problem, List<Observations> data, TrainingListener listener,
                              Path checkpoint, Checkpointing checkpointing) throws java.io.IOException {
        check(problem, data);
        checkCheckpointing();
        Checkpoint.State state = Checkpoint.read(checkpoint, fingerprint(problem, data), config.stages());
        TrainedPinn result = trainWhole(problem, data, listener, checkpointing, state)
                .withStrategy(StrategyChoice.of(problem, config).withheld(AS_GIVEN));
        listener.onTrainingEnd(result);
        return result;
    }

    /**
     * Checks that this configuration's training can be checkpointed and resumed.
     *
     * @throws IllegalArgumentException for time windows (one network per window) and Gauss-Newton stages (lm, gn:
     *     their damping and trust state is not kept)
     */
    public void checkCheckpointing() {
        if (config.windows() > 1) {
            throw new IllegalArgumentException("checkpoints are for trainings of one network, not windows="
                    + config.windows() + " (a network per time window)");
        }
        config.stages().stream().filter(stage -> stage instanceof GaussNewtonStage).findFirst().ifPresent(stage -> {
            throw new IllegalArgumentException("checkpoints cannot resume a Gauss-Newton stage (" + stage.optimizerId()
                    + "): use first-order stages, lbfgs or ssbroyden");
        });
    }

    /**
     * What a checkpoint must belong to: the problem, the data (their count and a hash of every value, so that an
     * edited file is noticed) and every setting of the configuration.
     */
    private String fingerprint(OdeProblem problem, List<Observations> data) {
        int hash = 1;
        for (Observations series : data) {
            hash = 31 * (31 * (31 * hash + series.unknown().hashCode()) + java.util.Arrays.hashCode(series.t()))
                    + java.util.Arrays.hashCode(series.values());
        }
        return problem.name() + " " + problem.equationText() + " " + problem.conditions() + " " + problem.domain()
                + " " + problem.parameters() + " fitting " + problem.fittedNames() + ", " + data.stream()
                .mapToInt(series -> series.t().length).sum() + " measurements (hash " + Integer.toHexString(hash)
                + "), " + config;
    }

    /**
     * Trains one network per listener, with seeds {@code seed}, {@code seed + 1}, ..., together: their parameters
     * stacked, so that every iteration evaluates all of them in one batched pass, which costs far less than one pass
     * each on small networks. Each member's result is the one {@link #train} would give with its seed, up to the
     * rounding of batched products (see {@link MemberTraining} for the two exceptions).
     *
     * @param problem the problem
     * @param data measured values of unknowns, the same for every member; empty for none
     * @param listeners one per member, told about that member's training
     * @return one trained network per member, in seed order; close them
     * @throws IllegalArgumentException for what {@link #check} refuses, for time windows, a Gauss-Newton stage or
     *     dropout (train those members one by one with {@link #train}), or for no listener
     */
    public List<TrainedPinn> trainMembers(OdeProblem problem, List<Observations> data,
                                          List<TrainingListener> listeners) {
        if (listeners.isEmpty()) {
            throw new IllegalArgumentException("give one listener per member, at least one");
        }
        if (config.windows() > 1 || config.stages().stream().anyMatch(stage -> stage instanceof GaussNewtonStage)
                || config.regularization().dropout() > 0) {
            throw new IllegalArgumentException("members train together only without time windows, Gauss-Newton"
                    + " stages and dropout; train them one by one");
        }
        check(problem, data);
        return new MemberTraining(config, problem, data, listeners,
                StrategyChoice.of(problem, config).withheld(AS_GIVEN)).execute();
    }

    /**
     * A pre-flight estimate of the native memory training needs, in bytes: the Taylor components of every hidden
     * layer at every point, kept for the backward pass with their temporaries (about 24 tensors of that size per
     * layer, measured order of magnitude), the parameter-sized vectors of the optimizers (L-BFGS's 2m history
     * pairs, Adam's moments), the dense matrix of self-scaled stages and, for Gauss-Newton stages, the Jacobian with the per-row copies it is made from. Meant to refuse configurations that cannot fit, not to predict usage closely.
     *
     * @param problem the problem to train
     * @return the estimate in bytes
     */
    public long estimateBytes(OdeProblem problem) {
        double bytes = config.precision().dataType().getNumOfBytes();
        double points = config.collocation().points() + problem.conditions().size();
        double components = problem.maxOrder() + 1;
        double hidden = 0;
        double parameters = 0;
        int fanIn = 1;
        for (int width : config.layers()) {
            hidden += width;
            parameters += (fanIn + 1.0) * width;
            fanIn = width;
        }
        parameters += (fanIn + 1.0) * problem.unknowns().size();
        int history = config.stages().stream().mapToInt(stage -> stage instanceof LbfgsStage lbfgs
                ? lbfgs.options().historySize() : 0).max().orElse(0);
        double activations = 24 * points * hidden * components * bytes;
        double vectors = (2.0 * history + 8) * parameters * Double.BYTES;
        if (config.stages().stream().anyMatch(stage -> stage instanceof SelfScaledStage)) {
            vectors += parameters * parameters * Double.BYTES;
        }
        if (config.stages().stream().anyMatch(stage -> stage instanceof GaussNewtonStage)) {
            // A row per residual, each with its own copy of the parameters: the copies, their gradients and the
            // Jacobian made of them (in the engine and as Java arrays), and the activations of every row.
            double rows = config.collocation().points() * problem.equations().size() + problem.conditions().size();
            vectors += 6 * rows * parameters * Double.BYTES + 3 * rows * rows * Double.BYTES;
            activations += 24 * rows * hidden * components * bytes;
        }
        return (long) Math.min(Long.MAX_VALUE, activations + vectors);
    }

    /**
     * Checks, before anything is allocated, that this configuration can train the problem: training calls it first,
     * and a batch calls it for every run before the first one starts.
     *
     * @param problem the problem
     * @param data measured values of unknowns; empty for none
     * @throws IllegalArgumentException when the estimate of {@link #estimateBytes} exceeds 80% of the machine's
     *     memory, time windows meet a problem that is not an initial-value problem, measurements name no unknown
     *     or lie outside the domain, parameters are fitted without measurements, or a Gauss-Newton stage meets
     *     more than 4096 residuals
     */
    public void check(OdeProblem problem, List<Observations> data) {
        if (problem.isInverse() && data.isEmpty()) {
            throw new IllegalArgumentException(problem.name() + ": fitting " + String.join(", ", problem.fittedNames())
                    + " needs measured data; give some observations");
        }
        for (Observations observations : data) {
            if (!problem.unknowns().contains(observations.unknown())) {
                throw new IllegalArgumentException("observations of '" + observations.unknown() + "', which is not an"
                        + " unknown of " + problem.name() + "; unknowns: " + String.join(", ", problem.unknowns()));
            }
            for (double t : observations.t()) {
                if (!problem.domain().contains(t)) {
                    throw new IllegalArgumentException("an observation of " + observations.unknown() + " is at "
                            + problem.variable() + " = " + t + ", outside the domain " + problem.domain());
                }
            }
        }
        if (config.windows() > 1 && !problem.isInitialValueProblem()) {
            throw new IllegalArgumentException("windows=" + config.windows() + " needs an initial-value problem (every"
                    + " condition a value at t0); " + problem.name() + " has " + problem.conditions());
        }
        int residuals = config.collocation().points() * problem.equations().size() + problem.conditions().size()
                + data.stream().mapToInt(series -> series.t().length).sum();
        if (residuals > MAX_GAUSS_NEWTON_RESIDUALS
                && config.stages().stream().anyMatch(stage -> stage instanceof GaussNewtonStage)) {
            throw new IllegalArgumentException(String.format("a Gauss-Newton stage (lm, gn) solves an R x R system for"
                    + " the R residuals, here %d (%d points x %d equations, %d conditions, %d measurements), and"
                    + " takes at most %d; use fewer collocation points, or lbfgs or ssbroyden", residuals,
                    config.collocation().points(), problem.equations().size(), problem.conditions().size(),
                    residuals - config.collocation().points() * problem.equations().size()
                            - problem.conditions().size(), MAX_GAUSS_NEWTON_RESIDUALS));
        }
        long needed = estimateBytes(problem);
        long total = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize();
        if (needed > 0.8 * total) {
            throw new IllegalArgumentException(String.format("training would need about %.1f GB of memory"
                    + " (%d points, layers %s, %s precision) and this machine has %.1f GB; use fewer collocation"
                    + " points, narrower or fewer layers, or a smaller L-BFGS historySize%s", needed / 1e9,
                    config.collocation().points(), config.layers(), config.precision().id(), total / 1e9,
                    config.stages().stream().anyMatch(stage -> stage instanceof SelfScaledStage)
                            ? " (a self-scaled stage keeps a matrix of parameters x parameters: lbfgs does not)" : ""));
        }
    }

    private TrainedPinn trainWhole(OdeProblem problem, List<Observations> data, TrainingListener listener,
                                   Checkpointing checkpointing, Checkpoint.State resumed) {
        Engine engine = Engines.pytorch();
        NDManager manager = engine.newBaseManager();
        try {
            Run run = new Run(engine, manager, problem, data, listener);
            run.checkpointing = checkpointing;
            run.fingerprint = checkpointing == null ? null : fingerprint(problem, data);
            return run.execute(resumed);
        } catch (RuntimeException | Error e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Trains window after window: each a short initial-value problem whose initial values (every derivative below
     * each unknown's order) are the previous window's network at its end. Short windows keep a network from
     * settling on an equilibrium that the whole interval would let it reach, such as x = y = 0 in Lotka-Volterra.
     * Each window fits the measurements inside it; fitted parameters start each window from the previous one's
     * estimates, so the last window's estimates have seen every window's data on their way.
     */
    private TrainedPinn trainInWindows(OdeProblem problem, List<Observations> data, TrainingListener listener) {
        double[] bounds = problem.domain().grid(config.windows() + 1);
        List<TrainedPinn> parts = new ArrayList<>();
        try {
            List<Condition> conditions = problem.conditions();
            OdeProblem current = problem;
            for (int w = 0; w < config.windows(); w++) {
                OdeProblem window = current.withDomainAndConditions(new Domain(bounds[w], bounds[w + 1]), conditions);
                TrainedPinn part = trainWhole(window, data, listener, null, null);
                parts.add(part);
                if (part.divergence().isPresent()) {
                    break;
                }
                conditions = initialValuesAt(problem, part, bounds[w + 1]);
                current = problem.withParameters(inside(problem, part.fittedParameters()));
            }
            return TrainedPinn.join(problem, config, parts);
        } catch (RuntimeException | Error e) {
            parts.forEach(TrainedPinn::close);
            throw e;
        }
    }

    /** Estimates as the next window's initial guesses, moved off a bound they reached in floating point. */
    private static Map<String, Double> inside(OdeProblem problem, Map<String, Double> estimates) {
        Map<String, Double> guesses = new LinkedHashMap<>(estimates);
        for (FittedParameter parameter : problem.fitted()) {
            double value = guesses.get(parameter.name());
            if (!parameter.admits(value)) {
                guesses.put(parameter.name(), value <= parameter.min() ? Math.nextUp(parameter.min())
                        : Math.nextDown(parameter.max()));
            }
        }
        return guesses;
    }

    /**
     * The problem's initial conditions moved to t, with the values the network gives there; in the problem's order,
     * so that every window's loss terms line up.
     */
    private static List<Condition> initialValuesAt(OdeProblem problem, NetworkView network, double t) {
        double[][][] values = network.evaluate(new double[] {t}, problem.maxOrder());
        List<Condition> conditions = new ArrayList<>();
        for (Condition condition : problem.conditions()) {
            Condition.Term term = condition.terms().get(0);
            double value = values[term.order()][problem.unknowns().indexOf(term.unknown())][0];
            conditions.add(Condition.derivative(term.unknown(), term.order(), t, value));
        }
        return conditions;
    }

    /** The state of one training run. */
    private final class Run {
        private final Engine engine;
        private final NDManager manager;
        private final OdeProblem problem;
        private final TrainingListener listener;
        private final PinnLoss loss;
        private final LossWeighting weighting;
        private NDArray weightVector;
        private final TaylorMlp network;
        private final FittedParameters fitted;
        private final List<Parameter> parameters;
        private final ParameterVector vector;
        private final SplittableRandom collocationRandom;
        private final SplittableRandom dropoutRandom;
        private final List<IterationRecord> records = new ArrayList<>();
        private final List<StageResult> stages = new ArrayList<>();
        private long start = System.nanoTime();
        private final ResidualJacobian jacobian;
        /** The loss terms of every evaluation of the running search, by its 1-based number. */
        private final Map<Integer, double[]> termsByEvaluation = new HashMap<>();
        private int evaluationCount;
        private NDManager batchManager;
        private NDArray batch;
        private NDArray residualRows;
        private double[] collocation;
        private double[] bestParameters;
        private double bestTotal = Double.POSITIVE_INFINITY;
        private String bestWhere = "the initial parameters";
        private String divergence;
        private Checkpointing checkpointing;
        private String fingerprint;
        /** Collocation placements so far, the first one included: replayed to put the random source back. */
        private int samplings;
        /** Dropout's random numbers drawn so far, replayed to put its source back. */
        private long dropoutDraws;

        Run(Engine engine, NDManager manager, OdeProblem problem, List<Observations> data,
            TrainingListener listener) {
            this.engine = engine;
            this.manager = manager;
            this.problem = problem;
            this.listener = listener;
            this.loss = new PinnLoss(problem, config.weights(), config.scaleResiduals(), data,
                    config.regularization());
            this.weighting = new LossWeighting(problem, config, loss);
            DataType dataType = config.precision().dataType();
            this.weightVector = manager.create(weighting.weights()).toType(dataType, false);
            loss.placeObservations(manager, dataType);
            this.network = new TaylorMlp(config.layers(), problem.unknowns().size(), config.activation(),
                    problem.domain().t0(), problem.domain().t1());
            // Glorot uniform: U(-a, a), a = sqrt(6 / (fanIn + fanOut)) = sqrt(3 / average fan).
            network.setInitializer(new XavierInitializer(XavierInitializer.RandomType.UNIFORM,
                    XavierInitializer.FactorType.AVG, 3), Parameter.Type.WEIGHT);
            Engines.withSeed(config.seed(), () -> network.initialize(manager, dataType, new Shape(1, 1)));
            this.fitted = new FittedParameters(problem, manager, dataType);
            this.parameters = new ArrayList<>(network.orderedParameters());
            parameters.addAll(fitted.parameters());
            this.vector = new ParameterVector(parameters);
            this.jacobian = new ResidualJacobian(engine, network, fitted, loss);
            this.collocationRandom = Collocation.randomSource(config.seed());
            // A stream apart from the collocation points', so that dropout leaves them as they are.
            this.dropoutRandom = new SplittableRandom(config.seed() ^ DROPOUT_STREAM);
            placeCollocationPoints();
        }

        /** Trains from the start, or from a checkpoint's state. */
        TrainedPinn execute(Checkpoint.State resumed) {
            TrainedPinn.Piece piece = TrainedPinn.piece(network, manager, problem.domain(), config);
            if (resumed != null) {
                restore(resumed);
            }
            listener.onTrainingStart(problem, config, loss.terms(), piece.view());
            List<Stage> plan = config.stages();
            for (int index = resumed == null ? 0 : resumed.stage(); index < plan.size() && divergence == null;
                 index++) {
                Stage stage = plan.get(index);
                Checkpoint.State from = resumed != null && index == resumed.stage() ? resumed : null;
                listener.onStageStart(index, stage);
                StageResult result = stage instanceof FirstOrderStage firstOrder ? runFirstOrder(index, firstOrder,
                        from) : stage instanceof LineSearchStage search ? runQuasiNewton(index, search, from)
                        : runGaussNewton(index, (GaussNewtonStage) stage);
                stages.add(result);
                listener.onStageEnd(result);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            batchManager.close();
            return new TrainedPinn(problem, config, List.of(piece), new LossHistory(loss.terms(), records), stages,
                    seconds, divergence, collocation, fitted.values());
        }

        /** Puts back a checkpoint's state: the stage's own part is for the stage to take. */
        private void restore(Checkpoint.State state) {
            if (state.parameters().length != vector.size()) {
                throw new IllegalArgumentException("the checkpoint has " + state.parameters().length
                        + " parameters and this network " + vector.size());
            }
            vector.write(state.parameters());
            records.addAll(state.records());
            stages.addAll(state.stages());
            bestParameters = state.best();
            bestTotal = state.bestTotal();
            bestWhere = state.bestWhere();
            weighting.restore(state.weights(), state.physicsFactor());
            weightVector.close();
            weightVector = manager.create(weighting.weights()).toType(config.precision().dataType(), false);
            // SplittableRandom's state cannot be set: the draws are taken again, which is cheap beside training.
            while (samplings < state.samplings()) {
                placeCollocationPoints();
            }
            for (long draw = 0; draw < state.dropoutDraws(); draw++) {
                dropoutRandom.nextDouble();
            }
            dropoutDraws = state.dropoutDraws();
            start = System.nanoTime() - (long) (state.seconds() * 1e9);
        }

        /** Saves a checkpoint when one is due after the latest record. */
        private void checkpointIfDue(int stage, int iteration, int bestIteration, Supplier<OptimizerState> optimizer,
                                     Supplier<RestartingSearch.Position> search) {
            if (checkpointing == null || records.size() % checkpointing.every() != 0) {
                return;
            }
            Checkpoint.State state = new Checkpoint.State(fingerprint, stage, iteration, seconds(start),
                    vector.read(), List.copyOf(records), List.copyOf(stages), bestParameters, bestTotal, bestWhere,
                    bestIteration, weighting.weights(), weighting.physicsFactor(), samplings, dropoutDraws,
                    optimizer == null ? null : optimizer.get(), search == null ? null : search.get());
            try {
                Checkpoint.write(checkpointing, state);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot write the checkpoint " + checkpointing.folder(), e);
            }
        }

        private void placeCollocationPoints() {
            samplings++;
            if (batchManager != null) {
                batchManager.close();
            }
            collocation = config.collocation().sample(problem.domain(), collocationRandom);
            double[] points = loss.batch(collocation);
            batchManager = manager.newSubManager();
            batch = batchManager.create(points, new Shape(points.length, 1))
                    .toType(config.precision().dataType(), false);
            double[] rows = loss.residualBatch(collocation);
            residualRows = batchManager.create(rows, new Shape(rows.length, 1))
                    .toType(config.precision().dataType(), false);
        }

        private StageResult runFirstOrder(int index, FirstOrderStage stage, Checkpoint.State resumed) {
            long stageStart = System.nanoTime();
            ResumableOptimizer optimizer = stage.newOptimizer();
            List<String> ids = parameters.stream().map(Parameter::getId).toList();
            int resampleEvery = config.collocation().resampleEvery();
            int bestIteration = 0;
            boolean stoppedEarly = false;
            int first = 1;
            if (resumed != null) {
                optimizer.resume(resumed.optimizer(), ids);
                bestIteration = resumed.bestIteration();
                first = resumed.iteration() + 1;
            }
            int done = first - 1;
            for (int iteration = first; iteration <= stage.iterations(); iteration++) {
                if (resampleEvery > 0 && iteration > 1 && (iteration - 1) % resampleEvery == 0) {
                    placeCollocationPoints();
                }
                double[] terms = evaluate(config.regularization().dropout());
                double total = weighted(terms);
                record(index, iteration, terms, total);
                done = iteration;
                if (!Double.isFinite(total)) {
                    diverged(stage, iteration, total);
                    break;
                }
                if (total < bestTotal) {
                    bestTotal = total;
                    bestParameters = vector.read();
                    bestWhere = stage.label() + " iteration " + iteration;
                    bestIteration = iteration;
                } else if (stage.patience() > 0 && iteration - bestIteration >= stage.patience()) {
                    stoppedEarly = true;
                    break;
                }
                for (Parameter parameter : parameters) {
                    NDArray array = parameter.getArray();
                    try (NDArray gradient = array.getGradient()) {
                        optimizer.update(parameter.getId(), array, gradient);
                    }
                }
                boolean stepped = weighting.ramp(index, iteration, stage.iterations());
                if ((iteration % RESCALE_EVERY == 0 || stepped) && rescaled()) {
                    bestIteration = iteration;
                }
                checkpointIfDue(index, iteration, bestIteration, () -> optimizer.state(ids), null);
            }
            // Leaving the loop early skips the update that would have cleared the last gradients.
            vector.clearGradients();
            if (bestParameters != null) {
                vector.write(bestParameters);
            }
            String reason = divergence != null ? "diverged" : stoppedEarly
                    ? "no lower loss in " + stage.patience() + " iterations" : "maximum iterations reached";
            return new StageResult(index, stage, done, done, seconds(stageStart), reason);
        }

        private StageResult runQuasiNewton(int index, LineSearchStage stage, Checkpoint.State resumed) {
            DifferentiableFunction function = (x, gradient) -> {
                vector.write(x);
                double[] terms = evaluate(0);
                double[] g = vector.takeGradients();
                System.arraycopy(g, 0, gradient, 0, g.length);
                termsByEvaluation.put(++evaluationCount, terms);
                return weighted(terms);
            };
            LbfgsOptions options = stage.options();
            return runSearch(index, stage, options.maxIterations(), options.maxEvaluations(),
                    (iterations, evaluations, start, listener, resume) -> stage.minimize(options
                            .withMaxIterations(iterations).withMaxEvaluations(evaluations), function, start, listener,
                            resume), resumed == null ? null : resumed.search());
        }

        private StageResult runGaussNewton(int index, GaussNewtonStage stage) {
            LeastSquaresFunction function = new LeastSquaresFunction() {
                @Override
                public Residuals evaluate(double[] x) {
                    vector.write(x);
                    termsByEvaluation.put(++evaluationCount, terms());
                    try (NDManager scope = manager.newSubManager()) {
                        scope.tempAttachAll(residualRows);
                        for (Parameter parameter : parameters) {
                            scope.tempAttachAll(parameter.getArray());
                        }
                        NDList both = jacobian.evaluate(scope, residualRows, collocation.length,
                                weighting.weights());
                        return new Residuals(both.get(0).toDoubleArray(), both.get(1).toDoubleArray());
                    }
                }

                @Override
                public double value(double[] x) {
                    vector.write(x);
                    double[] terms = terms();
                    termsByEvaluation.put(++evaluationCount, terms);
                    return weighted(terms);
                }
            };
            GaussNewtonOptions options = stage.options();
            // Never resumed: checkCheckpointing refuses Gauss-Newton stages.
            return runSearch(index, stage, options.maxIterations(), options.maxEvaluations(),
                    (iterations, evaluations, start, listener, resume) -> new GaussNewton(options
                            .withMaxIterations(iterations).withMaxEvaluations(evaluations)).minimize(function, start,
                            listener), null);
        }

        /**
         * Runs a search (L-BFGS or Gauss-Newton) with the stage's budgets, recording every accepted step with the
         * terms of the evaluation that gave it; restarted, with what is left of the budgets, when the residual
         * weights follow the fitted parameters or the ramp, as the loss then changed under the search.
         */
        private StageResult runSearch(int index, Stage stage, int maxIterations, int maxEvaluations,
                                      RestartingSearch.Search search, RestartingSearch.Position resumed) {
            long stageStart = System.nanoTime();
            RestartingSearch.Position from = resumed != null ? resumed
                    : new RestartingSearch.Position(0, 0, 0, vector.read(), null);
            if (resumed != null && resumed.search() != null) {
                // The resumed run numbers its evaluations on from where it stood.
                evaluationCount = resumed.search().evaluations();
            }
            RestartingSearch.Outcome outcome = RestartingSearch.run(search, from, maxIterations,
                    maxEvaluations, () -> {
                        termsByEvaluation.clear();
                        evaluationCount = 0;
                    }, (iteration, step) -> {
                        if (step.acceptedEvaluation() != step.evaluations()) {
                            // The line search's last trial was rejected: show listeners the accepted network.
                            vector.write(step.point());
                        }
                        record(index, iteration, termsByEvaluation.get(step.acceptedEvaluation()), step.value());
                        termsByEvaluation.clear();
                        weighting.ramp(index, iteration, maxIterations);
                        return rescaled();
                    }, point -> weighting.advanceRamp(index) && rescaled(),
                    position -> checkpointIfDue(index, 0, 0, null, position));
            LbfgsResult result = outcome.result();
            if (outcome.iterations() == 0 && termsByEvaluation.containsKey(1)) {
                // No iteration was taken (a budget of one evaluation, a start that is converged or not finite):
                // record the start as iteration 0, so that every stage leaves a record and a run has a best one.
                record(index, 0, termsByEvaluation.get(1), result.value());
            }
            if (result.stopReason() == StopReason.NON_FINITE_START) {
                diverged(stage, 0, result.value());
                vector.write(bestParameters != null ? bestParameters : result.point());
            } else {
                vector.write(result.point());
                if (result.value() < bestTotal) {
                    bestTotal = result.value();
                    bestParameters = result.point();
                    bestWhere = stage.label() + " iteration " + outcome.iterations();
                }
            }
            return new StageResult(index, stage, outcome.iterations(), outcome.evaluations(), seconds(stageStart),
                    outcome.reason(weighting.ramped()));
        }

        /**
         * Moves the residual weights with the fitted parameters ({@link LossWeighting#rescaled}); the best loss seen
         * is forgotten, being of another objective.
         *
         * @return whether the weights changed
         */
        private boolean rescaled() {
            if (fitted.isEmpty() || !weighting.rescaled(fitted.values())) {
                return false;
            }
            weightVector.close();
            weightVector = manager.create(weighting.weights()).toType(config.precision().dataType(), false);
            bestTotal = Double.POSITIVE_INFINITY;
            return true;
        }

        /**
         * One forward and backward pass; leaves the gradients in the parameters and returns the terms.
         *
         * @param dropout the probability of dropping each hidden unit at each point, 0 for none
         */
        private double[] evaluate(double dropout) {
            try (NDManager scope = manager.newSubManager()) {
                scope.tempAttachAll(batch);
                for (Parameter parameter : parameters) {
                    scope.tempAttachAll(parameter.getArray());
                }
                List<NDArray> masks = dropout == 0 ? List.of() : masks(scope, dropout);
                try (GradientCollector collector = engine.newGradientCollector()) {
                    NDArray terms = loss.evaluate(network, fitted.tensors(), batch, collocation.length, masks);
                    collector.backward(terms.mul(weightVector).sum());
                    return terms.toType(DataType.FLOAT64, false).toDoubleArray();
                }
            }
        }

        /** Fresh dropout masks, one per hidden layer: 0 with probability {@code rate}, else 1 / (1 - rate). */
        private List<NDArray> masks(NDManager scope, double rate) {
            long rows = batch.getShape().get(0);
            List<NDArray> masks = new ArrayList<>();
            for (int width : config.layers()) {
                double[] mask = new double[Math.toIntExact(rows * width)];
                for (int i = 0; i < mask.length; i++) {
                    mask[i] = dropoutRandom.nextDouble() < rate ? 0 : 1 / (1 - rate);
                }
                dropoutDraws += mask.length;
                masks.add(scope.create(mask, new Shape(rows, width)).toType(config.precision().dataType(), false));
            }
            return masks;
        }

        /** The loss terms at the current parameters, forward only. */
        private double[] terms() {
            try (NDManager scope = manager.newSubManager()) {
                scope.tempAttachAll(batch);
                for (Parameter parameter : parameters) {
                    scope.tempAttachAll(parameter.getArray());
                }
                return loss.evaluate(network, fitted.tensors(), batch, collocation.length)
                        .toType(DataType.FLOAT64, false).toDoubleArray();
            }
        }

        private double weighted(double[] terms) {
            return weighting.total(terms);
        }

        private void record(int stage, int iteration, double[] terms, double total) {
            IterationRecord record = new IterationRecord(stage, iteration, records.size() + 1, terms, total,
                    seconds(start), fitted.values().values().stream().mapToDouble(Double::doubleValue).toArray());
            records.add(record);
            listener.onIteration(record);
        }

        private void diverged(Stage stage, int iteration, double total) {
            divergence = String.format("the loss became %s at %s iteration %d; training stopped and the best"
                    + " parameters seen were kept (loss %.3e at %s)", total, stage.label(), iteration, bestTotal,
                    bestWhere);
        }

        private double seconds(long since) {
            return (System.nanoTime() - since) / 1e9;
        }
    }
}

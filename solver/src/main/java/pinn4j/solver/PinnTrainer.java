package pinn4j.solver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.FactorTracker;
import ai.djl.training.tracker.Tracker;
import pinn4j.problems.Condition;
import pinn4j.problems.Domain;
import pinn4j.problems.Observations;
import pinn4j.problems.OdeProblem;
import pinn4j.solver.internal.Engines;
import pinn4j.solver.internal.ParameterVector;
import pinn4j.solver.internal.PinnLoss;
import pinn4j.solver.internal.TaylorMlp;
import pinn4j.solver.optim.DifferentiableFunction;
import pinn4j.solver.optim.FirstOrderStage;
import pinn4j.solver.optim.Lbfgs;
import pinn4j.solver.optim.LbfgsResult;
import pinn4j.solver.optim.LbfgsStage;
import pinn4j.solver.optim.Stage;
import pinn4j.solver.optim.StopReason;

/**
 * Trains a PINN by the configuration's plan of stages ({@link TrainingConfig#stages()}): first-order optimizers
 * on the full batch and L-BFGS ({@link Lbfgs}) on the same loss, in order. A trainer is configuration only;
 * {@link #train} returns a {@link TrainedPinn} and may be called any number of times.
 */
public final class PinnTrainer {

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
     * Trains with observed data as well: the data term is added to the loss.
     *
     * @param problem the problem
     * @param data measured values of unknowns; empty for none
     * @param listener told about the training as it runs
     * @return the trained network; close it
     * @throws IllegalArgumentException when the configuration cannot train the problem (too little memory, or
     *     time windows with data or without an initial-value problem)
     */
    public TrainedPinn train(OdeProblem problem, List<Observations> data, TrainingListener listener) {
        check(problem, data);
        TrainedPinn result = config.windows() == 1 ? trainWhole(problem, data, listener)
                : trainInWindows(problem, data, listener);
        listener.onTrainingEnd(result);
        return result;
    }

    /**
     * A pre-flight estimate of the native memory training needs, in bytes: the Taylor components of every hidden
     * layer at every point, kept for the backward pass with their temporaries (about 24 tensors of that size per
     * layer, measured order of magnitude), and the parameter-sized vectors of the optimizers (L-BFGS's 2m history
     * pairs, Adam's moments). Meant to refuse configurations that cannot fit, not to predict usage closely.
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
        return (long) Math.min(Long.MAX_VALUE, activations + vectors);
    }

    /**
     * Checks, before anything is allocated, that this configuration can train the problem: training calls it first,
     * and a batch calls it for every run before the first one starts.
     *
     * @param problem the problem
     * @param data measured values of unknowns; empty for none
     * @throws IllegalArgumentException when the estimate of {@link #estimateBytes} exceeds 80% of the machine's
     *     memory, or time windows meet observed data or a problem that is not an initial-value problem
     */
    public void check(OdeProblem problem, List<Observations> data) {
        if (config.windows() > 1 && !data.isEmpty()) {
            throw new IllegalArgumentException("windows=" + config.windows() + " cannot be combined with observed data:"
                    + " each window would see a different set of loss terms; train with windows=1");
        }
        if (config.windows() > 1 && !problem.isInitialValueProblem()) {
            throw new IllegalArgumentException("windows=" + config.windows() + " needs an initial-value problem (every"
                    + " condition a value at t0); " + problem.name() + " has " + problem.conditions());
        }
        long needed = estimateBytes(problem);
        long total = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize();
        if (needed > 0.8 * total) {
            throw new IllegalArgumentException(String.format("training would need about %.1f GB of memory"
                    + " (%d points, layers %s, %s precision) and this machine has %.1f GB; use fewer collocation"
                    + " points, narrower or fewer layers, or a smaller L-BFGS historySize", needed / 1e9,
                    config.collocation().points(), config.layers(), config.precision().id(), total / 1e9));
        }
    }

    private TrainedPinn trainWhole(OdeProblem problem, List<Observations> data, TrainingListener listener) {
        Engine engine = Engines.pytorch();
        NDManager manager = engine.newBaseManager();
        try {
            return new Run(engine, manager, problem, data, listener).execute();
        } catch (RuntimeException | Error e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Trains window after window: each a short initial-value problem whose initial values (every derivative below
     * each unknown's order) are the previous window's network at its end. Short windows keep a network from
     * settling on an equilibrium that the whole interval would let it reach, such as x = y = 0 in Lotka-Volterra.
     */
    private TrainedPinn trainInWindows(OdeProblem problem, List<Observations> data, TrainingListener listener) {
        double[] bounds = problem.domain().grid(config.windows() + 1);
        List<TrainedPinn> parts = new ArrayList<>();
        try {
            List<Condition> conditions = problem.conditions();
            for (int w = 0; w < config.windows(); w++) {
                OdeProblem window = problem.withDomainAndConditions(new Domain(bounds[w], bounds[w + 1]), conditions);
                TrainedPinn part = trainWhole(window, data, listener);
                parts.add(part);
                if (part.divergence().isPresent()) {
                    break;
                }
                conditions = initialValuesAt(problem, part, bounds[w + 1]);
            }
            return TrainedPinn.join(problem, config, parts);
        } catch (RuntimeException | Error e) {
            parts.forEach(TrainedPinn::close);
            throw e;
        }
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
        private final double[] weights;
        private final NDArray weightVector;
        private final TaylorMlp network;
        private final List<Parameter> parameters;
        private final ParameterVector vector;
        private final SplittableRandom collocationRandom;
        private final List<IterationRecord> records = new ArrayList<>();
        private final List<StageResult> stages = new ArrayList<>();
        private final long start = System.nanoTime();
        private NDManager batchManager;
        private NDArray batch;
        private double[] collocation;
        private double[] bestParameters;
        private double bestTotal = Double.POSITIVE_INFINITY;
        private String bestWhere = "the initial parameters";
        private String divergence;

        Run(Engine engine, NDManager manager, OdeProblem problem, List<Observations> data,
            TrainingListener listener) {
            this.engine = engine;
            this.manager = manager;
            this.problem = problem;
            this.listener = listener;
            this.loss = new PinnLoss(problem, config.weights(), config.scaleResiduals(), data);
            this.weights = loss.weights();
            DataType dataType = config.precision().dataType();
            this.weightVector = manager.create(weights).toType(dataType, false);
            loss.placeObservations(manager, dataType);
            this.network = new TaylorMlp(config.layers(), problem.unknowns().size(), config.activation(),
                    problem.domain().t0(), problem.domain().t1());
            // Glorot uniform: U(-a, a), a = sqrt(6 / (fanIn + fanOut)) = sqrt(3 / average fan).
            network.setInitializer(new XavierInitializer(XavierInitializer.RandomType.UNIFORM,
                    XavierInitializer.FactorType.AVG, 3), Parameter.Type.WEIGHT);
            Engines.withSeed(config.seed(), () -> network.initialize(manager, dataType, new Shape(1, 1)));
            this.parameters = network.orderedParameters();
            this.vector = new ParameterVector(parameters);
            this.collocationRandom = Collocation.randomSource(config.seed());
            placeCollocationPoints();
        }

        TrainedPinn execute() {
            TrainedPinn.Piece piece = TrainedPinn.piece(network, manager, problem.domain(), config);
            listener.onTrainingStart(problem, config, loss.terms(), piece.view());
            List<Stage> plan = config.stages();
            for (int index = 0; index < plan.size() && divergence == null; index++) {
                Stage stage = plan.get(index);
                listener.onStageStart(index, stage);
                StageResult result = stage instanceof FirstOrderStage firstOrder ? runFirstOrder(index, firstOrder)
                        : runLbfgs(index, (LbfgsStage) stage);
                stages.add(result);
                listener.onStageEnd(result);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            batchManager.close();
            return new TrainedPinn(problem, config, List.of(piece), new LossHistory(loss.terms(), records), stages,
                    seconds, divergence, collocation);
        }

        private void placeCollocationPoints() {
            if (batchManager != null) {
                batchManager.close();
            }
            collocation = config.collocation().sample(problem.domain(), collocationRandom);
            double[] points = loss.batch(collocation);
            batchManager = manager.newSubManager();
            batch = batchManager.create(points, new Shape(points.length, 1))
                    .toType(config.precision().dataType(), false);
        }

        private StageResult runFirstOrder(int index, FirstOrderStage stage) {
            long stageStart = System.nanoTime();
            float learningRate = (float) stage.learningRate();
            Tracker tracker = stage.decay().factor() == 1 ? Tracker.fixed(learningRate)
                    : FactorTracker.builder().setBaseValue(learningRate).setFactor((float) stage.decay().perStep())
                    .build();
            Optimizer optimizer = stage.optimizer().create(tracker, stage.hyper());
            int resampleEvery = config.collocation().resampleEvery();
            int bestIteration = 0;
            boolean stoppedEarly = false;
            int done = 0;
            for (int iteration = 1; iteration <= stage.iterations(); iteration++) {
                if (resampleEvery > 0 && iteration > 1 && (iteration - 1) % resampleEvery == 0) {
                    placeCollocationPoints();
                }
                double[] terms = evaluate();
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

        private StageResult runLbfgs(int index, LbfgsStage stage) {
            long stageStart = System.nanoTime();
            Map<Integer, double[]> termsByEvaluation = new HashMap<>();
            int[] evaluations = {0};
            DifferentiableFunction function = (x, gradient) -> {
                vector.write(x);
                double[] terms = evaluate();
                double[] g = vector.takeGradients();
                System.arraycopy(g, 0, gradient, 0, g.length);
                termsByEvaluation.put(++evaluations[0], terms);
                return weighted(terms);
            };
            LbfgsResult result = new Lbfgs(stage.options()).minimize(function, vector.read(), iteration -> {
                if (iteration.acceptedEvaluation() != evaluations[0]) {
                    // The line search's last trial was rejected: show listeners the accepted network.
                    vector.write(iteration.point());
                }
                record(index, iteration.iteration(), termsByEvaluation.get(iteration.acceptedEvaluation()),
                        iteration.value());
                termsByEvaluation.clear();
                return true;
            });
            if (result.iterations() == 0 && termsByEvaluation.containsKey(1)) {
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
                    bestWhere = stage.label() + " iteration " + result.iterations();
                }
            }
            return new StageResult(index, stage, result.iterations(), result.evaluations(), seconds(stageStart),
                    result.stopReason().description());
        }

        /** One forward and backward pass; leaves the gradients in the parameters and returns the terms. */
        private double[] evaluate() {
            try (NDManager scope = manager.newSubManager()) {
                scope.tempAttachAll(batch);
                for (Parameter parameter : parameters) {
                    scope.tempAttachAll(parameter.getArray());
                }
                try (GradientCollector collector = engine.newGradientCollector()) {
                    NDArray terms = loss.evaluate(network, batch, collocation.length);
                    collector.backward(terms.mul(weightVector).sum());
                    return terms.toType(DataType.FLOAT64, false).toDoubleArray();
                }
            }
        }

        private double weighted(double[] terms) {
            double total = 0;
            for (int i = 0; i < terms.length; i++) {
                total += weights[i] * terms[i];
            }
            return total;
        }

        private void record(int stage, int iteration, double[] terms, double total) {
            IterationRecord record = new IterationRecord(stage, iteration, records.size() + 1, terms, total,
                    seconds(start));
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

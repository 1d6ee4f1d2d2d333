package pinn4j.solver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.optimizer.Optimizer;
import pinn4j.problems.Observations;
import pinn4j.problems.OdeProblem;
import pinn4j.solver.internal.Engines;
import pinn4j.solver.internal.FittedParameters;
import pinn4j.solver.internal.ParameterVector;
import pinn4j.solver.internal.PinnLoss;
import pinn4j.solver.internal.TaylorMlp;
import pinn4j.solver.optim.FirstOrderStage;
import pinn4j.solver.optim.LbfgsOptions;
import pinn4j.solver.optim.LbfgsResult;
import pinn4j.solver.optim.LineSearchStage;
import pinn4j.solver.optim.Lockstep;
import pinn4j.solver.optim.Stage;
import pinn4j.solver.optim.StopReason;

/**
 * K networks of one configuration, with seeds s, s + 1, ..., s + K - 1, trained together: their parameters are
 * stacked along a first axis, so that one batched forward and backward pass per iteration evaluates every member
 * ({@link PinnLoss#evaluateMembers}), one batched product per layer. Each member starts from the initial weights
 * and collocation points a training of its own seed would have. First-order stages update the stacked tensors;
 * their rules work element by element, so each member moves as it would alone. Quasi-Newton stages run each
 * member's own search (its own history and line search) in {@link Lockstep}, whose rounds gather the members'
 * evaluations into one pass. So each member's result is the one a training of its own would give, up to the
 * rounding of batched products, with two exceptions: a first-order stage with patience ends when every member has
 * run out of it (each then keeps its best parameters), and a diverging member does not stop the others.
 */
final class MemberTraining {

    private final TrainingConfig config;
    private final StrategyChoice strategy;
    private final OdeProblem problem;
    private final List<TrainingListener> listeners;
    private final Engine engine;
    private final int count;
    private final NDManager manager;
    private final PinnLoss loss;
    private final TaylorMlp[] networks;
    private final NDManager[] managers;
    private final FittedParameters[] fitted;
    /** The members' parameters stacked: the network's in order, then the fitted coordinates, each (K, ...). */
    private final List<Parameter> stacked = new ArrayList<>();
    private final int networkParameters;
    private final ParameterVector vector;
    /** Per stacked parameter, one member's number of values. */
    private final int[] sizes;
    private final int memberSize;
    private final LossWeighting[] weighting;
    private NDArray weightMatrix;
    private final SplittableRandom[] collocationRandom;
    private NDManager batchManager;
    private NDArray batch;
    private double[][] collocation;
    private final List<List<IterationRecord>> records = new ArrayList<>();
    private final List<List<StageResult>> stages = new ArrayList<>();
    private final double[][] bestParameters;
    private final double[] bestTotal;
    private final String[] bestWhere;
    private final String[] divergence;
    private final long start = System.nanoTime();

    MemberTraining(TrainingConfig config, OdeProblem problem, List<Observations> data,
                   List<TrainingListener> listeners, StrategyChoice strategy) {
        this.config = config;
        this.strategy = strategy;
        this.problem = problem;
        this.listeners = List.copyOf(listeners);
        this.count = listeners.size();
        this.engine = Engines.pytorch();
        this.manager = engine.newBaseManager();
        DataType dataType = config.precision().dataType();
        this.loss = new PinnLoss(problem, config.weights(), config.scaleResiduals(), data,
                config.regularization());
        loss.placeObservations(manager, dataType);
        this.networks = new TaylorMlp[count];
        this.managers = new NDManager[count];
        this.fitted = new FittedParameters[count];
        this.collocationRandom = new SplittableRandom[count];
        this.weighting = new LossWeighting[count];
        this.bestParameters = new double[count][];
        this.bestTotal = new double[count];
        this.bestWhere = new String[count];
        this.divergence = new String[count];
        for (int k = 0; k < count; k++) {
            long seed = config.seed() + k;
            managers[k] = engine.newBaseManager();
            TaylorMlp network = new TaylorMlp(config.layers(), problem.unknowns().size(), config.activation(),
                    problem.domain().t0(), problem.domain().t1());
            network.setInitializer(new XavierInitializer(XavierInitializer.RandomType.UNIFORM,
                    XavierInitializer.FactorType.AVG, 3), Parameter.Type.WEIGHT);
            NDManager own = managers[k];
            Engines.withSeed(seed, () -> network.initialize(own, dataType, new Shape(1, 1)));
            networks[k] = network;
            fitted[k] = new FittedParameters(problem, own, dataType);
            collocationRandom[k] = Collocation.randomSource(seed);
            weighting[k] = new LossWeighting(problem, config, loss);
            bestTotal[k] = Double.POSITIVE_INFINITY;
            bestWhere[k] = "the initial parameters";
            records.add(new ArrayList<>());
            stages.add(new ArrayList<>());
        }
        List<Parameter> first = parametersOf(0);
        this.networkParameters = networks[0].orderedParameters().size();
        // The network's parameters gain a first axis; the fitted coordinates, (1, 1) each, become (K, 1).
        this.sizes = new int[first.size()];
        int size = 0;
        for (int p = 0; p < first.size(); p++) {
            int index = p;
            NDList slices = new NDList(count);
            for (int k = 0; k < count; k++) {
                slices.add(parametersOf(k).get(index).getArray());
            }
            NDArray array = (p < networkParameters ? NDArrays.stack(slices) : NDArrays.concat(slices))
                    .toType(dataType, false);
            array.attach(manager);
            array.setRequiresGradient(true);
            stacked.add(Parameter.builder().setName("members " + first.get(p).getName())
                    .setType(Parameter.Type.OTHER).optArray(array).build());
            sizes[p] = Math.toIntExact(first.get(p).getArray().size());
            size += sizes[p];
        }
        this.memberSize = size;
        this.vector = new ParameterVector(stacked);
        this.weightMatrix = weightMatrix();
        placeCollocationPoints();
    }

    private List<Parameter> parametersOf(int member) {
        List<Parameter> parameters = new ArrayList<>(networks[member].orderedParameters());
        parameters.addAll(fitted[member].parameters());
        return parameters;
    }

    List<TrainedPinn> execute() {
        List<TrainedPinn.Piece> pieces = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            pieces.add(TrainedPinn.piece(networks[k], managers[k], problem.domain(), config.withSeed(config.seed() + k)));
            listeners.get(k).onTrainingStart(problem, config.withSeed(config.seed() + k), loss.terms(),
                    pieces.get(k).view());
        }
        try {
            List<Stage> plan = config.stages();
            for (int index = 0; index < plan.size() && !allDiverged(); index++) {
                Stage stage = plan.get(index);
                for (TrainingListener listener : listeners) {
                    listener.onStageStart(index, stage);
                }
                List<StageResult> results = stage instanceof FirstOrderStage firstOrder
                        ? runFirstOrder(index, firstOrder) : runQuasiNewton(index, (LineSearchStage) stage);
                for (int k = 0; k < count; k++) {
                    stages.get(k).add(results.get(k));
                    listeners.get(k).onStageEnd(results.get(k));
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double[] all = vector.read();
            List<TrainedPinn> trained = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                writeMember(k, member(all, k));
                TrainingConfig own = config.withSeed(config.seed() + k);
                trained.add(new TrainedPinn(problem, own, List.of(pieces.get(k)),
                        new LossHistory(loss.terms(), records.get(k)), stages.get(k), seconds, divergence[k],
                        collocation[k], fitted[k].values()).withStrategy(strategy));
            }
            for (int k = 0; k < count; k++) {
                listeners.get(k).onTrainingEnd(trained.get(k));
            }
            return trained;
        } catch (RuntimeException | Error e) {
            for (NDManager own : managers) {
                own.close();
            }
            throw e;
        } finally {
            manager.close();
        }
    }

    private boolean allDiverged() {
        for (String d : divergence) {
            if (d == null) {
                return false;
            }
        }
        return true;
    }

    /** Each member's points, as a training of its own seed draws them, stacked (K, n, 1). */
    private void placeCollocationPoints() {
        if (batchManager != null) {
            batchManager.close();
        }
        batchManager = manager.newSubManager();
        collocation = new double[count][];
        double[] rows = null;
        for (int k = 0; k < count; k++) {
            collocation[k] = config.collocation().sample(problem.domain(), collocationRandom[k]);
            double[] points = loss.batch(collocation[k]);
            if (rows == null) {
                rows = new double[count * points.length];
            }
            System.arraycopy(points, 0, rows, k * points.length, points.length);
        }
        batch = batchManager.create(rows, new Shape(count, rows.length / count, 1))
                .toType(config.precision().dataType(), false);
    }

    private List<StageResult> runFirstOrder(int index, FirstOrderStage stage) {
        long stageStart = System.nanoTime();
        Optimizer optimizer = stage.newOptimizer();
        int resampleEvery = config.collocation().resampleEvery();
        int[] bestIteration = new int[count];
        int[] done = new int[count];
        boolean stoppedEarly = false;
        for (int iteration = 1; iteration <= stage.iterations(); iteration++) {
            if (resampleEvery > 0 && iteration > 1 && (iteration - 1) % resampleEvery == 0) {
                placeCollocationPoints();
            }
            double[][] terms = evaluate();
            // Read once for every member: their records' estimates (inverse problems) and their best parameters.
            double[] all = problem.fitted().isEmpty() ? null : vector.read();
            boolean patient = stage.patience() == 0;
            for (int k = 0; k < count; k++) {
                if (divergence[k] != null) {
                    continue;
                }
                double total = weighting[k].total(terms[k]);
                record(k, index, iteration, terms[k], total, all == null ? null : member(all, k));
                done[k] = iteration;
                if (!Double.isFinite(total)) {
                    diverged(k, stage, iteration, total);
                } else if (total < bestTotal[k]) {
                    all = all == null ? vector.read() : all;
                    bestTotal[k] = total;
                    bestParameters[k] = member(all, k);
                    bestWhere[k] = stage.label() + " iteration " + iteration;
                    bestIteration[k] = iteration;
                }
                patient |= iteration - bestIteration[k] < stage.patience();
            }
            if (!patient) {
                stoppedEarly = true;
                break;
            }
            if (allDiverged()) {
                break;
            }
            for (Parameter parameter : stacked) {
                NDArray array = parameter.getArray();
                try (NDArray gradient = array.getGradient()) {
                    optimizer.update(parameter.getId(), array, gradient);
                }
            }
            if (!problem.fitted().isEmpty()) {
                double[] current = vector.read();
                for (int k = 0; k < count; k++) {
                    boolean stepped = weighting[k].ramp(index, iteration, stage.iterations());
                    if (divergence[k] == null && (iteration % PinnTrainer.RESCALE_EVERY == 0 || stepped)
                            && rescaled(k, member(current, k))) {
                        bestIteration[k] = iteration;
                    }
                }
            }
        }
        vector.clearGradients();
        double[] all = vector.read();
        for (int k = 0; k < count; k++) {
            if (bestParameters[k] != null) {
                System.arraycopy(stackedVector(k, bestParameters[k], all), 0, all, 0, all.length);
            }
        }
        vector.write(all);
        double seconds = (System.nanoTime() - stageStart) / 1e9;
        List<StageResult> results = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            String reason = divergence[k] != null ? "diverged" : stoppedEarly
                    ? "no lower loss in " + stage.patience() + " iterations (every member)"
                    : "maximum iterations reached";
            results.add(new StageResult(index, stage, done[k], done[k], seconds, reason));
        }
        return results;
    }

    /**
     * Each member's own L-BFGS or self-scaled search from its current parameters, their evaluations gathered into
     * one pass a round by {@link Lockstep}. Listeners hear of each member's steps on this thread, between rounds.
     */
    private List<StageResult> runQuasiNewton(int index, LineSearchStage stage) {
        long stageStart = System.nanoTime();
        LbfgsOptions options = stage.options();
        double[] all = vector.read();
        List<double[]> starts = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            starts.add(member(all, k));
        }
        List<Map<Integer, double[]>> termsByEvaluation = new ArrayList<>();
        int[] evaluations = new int[count];
        for (int k = 0; k < count; k++) {
            termsByEvaluation.add(new HashMap<>());
        }
        Lockstep.BatchedFunction function = (points, active, gradients) -> {
            double[] current = vector.read();
            for (int k = 0; k < count; k++) {
                current = stackedVector(k, points[k], current);
            }
            vector.write(current);
            double[][] terms = evaluate();
            double[] g = vector.takeGradients();
            double[] values = new double[count];
            for (int k = 0; k < count; k++) {
                if (active[k]) {
                    System.arraycopy(member(g, k), 0, gradients[k], 0, memberSize);
                    termsByEvaluation.get(k).put(++evaluations[k], terms[k]);
                    values[k] = weighting[k].total(terms[k]);
                }
            }
            return values;
        };
        int maxIterations = options.maxIterations();
        int maxEvaluations = options.maxEvaluations();
        RestartingSearch.Outcome[] outcomes = new RestartingSearch.Outcome[count];
        Lockstep.run(function, starts, (k, member, startPoint) -> {
            if (divergence[k] != null) {
                return null;
            }
            RestartingSearch.Search search = (iterations, evaluationBudget, from, listener, resume) -> {
                LbfgsOptions budget = options.withMaxIterations(iterations).withMaxEvaluations(evaluationBudget);
                return stage.minimize(budget, member, from, listener, resume);
            };
            outcomes[k] = RestartingSearch.run(search, startPoint, maxIterations, maxEvaluations,
                    () -> member.onCoordinator(() -> {
                        termsByEvaluation.get(k).clear();
                        evaluations[k] = 0;
                        return null;
                    }), (iteration, step) -> member.onCoordinator(() -> {
                        record(k, index, iteration, termsByEvaluation.get(k).get(step.acceptedEvaluation()),
                                step.value(), step.point());
                        termsByEvaluation.get(k).clear();
                        weighting[k].ramp(index, iteration, maxIterations);
                        return rescaled(k, step.point());
                    }), point -> member.onCoordinator(() -> weighting[k].advanceRamp(index) && rescaled(k, point)));
            return outcomes[k];
        });
        double seconds = (System.nanoTime() - stageStart) / 1e9;
        double[] end = vector.read();
        List<StageResult> results = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            if (outcomes[k] == null) {
                results.add(new StageResult(index, stage, 0, 0, seconds, "diverged"));
                continue;
            }
            LbfgsResult result = outcomes[k].result();
            if (result.stopReason() == StopReason.NON_FINITE_START) {
                diverged(k, stage, 0, result.value());
            } else {
                end = stackedVector(k, result.point(), end);
                if (result.value() < bestTotal[k]) {
                    bestTotal[k] = result.value();
                    bestParameters[k] = result.point();
                    bestWhere[k] = stage.label() + " iteration " + outcomes[k].iterations();
                }
            }
            if (divergence[k] != null && bestParameters[k] != null) {
                end = stackedVector(k, bestParameters[k], end);
            }
            results.add(new StageResult(index, stage, outcomes[k].iterations(), outcomes[k].evaluations(), seconds,
                    outcomes[k].reason(weighting[k].ramped())));
        }
        vector.write(end);
        return results;
    }

    /** One forward and backward pass of every member; leaves the gradients in the stacked parameters. */
    private double[][] evaluate() {
        try (NDManager scope = manager.newSubManager()) {
            scope.tempAttachAll(batch);
            for (Parameter parameter : stacked) {
                scope.tempAttachAll(parameter.getArray());
            }
            List<NDArray> arrays = stacked.stream().map(Parameter::getArray).toList();
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDArray terms = loss.evaluateMembers(networks[0], arrays.subList(0, networkParameters),
                        fitted[0].tensors(arrays.subList(networkParameters, arrays.size())), batch,
                        collocation[0].length);
                collector.backward(terms.mul(weightMatrix).sum());
                double[] flat = terms.toType(DataType.FLOAT64, false).toDoubleArray();
                double[][] byMember = new double[count][];
                int terms0 = flat.length / count;
                for (int k = 0; k < count; k++) {
                    byMember[k] = Arrays.copyOfRange(flat, k * terms0, (k + 1) * terms0);
                }
                return byMember;
            }
        }
    }

    private NDArray weightMatrix() {
        int terms = loss.terms().size();
        double[] flat = new double[count * terms];
        for (int k = 0; k < count; k++) {
            System.arraycopy(weighting[k].weights(), 0, flat, k * terms, terms);
        }
        return manager.create(flat, new Shape(count, terms)).toType(config.precision().dataType(), false);
    }

    /**
     * Moves member k's residual weights with its fitted parameters ({@link LossWeighting#rescaled}); its best loss
     * is forgotten, being of another objective.
     *
     * @param values member k's parameters, its fitted coordinates last
     * @return whether its weights changed
     */
    private boolean rescaled(int k, double[] values) {
        if (problem.fitted().isEmpty() || !weighting[k].rescaled(estimates(k, values))) {
            return false;
        }
        weightMatrix.close();
        weightMatrix = weightMatrix();
        bestTotal[k] = Double.POSITIVE_INFINITY;
        return true;
    }

    /** Member k's fitted parameters' values, from its parameters (the fitted coordinates last). */
    private Map<String, Double> estimates(int k, double[] values) {
        return fitted[k].values(Arrays.copyOfRange(values, values.length - problem.fitted().size(), values.length));
    }

    /** Member k's values out of the stacked vector, in one network's order. */
    private double[] member(double[] all, int k) {
        double[] values = new double[memberSize];
        int from = 0;
        int to = 0;
        for (int size : sizes) {
            System.arraycopy(all, from + k * size, values, to, size);
            from += count * size;
            to += size;
        }
        return values;
    }

    /** The stacked vector with member k's values replaced; modifies and returns {@code all}. */
    private double[] stackedVector(int k, double[] values, double[] all) {
        int from = 0;
        int to = 0;
        for (int size : sizes) {
            System.arraycopy(values, from, all, to + k * size, size);
            from += size;
            to += count * size;
        }
        return all;
    }

    /** Writes member k's values into its own network and fitted coordinates, for its result. */
    private void writeMember(int k, double[] values) {
        new ParameterVector(parametersOf(k)).write(values);
    }

    /**
     * Records member k's iteration; {@code values} are its parameters then, whose fitted coordinates give the
     * record's estimates (unread, and may be null, for a forward problem).
     */
    private void record(int member, int stage, int iteration, double[] terms, double total, double[] values) {
        List<IterationRecord> list = records.get(member);
        double[] estimates = new double[0];
        if (!problem.fitted().isEmpty()) {
            estimates = estimates(member, values).values().stream().mapToDouble(Double::doubleValue).toArray();
        }
        IterationRecord record = new IterationRecord(stage, iteration, list.size() + 1, terms, total,
                (System.nanoTime() - start) / 1e9, estimates);
        list.add(record);
        listeners.get(member).onIteration(record);
    }

    private void diverged(int member, Stage stage, int iteration, double total) {
        divergence[member] = String.format("the loss became %s at %s iteration %d; training stopped and the best"
                + " parameters seen were kept (loss %.3e at %s)", total, stage.label(), iteration, bestTotal[member],
                bestWhere[member]);
    }
}

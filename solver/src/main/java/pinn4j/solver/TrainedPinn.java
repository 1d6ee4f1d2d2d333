package pinn4j.solver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import pinn4j.problems.Domain;
import pinn4j.problems.OdeProblem;
import pinn4j.solver.internal.TaylorMlp;

/**
 * A trained network with everything that produced it: the problem, the configuration (seed included), the loss
 * history, each stage's outcome and the wall time. With time windows it holds one network per window, each
 * answering on its own part of the domain. Immutable apart from the native memory it holds: close it.
 */
public final class TrainedPinn implements NetworkView, AutoCloseable {

    /** One network and the part of the domain it answers for. */
    record Piece(TaylorMlp network, NDManager manager, Domain domain, NetworkView view) {
    }

    private final OdeProblem problem;
    private final TrainingConfig config;
    private final List<Piece> pieces;
    private final LossHistory history;
    private final List<StageResult> stages;
    private final double trainingSeconds;
    private final String divergence;
    private final double[] collocationPoints;
    private final IterationRecord bestRecord;
    private final NetworkView view;
    private final Map<String, Double> fittedParameters;
    private final StrategyChoice strategy;

    TrainedPinn(OdeProblem problem, TrainingConfig config, List<Piece> pieces, LossHistory history,
                List<StageResult> stages, double trainingSeconds, String divergence, double[] collocationPoints,
                Map<String, Double> fittedParameters) {
        this.problem = problem;
        this.fittedParameters = Collections.unmodifiableMap(new LinkedHashMap<>(fittedParameters));
        this.config = config;
        this.pieces = List.copyOf(pieces);
        this.history = history;
        this.stages = List.copyOf(stages);
        this.trainingSeconds = trainingSeconds;
        this.divergence = divergence;
        this.collocationPoints = collocationPoints.clone();
        this.bestRecord = lowest(history.records());
        this.view = NetworkView.piecewise(windowDomains(), this.pieces.stream().map(Piece::view).toList(),
                problem.unknowns().size());
        this.strategy = null;
    }

    private TrainedPinn(TrainedPinn joined, IterationRecord bestRecord, StrategyChoice strategy) {
        this.problem = joined.problem;
        this.fittedParameters = joined.fittedParameters;
        this.config = joined.config;
        this.pieces = joined.pieces;
        this.history = joined.history;
        this.stages = joined.stages;
        this.trainingSeconds = joined.trainingSeconds;
        this.divergence = joined.divergence;
        this.collocationPoints = joined.collocationPoints;
        this.bestRecord = bestRecord;
        this.view = joined.view;
        this.strategy = strategy;
    }

    private static IterationRecord lowest(List<IterationRecord> records) {
        return records.stream().filter(r -> Double.isFinite(r.total()))
                .min((a, b) -> Double.compare(a.total(), b.total())).orElse(records.get(records.size() - 1));
    }

    /** One window's network. */
    static Piece piece(TaylorMlp network, NDManager manager, Domain domain, TrainingConfig config) {
        return new Piece(network, manager, domain, view(network, manager, config.precision().dataType()));
    }

    /**
     * Joins consecutive windows' results into one: their networks in order, histories one after the other (steps
     * and seconds continued), stages in order, times added. Takes over the parts' native memory.
     */
    static TrainedPinn join(OdeProblem problem, TrainingConfig config, List<TrainedPinn> windows) {
        List<Piece> pieces = new ArrayList<>();
        List<IterationRecord> records = new ArrayList<>();
        List<StageResult> stages = new ArrayList<>();
        double seconds = 0;
        String divergence = null;
        double[] points = new double[0];
        for (TrainedPinn window : windows) {
            pieces.addAll(window.pieces);
            for (IterationRecord r : window.history.records()) {
                records.add(new IterationRecord(r.stage(), r.iteration(), records.size() + 1, r.terms(), r.total(),
                        seconds + r.seconds(), r.fitted()));
            }
            stages.addAll(window.stages);
            seconds += window.trainingSeconds;
            divergence = divergence != null ? divergence : window.divergence;
            int start = points.length;
            points = Arrays.copyOf(points, start + window.collocationPoints.length);
            System.arraycopy(window.collocationPoints, 0, points, start, window.collocationPoints.length);
        }
        List<LossTerm> terms = new ArrayList<>();
        for (LossTerm term : windows.get(0).history.terms()) {
            terms.add(windows.size() > 1 ? term.overWindows() : term);
        }
        TrainedPinn joined = new TrainedPinn(problem, config, pieces, new LossHistory(terms, records), stages, seconds,
                divergence, points, windows.get(windows.size() - 1).fittedParameters);
        return new TrainedPinn(joined, windows.get(windows.size() - 1).bestRecord, null);
    }

    /**
     * This result with the strategy it was trained under; takes over this one's native memory.
     *
     * @param choice the analysis and the remedies applied
     * @return the result, saying so
     */
    TrainedPinn withStrategy(StrategyChoice choice) {
        return new TrainedPinn(this, bestRecord, java.util.Objects.requireNonNull(choice, "choice"));
    }

    /**
     * What the problem's analysis found and which remedies were applied ({@link TrainingConfig#strategy()}); every
     * result {@link PinnTrainer} returns has it.
     *
     * @return the choice
     */
    public StrategyChoice strategy() {
        return strategy;
    }

    /**
     * The fitted parameters' estimates: their values at the best parameters kept (in time windows, the last
     * window's, each window starting from the previous one's estimates).
     *
     * @return the estimates by name, in the problem's fitted order; empty for a forward problem
     */
    public Map<String, Double> fittedParameters() {
        return fittedParameters;
    }

    /**
     * The problem with its fitted parameters at their estimates, as a forward problem (an estimate may sit on a
     * bound, where an initial guess may not).
     *
     * @return the problem as the network solved it; the problem itself for a forward problem
     */
    public OdeProblem estimatedProblem() {
        return fittedParameters.isEmpty() ? problem : problem.withoutFitting().withParameters(fittedParameters);
    }

    /**
     * The collocation points of the last iteration (of every window).
     *
     * @return a copy of the points, window after window
     */
    public double[] collocationPoints() {
        return collocationPoints.clone();
    }

    /**
     * The problem that was trained.
     *
     * @return the problem, over its whole domain
     */
    public OdeProblem problem() {
        return problem;
    }

    /**
     * The configuration the network was trained with.
     *
     * @return the configuration, seed included
     */
    public TrainingConfig config() {
        return config;
    }

    /**
     * The seed of the initial weights and random collocation points.
     *
     * @return the configuration's seed
     */
    public long seed() {
        return config.seed();
    }

    /**
     * Every iteration's loss terms.
     *
     * @return the history, windows one after the other
     */
    public LossHistory history() {
        return history;
    }

    /**
     * How each stage went.
     *
     * @return one result per stage and time window, in the order they ran
     */
    public List<StageResult> stages() {
        return stages;
    }

    /**
     * The results of one stage of the plan, one per time window that ran it.
     *
     * @param index the stage's position in {@link TrainingConfig#stages()}
     * @return its results, in window order; empty when it never ran (after a divergence)
     */
    public List<StageResult> stage(int index) {
        return stages.stream().filter(s -> s.index() == index).toList();
    }

    /**
     * Iterations of a stage over all windows.
     *
     * @param index the stage's position in the plan
     * @return the iterations done
     */
    public int iterations(int index) {
        return stage(index).stream().mapToInt(StageResult::iterations).sum();
    }

    /**
     * Evaluations of a stage over all windows.
     *
     * @param index the stage's position in the plan
     * @return the loss and gradient evaluations done
     */
    public int evaluations(int index) {
        return stage(index).stream().mapToInt(StageResult::evaluations).sum();
    }

    /**
     * The wall time of training.
     *
     * @return seconds, over all windows
     */
    public double trainingSeconds() {
        return trainingSeconds;
    }

    /**
     * Why training stopped early with a non-finite loss, if it did; the network then holds the best parameters.
     *
     * @return the reason in words, or empty when training ran its course
     */
    public Optional<String> divergence() {
        return Optional.ofNullable(divergence);
    }

    /**
     * The record with the lowest total loss (of the last window): the parameters the network holds.
     *
     * @return that record
     */
    public IterationRecord bestRecord() {
        return bestRecord;
    }

    /**
     * The last iteration's record, which may lie above {@link #bestRecord()} after a first-order stage.
     *
     * @return that record
     */
    public IterationRecord finalRecord() {
        return history.records().get(history.records().size() - 1);
    }

    @Override
    public double[][][] evaluate(double[] t, int order) {
        return view.evaluate(t, order);
    }

    /**
     * The network's solution on a grid, as a value with the unknowns' names.
     *
     * @param t the points
     * @param order the highest derivative to sample
     * @return the sampled solution
     */
    public SampledSolution sample(double[] t, int order) {
        return new SampledSolution(t, problem.unknowns(), evaluate(t, order));
    }

    /**
     * The named unknown's values at the given points.
     *
     * @param unknown one of the problem's unknowns
     * @param t the points
     * @return the network's values there
     * @throws IllegalArgumentException naming the unknowns when there is none of that name
     */
    public double[] values(String unknown, double[] t) {
        int index = problem.unknowns().indexOf(unknown);
        if (index < 0) {
            throw new IllegalArgumentException("unknown '" + unknown + "' is not one of " + problem.name()
                    + "'s unknowns: " + String.join(", ", problem.unknowns()));
        }
        return evaluate(t, 0)[0][index];
    }

    /**
     * The part of the domain each network answers for, in order.
     *
     * @return one domain per time window; the whole domain without windows
     */
    public List<Domain> windowDomains() {
        return pieces.stream().map(Piece::domain).toList();
    }

    /** The networks, one per time window, in order (for saving them). */
    List<TaylorMlp> networks() {
        return pieces.stream().map(Piece::network).toList();
    }

    @Override
    public void close() {
        pieces.forEach(p -> p.manager().close());
    }

    /** A view of the network's current parameters; temporaries live in a scope of {@code manager}. */
    static NetworkView view(TaylorMlp network, NDManager manager, DataType dataType) {
        return (t, order) -> {
            int n = t.length;
            int outputs = network.outputs();
            double[][][] result = new double[order + 1][outputs][n];
            try (NDManager scope = manager.newSubManager()) {
                for (Parameter parameter : network.orderedParameters()) {
                    scope.tempAttachAll(parameter.getArray());
                }
                NDArray points = scope.create(t, new Shape(n, 1)).toType(dataType, false);
                NDArray[] derivatives = network.derivatives(points, order);
                for (int k = 0; k <= order; k++) {
                    double[] flat = derivatives[k].toType(DataType.FLOAT64, false).toDoubleArray();
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < outputs; j++) {
                            result[k][j][i] = flat[i * outputs + j];
                        }
                    }
                }
            }
            return result;
        };
    }
}

package pinn4j.solver;

import java.util.List;
import java.util.Optional;

import ai.djl.ndarray.NDManager;
import pinn4j.problems.OdeProblem;

/**
 * A trained network with everything that produced it: the problem, the configuration (seed included), the loss
 * history, each stage's outcome and the wall time. Immutable apart from the native memory it holds: close it.
 */
public final class TrainedPinn implements NetworkView, AutoCloseable {

    private final OdeProblem problem;
    private final TrainingConfig config;
    private final TaylorMlp network;
    private final NDManager manager;
    private final LossHistory history;
    private final List<StageResult> stages;
    private final double trainingSeconds;
    private final String divergence;
    private final double[] collocationPoints;
    private final NetworkView view;

    TrainedPinn(OdeProblem problem, TrainingConfig config, TaylorMlp network, NDManager manager, LossHistory history,
                List<StageResult> stages, double trainingSeconds, String divergence, double[] collocationPoints) {
        this.problem = problem;
        this.config = config;
        this.network = network;
        this.manager = manager;
        this.history = history;
        this.stages = List.copyOf(stages);
        this.trainingSeconds = trainingSeconds;
        this.divergence = divergence;
        this.collocationPoints = collocationPoints.clone();
        this.view = NetworkView.of(network, manager, config.precision().dataType());
    }

    /** The collocation points of the last iteration. */
    public double[] collocationPoints() {
        return collocationPoints.clone();
    }

    public OdeProblem problem() {
        return problem;
    }

    public TrainingConfig config() {
        return config;
    }

    public long seed() {
        return config.seed();
    }

    public LossHistory history() {
        return history;
    }

    public List<StageResult> stages() {
        return stages;
    }

    public Optional<StageResult> stage(Stage stage) {
        return stages.stream().filter(s -> s.stage() == stage).findFirst();
    }

    public double trainingSeconds() {
        return trainingSeconds;
    }

    /** Why training stopped early with a non-finite loss, if it did; the network then holds the best parameters. */
    public Optional<String> divergence() {
        return Optional.ofNullable(divergence);
    }

    /** The record with the lowest total loss: the parameters the network holds. */
    public IterationRecord finalRecord() {
        return history.records().stream().filter(r -> Double.isFinite(r.total()))
                .min((a, b) -> Double.compare(a.total(), b.total())).orElseThrow();
    }

    @Override
    public double[][][] evaluate(double[] t, int order) {
        return view.evaluate(t, order);
    }

    /** The named unknown's values at the given points. */
    public double[] values(String unknown, double[] t) {
        return evaluate(t, 0)[0][problem.unknowns().indexOf(unknown)];
    }

    /** The network, for saving or inspection. */
    public TaylorMlp network() {
        return network;
    }

    @Override
    public void close() {
        manager.close();
    }
}

package pinn4j.solver;

import java.util.List;
import java.util.Optional;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import pinn4j.problems.OdeProblem;

/**
 * A trained network with everything that produced it: the problem, the configuration (seed included), the loss
 * history, each stage's outcome and the wall time. Immutable apart from the native memory it holds: close it.
 */
public final class TrainedPinn implements AutoCloseable {

    private final OdeProblem problem;
    private final TrainingConfig config;
    private final TaylorMlp network;
    private final NDManager manager;
    private final LossHistory history;
    private final List<StageResult> stages;
    private final double trainingSeconds;
    private final String divergence;

    TrainedPinn(OdeProblem problem, TrainingConfig config, TaylorMlp network, NDManager manager, LossHistory history,
                List<StageResult> stages, double trainingSeconds, String divergence) {
        this.problem = problem;
        this.config = config;
        this.network = network;
        this.manager = manager;
        this.history = history;
        this.stages = List.copyOf(stages);
        this.trainingSeconds = trainingSeconds;
        this.divergence = divergence;
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

    /**
     * The network's value and derivatives at the given points.
     *
     * @return {@code [k][unknown][i]}: the k-th derivative of each unknown at {@code t[i]}, k = 0..order
     */
    public double[][][] evaluate(double[] t, int order) {
        int n = t.length;
        int outputs = network.outputs();
        double[][][] result = new double[order + 1][outputs][n];
        try (NDManager scope = manager.newSubManager()) {
            for (Parameter parameter : network.orderedParameters()) {
                scope.tempAttachAll(parameter.getArray());
            }
            NDArray points = scope.create(t, new Shape(n, 1)).toType(config.precision().dataType(), false);
            NDArray[] derivatives = network.derivatives(points, order);
            for (int k = 0; k <= order; k++) {
                double[] flat = derivatives[k].toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray();
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < outputs; j++) {
                        result[k][j][i] = flat[i * outputs + j];
                    }
                }
            }
        }
        return result;
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

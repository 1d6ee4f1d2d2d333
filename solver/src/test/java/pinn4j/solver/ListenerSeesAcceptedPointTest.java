package pinn4j.solver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.initializer.XavierInitializer;
import org.junit.jupiter.api.Test;
import pinn4j.problems.Condition;
import pinn4j.problems.OdeProblem;
import pinn4j.solver.internal.Engines;
import pinn4j.solver.internal.ParameterVector;
import pinn4j.solver.internal.PinnLoss;
import pinn4j.solver.internal.TaylorMlp;
import pinn4j.solver.optim.Lbfgs;
import pinn4j.solver.optim.LbfgsStage;

/**
 * A listener that looks at the network in {@code onIteration} sees the point L-BFGS accepted, also after a line
 * search whose last trial was rejected (the trainer writes the accepted point back before listeners run).
 */
class ListenerSeesAcceptedPointTest {

    /** y' = -2 y, y(0) = 1 on [0, 1]. */
    private static final OdeProblem DECAY = OdeProblem.builder().setName("decay").setDomain(0, 1).optParameter("r", 2)
            .addEquation("y", 1, s -> s.p("r").neg().times(s.u("y"))).addCondition(Condition.value("y", 0, 1))
            .build();
    private static final int POINTS = 50;

    /**
     * ReLU makes the loss kinked in the parameters (a unit's pre-activation crossing zero at a collocation point),
     * where no step meets the strong Wolfe conditions, and the line search then ends on its best trial rather than
     * its last. The same run with tanh rejects no last trial: smooth losses rarely need it.
     */
    private static TrainingConfig config() {
        return TrainingConfig.builder().optLayers(List.of(16, 16)).optActivation(Activation.RELU)
                .optCollocation(Collocation.grid(POINTS)).optStages(LbfgsStage.of(300)).optSeed(1).build();
    }

    /** The collocation points, then the condition's point. */
    private static double[] points() {
        double[] t = new double[POINTS + 1];
        System.arraycopy(DECAY.domain().grid(POINTS), 0, t, 0, POINTS);
        t[POINTS] = 0;
        return t;
    }

    @Test
    void theNetworkSeenInOnIterationIsTheAcceptedOneAndGivesTheRecordedLoss() {
        TrainingConfig config = config();
        double[] t = points();
        List<double[][][]> seen = new ArrayList<>();
        List<IterationRecord> records = new ArrayList<>();
        double[][] weights = new double[1][];
        NetworkView[] network = new NetworkView[1];
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onTrainingStart(OdeProblem problem, TrainingConfig c, List<LossTerm> terms, NetworkView view) {
                network[0] = view;
                weights[0] = terms.stream().mapToDouble(LossTerm::weight).toArray();
            }

            @Override
            public void onIteration(IterationRecord record) {
                records.add(record);
                seen.add(network[0].evaluate(t, 1));
            }
        };
        try (TrainedPinn trained = new PinnTrainer(config).train(DECAY, listener)) {
            assertEquals(List.of("y(0) = 1", "residual"), trained.history().termNames());
        }
        // Residual scaling divides the physics weight by the equation's rate, r = 2, which ResidualScale takes from
        // a central difference of the right-hand side (measured 1.3e-11 off: rounding over its step 1e-6).
        assertArrayEquals(new double[] {1, 0.5}, weights[0], 1e-9);

        Replay replay = replay(config, t);
        // The replay is the same run, bit for bit: its values are the records' totals.
        assertArrayEquals(replay.values, records.stream().mapToDouble(IterationRecord::total).toArray(), 0,
                "the replay follows the training");
        int telling = 0;
        for (int i = 0; i < records.size(); i++) {
            IterationRecord record = records.get(i);
            String where = "iteration " + (i + 1) + (replay.rejected[i] ? " (last trial rejected)" : "");
            // The loss terms by hand from what the listener saw.
            double[][][] u = seen.get(i);
            double residual = 0;
            for (int j = 0; j < POINTS; j++) {
                residual += Math.pow(u[1][0][j] + 2 * u[0][0][j], 2) / POINTS;
            }
            double condition = Math.pow(u[0][0][POINTS] - 1, 2);
            // Measured: at most 7e-16 relative apart (the loss sums in another order); 1e-12 leaves rounding room
            // and is nine orders below what a rejected trial changes (see below).
            assertEquals(record.term(0), condition, 1e-12 * record.term(0), where + ": condition term");
            assertEquals(record.term(1), residual, 1e-12 * record.term(1), where + ": residual term");
            assertEquals(record.total(), weights[0][0] * condition + weights[0][1] * residual,
                    1e-12 * record.total(), where + ": total");
            // The values themselves are the network's at the accepted parameters (measured: identical).
            for (int k = 0; k <= 1; k++) {
                assertArrayEquals(replay.accepted[i][k], u[k][0], 1e-12, where + ": derivative " + k);
            }
            double trialChange = Math.abs(replay.lastTrialValues[i] - replay.values[i]) / replay.values[i];
            if (replay.rejected[i] && trialChange > 1e-6) {
                telling++;
            }
        }
        // Measured: 13 of the 38 iterations end with a rejected trial; at 5 of them (iterations 19, 20, 24, 31, 32)
        // the rejected trial's loss is 5.9e-3 to 0.23 relative away from the accepted one, so a listener shown the
        // trial would miss the record there (at the others the trial sits where the ReLU network's loss is flat).
        // With the write-back in PinnTrainer.runLbfgs commented out, this test fails at iteration 19 (checked).
        int rejected = 0;
        for (boolean r : replay.rejected) {
            rejected += r ? 1 : 0;
        }
        assertTrue(rejected >= 5, rejected + " iterations with a rejected last trial");
        assertTrue(telling >= 3, telling + " rejected trials that a listener could tell apart from the accepted point");
    }

    /** What L-BFGS reported in the replayed run, per iteration, and the network at each accepted point. */
    private record Replay(double[] values, double[] lastTrialValues, boolean[] rejected, double[][][] accepted) {
    }

    /**
     * The same L-BFGS run outside the trainer: the same initial network (Glorot uniform weights, seeded as the
     * trainer seeds them), the same loss and batch; records which iterations ended with a rejected trial
     * ({@code acceptedEvaluation() < evaluations()}) and the network's value and derivative at each accepted point.
     */
    private static Replay replay(TrainingConfig config, double[] t) {
        try (NDManager manager = Engines.pytorch().newBaseManager()) {
            PinnLoss loss = new PinnLoss(DECAY, config.weights(), config.scaleResiduals(), List.of());
            double[] weights = loss.weights();
            NDArray weightVector = manager.create(weights);
            TaylorMlp network = new TaylorMlp(config.layers(), 1, config.activation(), 0, 1);
            network.setInitializer(new XavierInitializer(XavierInitializer.RandomType.UNIFORM,
                    XavierInitializer.FactorType.AVG, 3), Parameter.Type.WEIGHT);
            Engines.withSeed(config.seed(), () -> network.initialize(manager, DataType.FLOAT64, new Shape(1, 1)));
            ParameterVector vector = new ParameterVector(network.orderedParameters());
            double[] points = loss.batch(DECAY.domain().grid(POINTS));
            NDArray batch = manager.create(points, new Shape(points.length, 1));
            List<Double> values = new ArrayList<>();
            List<Double> lastTrials = new ArrayList<>();
            List<Boolean> rejected = new ArrayList<>();
            List<double[]> acceptedPoints = new ArrayList<>();
            double[] last = new double[1];
            new Lbfgs(((LbfgsStage) config.stages().get(0)).options()).minimize((x, gradient) -> {
                vector.write(x);
                double[] terms;
                try (NDManager scope = manager.newSubManager()) {
                    scope.tempAttachAll(batch);
                    for (Parameter parameter : network.orderedParameters()) {
                        scope.tempAttachAll(parameter.getArray());
                    }
                    try (GradientCollector collector = Engines.pytorch().newGradientCollector()) {
                        NDArray evaluated = loss.evaluate(network, java.util.Map.of(), batch, POINTS);
                        collector.backward(evaluated.mul(weightVector).sum());
                        terms = evaluated.toDoubleArray();
                    }
                }
                System.arraycopy(vector.takeGradients(), 0, gradient, 0, gradient.length);
                double total = 0;
                for (int i = 0; i < terms.length; i++) {
                    total += weights[i] * terms[i];
                }
                last[0] = total;
                return total;
            }, vector.read(), iteration -> {
                rejected.add(iteration.acceptedEvaluation() < iteration.evaluations());
                values.add(iteration.value());
                lastTrials.add(last[0]);
                acceptedPoints.add(iteration.point());
                return true;
            });
            int n = values.size();
            double[][][] accepted = new double[n][][];
            try (NDManager scope = manager.newSubManager()) {
                NDArray at = scope.create(t, new Shape(t.length, 1));
                for (int i = 0; i < n; i++) {
                    vector.write(acceptedPoints.get(i));
                    NDArray[] derivatives = network.derivatives(at, 1);
                    accepted[i] = new double[][] {derivatives[0].toDoubleArray(), derivatives[1].toDoubleArray()};
                }
            }
            boolean[] flags = new boolean[n];
            for (int i = 0; i < n; i++) {
                flags[i] = rejected.get(i);
            }
            return new Replay(values.stream().mapToDouble(Double::doubleValue).toArray(),
                    lastTrials.stream().mapToDouble(Double::doubleValue).toArray(), flags, accepted);
        }
    }
}

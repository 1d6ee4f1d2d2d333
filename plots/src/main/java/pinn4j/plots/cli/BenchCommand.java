package pinn4j.plots.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import pinn4j.problems.BuiltinProblems;
import pinn4j.problems.Expr;
import pinn4j.problems.OdeProblem;
import pinn4j.solver.Collocation;
import pinn4j.solver.IterationRecord;
import pinn4j.solver.LossTerm;
import pinn4j.solver.NetworkView;
import pinn4j.solver.PinnTrainer;
import pinn4j.solver.Stage;
import pinn4j.solver.StageResult;
import pinn4j.solver.TrainedPinn;
import pinn4j.solver.TrainingConfig;
import pinn4j.solver.TrainingListener;

/**
 * {@code pinn bench}: milliseconds per Adam iteration and per L-BFGS evaluation for a few sizes, and the training
 * wall time the default oscillator needs to reach relative L2 errors 1e-2, 1e-3 and 1e-4.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark: ms per Adam iteration and per L-BFGS evaluation for (points, width) sizes, and"
                + " training seconds to reach relative L2 error 1e-2 / 1e-3 / 1e-4 on the default oscillator.")
final class BenchCommand implements Callable<Integer> {

    private static final double[] THRESHOLDS = {1e-2, 1e-3, 1e-4};
    private static final String[] THRESHOLD_NAMES = {"1e-2", "1e-3", "1e-4"};
    private static final int[][] SIZES = {{50, 32}, {200, 32}, {200, 64}, {1000, 32}};
    private static final int WARM_UP = 50;
    /** Error is checked every this many iterations; its cost is taken out of the measured time. */
    private static final int CHECK_EVERY = 5;

    @Option(names = "--json", description = "Print the figures as one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<Map<String, Object>> sizes = new ArrayList<>();
        for (int[] size : SIZES) {
            sizes.add(timePerIteration(size[0], size[1]));
            if (!json) {
                Map<String, Object> s = sizes.get(sizes.size() - 1);
                System.out.printf("points %4d  width %3d  (3 hidden layers):  %.3f ms per Adam iteration,"
                        + "  %.3f ms per L-BFGS evaluation%n", size[0], size[1], s.get("msPerAdamIteration"),
                        s.get("msPerLbfgsEvaluation"));
            }
        }
        Map<String, Object> convergence = timeToError();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("perIteration", sizes);
        result.putAll(convergence);
        if (json) {
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(result));
        } else {
            @SuppressWarnings("unchecked")
            Map<String, Double> seconds = (Map<String, Double>) convergence.get("secondsToError");
            System.out.println("default oscillator (" + convergence.get("settings") + "):");
            seconds.forEach((threshold, s) -> System.out.println("  relative L2 error <= " + threshold + ": "
                    + (s == null ? "not reached" : String.format("%.2f s of training", s))));
            System.out.printf("  final relative L2 error %.3e after %.2f s of training%n",
                    convergence.get("finalRelativeL2Error"), convergence.get("trainingSeconds"));
        }
        return 0;
    }

    private static Map<String, Object> timePerIteration(int points, int width) {
        OdeProblem problem = BuiltinProblems.find("damped-oscillator").orElseThrow().create();
        TrainingConfig config = TrainingConfig.builder().optCollocation(Collocation.grid(points))
                .optLayers(List.of(width, width, width)).optAdamIterations(300).optLbfgsIterations(150).build();
        try (TrainedPinn trained = new PinnTrainer(config).train(problem)) {
            List<IterationRecord> adam = trained.history().of(Stage.ADAM);
            double adamMs = 1000 * (adam.get(adam.size() - 1).seconds() - adam.get(WARM_UP - 1).seconds())
                    / (adam.size() - WARM_UP);
            StageResult lbfgs = trained.stage(Stage.LBFGS).orElseThrow();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("points", points);
            m.put("width", width);
            m.put("msPerAdamIteration", adamMs);
            m.put("msPerLbfgsEvaluation", 1000 * lbfgs.seconds() / lbfgs.evaluations());
            return m;
        }
    }

    private static Map<String, Object> timeToError() {
        OdeProblem problem = BuiltinProblems.find("damped-oscillator").orElseThrow().create();
        TrainingConfig config = TrainingConfig.builder().build();
        ErrorWatch watch = new ErrorWatch(problem);
        try (TrainedPinn trained = new PinnTrainer(config).train(problem, watch)) {
            Map<String, Object> m = new LinkedHashMap<>();
            Map<String, Double> seconds = new LinkedHashMap<>();
            for (int i = 0; i < THRESHOLDS.length; i++) {
                seconds.put(THRESHOLD_NAMES[i], watch.reached[i]);
            }
            m.put("secondsToError", seconds);
            m.put("finalRelativeL2Error", watch.error(trained));
            m.put("trainingSeconds", trained.trainingSeconds() - watch.checkingSeconds);
            m.put("settings", String.format("float64, %d grid points, %s %s, Adam %d (lr %s) then L-BFGS up to %d",
                    config.collocation().points(), config.layers(), config.activation().id(),
                    config.adamIterations(), config.learningRate(), config.lbfgs().maxIterations()));
            return m;
        }
    }

    /** Measures the error as training goes, and how long its own checks took. */
    private static final class ErrorWatch implements TrainingListener {
        private final double[] grid;
        private final double[] exact;
        private final Double[] reached = new Double[THRESHOLDS.length];
        private NetworkView network;
        private double checkingSeconds;

        ErrorWatch(OdeProblem problem) {
            grid = problem.domain().grid(201);
            Expr solution = problem.exactSolutions().get(problem.unknowns().get(0));
            exact = new double[grid.length];
            for (int i = 0; i < grid.length; i++) {
                exact[i] = solution.valueAt(grid[i]);
            }
        }

        @Override
        public void onTrainingStart(OdeProblem problem, TrainingConfig config, List<LossTerm> terms,
                                    NetworkView view) {
            network = view;
        }

        @Override
        public void onIteration(IterationRecord record) {
            if (record.iteration() % CHECK_EVERY != 0 || reached[THRESHOLDS.length - 1] != null) {
                return;
            }
            long start = System.nanoTime();
            double error = error(network);
            double trainingSeconds = record.seconds() - checkingSeconds;
            for (int i = 0; i < THRESHOLDS.length; i++) {
                if (reached[i] == null && error <= THRESHOLDS[i]) {
                    reached[i] = trainingSeconds;
                }
            }
            checkingSeconds += (System.nanoTime() - start) / 1e9;
        }

        double error(NetworkView view) {
            double[] u = view.evaluate(grid, 0)[0][0];
            double num = 0;
            double den = 0;
            for (int i = 0; i < grid.length; i++) {
                num += (u[i] - exact[i]) * (u[i] - exact[i]);
                den += exact[i] * exact[i];
            }
            return Math.sqrt(num / den);
        }
    }
}

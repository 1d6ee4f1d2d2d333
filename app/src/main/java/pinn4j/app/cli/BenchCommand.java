package pinn4j.app.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import pinn4j.plots.comparator.ErrorTrace;
import pinn4j.problems.BuiltinProblems;
import pinn4j.problems.OdeProblem;
import pinn4j.solver.Collocation;
import pinn4j.solver.IterationRecord;
import pinn4j.solver.PinnTrainer;
import pinn4j.solver.StageResult;
import pinn4j.solver.TrainedPinn;
import pinn4j.solver.TrainingConfig;
import pinn4j.solver.optim.FirstOrderOptimizer;
import pinn4j.solver.optim.FirstOrderStage;
import pinn4j.solver.optim.GaussNewton;
import pinn4j.solver.optim.GaussNewtonStage;
import pinn4j.solver.optim.LbfgsStage;
import pinn4j.solver.optim.Stage;

/**
 * {@code pinn bench}: milliseconds per Adam iteration and per L-BFGS evaluation for a few sizes with the matrix
 * products' FLOPs and rate, and the training wall time the default oscillator needs to reach relative L2 errors 1e-2
 * to 1e-6 (with the steps, first-stage plus second-stage iterations, it took), with the default plan and with
 * Levenberg-Marquardt after the same Adam: bench/side-by-side.sh compares them with plain PyTorch.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark: ms per Adam iteration and per L-BFGS evaluation for (points, width) sizes, with"
                + " the matrix products' MFLOP and GFLOP/s, and training seconds to reach relative L2 error 1e-2 to"
                + " 1e-6 on the default oscillator, with the default plan and with adam:300,lm:400.")
final class BenchCommand implements Callable<Integer> {

    private static final double[] THRESHOLDS = {1e-2, 1e-3, 1e-4, 1e-5, 1e-6};
    private static final String[] THRESHOLD_NAMES = {"1e-2", "1e-3", "1e-4", "1e-5", "1e-6"};
    /** The second plan timed: the default's Adam, then Levenberg-Marquardt instead of L-BFGS. */
    private static final List<Stage> LM_PLAN = List.of(FirstOrderStage.adam(300),
            GaussNewtonStage.of(GaussNewton.Mode.LEVENBERG_MARQUARDT, 400));
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
                        + "  %.3f ms per L-BFGS evaluation;  %.2f MFLOP of matrix products per evaluation,"
                        + " %.2f GFLOP/s (Adam), %.2f GFLOP/s (L-BFGS)%n", size[0], size[1],
                        s.get("msPerAdamIteration"), s.get("msPerLbfgsEvaluation"), s.get("mflopPerEvaluation"),
                        s.get("gflopsAdam"), s.get("gflopsLbfgs"));
            }
        }
        Map<String, Object> convergence = timeToError(TrainingConfig.builder().build());
        Map<String, Object> levenbergMarquardt = timeToError(TrainingConfig.builder().optStages(LM_PLAN).build());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("perIteration", sizes);
        result.putAll(convergence);
        result.put("levenbergMarquardt", levenbergMarquardt);
        if (json) {
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(result));
        } else {
            for (Map<String, Object> run : List.of(convergence, levenbergMarquardt)) {
                @SuppressWarnings("unchecked")
                Map<String, Double> seconds = (Map<String, Double>) run.get("secondsToError");
                System.out.println("default oscillator (" + run.get("settings") + "):");
                seconds.forEach((threshold, s) -> System.out.println("  relative L2 error <= " + threshold + ": "
                        + (s == null ? "not reached" : String.format("%.2f s of training", s))));
                System.out.printf("  final relative L2 error %.3e after %.2f s of training%n",
                        run.get("finalRelativeL2Error"), run.get("trainingSeconds"));
            }
        }
        return 0;
    }

    private static Map<String, Object> timePerIteration(int points, int width) {
        OdeProblem problem = BuiltinProblems.find("damped-oscillator").orElseThrow().create();
        TrainingConfig config = TrainingConfig.builder().optCollocation(Collocation.grid(points))
                .optLayers(List.of(width, width, width))
                .optStages(FirstOrderStage.of(FirstOrderOptimizer.ADAM, 300), LbfgsStage.of(150)).build();
        try (TrainedPinn trained = new PinnTrainer(config).train(problem)) {
            List<IterationRecord> adam = trained.history().of(0);
            double adamMs = 1000 * (adam.get(adam.size() - 1).seconds() - adam.get(WARM_UP - 1).seconds())
                    / (adam.size() - WARM_UP);
            StageResult lbfgs = trained.stage(1).get(0);
            double lbfgsMs = 1000 * lbfgs.seconds() / lbfgs.evaluations();
            double flops = matrixFlops(problem, config);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("points", points);
            m.put("width", width);
            m.put("msPerAdamIteration", adamMs);
            m.put("msPerLbfgsEvaluation", lbfgsMs);
            m.put("mflopPerEvaluation", flops / 1e6);
            m.put("gflopsAdam", flops / adamMs / 1e6);
            m.put("gflopsLbfgs", flops / lbfgsMs / 1e6);
            return m;
        }
    }

    /**
     * The floating-point operations of the matrix products in one evaluation of loss and gradient: every Taylor
     * component (value and derivatives up to the problem's order) of every point through every layer after the first
     * (the first layer's derivatives are its weights, no product), 2 in out per row, and the backward pass twice that
     * (one product for the inputs' gradient, one for the weights'). Element-wise work is left out, so the rate is a
     * lower bound of what the machine did.
     */
    static double matrixFlops(OdeProblem problem, TrainingConfig config) {
        double rows = config.collocation().points() + problem.conditions().size();
        double forward = 2 * rows * config.layers().get(0);
        List<Integer> widths = new ArrayList<>(config.layers());
        widths.add(problem.unknowns().size());
        for (int layer = 1; layer < widths.size(); layer++) {
            forward += (problem.maxOrder() + 1) * rows * 2.0 * widths.get(layer - 1) * widths.get(layer);
        }
        return 3 * forward;
    }

    private static Map<String, Object> timeToError(TrainingConfig config) {
        OdeProblem problem = BuiltinProblems.find("damped-oscillator").orElseThrow().create();
        ErrorTrace trace = ErrorTrace.of(problem, CHECK_EVERY);
        try (TrainedPinn trained = new PinnTrainer(config).train(problem, trace)) {
            Map<String, Object> m = new LinkedHashMap<>();
            Map<String, Double> seconds = new LinkedHashMap<>();
            Map<String, Integer> steps = new LinkedHashMap<>();
            for (int i = 0; i < THRESHOLDS.length; i++) {
                double threshold = THRESHOLDS[i];
                seconds.put(THRESHOLD_NAMES[i], trace.secondsTo(threshold));
                steps.put(THRESHOLD_NAMES[i], trace.points().stream().filter(p -> p.error() <= threshold)
                        .map(ErrorTrace.Point::step).findFirst().orElse(null));
            }
            m.put("secondsToError", seconds);
            m.put("stepsToError", steps);
            m.put("finalRelativeL2Error", trace.error(trained));
            m.put("trainingSeconds", trained.trainingSeconds() - trace.checkingSeconds());
            m.put("settings", String.format("float64, %d grid points, %s %s, stages %s",
                    config.collocation().points(), config.layers(), config.activation().id(), String.join(" then ",
                            config.stages().stream().map(s -> s.label() + " " + s.iterations()).toList())));
            return m;
        }
    }
}

package pinn4j.plots.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import pinn4j.plots.charts.Charts;
import pinn4j.plots.comparator.ClassicalFit;
import pinn4j.plots.comparator.Comparison;
import pinn4j.plots.comparator.FitReport;
import pinn4j.plots.comparator.Quality;
import pinn4j.problems.BuiltinProblems;
import pinn4j.problems.FittedParameter;
import pinn4j.problems.Observations;
import pinn4j.problems.OdeProblem;
import pinn4j.solver.IterationRecord;
import pinn4j.solver.PinnTrainer;
import pinn4j.solver.TrainedPinn;
import pinn4j.solver.TrainingConfig;
import pinn4j.solver.TrainingListeners;
import pinn4j.solver.optim.FirstOrderOptimizer;
import pinn4j.solver.optim.FirstOrderStage;
import pinn4j.solver.optim.LbfgsStage;

/**
 * An inverse problem's files and figures: the estimates in metrics.json, their trajectory in parameters.csv and on
 * parameters.png, the measurements and an ensemble's band on the solution chart, and the warning of an estimate far
 * from the classical fit's. Exponential decay with r fitted from ten noiseless samples of y = exp(-t).
 */
class InverseRunFilesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TrainedPinn trained;
    private static List<Observations> data;
    private static FitReport fit;
    private static Comparison comparison;

    @BeforeAll
    static void train() {
        OdeProblem truth = BuiltinProblems.find("exponential-decay").orElseThrow().create();
        double[] t = truth.domain().grid(10);
        double[] y = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            y[i] = truth.exactSolutions().get("y").valueAt(t[i]);
        }
        data = List.of(new Observations("y", t, y));
        OdeProblem guess = truth.withParameters(Map.of("r", 0.5)).withFitted(List.of(FittedParameter.free("r")));
        TrainingConfig config = TrainingConfig.builder().optStages(FirstOrderStage.of(FirstOrderOptimizer.ADAM, 50),
                LbfgsStage.of(300)).build();
        trained = new PinnTrainer(config).train(guess, data, TrainingListeners.none());
        fit = FitReport.of(trained, data, Map.of("r", 1.0), ClassicalFit.of(guess, data));
        comparison = Comparison.of(trained, truth, Comparison.DEFAULT_POINTS);
    }

    @AfterAll
    static void close() {
        trained.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void metricsAndTrajectoryHoldTheEstimates(@TempDir Path folder) throws IOException {
        RunFiles.write(folder, trained, comparison, fit);
        Map<String, Object> metrics = JSON.readValue(folder.resolve("metrics.json").toFile(), Map.class);
        Map<String, Object> r = ((Map<String, Map<String, Object>>) metrics.get("fittedParameters")).get("r");
        double estimate = trained.fittedParameters().get("r");
        assertEquals(0.5, ((Number) r.get("initial")).doubleValue());
        assertEquals(estimate, ((Number) r.get("estimate")).doubleValue());
        assertEquals(1.0, ((Number) r.get("truth")).doubleValue());
        assertEquals(Math.abs(estimate - 1), ((Number) r.get("relativeError")).doubleValue(), 1e-15);
        assertEquals(fit.classical().estimate("r").value(), ((Number) r.get("hipparchusEstimate")).doubleValue());
        assertEquals(null, r.get("ensembleMean"));
        assertEquals(Map.of("y", 10), metrics.get("measurements"));
        // Measured: r 0.99998 after 50 Adam and 300 L-BFGS iterations; the classical fit 1 to 1e-12.
        assertEquals(1, estimate, 1e-3);

        List<String> lines = Files.readAllLines(folder.resolve("parameters.csv"));
        List<IterationRecord> records = trained.history().records();
        assertEquals("step,stage,iteration,loss,r", lines.get(0));
        assertEquals(records.size() + 1, lines.size());
        for (int i = 0; i < records.size(); i++) {
            String[] cells = lines.get(i + 1).split(",");
            assertEquals(records.get(i).step(), Integer.parseInt(cells[0]));
            assertEquals(records.get(i).fitted()[0], Double.parseDouble(cells[4]));
        }
        assertTrue(Files.size(folder.resolve("parameters.png")) > 5_000);
    }

    @Test
    void chartsShowTheTrajectoryTheMeasurementsAndTheBand() {
        List<XYChart> parameters = Charts.parameters(trained, fit);
        assertEquals(1, parameters.size());
        XYSeries trajectory = parameters.get(0).getSeriesMap().get("r PINN");
        double[] expected = trained.history().records().stream().mapToDouble(r -> r.fitted()[0]).toArray();
        assertArrayEquals(expected, trajectory.getYData(), 0);
        assertEquals(1.0, parameters.get(0).getSeriesMap().get("truth").getYData()[0]);

        double[][] low = comparison.pinn();
        double[][] high = comparison.pinn();
        for (int i = 0; i < high[0].length; i++) {
            low[0][i] -= 0.1;
            high[0][i] += 0.1;
        }
        FitReport ensemble = fit.withEnsemble(List.of(new FitReport.Member(1, 1e-6, null, Map.of("r", 0.9), low),
                new FitReport.Member(2, 1e-6, null, Map.of("r", 1.0), comparison.pinn()),
                new FitReport.Member(3, 1e-6, null, Map.of("r", 1.1), high)));
        assertEquals(1.0, ensemble.parameters().get(0).ensembleMean(), 1e-15);
        assertEquals(0.1, ensemble.parameters().get(0).ensembleStd(), 1e-15);
        XYChart solution = Charts.solution(trained, comparison, ensemble);
        assertArrayEquals(data.get(0).values(), solution.getSeriesMap().get("y measured (10)").getYData(), 0);
        assertArrayEquals(low[0], solution.getSeriesMap().get("y ensemble of 3, lowest to highest").getYData(), 0);
    }

    @Test
    void anEstimateFarFromTheClassicalFitIsWarnedOf() {
        assertTrue(Quality.warnings(trained, comparison, fit).isEmpty(), Quality.warnings(trained, comparison, fit)
                .toString());
        FitReport.Parameter p = fit.parameters().get(0);
        FitReport far = new FitReport(List.of(new FitReport.Parameter("r", 0.5, 1.2, 1.0, p.hipparchusEstimate(),
                0.01, Double.NaN, Double.NaN)), data, fit.classical(), null, List.of());
        List<String> warnings = Quality.warnings(trained, comparison, far);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("the network's estimate of r (1.2) is 20.0 standard errors from the"
                + " classical fit's (1 +- 0.010)"), warnings.get(0));
    }
}

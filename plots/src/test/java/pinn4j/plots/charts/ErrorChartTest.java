package pinn4j.plots.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import pinn4j.plots.comparator.Comparison;
import pinn4j.problems.DampedHarmonicOscillator;
import pinn4j.solver.PinnTrainer;
import pinn4j.solver.TrainedPinn;
import pinn4j.solver.TrainingConfig;
import pinn4j.solver.optim.FirstOrderStage;
import pinn4j.solver.optim.LbfgsStage;

/** The error and loss charts, headless: the two methods in colours of their own, log axes labelled at both ends. */
class ErrorChartTest {

    private static TrainedPinn trained;
    private static Comparison comparison;

    @BeforeAll
    static void train() {
        TrainingConfig config = TrainingConfig.builder().optStages(FirstOrderStage.adam(100), LbfgsStage.of(100))
                .build();
        trained = new PinnTrainer(config).train(DampedHarmonicOscillator.of(1, 4, 400, 1, 0, 0, 1));
        comparison = Comparison.of(trained, 201);
    }

    @AfterAll
    static void close() {
        trained.close();
    }

    @Test
    void thePinnAndHipparchusHaveColoursOfTheirOwnAndTheAxisEndsOnDecades() {
        XYChart chart = Charts.error(trained, comparison);
        XYSeries pinn = chart.getSeriesMap().get("|x PINN - exact|");
        XYSeries hipparchus = chart.getSeriesMap().get("|x Hipparchus - exact|");
        assertNotEquals(pinn.getLineColor(), hipparchus.getLineColor());
        assertDecades(chart);
        BitmapEncoder.getBufferedImage(chart);
    }

    @Test
    void theLossAxisEndsOnDecades() {
        XYChart chart = Charts.loss(trained);
        assertDecades(chart);
        BitmapEncoder.getBufferedImage(chart);
    }

    /** Both ends of the log axis are powers of ten, the nearest ones around every positive value drawn. */
    private static void assertDecades(XYChart chart) {
        double min = chart.getStyler().getYAxisMin();
        double max = chart.getStyler().getYAxisMax();
        assertEquals(Math.rint(Math.log10(min)), Math.log10(min), 1e-12);
        assertEquals(Math.rint(Math.log10(max)), Math.log10(max), 1e-12);
        double[] drawn = chart.getSeriesMap().values().stream().flatMapToDouble(s -> Arrays.stream(s.getYData()))
                .filter(y -> y > 0).toArray();
        double low = Arrays.stream(drawn).min().orElseThrow();
        double high = Arrays.stream(drawn).max().orElseThrow();
        assertTrue(min <= low && low < 10 * min, min + " to " + low);
        assertTrue(high <= max && max < 10 * high, high + " to " + max);
    }
}

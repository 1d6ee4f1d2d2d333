package pinn4j.app.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/** The error-against-axis charts, built and rendered headless: strips for few values, a number line for many. */
class BatchChartsTest {

    private static BatchReport.Row row(int index, Map<String, String> axes, double error) {
        return new BatchReport.Row("run" + index, index, "p", axes, 1, "ok", error, null, null, null, Map.of(), "", 1.0,
                null, Path.of("run" + index), Map.of());
    }

    @Test
    void fewValuesAreStripsWithTheirGeometricMeanAndInterval() {
        // Runs that share no other axis value: the line chart this replaced threw on such a batch when rendered.
        List<BatchReport.Row> rows = new ArrayList<>();
        double[] errors = {1e-2, 1e-4, 1e-3, 3e-3, 2e-2};
        String[] optimizers = {"adam", "adam", "sgd", "adam", "rmsprop"};
        for (int i = 0; i < errors.length; i++) {
            Map<String, String> axes = new LinkedHashMap<>();
            axes.put("optimizer", optimizers[i]);
            axes.put("lr", String.valueOf(1e-3 * (i + 1)));
            rows.add(row(i, axes, errors[i]));
        }
        XYChart chart = BatchCharts.errorAgainstAxis("p", "optimizer", rows);
        XYSeries runs = chart.getSeriesMap().get("runs");
        assertEquals(5, runs.getXData().length);
        // adam's three runs spread over its strip around 0, in file order; sgd at 1, rmsprop at 2.
        assertEquals(List.of(-0.25, 0.0, 0.25, 1.0, 2.0), List.of(runs.getXData()[0], runs.getXData()[1],
                runs.getXData()[2], runs.getXData()[3], runs.getXData()[4]));
        // adam's geometric mean: (1e-2 1e-4 3e-3)^(1/3) = 1.44e-3; its interval's half width on log10 is
        // t(0.975, 2) sd / sqrt(3) = 4.3027 x 1.0372 / 1.7321 = 2.5767 decades (logs -2, -4, -2.5229).
        double[] mean = chart.getSeriesMap().get("geometric mean").getYData();
        assertEquals(Math.cbrt(1e-2 * 1e-4 * 3e-3), mean[0], 1e-15);
        double[] interval = chart.getSeriesMap().get("95% interval of the mean").getYData();
        assertEquals(2 * 2.5767, Math.log10(interval[1] / interval[0]), 2e-4);
        BufferedImage image = BitmapEncoder.getBufferedImage(chart);
        assertEquals(760, image.getWidth());
    }

    @Test
    void manyNumbersAreAScatterOnALogarithmicLine() {
        List<BatchReport.Row> rows = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            rows.add(row(i, Map.of("lr", String.valueOf(Math.pow(10, -4 + 0.4 * i))), 1e-3 * (i + 1)));
        }
        XYChart chart = BatchCharts.errorAgainstAxis("p", "lr", rows);
        assertTrue(chart.getStyler().isXAxisLogarithmic(), "1e-4 to 6.3e-2 spans decades");
        assertEquals(1e-4, chart.getSeriesMap().get("runs").getXData()[0], 1e-18);
        assertEquals(1, chart.getSeriesMap().size(), "no means on a number line");
        BitmapEncoder.getBufferedImage(chart);
    }
}

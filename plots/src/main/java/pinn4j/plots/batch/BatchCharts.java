package pinn4j.plots.batch;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The batch's charts: error against each axis, and the loss curves of the best runs. */
public final class BatchCharts {

    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b)};

    private BatchCharts() {
    }

    /**
     * One problem's relative error against one axis: a point per run (values of the axis spread out as
     * categories, seeds side by side), log scale; failed runs are left out.
     */
    public static XYChart errorAgainstAxis(String problem, String axis, List<BatchReport.Row> rows) {
        List<String> values = new ArrayList<>();
        rows.forEach(row -> {
            if (!values.contains(row.axes().get(axis))) {
                values.add(row.axes().get(axis));
            }
        });
        XYChart chart = base(problem + ": relative L2 error against " + axis, axis, "relative L2 error", 760, 440);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisDecimalPattern("0.#E0");
        chart.getStyler().setXAxisMin(-0.5);
        chart.getStyler().setXAxisMax(values.size() - 0.5);
        chart.getStyler().setxAxisTickLabelsFormattingFunction(x -> {
            long index = Math.round(x);
            return Math.abs(x - index) < 1e-9 && index >= 0 && index < values.size() ? values.get((int) index) : "";
        });
        chart.getStyler().setLegendVisible(false);
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (BatchReport.Row row : rows) {
            if (!"ok".equals(row.status()) || row.relativeL2Error() == null || !(row.relativeL2Error() > 0)) {
                continue;
            }
            String value = row.axes().get(axis);
            int k = seen.merge(value, 1, Integer::sum);
            xs.add(values.indexOf(value) + 0.3 * Math.sin(k * 2.399963));
            ys.add(row.relativeL2Error());
        }
        if (xs.isEmpty()) {
            xs.add(0.0);
            ys.add(1.0);
        }
        XYSeries series = chart.addSeries("runs", xs, ys);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        series.setMarker(SeriesMarkers.CIRCLE);
        series.setMarkerColor(new Color(31, 119, 180, 170));
        return chart;
    }

    /** The weighted total loss of the given runs against iteration, log scale. */
    public static XYChart lossCurves(String problem, List<BatchReport.Row> best) throws IOException {
        XYChart chart = base(problem + ": loss of the best runs", "iteration", "weighted total loss", 760, 440);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisDecimalPattern("0.#E0");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
        int colour = 0;
        for (BatchReport.Row row : best) {
            Path file = row.folder().resolve("loss.csv");
            if (!Files.isRegularFile(file)) {
                continue;
            }
            List<Double> steps = new ArrayList<>();
            List<Double> totals = new ArrayList<>();
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",");
                double total = Double.parseDouble(cells[3]);
                if (Double.isFinite(total) && total > 0) {
                    steps.add(Double.parseDouble(cells[0]));
                    totals.add(total);
                }
            }
            if (steps.isEmpty()) {
                continue;
            }
            XYSeries series = chart.addSeries(String.format("%s  (error %.1e)", row.id(), row.relativeL2Error()),
                    steps, totals);
            series.setMarker(SeriesMarkers.NONE);
            series.setLineColor(PALETTE[colour++ % PALETTE.length]);
            series.setLineStyle(new BasicStroke(1.6f));
        }
        if (chart.getSeriesMap().isEmpty()) {
            chart.addSeries("no finished runs", new double[] {0}, new double[] {1});
        }
        return chart;
    }

    private static XYChart base(String title, String xTitle, String yTitle, int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        chart.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(0xdddddd));
        chart.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        chart.getStyler().setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        chart.getStyler().setMarkerSize(8);
        return chart;
    }
}

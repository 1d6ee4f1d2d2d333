package pinn4j.app.batch;

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

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
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
     * One problem's relative error against one axis, log scale: the axis's values as categories, one point per run
     * (runs that differ only in this axis are joined by a faint line); failed runs are left out.
     *
     * @param problem the problem's name, for the title
     * @param axis the batch axis, such as {@code lr}
     * @param rows the problem's runs
     * @return the chart
     */
    public static CategoryChart errorAgainstAxis(String problem, String axis, List<BatchReport.Row> rows) {
        CategoryChart chart = new CategoryChartBuilder().width(760).height(440)
                .title(problem + ": relative L2 error against " + axis).xAxisTitle(axis).yAxisTitle("relative L2 error")
                .build();
        chart.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(0xdddddd));
        chart.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisDecimalPattern("0.#E0");
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        chart.getStyler().setMarkerSize(9);
        List<String> values = rows.stream().map(r -> r.axes().get(axis)).distinct().toList();
        Map<String, Map<String, Double>> lines = new LinkedHashMap<>();
        for (BatchReport.Row row : rows) {
            if (!"ok".equals(row.status()) || row.relativeL2Error() == null || !(row.relativeL2Error() > 0)) {
                continue;
            }
            Map<String, String> others = new LinkedHashMap<>(row.axes());
            others.remove(axis);
            lines.computeIfAbsent(others + " seed " + row.seed(), k -> new LinkedHashMap<>())
                    .put(row.axes().get(axis), row.relativeL2Error());
        }
        for (Map.Entry<String, Map<String, Double>> line : lines.entrySet()) {
            List<String> xs = values.stream().filter(line.getValue()::containsKey).toList();
            List<Double> ys = xs.stream().map(line.getValue()::get).toList();
            CategorySeries series = chart.addSeries(line.getKey(), xs, ys);
            series.setMarker(SeriesMarkers.CIRCLE);
            series.setMarkerColor(new Color(31, 119, 180, 190));
            series.setLineColor(new Color(31, 119, 180, 45));
        }
        if (lines.isEmpty()) {
            chart.addSeries("no finished runs", values, values.stream().map(v -> 1.0).toList());
        }
        return chart;
    }

    /**
     * The weighted total loss of the given runs against iteration, log scale.
     *
     * @param problem the problem's name, for the title
     * @param best the runs to draw, each from its folder's {@code loss.csv}; runs without one are left out
     * @return the chart
     * @throws IOException when a {@code loss.csv} cannot be read
     */
    public static XYChart lossCurves(String problem, List<BatchReport.Row> best) throws IOException {
        XYChart chart = base(problem + ": loss of the best runs", "iteration", "weighted total loss", 760, 440);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisDecimalPattern("0.#E0");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisDecimalPattern("#0");
        double lastStep = 1;
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
            lastStep = Math.max(lastStep, steps.get(steps.size() - 1));
            XYSeries series = chart.addSeries(String.format("%s  (error %.1e)", row.id(), row.relativeL2Error()),
                    steps, totals);
            series.setMarker(SeriesMarkers.NONE);
            series.setLineColor(PALETTE[colour++ % PALETTE.length]);
            series.setLineStyle(new BasicStroke(1.6f));
        }
        if (chart.getSeriesMap().isEmpty()) {
            chart.addSeries("no finished runs", new double[] {0}, new double[] {1});
        }
        chart.getStyler().setXAxisMax(pinn4j.plots.charts.Charts.roundUp(lastStep));
        return chart;
    }

    private static XYChart base(String title, String xTitle, String yTitle, int width, int height) {
        return pinn4j.plots.charts.Charts.styled(title, xTitle, yTitle, width, height, 12);
    }
}

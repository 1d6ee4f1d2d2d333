package pinn4j.app.batch;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.hipparchus.distribution.continuous.TDistribution;
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

    /** Axes with more distinct numbers than this are drawn on a number line; fewer, as categories. */
    private static final int MAX_CATEGORIES = 6;

    /**
     * One problem's relative error against one axis, log scale, each run a point: a strip per value of the axis
     * (its runs spread sideways so none hides another) with their geometric mean and a 95% confidence interval of
     * it (t on log10 of the errors) marked, or, for an axis of many numbers (drawn from a distribution), a
     * scatter over a number line, logarithmic when the values span a decade or more. Runs that differ in other
     * axes are not joined: they have nothing in common but this value. Failed runs are left out.
     *
     * @param problem the problem's name, for the title
     * @param axis the batch axis, such as {@code lr}
     * @param rows the problem's runs
     * @return the chart
     */
    public static XYChart errorAgainstAxis(String problem, String axis, List<BatchReport.Row> rows) {
        XYChart chart = base(problem + ": relative L2 error against " + axis, axis, "relative L2 error", 760, 440);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisDecimalPattern("0.#E0");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
        chart.getStyler().setMarkerSize(8);
        List<String> values = rows.stream().map(r -> r.axes().get(axis)).distinct().toList();
        List<BatchReport.Row> finished = rows.stream().filter(r -> "ok".equals(r.status())
                && r.relativeL2Error() != null && r.relativeL2Error() > 0).toList();
        if (finished.isEmpty()) {
            chart.addSeries("no finished runs", new double[] {0}, new double[] {1});
            return chart;
        }
        double[] numbers = values.stream().mapToDouble(BatchCharts::number).toArray();
        boolean numeric = values.size() > MAX_CATEGORIES && Arrays.stream(numbers).allMatch(Double::isFinite);
        if (numeric) {
            double low = Arrays.stream(numbers).min().orElseThrow();
            double high = Arrays.stream(numbers).max().orElseThrow();
            chart.getStyler().setXAxisLogarithmic(low > 0 && high >= 10 * low);
            chart.getStyler().setXAxisDecimalPattern(low > 0 && high >= 10 * low ? "0.#E0" : "#0.###");
            XYSeries runs = chart.addSeries("runs", finished.stream().mapToDouble(r -> number(r.axes().get(axis)))
                    .toArray(), finished.stream().mapToDouble(BatchReport.Row::relativeL2Error).toArray());
            style(runs);
            return chart;
        }
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int c = 0; c < values.size(); c++) {
            String value = values.get(c);
            List<Double> errors = finished.stream().filter(r -> value.equals(r.axes().get(axis)))
                    .map(BatchReport.Row::relativeL2Error).toList();
            for (int i = 0; i < errors.size(); i++) {
                // Spread evenly over a strip 0.5 wide, so that equal errors stay apart and the order is fixed.
                xs.add(c + (errors.size() == 1 ? 0 : 0.5 * i / (errors.size() - 1) - 0.25));
                ys.add(errors.get(i));
            }
            markMean(chart, c, errors);
        }
        style(chart.addSeries("runs", xs, ys));
        chart.getStyler().setXAxisMin(-0.5);
        chart.getStyler().setXAxisMax(values.size() - 0.5);
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        // XChart widens its tick step until every tick's label differs, so the ticks between strips get distinct
        // labels of zero-width spaces rather than one blank each, which would leave only the axis ends labelled.
        chart.setCustomXAxisTickLabelsFormatter(x -> Math.abs(x - Math.rint(x)) < 1e-9 && x >= 0
                && x < values.size() ? values.get((int) Math.rint(x))
                : "\u200B".repeat(1 + (int) Math.round((x + 1) * 16)));
        return chart;
    }

    private static void style(XYSeries runs) {
        runs.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        runs.setMarker(SeriesMarkers.CIRCLE);
        runs.setMarkerColor(new Color(31, 119, 180, 170));
    }

    /**
     * The geometric mean of one strip's errors as a bar across it, and its 95% confidence interval (Student's t on
     * log10 of the errors) as a vertical line; the legend names them once.
     */
    private static void markMean(XYChart chart, int category, List<Double> errors) {
        if (errors.isEmpty()) {
            return;
        }
        double[] logs = errors.stream().mapToDouble(Math::log10).toArray();
        double mean = BatchReport.mean(logs);
        boolean first = !chart.getSeriesMap().containsKey("geometric mean");
        XYSeries bar = chart.addSeries(first ? "geometric mean" : "geometric mean " + category,
                new double[] {category - 0.32, category + 0.32}, new double[] {Math.pow(10, mean), Math.pow(10, mean)});
        bar.setMarker(SeriesMarkers.NONE);
        bar.setLineColor(new Color(0xd62728));
        bar.setLineStyle(new BasicStroke(2.5f));
        bar.setShowInLegend(first);
        if (logs.length < 2) {
            return;
        }
        double sd = Math.sqrt(BatchReport.variance(logs));
        double half = new TDistribution(logs.length - 1)
                .inverseCumulativeProbability(0.975) * sd / Math.sqrt(logs.length);
        boolean firstInterval = !chart.getSeriesMap().containsKey("95% interval of the mean");
        XYSeries interval = chart.addSeries(firstInterval ? "95% interval of the mean"
                        : "95% interval of the mean " + category, new double[] {category + 0.36, category + 0.36},
                new double[] {Math.pow(10, mean - half), Math.pow(10, mean + half)});
        interval.setMarker(SeriesMarkers.NONE);
        interval.setLineColor(new Color(0x333333));
        interval.setLineStyle(new BasicStroke(1.8f));
        interval.setShowInLegend(firstInterval);
    }

    /** An axis value as a number, NaN when it is none (a list, a name). */
    private static double number(String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
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

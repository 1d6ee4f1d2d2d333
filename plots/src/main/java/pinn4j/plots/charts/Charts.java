package pinn4j.plots.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import pinn4j.plots.comparator.Comparison;
import pinn4j.plots.comparator.FitReport;
import pinn4j.plots.files.RunFiles;
import pinn4j.problems.Condition;
import pinn4j.problems.Observations;
import pinn4j.problems.OdeProblem;
import pinn4j.solver.IterationRecord;
import pinn4j.solver.LossHistory;
import pinn4j.solver.TrainedPinn;
import pinn4j.solver.optim.Stage;

/** Builds the run's charts; saving is {@link RunFiles}' business. */
public final class Charts {

    /** Smallest error drawn on a log axis (exact zeros have no place there); below double resolution. */
    private static final double ERROR_FLOOR = 1e-17;
    /** Smallest loss drawn on a log axis. */
    private static final double LOSS_FLOOR = 1e-30;
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 620;
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};

    private Charts() {
    }

    /**
     * PINN (one colour per unknown), Hipparchus (black, dashed) and exact solution (grey) over the domain, with the
     * collocation points (on the curve for one unknown, along the bottom for several) and the condition points.
     *
     * @param trained the trained network
     * @param comparison its comparison on a grid
     * @return the chart
     */
    public static XYChart solution(TrainedPinn trained, Comparison comparison) {
        OdeProblem problem = trained.problem();
        XYChart chart = base(title(problem), problem.variable(), "solution");
        chart.getStyler().setYAxisDecimalPattern("#0.###");
        List<String> unknowns = problem.unknowns();
        for (int u = 0; u < unknowns.size(); u++) {
            String name = unknowns.get(u);
            if (comparison.exact() != null) {
                line(chart, u == 0 ? "exact" : name + " exact", comparison.t(), comparison.exact()[u],
                        new Color(0x555555), 4.5f, null).setShowInLegend(u == 0);
            }
            if (comparison.hipparchus() != null) {
                line(chart, u == 0 ? "Hipparchus DP853" : name + " Hipparchus", comparison.t(),
                        comparison.hipparchus()[u], Color.BLACK, 1.5f, new float[] {7, 5}).setShowInLegend(u == 0);
            }
            line(chart, name + " PINN", comparison.t(), comparison.pinn()[u], PALETTE[u % PALETTE.length], 2f, null);
        }
        double[] collocation = trained.collocationPoints();
        double[] markY;
        if (unknowns.size() == 1) {
            markY = trained.evaluate(collocation, 0)[0][0];
        } else {
            double bottom = Arrays.stream(comparison.pinn()).flatMapToDouble(Arrays::stream).min().orElse(0);
            markY = new double[collocation.length];
            Arrays.fill(markY, bottom);
        }
        XYSeries points = chart.addSeries("collocation points (" + collocation.length + ")", collocation, markY);
        points.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        points.setMarker(SeriesMarkers.CIRCLE);
        // Grey: blue is the first unknown's PINN colour, and the points lie on its curve.
        points.setMarkerColor(new Color(90, 90, 90, 90));
        List<Condition> conditions = problem.conditions();
        double[] at = conditions.stream().mapToDouble(Condition::point).toArray();
        double[][] values = trained.evaluate(at, 0)[0];
        double[] y = new double[at.length];
        for (int i = 0; i < at.length; i++) {
            y[i] = values[unknowns.indexOf(conditions.get(i).terms().get(0).unknown())][i];
        }
        String labels = String.join(", ", conditions.stream().map(Condition::label).toArray(String[]::new));
        XYSeries marks = chart.addSeries("conditions" + (labels.length() <= 60 ? ": " + labels : ""), at, y);
        marks.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        marks.setMarker(SeriesMarkers.DIAMOND);
        marks.setMarkerColor(Color.MAGENTA);
        if (legendBesideWhenLong(chart)) {
            // XChart centres the title over the plot, which the legend beside it has narrowed.
            chart.setTitle(title(problem, 0.6 * WIDTH));
        }
        return chart;
    }

    /**
     * More than four entries in a row below the plot run past the chart's edge: then one a line, beside it.
     *
     * @return whether the legend went beside the plot
     */
    private static boolean legendBesideWhenLong(XYChart chart) {
        if (chart.getSeriesMap().values().stream().filter(XYSeries::isShowInLegend).count() <= 4) {
            return false;
        }
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
        return true;
    }

    /**
     * The solution chart of an inverse problem: {@link #solution(TrainedPinn, Comparison)} with the measurements
     * (one marker colour per unknown) and, for an ensemble, the band its members' solutions span.
     *
     * @param trained the trained network
     * @param comparison its comparison on a grid, against the problem at the truth or the classical fit
     * @param fit what the fit found
     * @return the chart
     */
    public static XYChart solution(TrainedPinn trained, Comparison comparison, FitReport fit) {
        XYChart chart = solution(trained, comparison);
        List<String> unknowns = trained.problem().unknowns();
        double[][][] band = fit.band();
        if (band != null) {
            for (int u = 0; u < unknowns.size(); u++) {
                Color color = PALETTE[u % PALETTE.length];
                Color light = new Color(color.getRed(), color.getGreen(), color.getBlue(), 110);
                String name = unknowns.get(u) + " ensemble of " + fit.members() + ", lowest to highest";
                line(chart, name, comparison.t(), band[0][u], light, 1f, new float[] {3, 3});
                line(chart, name + " ", comparison.t(), band[1][u], light, 1f, new float[] {3, 3})
                        .setShowInLegend(false);
            }
        }
        for (Observations series : fit.data()) {
            int u = unknowns.indexOf(series.unknown());
            XYSeries points = chart.addSeries(series.unknown() + " measured (" + series.t().length + ")", series.t(),
                    series.values());
            points.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            points.setMarker(SeriesMarkers.SQUARE);
            points.setMarkerColor(PALETTE[u % PALETTE.length].darker());
        }
        if (legendBesideWhenLong(chart)) {
            chart.setTitle(title(trained.problem(), 0.6 * WIDTH));
        }
        return chart;
    }

    /**
     * Each fitted parameter's estimate over the training steps, one chart per parameter, with the truth (grey) and
     * the classical fit (black, dashed) where there are.
     *
     * @param trained the trained network of an inverse problem
     * @param fit what the fit found
     * @return one chart per fitted parameter, in the problem's order
     */
    public static List<XYChart> parameters(TrainedPinn trained, FitReport fit) {
        List<IterationRecord> records = trained.history().records();
        double[] steps = records.stream().mapToDouble(IterationRecord::step).toArray();
        double[] ends = {steps[0], steps[steps.length - 1]};
        List<XYChart> charts = new java.util.ArrayList<>();
        for (int p = 0; p < fit.parameters().size(); p++) {
            FitReport.Parameter parameter = fit.parameters().get(p);
            int index = p;
            double[] trajectory = records.stream().mapToDouble(r -> r.fitted()[index]).toArray();
            String title = parameter.name() + ": PINN " + FitReport.digits(parameter.estimate())
                    + (Double.isNaN(parameter.truth()) ? "" : " (truth " + FitReport.digits(parameter.truth()) + ")")
                    + ", Hipparchus " + FitReport.digits(parameter.hipparchusEstimate())
                    + (Double.isNaN(parameter.hipparchusStandardError()) ? " (not converged)"
                    : String.format(java.util.Locale.ROOT, " +- %.2g", parameter.hipparchusStandardError()));
            XYChart chart = styled(title, "training step", parameter.name(), WIDTH, HEIGHT / 2, 13);
            if (!Double.isNaN(parameter.truth())) {
                line(chart, "truth", ends, new double[] {parameter.truth(), parameter.truth()}, new Color(0x555555),
                        4.5f, null);
            }
            line(chart, "Hipparchus fit", ends, new double[] {parameter.hipparchusEstimate(),
                parameter.hipparchusEstimate()}, Color.BLACK, 1.5f, new float[] {7, 5});
            line(chart, parameter.name() + " PINN", steps, trajectory, PALETTE[p % PALETTE.length], 2f, null);
            chart.getStyler().setYAxisDecimalPattern("0.####");
            charts.add(chart);
        }
        return charts;
    }

    /**
     * The problem's name and equations with the values of the parameters they use, so that runs of one equation at
     * different parameters (a batch over them) tell themselves apart; the name and the values alone when that would
     * not fit a chart's width (Lorenz's three equations).
     *
     * @param problem the problem
     * @return e.g. {@code damped-oscillator:  x'' = -(mu/m)*x' - (k/m)*x   (mu = 4, m = 1, k = 400)}
     */
    public static String title(OdeProblem problem) {
        return title(problem, 0.95 * WIDTH);
    }

    /** The title, or the name and values alone when the whole is wider than {@code room} pixels. */
    private static String title(OdeProblem problem, double room) {
        String values = parameterValues(problem);
        String full = problem.name() + ":  " + problem.equationText() + (values.isEmpty() ? "" : "   (" + values + ")");
        Font font = styled("", "", "", WIDTH, HEIGHT, 13).getStyler().getChartTitleFont();
        double width = font.getStringBounds(full, new FontRenderContext(null, true, true)).getWidth();
        return width <= room || values.isEmpty() ? full : problem.name() + ":  " + values;
    }

    /**
     * The values of the parameters the problem's equations use, for titles.
     *
     * @param problem the problem
     * @return e.g. {@code mu = 4, m = 1, k = 400}; empty when the equations use none
     */
    public static String parameterValues(OdeProblem problem) {
        Set<String> used = new LinkedHashSet<>();
        problem.equations().forEach(equation -> equation.rightHandSide().collectParameters(used));
        return used.stream().filter(problem.parameters()::containsKey)
                .map(name -> name + " = " + FitReport.digits(problem.parameters().get(name)))
                .collect(Collectors.joining(", "));
    }

    /**
     * |PINN - reference| over the domain on a log axis, and the integrator's own error where both exist.
     *
     * @param trained the trained network
     * @param comparison its comparison on a grid
     * @return the chart
     */
    public static XYChart error(TrainedPinn trained, Comparison comparison) {
        OdeProblem problem = trained.problem();
        XYChart chart = base(problem.name() + ": absolute error against the " + comparison.referenceKind().id()
                + " solution", problem.variable(), "absolute error");
        logY(chart);
        double[][] target = comparison.target();
        List<String> unknowns = problem.unknowns();
        for (int u = 0; u < unknowns.size() && target != null; u++) {
            line(chart, "|" + unknowns.get(u) + " PINN - " + comparison.referenceKind().id() + "|", comparison.t(),
                    floored(difference(comparison.pinn()[u], target[u]), ERROR_FLOOR), PALETTE[u % PALETTE.length], 2f, null);
            if (comparison.exact() != null && comparison.hipparchus() != null) {
                // A colour of its own, after the PINN's, so that the two methods never share one.
                line(chart, "|" + unknowns.get(u) + " Hipparchus - exact|", comparison.t(),
                        floored(difference(comparison.hipparchus()[u], comparison.exact()[u]), ERROR_FLOOR),
                        PALETTE[(unknowns.size() + u) % PALETTE.length], 1.5f, new float[] {8, 6});
            }
        }
        wholeDecades(chart);
        return chart;
    }

    /**
     * Every loss term and the weighted total against iteration, log axis, the Adam to L-BFGS switch marked.
     *
     * @param trained the trained network, with its loss history
     * @return the chart
     */
    public static XYChart loss(TrainedPinn trained) {
        LossHistory history = trained.history();
        XYChart chart = base(trained.problem().name() + ": loss terms (unweighted) and weighted total",
                "iteration", "loss");
        logY(chart);
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisDecimalPattern("#0");
        List<IterationRecord> records = history.records().stream()
                .filter(r -> Double.isFinite(r.total())).toList();
        double[] steps = records.stream().mapToDouble(IterationRecord::step).toArray();
        if (steps.length == 0) {
            // A training whose loss was never finite (it diverged at once) leaves nothing to draw but the title.
            chart.setTitle(chart.getTitle() + ": no finite loss to draw");
            return chart;
        }
        // A round end for the axis, so XChart's ticks fall on round iteration counts.
        chart.getStyler().setXAxisMax(roundUp(steps[steps.length - 1]));
        List<String> names = history.termNames();
        for (int i = 0; i < names.size(); i++) {
            int index = i;
            line(chart, names.get(i), steps, floored(records.stream().mapToDouble(r -> r.term(index)).toArray(), LOSS_FLOOR),
                    PALETTE[i % PALETTE.length], 1.5f, null);
        }
        line(chart, "weighted total", steps, floored(records.stream().mapToDouble(IterationRecord::total).toArray(), LOSS_FLOOR),
                Color.BLACK, 2f, null);
        wholeDecades(chart);
        double top = Arrays.stream(chart.getSeriesMap().values().stream()
                .flatMapToDouble(series -> Arrays.stream(series.getYData())).toArray()).max().orElse(1);
        // Each switch of optimizer is marked once, with the names on either side (windows repeat the plan).
        List<Stage> plan = trained.config().stages();
        java.util.Set<Integer> labelled = new java.util.HashSet<>();
        for (int i = 1; i < records.size(); i++) {
            int stage = records.get(i).stage();
            if (stage != records.get(i - 1).stage()) {
                double at = records.get(i).step() - 0.5;
                chart.addAnnotation(new AnnotationLine(at, true, false));
                if (stage > 0 && labelled.add(stage)) {
                    chart.addAnnotation(new AnnotationText("  " + plan.get(records.get(i - 1).stage()).label() + " | "
                            + plan.get(stage).label() + "  ", at, top, false));
                }
            }
        }
        return chart;
    }

    private static XYChart base(String title, String xTitle, String yTitle) {
        return styled(title, xTitle, yTitle, WIDTH, HEIGHT, 13);
    }

    /**
     * An empty chart in pinn4j's style: white, light grid, tidy tick labels, the legend below; text sized from
     * {@code fontSize} (13 for files, about 18 for a projector).
     *
     * @param title the chart's title
     * @param xTitle the horizontal axis' title
     * @param yTitle the vertical axis' title
     * @param width the width in pixels
     * @param height the height in pixels
     * @param fontSize the legend's and tick labels' font size in points; titles are a little larger
     * @return the chart, without series
     */
    public static XYChart styled(String title, String xTitle, String yTitle, int width, int height, int fontSize) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        Styler styler = chart.getStyler();
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, fontSize + 4));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, fontSize));
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setMarkerSize(fontSize / 2 + 1);
        chart.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, fontSize + 2));
        chart.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, fontSize));
        chart.getStyler().setXAxisDecimalPattern("#0.###");
        chart.getStyler().setYAxisDecimalPattern("#0.###");
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(0xdddddd));
        // Thin and solid: a log axis has a grid line at every 2..9 x 10^k, and dashed ones there read as noise.
        chart.getStyler().setPlotGridLinesStroke(new java.awt.BasicStroke(0.6f));
        chart.getStyler().setPlotGridLinesColor(new Color(0xe8e8e8));
        return chart;
    }

    /**
     * The smallest of 1, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8 times a power of ten that is at least {@code x}.
     *
     * @param x a positive number
     * @return a round axis limit
     */
    public static double roundUp(double x) {
        double power = Math.pow(10, Math.floor(Math.log10(x)));
        for (double mantissa : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 10}) {
            if (mantissa * power >= x) {
                return mantissa * power;
            }
        }
        return 10 * power;
    }

    /**
     * Makes a log axis run from a power of ten to a power of ten around the data drawn so far, so that its top and
     * bottom are labelled.
     *
     * @param chart a chart with its series added and a logarithmic vertical axis
     */
    public static void wholeDecades(XYChart chart) {
        double[] positive = chart.getSeriesMap().values().stream().flatMapToDouble(series -> Arrays.stream(
                series.getYData())).filter(y -> y > 0 && Double.isFinite(y)).toArray();
        if (positive.length > 0) {
            chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(Arrays.stream(positive).min()
                    .orElseThrow()))));
            chart.getStyler().setYAxisMax(Math.pow(10, Math.ceil(Math.log10(Arrays.stream(positive).max()
                    .orElseThrow()))));
        }
    }

    private static void logY(XYChart chart) {
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisDecimalPattern("0.#E0");
    }

    private static XYSeries line(XYChart chart, String name, double[] x, double[] y, Color color, float width,
                                 float[] dashes) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(color);
        series.setLineStyle(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10, dashes, 0));
        return series;
    }

    private static double[] difference(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = Math.abs(a[i] - b[i]);
        }
        return d;
    }

    private static double[] floored(double[] values, double floor) {
        return Arrays.stream(values).map(v -> Math.max(v, floor)).toArray();
    }
}

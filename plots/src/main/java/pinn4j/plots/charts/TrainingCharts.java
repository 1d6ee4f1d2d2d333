package pinn4j.plots.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.Arrays;
import java.util.List;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import pinn4j.plots.comparator.Reference;
import pinn4j.problems.Condition;
import pinn4j.problems.OdeProblem;
import pinn4j.solver.IterationRecord;
import pinn4j.solver.LossTerm;

/**
 * The two panels of a training in progress, for a projector: the network's curve moving towards the exact and
 * Hipparchus solutions (collocation and condition points marked) and the loss terms falling on a log axis, with
 * the stage and iteration in the title. Built once; {@link #show} moves the curves.
 */
public final class TrainingCharts {

    /**
     * What the network looked like at one iteration.
     *
     * @param stage the stage's label, for the title
     * @param iteration the iteration within the stage
     * @param step the step over the whole training, from 1
     * @param pinn {@code [unknown][i]} the network on the comparison grid
     */
    public record Snapshot(String stage, int iteration, int step, double[][] pinn) {
    }

    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b)};

    private final OdeProblem problem;
    private final double[] grid;
    private final List<String> terms;
    private final XYChart solution;
    private final XYChart loss;

    /**
     * @param problem the problem being trained
     * @param collocation the collocation points to mark
     * @param lossTerms the loss terms, one curve each
     * @param maxSteps how many iterations the training may take, which fixes the loss axis
     * @param width each panel's width in pixels
     * @param height each panel's height in pixels
     */
    public TrainingCharts(OdeProblem problem, double[] collocation, List<LossTerm> lossTerms, int maxSteps, int width,
                          int height) {
        this.problem = problem;
        this.grid = problem.domain().grid(301);
        this.terms = lossTerms.stream().map(LossTerm::name).toList();
        solution = chart(problem.name() + ":  " + problem.equationText(), problem.variable(), "solution", width,
                height);
        List<String> unknowns = problem.unknowns();
        Reference reference = Reference.solve(problem, grid);
        for (int u = 0; u < unknowns.size(); u++) {
            if (problem.hasExactSolution()) {
                double[] exact = Arrays.stream(grid).map(problem.exactSolutions().get(unknowns.get(u))::valueAt).toArray();
                line(solution, unknowns.get(u) + " exact", exact, Color.BLACK, 5f, null);
            }
            if (reference.values() != null) {
                line(solution, unknowns.get(u) + " Hipparchus", reference.values()[u], new Color(0xff7f0e), 3f,
                        new float[] {12, 8});
            }
            line(solution, unknowns.get(u) + " network", new double[grid.length], PALETTE[u % PALETTE.length], 4f,
                    null);
        }
        double[] zeros = new double[collocation.length];
        XYSeries points = solution.addSeries("collocation points", collocation, zeros);
        points.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        points.setMarker(SeriesMarkers.CIRCLE);
        // Grey: blue is the network's colour, and the points lie under its curve.
        points.setMarkerColor(new Color(90, 90, 90, 110));
        List<Condition> values = problem.conditions().stream()
                .filter(c -> c.terms().size() == 1 && c.terms().get(0).order() == 0).toList();
        XYSeries marks = solution.addSeries("conditions", values.stream().mapToDouble(Condition::point).toArray(),
                values.stream().mapToDouble(c -> c.value() / c.terms().get(0).coefficient()).toArray());
        marks.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        marks.setMarker(SeriesMarkers.DIAMOND);
        marks.setMarkerColor(Color.MAGENTA);
        loss = chart("loss", "iteration", "loss", width, height);
        loss.getStyler().setYAxisLogarithmic(true);
        loss.getStyler().setYAxisDecimalPattern("0.#E0");
        loss.getStyler().setXAxisDecimalPattern("#0");
        loss.getStyler().setXAxisMin(0.0);
        loss.getStyler().setXAxisMax(pinn4j.plots.charts.Charts.roundUp(Math.max(1, maxSteps)));
        for (int i = 0; i < terms.size(); i++) {
            line(loss, terms.get(i), new double[] {1}, PALETTE[i % PALETTE.length], 3f, null);
        }
    }

    /**
     * The solution panel.
     *
     * @return the chart the network's curve moves on
     */
    public XYChart solution() {
        return solution;
    }

    /**
     * The loss panel.
     *
     * @return the chart of the loss terms
     */
    public XYChart loss() {
        return loss;
    }

    /**
     * The comparison grid the network is drawn on.
     *
     * @return a copy of the grid
     */
    public double[] grid() {
        return grid.clone();
    }

    /**
     * Moves the network's curve and the loss curves to a snapshot and the history up to it.
     *
     * @param snapshot the network at one iteration
     * @param history the training's iterations; those up to the snapshot's step are drawn
     */
    public void show(Snapshot snapshot, List<IterationRecord> history) {
        List<String> unknowns = problem.unknowns();
        for (int u = 0; u < unknowns.size(); u++) {
            solution.updateXYSeries(unknowns.get(u) + " network", grid, snapshot.pinn()[u], null);
        }
        String values = Charts.parameterValues(problem);
        solution.setTitle(String.format("%s%s  —  %s iteration %d", problem.name(), values.isEmpty() ? ""
                : " (" + values + ")", snapshot.stage(),
                snapshot.iteration()));
        List<IterationRecord> upTo = history.subList(0, Math.min(snapshot.step(), history.size()));
        if (upTo.isEmpty()) {
            return;
        }
        double[] steps = upTo.stream().mapToDouble(IterationRecord::step).toArray();
        for (int i = 0; i < terms.size(); i++) {
            int index = i;
            loss.updateXYSeries(terms.get(i), steps,
                    upTo.stream().mapToDouble(r -> Math.max(r.term(index), 1e-30)).toArray(), null);
        }
        loss.setTitle(String.format("loss terms  —  %s", snapshot.stage()));
    }

    private static XYChart chart(String title, String xTitle, String yTitle, int width, int height) {
        XYChart chart = pinn4j.plots.charts.Charts.styled(title, xTitle, yTitle, width, height, 18);
        // Beside the plot, one entry a line: below it, a row of five entries at this size is cut at the panel's
        // edge and runs into the next panel's legend.
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        chart.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Vertical);
        chart.getStyler().setXAxisDecimalPattern("#0.##");
        chart.getStyler().setYAxisDecimalPattern("#0.##");
        return chart;
    }

    private XYSeries line(XYChart chart, String name, double[] y, Color color, float width, float[] dashes) {
        XYSeries series = chart.addSeries(name, chart == solution ? grid : new double[y.length], y);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(color);
        series.setLineStyle(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10, dashes, 0));
        return series;
    }
}

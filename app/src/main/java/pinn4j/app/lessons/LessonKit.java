package pinn4j.app.lessons;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import pinn4j.plots.comparator.ErrorTrace;
import pinn4j.plots.files.RunFiles;
import pinn4j.problems.Observations;
import pinn4j.problems.OdeProblem;
import pinn4j.solver.PinnTrainer;
import pinn4j.solver.TrainedPinn;
import pinn4j.solver.TrainingConfig;
import pinn4j.solver.io.Folders;

/** What lessons share: training with an error trace, readable charts, and the lesson's text and numbers. */
public final class LessonKit {

    /** Colours that stay apart on a projector. */
    static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b)};

    /**
     * One trained network of a lesson, with what was measured.
     *
     * @param label the network's name in charts and text
     * @param error its relative L2 error against the exact solution (or Hipparchus)
     * @param seconds its training time, without the error checks
     * @param t 401 points over the domain
     * @param values the first unknown at those points
     * @param trace the error during training, every 10 iterations
     * @param iterations iterations done over all stages
     * @param estimates the fitted parameters' final values by name; empty for a forward problem
     */
    public record Outcome(String label, double error, double seconds, double[] t, double[] values,
                          List<ErrorTrace.Point> trace, int iterations, Map<String, Double> estimates) {
    }

    private final Lesson lesson;
    private final Path folder;
    private final Map<String, Object> results = new LinkedHashMap<>();
    private final List<String> figures = new ArrayList<>();
    private String text = "";

    LessonKit(Lesson lesson, Path folder) throws IOException {
        this.lesson = lesson;
        this.folder = folder;
        RunFiles.checkWritable(folder);
    }

    /**
     * Trains a network and measures it against the problem's exact solution (or Hipparchus) on 401 points.
     *
     * @param label the network's name in charts and text
     * @param problem the problem
     * @param config the training configuration, seed included
     * @param data observed values to fit as well; empty for none
     * @return what was measured; the network itself is closed
     */
    public Outcome train(String label, OdeProblem problem, TrainingConfig config, List<Observations> data) {
        return train(label, problem, problem, config, data);
    }

    /**
     * Trains a network and measures it against another problem's exact solution (or Hipparchus) on 401 points: for
     * an inverse problem, whose parameters start at guesses, the same problem at the true values.
     *
     * @param label the network's name in charts and text
     * @param problem the problem trained
     * @param reference the problem whose solution the network is measured against
     * @param config the training configuration, seed included
     * @param data observed values to fit as well; empty for none
     * @return what was measured, the fitted parameters' estimates included; the network itself is closed
     */
    public Outcome train(String label, OdeProblem problem, OdeProblem reference, TrainingConfig config,
                         List<Observations> data) {
        System.err.printf("  %s: training %s%n", lesson.name(), label);
        ErrorTrace trace = ErrorTrace.of(reference, 10);
        try (TrainedPinn trained = new PinnTrainer(config).train(problem, data, trace)) {
            double[] t = problem.domain().grid(401);
            double[] values = trained.values(problem.unknowns().get(0), t);
            return new Outcome(label, trace.error(trained), trained.trainingSeconds() - trace.checkingSeconds(), t,
                    values, trace.points(), trained.history().records().size(), trained.fittedParameters());
        }
    }

    /**
     * Records a measured number under a name, for results.json.
     *
     * @param name the key in {@code results.json}
     * @param value the number, or any value Jackson writes
     */
    public void record(String name, Object value) {
        results.put(name, value);
    }

    /**
     * The lesson's explanation, in Markdown, after its title.
     *
     * @param markdown the text of {@code lesson.md}, without the title
     */
    public void explain(String markdown) {
        text = markdown;
    }

    /**
     * A chart in the lessons' projector style.
     *
     * @param title the chart's title
     * @param xTitle the horizontal axis' title
     * @param yTitle the vertical axis' title
     * @return an empty chart, 1100 by 650 pixels
     */
    public static XYChart chart(String title, String xTitle, String yTitle) {
        return pinn4j.plots.charts.Charts.styled(title, xTitle, yTitle, 1100, 650, 17);
    }

    /**
     * A thick line.
     *
     * @param chart the chart to add it to
     * @param name the series' name in the legend
     * @param x the horizontal values
     * @param y the vertical values
     * @param color the line's colour
     * @param dashes the dash pattern, or null for a solid line
     * @return the series
     */
    public static XYSeries line(XYChart chart, String name, double[] x, double[] y, Color color, float[] dashes) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(color);
        series.setLineStyle(new BasicStroke(3.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10, dashes, 0));
        return series;
    }

    /**
     * Points, large.
     *
     * @param chart the chart to add them to
     * @param name the series' name in the legend
     * @param x the horizontal values
     * @param y the vertical values
     * @param color the markers' colour
     * @return the series
     */
    public static XYSeries points(XYChart chart, String name, double[] x, double[] y, Color color) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        series.setMarker(SeriesMarkers.CIRCLE);
        series.setMarkerColor(color);
        return series;
    }

    /**
     * Saves charts side by side as one figure.
     *
     * @param file the PNG's name in the lesson's folder
     * @param charts the charts, left to right
     * @throws IOException when the file cannot be written
     */
    public void figure(String file, List<? extends Chart<?, ?>> charts) throws IOException {
        Folders.writeFile(folder.resolve(file), out -> {
            if (charts.size() == 1) {
                BitmapEncoder.saveBitmap(charts.get(0), out, BitmapEncoder.BitmapFormat.PNG);
            } else {
                BitmapEncoder.saveBitmap(charts, 1, charts.size(), out, BitmapEncoder.BitmapFormat.PNG);
            }
        });
        figures.add(file);
    }

    void finish() throws IOException {
        results.put("lesson", lesson.name());
        results.put("figures", figures);
        Folders.writeFile(folder.resolve("results.json"),
                out -> new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out, results));
        StringBuilder markdown = new StringBuilder("# " + lesson.title() + "\n\n" + text.strip() + "\n");
        for (String figure : figures) {
            markdown.append("\n![").append(figure).append("](").append(figure).append(")\n");
        }
        markdown.append("\nRun again with `./pinn lesson ").append(lesson.name())
                .append("`: the seeds are fixed, so the figures and numbers come out the same on this machine.\n");
        Folders.writeFile(folder.resolve("lesson.md"),
                out -> out.write(markdown.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * A number as the lesson text prints it.
     *
     * @param value the number
     * @return it with two significant digits, such as {@code 3.2e-04}
     */
    public static String e(double value) {
        return String.format("%.1e", value);
    }
}

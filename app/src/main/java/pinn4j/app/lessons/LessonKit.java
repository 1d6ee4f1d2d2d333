package pinn4j.app.lessons;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import pinn4j.plots.comparator.ErrorTrace;
import pinn4j.plots.files.RunFiles;
import pinn4j.problems.Condition;
import pinn4j.problems.Expr;
import pinn4j.problems.FittedParameter;
import pinn4j.problems.Observations;
import pinn4j.problems.OdeProblem;
import pinn4j.solver.PinnTrainer;
import pinn4j.solver.TrainedPinn;
import pinn4j.solver.TrainingConfig;
import pinn4j.solver.io.Folders;

/**
 * What lessons share: training with an error trace, readable charts, and the lesson's text and numbers. {@code
 * lesson.md} states the problems trained (from the problems themselves), the lesson's text and figures, a glossary
 * of the terms the lesson chose, and its discussion questions with their answers.
 */
public final class LessonKit {

    /** A term a lesson may use, with the one definition every lesson's glossary prints. */
    public enum Term {
        /** How far a curve is from the exact solution. */
        RELATIVE_L2_ERROR("relative L2 error", "how far the network's curve is from the exact solution: the square"
                + " root of the summed squared differences at 401 points of the domain, divided by the same sum for"
                + " the exact solution. 0 is perfect; 1 is as far off as the flat curve x = 0."),
        /** What is left of the equation with the network put in. */
        RESIDUAL("residual", "what is left when the network's curve and its derivatives are put into the equation:"
                + " left side minus right side. It is 0 where the network satisfies the equation."),
        /** The two loss terms and their weights. */
        LOSSES("L_cc and L_phys", "the two parts of the training loss. L_cc is the squared miss of the initial"
                + " conditions, L_phys the mean squared residual at the collocation points. Training makes"
                + " w_cc L_cc + w_phys L_phys small, plus a data term when there are measurements."),
        /** Where the residual is enforced. */
        COLLOCATION_POINTS("collocation points", "the times at which the residual is computed during training. The"
                + " equation is enforced there and nowhere else."),
        /** The data term. */
        DATA_LOSS("L_data", "the mean squared miss of the measurements: how far the network's curve passes from"
                + " them."),
        /** The default first-order optimizer. */
        ADAM("Adam", "an optimizer that steps along the gradient of the loss, each weight's step scaled by running"
                + " averages of its past gradients. Its step size is set by the learning rate."),
        /** The step size of first-order optimizers. */
        LEARNING_RATE("learning rate", "the size of a first-order optimizer's steps: too small and it crawls, too"
                + " large and it jumps about."),
        /** The quasi-Newton optimizer. */
        LBFGS("L-BFGS", "an optimizer that estimates the loss's curvature from its last few steps and uses it to"
                + " choose the direction and length of the next. pinn4j's default is 300 Adam steps, then L-BFGS."),
        /** First-order optimizers of the optimizers lesson. */
        SGD_AND_RMSPROP("SGD with momentum, RMSprop", "two more first-order optimizers. SGD with momentum steps along"
                + " a running average of the gradients; RMSprop scales each weight's step by its recent gradients'"
                + " size."),
        /** What fixes a run. */
        SEED("seed", "the number that fixes the random starting weights and any other random draw, such as noise."
                + " The same seed gives the same run; another seed gives another start and slightly different"
                + " numbers."),
        /** The solution a badly balanced or stuck training finds. */
        TRIVIAL_SOLUTION("trivial solution", "x = 0 everywhere. It satisfies the oscillator's equation and misses"
                + " only x(0) = 1. A network stuck there has a relative L2 error near 1."),
        /** The hidden layers' function. */
        ACTIVATION("activation", "the function each hidden unit applies to its input, such as tanh. The network's"
                + " derivatives are made of the activation's derivatives."),
        /** Predicting without data. */
        EXTRAPOLATION("extrapolation", "predicting the curve where no measurement was taken."),
        /** Random errors of measurements. */
        GAUSSIAN_NOISE("Gaussian noise", "random errors drawn from a bell curve with mean 0 and a given standard"
                + " deviation, added to each measurement."),
        /** Learning the noise. */
        OVERFITTING("overfitting", "fitting the noise in the measurements instead of the motion behind them: the"
                + " curve passes through the measurements and is wrong between and beyond them."),
        /** Under-, critically and over-damped. */
        DAMPING_REGIMES("damping regimes", "with gamma = mu/(2m) and omega0 = sqrt(k/m): under-damped when gamma <"
                + " omega0 (oscillates), critically damped when gamma = omega0, over-damped when gamma > omega0"
                + " (creeps back without oscillating)."),
        /** Learning parameters from data. */
        INVERSE_PROBLEM("inverse problem", "learning unknown parameters of the equation from measurements, instead"
                + " of solving it with known ones."),
        /** The classical fit of the inverse lesson. */
        HIPPARCHUS("Hipparchus", "a Java mathematics library. Here it fits parameters the classical way: it solves"
                + " the equation accurately (DP853) and adjusts the parameters by Levenberg-Marquardt until the"
                + " solution matches the measurements."),
        /** How far off an estimate may be. */
        STANDARD_ERROR("standard error", "how far an estimate may be off because of the noise: the true value"
                + " usually lies within two standard errors of it."),
        /** The weight penalty. */
        L2_PENALTY("L2 penalty", "a loss term c sum w^2 over the network's weights: it pulls every weight towards 0,"
                + " so the network prefers smooth curves unless the data insist."),
        /** Dropping units in training. */
        DROPOUT("dropout", "at each training step every hidden unit is switched off with a given probability (the"
                + " kept ones scaled up to make up for it), so no unit can rely on another; off when the network is"
                + " used."),
        /** Stopping before the end. */
        EARLY_STOPPING("early stopping", "ending training where the error on measurements held out of training is"
                + " lowest, before the network starts to fit the noise."),
        /** Settings chosen before training. */
        HYPERPARAMETER("hyperparameter", "a setting chosen before training rather than learned by it, such as the"
                + " learning rate or the number of collocation points."),
        /** The four searches of the tuning lesson. */
        SEARCHES("grid, random and Bayesian search, Hyperband", "four ways to choose hyperparameters. A grid tries"
                + " every combination of a few values; random search draws them; Bayesian optimization fits a model"
                + " of the error to the results so far and tries where it expects an improvement; Hyperband starts"
                + " many settings with a small part of the iterations and gives more only to the best.");

        private final String label;
        private final String definition;

        Term(String label, String definition) {
            this.label = label;
            this.definition = definition;
        }
    }

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
    /** The problems trained, at their true parameter values, in the order trained. */
    private final List<OdeProblem> problems = new ArrayList<>();
    /** The fitted parameters' starting guesses, by name. */
    private final Map<String, Double> guesses = new LinkedHashMap<>();
    private final Set<Term> glossary = EnumSet.noneOf(Term.class);
    private final List<String> questions = new ArrayList<>();
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
        problems.add(reference);
        for (FittedParameter fitted : problem.fitted()) {
            guesses.putIfAbsent(fitted.name(), problem.parameters().get(fitted.name()));
        }
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
     * Adds terms to the lesson's glossary, printed in the order of {@link Term}.
     *
     * @param terms the terms the lesson's text, figures or questions use
     */
    public void glossary(Term... terms) {
        glossary.addAll(List.of(terms));
    }

    /**
     * Adds a discussion question, printed with its answer after the glossary.
     *
     * @param question the question, in Markdown
     * @param answer its answer, in Markdown, consistent with the numbers measured
     */
    public void question(String question, String answer) {
        questions.add(String.format("**Q%d. %s**\n\n*Answer.* %s\n", questions.size() + 1, question.strip(),
                answer.strip()));
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
        Folders.writeFile(folder.resolve(file), out -> ImageIO.write(grid(charts), "png", out));
        figures.add(file);
    }

    /**
     * The charts in rows of two at most, a last odd one centred: three or four charts side by side would make a
     * strip three or four times as wide as high, its text too small once a projector fits it to 16:9.
     */
    private static BufferedImage grid(List<? extends Chart<?, ?>> charts) {
        List<BufferedImage> images = charts.stream().map(c -> BitmapEncoder.getBufferedImage(c)).toList();
        int columns = Math.min(2, images.size());
        int rows = (images.size() + columns - 1) / columns;
        int width = images.stream().mapToInt(BufferedImage::getWidth).max().orElseThrow();
        int height = images.stream().mapToInt(BufferedImage::getHeight).max().orElseThrow();
        BufferedImage canvas = new BufferedImage(columns * width, rows * height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = canvas.createGraphics();
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
        for (int i = 0; i < images.size(); i++) {
            int row = i / columns;
            boolean alone = row == rows - 1 && images.size() % columns == 1 && columns > 1;
            int x = alone ? (canvas.getWidth() - width) / 2 : (i % columns) * width;
            graphics.drawImage(images.get(i), x, row * height, null);
        }
        graphics.dispose();
        return canvas;
    }

    void finish() throws IOException {
        results.put("lesson", lesson.name());
        results.put("figures", figures);
        Folders.writeFile(folder.resolve("results.json"),
                // Keys sorted: lessons record Map.of(...) values, whose order changes from one JVM to the next.
                out -> new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).writeValue(out, results));
        StringBuilder markdown = new StringBuilder("# " + lesson.title() + "\n\n");
        if (!problems.isEmpty()) {
            markdown.append(problemSection()).append("\n## The experiment\n\n");
        }
        markdown.append(text.strip()).append("\n");
        for (String figure : figures) {
            markdown.append("\n![").append(figure).append("](").append(figure).append(")\n");
        }
        markdown.append("\nRun again with `./pinn lesson ").append(lesson.name())
                .append("`: the seeds are fixed, so the figures and numbers come out the same on this machine.\n");
        if (!glossary.isEmpty()) {
            markdown.append("\n## Glossary\n\n");
            glossary.forEach(term -> markdown.append("- **").append(term.label).append("**: ")
                    .append(term.definition).append('\n'));
        }
        if (!questions.isEmpty()) {
            markdown.append("\n## Questions\n");
            questions.forEach(q -> markdown.append('\n').append(q));
        }
        Folders.writeFile(folder.resolve("lesson.md"),
                out -> out.write(markdown.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The problems trained, stated from the problems themselves so that the text cannot drift from what ran: their
     * equations, conditions and domains, and each parameter's values (several when runs differ, the truth and the
     * starting guess when it is learned).
     */
    private String problemSection() {
        StringBuilder section = new StringBuilder("## Problem\n\n");
        section.append(distinct(OdeProblem::name)).append(": ").append(distinct(OdeProblem::equationText))
                .append(" on ").append(distinct(p -> "[" + Expr.format(p.domain().t0()) + ", "
                        + Expr.format(p.domain().t1()) + "]"))
                .append(", with ").append(distinct(p -> p.conditions().stream().map(Condition::label)
                        .collect(Collectors.joining(" and ")))).append(".\n\nParameters: ");
        Map<String, Set<String>> values = new LinkedHashMap<>();
        for (OdeProblem problem : problems) {
            problem.parameters().forEach((name, value) -> values.computeIfAbsent(name, n -> new LinkedHashSet<>())
                    .add(Expr.format(value)));
        }
        List<String> parameters = new ArrayList<>();
        values.forEach((name, v) -> parameters.add(name + " = " + orList(v)
                + (v.size() > 1 ? " (by run)" : "")
                + (guesses.containsKey(name) ? " (learned from the measurements, starting from "
                + Expr.format(guesses.get(name)) + ")" : "")));
        return section.append(String.join(", ", parameters)).append(".\n").toString();
    }

    /** The different values of one property over the problems trained, in order. */
    private String distinct(Function<OdeProblem, String> property) {
        return orList(problems.stream().map(property).collect(Collectors.toCollection(LinkedHashSet::new)));
    }

    private static String orList(Set<String> values) {
        List<String> list = List.copyOf(values);
        return list.size() == 1 ? list.get(0)
                : String.join(", ", list.subList(0, list.size() - 1)) + " or " + list.get(list.size() - 1);
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

package pinn4j.app.lessons;

import static pinn4j.app.lessons.LessonKit.PALETTE;
import static pinn4j.app.lessons.LessonKit.e;

import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.DoublePredicate;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import pinn4j.app.batch.BatchSpec;
import pinn4j.app.batch.RunSpec;
import pinn4j.app.lessons.LessonKit.Term;
import pinn4j.plots.comparator.ClassicalFit;
import pinn4j.plots.comparator.ErrorTrace;
import pinn4j.plots.comparator.Reference;
import pinn4j.problems.BuiltinProblems;
import pinn4j.problems.DampedHarmonicOscillator;
import pinn4j.problems.Expr;
import pinn4j.problems.FittedParameter;
import pinn4j.problems.Observations;
import pinn4j.problems.OdeProblem;
import pinn4j.solver.Activation;
import pinn4j.solver.Collocation;
import pinn4j.solver.LossWeights;
import pinn4j.solver.Regularization;
import pinn4j.solver.TrainingConfig;
import pinn4j.solver.optim.FirstOrderOptimizer;
import pinn4j.solver.optim.FirstOrderStage;
import pinn4j.solver.optim.LbfgsStage;
import pinn4j.solver.settings.TrainingSettings;

/**
 * The classroom lessons. Each trains the damped oscillator {@code x'' = -(mu/m) x' - (k/m) x} (m = 1, mu = 4,
 * k = 400, x(0) = 1, x'(0) = 0 on [0, 1] unless it says otherwise) a few ways, with seed 1, and in a few minutes at
 * most on a 2-core laptop.
 */
public final class Lessons {

    private static final List<Lesson> ALL = List.of(
            new Lesson("data-vs-physics", "Data alone against data plus physics", Lessons::dataVersusPhysics),
            new Lesson("data-vs-physics-noisy", "Noisy data alone against noisy data plus physics",
                    Lessons::dataVersusPhysicsNoisy),
            new Lesson("activations", "Why derivatives need smooth activations", Lessons::activations),
            new Lesson("optimizers", "What L-BFGS does after Adam", Lessons::optimizers),
            new Lesson("collocation", "How many collocation points are enough", Lessons::collocation),
            new Lesson("loss-weights", "Balancing the condition and physics losses", Lessons::lossWeights),
            new Lesson("regimes", "Under-, critically and over-damped oscillators", Lessons::regimes),
            new Lesson("inverse", "The damping learned from noisy measurements", Lessons::inverse),
            new Lesson("regularization", "L2, dropout and early stopping: when they help and when they hurt",
                    Lessons::regularization),
            new Lesson("tuning", "Grid, random, Bayesian and Hyperband search on the same budget", Lessons::tuning));

    private Lessons() {
    }

    /**
     * Every lesson, in the order of the course.
     *
     * @return the lessons
     */
    public static List<Lesson> all() {
        return ALL;
    }

    /**
     * The lesson of the given name.
     *
     * @param name e.g. {@code activations}
     * @return the lesson, or empty when there is none of that name
     */
    public static Optional<Lesson> find(String name) {
        return ALL.stream().filter(l -> l.name().equals(name)).findFirst();
    }

    private static OdeProblem oscillator() {
        return BuiltinProblems.find("damped-oscillator").orElseThrow().create();
    }

    private static TrainingConfig.Builder defaults() {
        return TrainingConfig.builder().optSeed(1);
    }

    private static double[] exactOn(OdeProblem problem, double[] t) {
        Expr exact = problem.exactSolutions().get(problem.unknowns().get(0));
        return Arrays.stream(t).map(exact::valueAt).toArray();
    }

    /** A chart with the exact solution and each outcome's curve. */
    /** Markers for lines that lie on each other, one shape per line. */
    private static final org.knowm.xchart.style.markers.Marker[] STAGGERED_MARKERS = {SeriesMarkers.CIRCLE,
        SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN,
        SeriesMarkers.CROSS};

    /** Dash patterns that stay apart where curves lie on each other: each run's own, the exact curve solid. */
    private static final float[][] DASHES = {{14, 7}, {5, 5}, {18, 5, 4, 5}, {2, 6}, {10, 4, 2, 4, 2, 4}, {24, 8}};

    /** A chart with the exact solution and each outcome's curve, each in a colour and dash pattern of its own. */
    private static XYChart solutions(String title, OdeProblem problem, List<LessonKit.Outcome> outcomes) {
        XYChart chart = LessonKit.chart(withValues(title, problem), problem.variable(), problem.unknowns().get(0));
        chart.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Vertical);
        double[] t = outcomes.get(0).t();
        LessonKit.line(chart, "exact", t, exactOn(problem, t), Color.BLACK, null);
        for (int i = 0; i < outcomes.size(); i++) {
            LessonKit.Outcome o = outcomes.get(i);
            LessonKit.line(chart, o.label() + " (error " + e(o.error()) + ")", t, o.values(), PALETTE[i % PALETTE.length],
                    DASHES[i % DASHES.length]);
        }
        return chart;
    }

    /** A chart title with the values of the parameters the problem's equations use: a projected figure says them. */
    private static String withValues(String title, OdeProblem problem) {
        String values = pinn4j.plots.charts.Charts.parameterValues(problem);
        return values.isEmpty() ? title : title + "  (" + values + ")";
    }

    /**
     * Each outcome's distance from the exact solution, |x - x_exact|, on a log axis: where accurate runs lie on the
     * exact curve and on each other in {@link #solutions}, this tells them apart.
     */
    private static XYChart distances(String title, OdeProblem problem, List<LessonKit.Outcome> outcomes) {
        XYChart chart = LessonKit.chart(withValues(title, problem), problem.variable(),
                "|" + problem.unknowns().get(0) + " - exact|");
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisDecimalPattern("0.#E0");
        chart.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Vertical);
        double[] t = outcomes.get(0).t();
        double[] exact = exactOn(problem, t);
        for (int i = 0; i < outcomes.size(); i++) {
            double[] values = outcomes.get(i).values();
            // Floored at 1e-8, below any error these lessons reach: a log axis cannot show the exact zeros where a
            // curve crosses the exact one, and their dips would stretch it over decades that say nothing.
            double[] distance = java.util.stream.IntStream.range(0, t.length)
                    .mapToDouble(k -> Math.max(Math.abs(values[k] - exact[k]), 1e-8)).toArray();
            LessonKit.line(chart, outcomes.get(i).label(), t, distance, PALETTE[i % PALETTE.length],
                    DASHES[i % DASHES.length]).setLineStyle(new java.awt.BasicStroke(2.5f,
                    java.awt.BasicStroke.CAP_ROUND, java.awt.BasicStroke.JOIN_ROUND, 10, DASHES[i % DASHES.length], 0));
        }
        pinn4j.plots.charts.Charts.wholeDecades(chart);
        return chart;
    }

    private static String table(List<LessonKit.Outcome> outcomes, String what) {
        StringBuilder table = new StringBuilder("| " + what + " | relative L2 error | training time |\n| --- | --- | --- |\n");
        for (LessonKit.Outcome o : outcomes) {
            table.append(String.format("| %s | %s | %.1f s |%n", o.label(), e(o.error()), o.seconds()));
        }
        return table.toString();
    }

    private static void recordAll(LessonKit kit, List<LessonKit.Outcome> outcomes) {
        for (LessonKit.Outcome o : outcomes) {
            kit.record(o.label(), Map.of("relativeL2Error", o.error(), "trainingSeconds", o.seconds()));
        }
    }

    /** The data-vs-physics lessons measure the first 0.35 s of the motion. */
    private static final double SEEN = 0.35;

    /** The times of the data-vs-physics lessons' 10 measurements. */
    private static double[] measurementTimes() {
        double[] t = new double[10];
        for (int i = 0; i < t.length; i++) {
            t[i] = SEEN * i / (t.length - 1);
        }
        return t;
    }

    /** A network fitted to the measurements alone, and a PINN fitted to them and the equation. */
    private static List<LessonKit.Outcome> dataOnlyAndPinn(LessonKit kit, OdeProblem problem, Observations observed) {
        return List.of(kit.train("data only", problem, defaults().optWeights(new LossWeights(0, 0, 1)).build(),
                        List.of(observed)),
                kit.train("data + physics (PINN)", problem, defaults().optWeights(new LossWeights(1, 1, 1)).build(),
                        List.of(observed)));
    }

    /** The data-vs-physics lessons' figure: the two networks, the exact solution and the measurements. */
    private static void measurementsFigure(LessonKit kit, String file, String title, OdeProblem problem,
                                           List<LessonKit.Outcome> outcomes, Observations observed) throws IOException {
        XYChart chart = solutions(title, problem, outcomes);
        LessonKit.points(chart, "measurements (t <= " + SEEN + ")", observed.t(), observed.values(), Color.MAGENTA);
        kit.figure(file, List.of(chart));
    }

    static void dataVersusPhysics(LessonKit kit) throws IOException {
        OdeProblem problem = oscillator();
        double seen = SEEN;
        double[] tObserved = measurementTimes();
        Observations observed = new Observations("x", tObserved, exactOn(problem, tObserved));
        List<LessonKit.Outcome> outcomes = dataOnlyAndPinn(kit, problem, observed);
        LessonKit.Outcome dataOnly = outcomes.get(0);
        LessonKit.Outcome pinn = outcomes.get(1);
        double[] later = errorsWhere(problem, t -> t > seen, dataOnly, pinn);
        measurementsFigure(kit, "data-vs-physics.png", "10 measurements of the early motion, with and without the"
                + " equation", problem, outcomes, observed);
        kit.record("data only", Map.of("relativeL2Error", dataOnly.error(), "afterMeasurementsError", later[0]));
        kit.record("data + physics (PINN)", Map.of("relativeL2Error", pinn.error(), "afterMeasurementsError", later[1]));
        kit.explain(String.format("""
                **What was run.** Two networks of the same shape learn the damped oscillator from the same 10
                measurements of its first %.2f seconds. The first sees only the measurements (its loss is their
                squared misfit). The second also sees the equation x'' = -(mu/m) x' - (k/m) x at 200 collocation
                points over the whole interval [0, 1], and the initial conditions.

                **What to look at.** Left of t = %.2f both curves pass through the measurements. To the right there
                is no data: the first network just continues some smooth curve, the second keeps oscillating.

                **What it shows.** After the measurements the data-only network is off by a relative error of %s;
                the PINN by %s. Over the whole interval: %s against %s. The physics loss lets the network
                extrapolate, because the equation holds where no measurement was taken.
                """, seen, seen, e(later[0]), e(later[1]), e(dataOnly.error()), e(pinn.error())));
        kit.glossary(Term.RELATIVE_L2_ERROR, Term.RESIDUAL, Term.LOSSES, Term.DATA_LOSS, Term.COLLOCATION_POINTS,
                Term.EXTRAPOLATION, Term.ADAM, Term.LBFGS, Term.SEED);
        kit.question(String.format("Both networks pass through the measurements. Why do they differ after t = %.2f?",
                seen), String.format("Nothing in the data-only loss speaks of t > %.2f: any smooth continuation fits"
                + " the measurements equally well, and the one it found is off by %s there. The PINN's loss also"
                + " asks the equation to hold at collocation points up to t = 1, and that fixes the continuation: it"
                + " is off by %s.", seen, e(later[0]), e(later[1])));
        kit.question(String.format("Would more measurements in the first %.2f s fix the data-only network?", seen),
                String.format("No. They describe the same %.2f s again. Only measurements after it, or the equation,"
                + " tell the network what happens later.", seen));
        kit.question("What would the PINN do with no measurements at all?", "Here it needs none: the equation with"
                + " x(0) and x'(0) determines the motion, and the other lessons train it that way. Measurements"
                + " matter when something is unknown, as in the inverse lesson.");
    }

    static void dataVersusPhysicsNoisy(LessonKit kit) throws IOException {
        OdeProblem problem = oscillator();
        double[] tObserved = measurementTimes();
        double[] exact = exactOn(problem, tObserved);
        // 5% of the amplitude x(0); seed 1, as for the networks, so the class sees the same draw every time.
        double deviation = 0.05 * Math.abs(problem.parameters().get("x0"));
        SplittableRandom random = new SplittableRandom(1);
        double[] noisy = Arrays.stream(exact).map(x -> x + deviation * random.nextGaussian()).toArray();
        Observations observed = new Observations("x", tObserved, noisy);
        List<LessonKit.Outcome> outcomes = dataOnlyAndPinn(kit, problem, observed);
        LessonKit.Outcome dataOnly = outcomes.get(0);
        LessonKit.Outcome pinn = outcomes.get(1);
        double[] inside = errorsWhere(problem, t -> t <= SEEN, dataOnly, pinn);
        double[] after = errorsWhere(problem, t -> t > SEEN, dataOnly, pinn);
        double noise = rms(exact, noisy);
        double[] misses = {rms(at(dataOnly, tObserved), noisy), rms(at(pinn, tObserved), noisy)};
        measurementsFigure(kit, "data-vs-physics-noisy.png", "10 noisy measurements (noise 5% of x(0)), with and"
                + " without the equation", problem, outcomes, observed);
        kit.record("noise", Map.of("standardDeviation", deviation, "rmsOfTheDrawnNoise", noise));
        for (int i = 0; i < outcomes.size(); i++) {
            kit.record(outcomes.get(i).label(), Map.of("relativeL2Error", outcomes.get(i).error(),
                    "measuredIntervalError", inside[i], "afterMeasurementsError", after[i],
                    "rmsMissOfTheMeasurements", misses[i]));
        }
        kit.explain(String.format(Locale.ROOT, """
                **What was run.** The data-vs-physics lesson again, with noisy measurements: the same 10 times in
                the first %.2f s, each value plus Gaussian noise of standard deviation %s, 5%% of the amplitude
                x(0) (seed 1; the errors drawn have an RMS of %s). Again one network sees only the measurements,
                the other also the equation at the collocation points and the initial conditions.

                **What to look at.** Left of t = %.2f the data-only curve bends to meet the noisy points; the PINN
                passes between them. Right of it, as without noise, only the PINN keeps oscillating.

                **What it shows.** The data-only network misses the measurements by %s (RMS), less than the noise
                itself (%s): it has learned the noise. Where it has data it is off the true motion by %s, after the
                data by %s. The PINN misses the measurements by %s, about the noise: the equation does not let it
                follow them. It is off the true motion by %s where there is data and %s after. Over [0, 1]: %s
                against %s.
                """, SEEN, e(deviation), e(noise), SEEN, e(misses[0]), e(noise), e(inside[0]), e(after[0]),
                e(misses[1]), e(inside[1]), e(after[1]), e(dataOnly.error()), e(pinn.error())));
        kit.glossary(Term.RELATIVE_L2_ERROR, Term.RESIDUAL, Term.LOSSES, Term.DATA_LOSS, Term.COLLOCATION_POINTS,
                Term.GAUSSIAN_NOISE, Term.OVERFITTING, Term.EXTRAPOLATION, Term.ADAM, Term.LBFGS, Term.SEED);
        kit.question("Why does the data-only network pass so close to the noisy points?", String.format("Its loss"
                + " is only L_data, and it has enough weights to bend through 10 points, so the smallest loss is"
                + " to meet each one, noise and all: it misses them by %s, less than the noise's %s.",
                e(misses[0]), e(noise)));
        kit.question("The PINN misses the measurements by about the noise. Is that a bad fit?", String.format("No."
                + " The measurements are off the true motion by %s (RMS), so a curve close to the true motion must"
                + " miss them by about as much; the PINN misses them by %s. Where there is data its relative error"
                + " is %s, the data-only network's %s.", e(noise), e(misses[1]), e(inside[1]), e(inside[0])));
        kit.question("The equation with x(0) and x'(0) alone determines the motion. Why is the PINN still off, by"
                + String.format(" %s?", e(pinn.error())), "Its loss also has L_data, and the noisy points pull the"
                + " curve towards them. Training settles on a compromise between the measurements, the equation and"
                + " the initial conditions, so some of the noise gets into the curve.");
        kit.question("Which network would you trust to predict t = 0.8?", String.format("The PINN: after the"
                + " measurements it is off by %s, the data-only network by %s. Noise or not, data alone says nothing"
                + " about what happens after the last measurement.", e(after[1]), e(after[0])));
    }

    /** The RMS difference between two sets of values at the same times. */
    private static double rms(double[] values, double[] others) {
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            sum += Math.pow(values[i] - others[i], 2);
        }
        return Math.sqrt(sum / values.length);
    }

    /**
     * An outcome's curve at the given times, interpolated linearly between its 401 points: they are far closer
     * together than the motion's wiggles, so the interpolation's own error is far below the noise it is compared with.
     */
    private static double[] at(LessonKit.Outcome outcome, double[] times) {
        double[] grid = outcome.t();
        double[] curve = outcome.values();
        return Arrays.stream(times).map(time -> {
            int found = Arrays.binarySearch(grid, time);
            int i = Math.max(0, Math.min(grid.length - 2, found >= 0 ? found : -found - 2));
            return curve[i] + (time - grid[i]) / (grid[i + 1] - grid[i]) * (curve[i + 1] - curve[i]);
        }).toArray();
    }

    /** Relative L2 errors of the outcomes on the points whose time passes {@code where}. */
    private static double[] errorsWhere(OdeProblem problem, DoublePredicate where, LessonKit.Outcome... outcomes) {
        double[] errors = new double[outcomes.length];
        for (int k = 0; k < outcomes.length; k++) {
            double[] t = outcomes[k].t();
            double[] exact = exactOn(problem, t);
            double num = 0;
            double den = 0;
            for (int i = 0; i < t.length; i++) {
                if (where.test(t[i])) {
                    num += Math.pow(outcomes[k].values()[i] - exact[i], 2);
                    den += exact[i] * exact[i];
                }
            }
            errors[k] = Math.sqrt(num / den);
        }
        return errors;
    }

    static void activations(LessonKit kit) throws IOException {
        OdeProblem problem = oscillator();
        List<LessonKit.Outcome> outcomes = new ArrayList<>();
        for (Activation activation : List.of(Activation.TANH, Activation.SIN, Activation.SILU, Activation.RELU)) {
            outcomes.add(kit.train(activation.id(), problem, defaults().optActivation(activation).build(), List.of()));
        }
        kit.figure("activations.png", List.of(solutions("The same network with four activations", problem, outcomes),
                distances("Distance from the exact solution", problem, outcomes)));
        recordAll(kit, outcomes);
        kit.explain(String.format("""
                **What was run.** The oscillator, four times, changing only the activation of the hidden layers:
                tanh, sin, SiLU (x times sigmoid x) and ReLU (max(0, x)).

                **What to look at.** The three smooth activations follow the exact curve, on top of each other;
                ReLU does not. Right, each one's distance from the exact curve on a log scale tells them apart.

                %s
                **What it shows.** The residual needs x'', the second derivative of the network. A ReLU network is
                made of straight pieces: its second derivative is zero almost everywhere, so the loss cannot see x''
                and the equation it minimises is really -(mu/m) x' - (k/m) x = 0, which the true motion does not
                satisfy. Smooth activations have second (and higher) derivatives that carry information.
                """, table(outcomes, "activation")));
        kit.glossary(Term.RELATIVE_L2_ERROR, Term.RESIDUAL, Term.LOSSES, Term.COLLOCATION_POINTS, Term.ACTIVATION,
                Term.TRIVIAL_SOLUTION, Term.ADAM, Term.LBFGS, Term.SEED);
        kit.question("What is the second derivative of a ReLU network, and what does that do to the residual?",
                String.format("It is 0 almost everywhere, since the network is made of straight pieces. The residual"
                + " then lacks x'', so training solves another equation, one the true motion does not satisfy. The"
                + " ReLU network ends with error %s, near the trivial solution.", e(outcomes.get(3).error())));
        kit.question("tanh, sin and SiLU all work here. Which is best?", String.format("This run cannot say: their"
                + " errors (%s, %s and %s) come from one seed and one problem. What it does show is that any of the"
                + " smooth ones is far better than ReLU (%s).", e(outcomes.get(0).error()),
                e(outcomes.get(1).error()), e(outcomes.get(2).error()), e(outcomes.get(3).error())));
        kit.question("Is ReLU then a bad activation for every network?", "No. Fitting values needs no second"
                + " derivative, and ReLU networks fit values well. The trouble here comes from the derivatives in the"
                + " residual.");
    }

    static void optimizers(LessonKit kit) throws IOException {
        OdeProblem problem = oscillator();
        List<LessonKit.Outcome> outcomes = List.of(
                kit.train("Adam only", problem, defaults().optStages(
                        FirstOrderStage.of(FirstOrderOptimizer.ADAM, 3000)).build(), List.of()),
                kit.train("L-BFGS only", problem, defaults().optStages(LbfgsStage.of(2500)).build(), List.of()),
                kit.train("Adam then L-BFGS", problem, defaults().build(), List.of()),
                kit.train("SGD with momentum", problem, defaults().optStages(
                        FirstOrderStage.of(FirstOrderOptimizer.SGD_MOMENTUM, 3000).withLearningRate(1e-4)).build(),
                        List.of()),
                kit.train("RMSprop", problem, defaults().optStages(
                        FirstOrderStage.of(FirstOrderOptimizer.RMSPROP, 3000)).build(), List.of()));
        XYChart byTime = LessonKit.chart("Error against training time", "seconds", "relative L2 error");
        XYChart byIteration = LessonKit.chart("Error against iterations", "iteration", "relative L2 error");
        for (XYChart chart : List.of(byTime, byIteration)) {
            chart.getStyler().setYAxisLogarithmic(true);
            chart.getStyler().setYAxisDecimalPattern("0.#E0");
        }
        for (int i = 0; i < outcomes.size(); i++) {
            List<ErrorTrace.Point> trace = outcomes.get(i).trace();
            double[] errors = trace.stream().mapToDouble(ErrorTrace.Point::error).toArray();
            Color colour = PALETTE[i % PALETTE.length];
            float[] dashes = i == 0 ? null : DASHES[(i - 1) % DASHES.length];
            double[] seconds = trace.stream().mapToDouble(ErrorTrace.Point::seconds).toArray();
            double[] steps = trace.stream().mapToDouble(ErrorTrace.Point::step).toArray();
            boolean stuck = outcomes.get(i).error() > 0.5;
            for (XYChart chart : List.of(byTime, byIteration)) {
                double[] x = chart == byTime ? seconds : steps;
                if (stuck) {
                    // The runs stuck at the trivial solution lie on each other near 1: each is drawn through every
                    // 15th point, with a marker of its own, staggered, so that all of them stay visible.
                    int offset = (5 * i) % 15;
                    int[] kept = java.util.stream.IntStream.range(0, x.length)
                            .filter(k -> k % 15 == offset || k == x.length - 1).toArray();
                    XYSeries series = LessonKit.line(chart, outcomes.get(i).label(),
                            Arrays.stream(kept).mapToDouble(k -> x[k]).toArray(),
                            Arrays.stream(kept).mapToDouble(k -> errors[k]).toArray(), colour, dashes);
                    series.setMarker(STAGGERED_MARKERS[i % STAGGERED_MARKERS.length]);
                    series.setMarkerColor(colour);
                } else {
                    LessonKit.line(chart, outcomes.get(i).label(), x, errors, colour, dashes);
                }
            }
        }
        kit.figure("optimizers.png", List.of(byTime, byIteration));
        recordAll(kit, outcomes);
        kit.explain(String.format("""
                **What was run.** The same network and seed, trained five ways: Adam alone for 3000 iterations,
                L-BFGS alone, 300 Adam iterations then L-BFGS (pinn4j's default), SGD with momentum and RMSprop
                (3000 iterations each).

                **What to look at.** The error on a log scale, against seconds (left) and iterations (right). The
                three first-order runs lie on each other near 1; their markers tell them apart.

                %s
                **What it shows.** The first-order methods alone (Adam %s, SGD with momentum %s, RMSprop %s after
                3000 iterations) take small steps from the gradient alone and are still near the trivial solution
                x = 0 when their budget ends. L-BFGS builds a picture of the curvature from its last steps and takes
                far better ones: alone it reaches %s, and after a short Adam phase, which gives it a better place to
                start, %s.

                **What it does not show.** That Adam fails in general. It fails here, on this problem, with this
                budget (3000 iterations) and this learning rate (1e-3). With more iterations or another learning
                rate it can get much further; this lesson did not measure how far.
                """, table(outcomes, "optimizer"), e(outcomes.get(0).error()), e(outcomes.get(3).error()),
                e(outcomes.get(4).error()), e(outcomes.get(1).error()), e(outcomes.get(2).error())));
        kit.glossary(Term.RELATIVE_L2_ERROR, Term.RESIDUAL, Term.LOSSES, Term.COLLOCATION_POINTS, Term.ADAM,
                Term.LEARNING_RATE, Term.LBFGS, Term.SGD_AND_RMSPROP, Term.TRIVIAL_SOLUTION, Term.SEED);
        kit.question("Is Adam a bad optimizer?", String.format("No. Here, after 3000 iterations at learning rate"
                + " 1e-3, it is still near x = 0 (error %s): that budget and learning rate are too small for this"
                + " problem. Adam trains most neural networks, and given more iterations or another learning rate"
                + " it can go much further. Try `./pinn run damped-oscillator --stages adam:20000` or `--lr`.",
                e(outcomes.get(0).error())));
        kit.question("Why does L-BFGS do better after 300 Adam steps than alone?", String.format("Both start from"
                + " the same weights (same seed). The Adam steps move them to a place where L-BFGS's picture of the"
                + " curvature serves it better: %s after Adam, %s alone.", e(outcomes.get(2).error()),
                e(outcomes.get(1).error())));
        kit.question("Why draw the error against seconds as well as against iterations?", String.format(Locale.ROOT,
                "Iterations of different optimizers cost different amounts: here an Adam iteration took %.2f ms on"
                + " average, an L-BFGS iteration (L-BFGS alone) %.2f ms. What a user waits for is seconds.",
                msPerIteration(outcomes.get(0)), msPerIteration(outcomes.get(1))));
    }

    private static double msPerIteration(LessonKit.Outcome outcome) {
        return 1000 * outcome.seconds() / outcome.iterations();
    }

    static void collocation(LessonKit kit) throws IOException {
        OdeProblem problem = oscillator();
        List<LessonKit.Outcome> outcomes = new ArrayList<>();
        for (int points : new int[] {5, 10, 30, 100, 300}) {
            outcomes.add(kit.train(points + " points", problem,
                    defaults().optCollocation(Collocation.grid(points)).build(), List.of()));
        }
        XYChart errors = LessonKit.chart("Error against collocation points", "collocation points",
                "relative L2 error");
        errors.getStyler().setYAxisLogarithmic(true);
        errors.getStyler().setXAxisLogarithmic(true);
        errors.getStyler().setYAxisDecimalPattern("0.#E0");
        LessonKit.line(errors, "relative L2 error", new double[] {5, 10, 30, 100, 300},
                outcomes.stream().mapToDouble(LessonKit.Outcome::error).toArray(), PALETTE[0], null)
                .setMarker(SeriesMarkers.CIRCLE);
        kit.figure("collocation.png", List.of(errors, solutions("The fits", problem, outcomes),
                distances("Distance from the exact solution", problem, outcomes)));
        recordAll(kit, outcomes);
        kit.explain(String.format("""
                **What was run.** The oscillator with the residual enforced at 5, 10, 30, 100 and 300 evenly spaced
                points of [0, 1]; everything else the same.

                **What to look at.** Top left, the error against the number of points; top right, the fits, where
                the accurate ones lie on the exact curve and on each other; below, each fit's distance from the exact
                curve on a log scale, which tells them apart.

                %s
                **What it shows.** Between collocation points the equation is not enforced at all. With 5 points
                (error %s) or 10 (%s) over three oscillations the network satisfies the equation where it is asked
                to and does as it pleases in between. With 30 points this seed reaches %s, with 100 %s and with 300
                %s: the points must be dense compared with the solution's wiggles, several per half period. More
                points cost time per iteration, but not much at this size.
                """, table(outcomes, "collocation"), e(outcomes.get(0).error()), e(outcomes.get(1).error()),
                e(outcomes.get(2).error()), e(outcomes.get(3).error()), e(outcomes.get(4).error())));
        kit.glossary(Term.RELATIVE_L2_ERROR, Term.RESIDUAL, Term.LOSSES, Term.COLLOCATION_POINTS, Term.ADAM,
                Term.LBFGS, Term.SEED);
        Map<String, Double> p = problem.parameters();
        double gamma = p.get("mu") / (2 * p.get("m"));
        double oscillations = problem.domain().length() * Math.sqrt(p.get("k") / p.get("m") - gamma * gamma)
                / (2 * Math.PI);
        kit.question("How many collocation points per oscillation did the 10- and 30-point runs have?",
                String.format(Locale.ROOT, "The motion oscillates at sqrt(k/m - (mu/2m)^2) radians per second, so"
                + " [0, 1] holds %.1f oscillations: 10 points give about %.0f per oscillation (error %s), 30 points"
                + " about %.0f (error %s).", oscillations, 10 / oscillations, e(outcomes.get(1).error()),
                30 / oscillations, e(outcomes.get(2).error())));
        kit.question("Why not always take thousands of points?", String.format(Locale.ROOT, "Every iteration"
                + " computes the residual and its gradient at every point, so each costs more with more points."
                + " Here 300 points trained in %.1f s, 30 in %.1f s.", outcomes.get(4).seconds(),
                outcomes.get(2).seconds()));
    }

    static void lossWeights(LessonKit kit) throws IOException {
        OdeProblem problem = oscillator();
        List<LessonKit.Outcome> outcomes = List.of(
                kit.train("w_cc = 1, w_phys = 1 (default)", problem, defaults().build(), List.of()),
                kit.train("w_cc = 100, w_phys = 1", problem, defaults().optWeights(new LossWeights(100, 1)).build(),
                        List.of()),
                kit.train("w_cc = 1, w_phys = 100", problem, defaults().optWeights(new LossWeights(1, 100)).build(),
                        List.of()),
                kit.train("unscaled residual (badly balanced)", problem, defaults().optScaleResiduals(false).build(),
                        List.of()));
        kit.figure("loss-weights.png", List.of(solutions("Four balances of L_cc and L_phys", problem, outcomes),
                distances("Distance from the exact solution", problem, outcomes)));
        recordAll(kit, outcomes);
        kit.explain(String.format("""
                **What was run.** L_total = w_cc L_cc + w_phys L_phys with different weights. By default pinn4j
                divides the physics weight by omega^n = 400 (here omega = sqrt(k/m) = 20, n = 2): the residual
                x'' + 4 x' + 400 x is hundreds of times larger than x itself. The last run leaves that out.

                **What to look at.** Left, the fits against the exact curve: the accurate ones lie on top of each
                other. Right, each fit's distance from the exact curve on a log scale, which tells them apart.

                %s
                **What it shows.** The balance matters. With the default balance the error is %s. Making the
                conditions 100 times heavier gives %s: the optimiser spends its effort on x(0) and x'(0), already
                nearly right, and less on the equation. Making the physics 100 times heavier gives %s, and leaving
                the residual unscaled (it then outweighs the initial conditions by 400^2) gives %s: the cheapest
                way to make such a loss small is x = 0, which satisfies the equation perfectly and misses only
                x(0) = 1, and training finds that trivial solution.
                """, table(outcomes, "weights"), e(outcomes.get(0).error()), e(outcomes.get(1).error()),
                e(outcomes.get(2).error()), e(outcomes.get(3).error())));
        kit.glossary(Term.RELATIVE_L2_ERROR, Term.RESIDUAL, Term.LOSSES, Term.COLLOCATION_POINTS,
                Term.TRIVIAL_SOLUTION, Term.ADAM, Term.LBFGS, Term.SEED);
        kit.question("Why does a heavy physics loss lead to x = 0?", String.format("x = 0 makes L_phys exactly 0"
                + " and costs only the miss of x(0) = 1 in L_cc. When L_phys weighs far more than L_cc, that trade"
                + " looks good to the optimizer: error %s with w_phys = 100.", e(outcomes.get(2).error())));
        kit.question("The conditions are what make the solution unique. Why did weighting them 100 times more make"
                + " it worse?", String.format("At the default balance they are already nearly met. More weight on"
                + " them takes the optimizer's effort from the equation, where the remaining error is: %s against"
                + " %s.", e(outcomes.get(1).error()), e(outcomes.get(0).error())));
        kit.question("Why does pinn4j scale the residual by default?", String.format("For a curve of size 1 the"
                + " residual x'' + 4 x' + 400 x is of size 400, so unscaled it outweighs the conditions' misses by"
                + " far and the trivial solution wins: %s unscaled, %s scaled.", e(outcomes.get(3).error()),
                e(outcomes.get(0).error())));
    }

    static void regimes(LessonKit kit) throws IOException {
        List<XYChart> charts = new ArrayList<>();
        List<LessonKit.Outcome> outcomes = new ArrayList<>();
        double[][] cases = {{4, 400}, {40, 400}, {100, 400}};
        String[] names = {"under-damped", "critically damped", "over-damped"};
        for (int i = 0; i < cases.length; i++) {
            OdeProblem problem = DampedHarmonicOscillator.of(1, cases[i][0], cases[i][1], 1, 0, 0, 1);
            LessonKit.Outcome outcome = kit.train(names[i] + " (mu = " + Expr.format(cases[i][0]) + ")", problem,
                    defaults().build(), List.of());
            outcomes.add(outcome);
            XYChart chart = solutions(names[i], problem, List.of(outcome));
            charts.add(chart);
        }
        kit.figure("regimes.png", charts);
        recordAll(kit, outcomes);
        kit.explain(String.format("""
                **What was run.** m x'' + mu x' + k x = 0 with k = 400 and three dampings: mu = 4 (under-damped:
                oscillates while it decays), mu = 40 = 2 sqrt(k m) (critically damped: the fastest return without
                overshoot) and mu = 100 (over-damped: creeps back). Each PINN is compared with the exact solution of
                its regime.

                %s
                **What it shows.** One method for all three: the network is never told which regime it is in; the
                equation alone decides whether the curve oscillates.
                """, table(outcomes, "regime")));
        kit.glossary(Term.RELATIVE_L2_ERROR, Term.RESIDUAL, Term.LOSSES, Term.COLLOCATION_POINTS,
                Term.DAMPING_REGIMES, Term.ADAM, Term.LBFGS, Term.SEED);
        kit.question("Which mu makes the oscillator critically damped when m = 1 and k = 400?", "gamma = omega0, that"
                + " is mu/(2m) = sqrt(k/m): mu = 2 sqrt(k m) = 40.");
        kit.question("Was the network told which regime it was in?", String.format("No. Same network, settings and"
                + " seed; only mu in the equation changed. The errors: %s, %s and %s.", e(outcomes.get(0).error()),
                e(outcomes.get(1).error()), e(outcomes.get(2).error())));
        double overDamped = outcomes.get(2).error();
        boolean smallest = outcomes.stream().allMatch(o -> o.error() >= overDamped);
        kit.question("Which regime would you expect to be easiest for a network?", "The over-damped one: a smooth"
                + " curve without oscillations. " + (smallest
                ? String.format("Here it has the smallest error, %s.", e(overDamped))
                : String.format("Here, though, it does not have the smallest error (%s): expectation is no"
                + " measurement.", e(overDamped))));
    }

    /** The noise levels of the inverse lesson, relative to the motion's RMS. */
    private static final double[] NOISE = {0, 0.01, 0.05, 0.1};

    /** One fitted parameter at one noise level: the network's estimate, Hipparchus' with its standard error. */
    private record Estimates(double truth, double pinn, double hipparchus, double standardError) {

        double pinnError() {
            return Math.abs(pinn - truth) / truth;
        }

        double hipparchusError() {
            return Math.abs(hipparchus - truth) / truth;
        }

        /** How far apart the two methods are, in Hipparchus' standard errors. */
        double apartInStandardErrors() {
            return Math.abs(pinn - hipparchus) / standardError;
        }

        /** The figures for results.json, in a fixed order. */
        Map<String, Object> results() {
            Map<String, Object> results = new LinkedHashMap<>();
            results.put("truth", truth);
            results.put("pinn", pinn);
            results.put("pinnRelativeError", pinnError());
            results.put("hipparchus", hipparchus);
            results.put("hipparchusStandardError", standardError);
            results.put("hipparchusRelativeError", hipparchusError());
            return results;
        }
    }

    static void inverse(LessonKit kit) throws IOException {
        OdeProblem truth = oscillator();
        List<String> fitted = List.of("mu", "k");
        // Both unknown, as in an experiment; fixing k at its true value would hand the fit the frequency.
        OdeProblem guessed = BuiltinProblems.find("damped-oscillator").orElseThrow()
                .create(Map.of("mu", 1.0, "k", 100.0))
                .withFitted(fitted.stream().map(FittedParameter::free).toList());
        double[] t = truth.domain().grid(40);
        Reference motion = Reference.solve(truth, t);
        List<LessonKit.Outcome> outcomes = new ArrayList<>();
        Map<String, List<Estimates>> estimates = new LinkedHashMap<>();
        for (double noise : NOISE) {
            // One seed at every level: the same draw scaled, so that only the noise's size changes.
            List<Observations> data = List.of(new Observations("x", t, motion.noisy(noise, 1)[0]));
            LessonKit.Outcome pinn = kit.train(percent(noise) + " noise", guessed, truth, defaults().build(), data);
            ClassicalFit classical = ClassicalFit.of(guessed, data);
            outcomes.add(pinn);
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("noise", noise);
            record.put("relativeL2Error", pinn.error());
            record.put("trainingSeconds", pinn.seconds());
            record.put("hipparchusConverged", classical.converged());
            for (String name : fitted) {
                Estimates e = new Estimates(truth.parameters().get(name), pinn.estimates().get(name),
                        classical.estimate(name).value(), classical.estimate(name).standardError());
                estimates.computeIfAbsent(name, n -> new ArrayList<>()).add(e);
                record.put(name, e.results());
            }
            kit.record(pinn.label(), record);
        }
        List<XYChart> charts = new ArrayList<>();
        for (String name : fitted) {
            charts.add(estimateChart(name, estimates.get(name)));
        }
        kit.figure("inverse.png", charts);
        kit.explain(inverseText(outcomes, estimates.get("mu"), estimates.get("k")));
        kit.glossary(Term.RELATIVE_L2_ERROR, Term.RESIDUAL, Term.LOSSES, Term.DATA_LOSS, Term.COLLOCATION_POINTS,
                Term.INVERSE_PROBLEM, Term.GAUSSIAN_NOISE, Term.HIPPARCHUS, Term.STANDARD_ERROR, Term.ADAM,
                Term.LBFGS, Term.SEED);
        int last = NOISE.length - 1;
        Estimates mu = estimates.get("mu").get(last);
        Estimates k = estimates.get("k").get(last);
        kit.question("Why is k found more closely than mu?", String.format("k sets the frequency, seen in every"
                + " oscillation; mu only the slow decay of the envelope. At %s noise the PINN has k %s off, mu %s"
                + " off.", percent(NOISE[last]), e(k.pinnError()), e(mu.pinnError())));
        Estimates exact = estimates.get("mu").get(0);
        kit.question("Without noise, why is Hipparchus' mu so much closer than the PINN's?", String.format("Hipparchus"
                + " solves the equation to its integrator's tolerance; the PINN only as closely as the trained network"
                + " satisfies it. Errors in mu: %s against %s.", e(exact.hipparchusError()), e(exact.pinnError())));
        kit.question("With noise, does the method matter?", String.format("Little. At %s noise the errors in mu are"
                + " %s (PINN) and %s (Hipparchus): the noise, not the method, sets them. Only Hipparchus also says"
                + " how far off it may be: its standard error, %.2g.", percent(NOISE[last]), e(mu.pinnError()),
                e(mu.hipparchusError()), mu.standardError()));
    }

    private static String percent(double noise) {
        return Expr.format(100 * noise) + "%";
    }

    /** The estimates against the noise level: the PINN's, Hipparchus' with one standard error each way, the truth. */
    private static XYChart estimateChart(String name, List<Estimates> estimates) {
        XYChart chart = LessonKit.chart(name + " learned from 40 noisy samples of x", "noise (% of the motion's RMS)",
                name);
        double[] noise = Arrays.stream(NOISE).map(n -> 100 * n).toArray();
        double truth = estimates.get(0).truth();
        LessonKit.line(chart, "truth " + name + " = " + Expr.format(truth), new double[] {-0.5, 10.5},
                new double[] {truth, truth}, Color.BLACK, new float[] {10, 6});
        // Drawn a little apart sideways, so that neither method's points hide the other's.
        LessonKit.points(chart, "PINN", Arrays.stream(noise).map(n -> n - 0.15).toArray(),
                estimates.stream().mapToDouble(Estimates::pinn).toArray(), PALETTE[0]);
        XYSeries hipparchus = chart.addSeries("Hipparchus +- standard error",
                Arrays.stream(noise).map(n -> n + 0.15).toArray(),
                estimates.stream().mapToDouble(Estimates::hipparchus).toArray(),
                estimates.stream().mapToDouble(Estimates::standardError).toArray());
        hipparchus.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        hipparchus.setMarker(SeriesMarkers.DIAMOND);
        hipparchus.setMarkerColor(PALETTE[1]);
        hipparchus.setLineColor(PALETTE[1]);
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        chart.getStyler().setMarkerSize(14);
        return chart;
    }

    /** The lesson's text: every statement of what it shows follows from the numbers measured. */
    private static String inverseText(List<LessonKit.Outcome> outcomes, List<Estimates> mu, List<Estimates> k) {
        StringBuilder table = new StringBuilder("| noise | mu: PINN (error) | mu: Hipparchus +- standard error (error)"
                + " | k: PINN (error) | k: Hipparchus +- standard error (error) | x: PINN's relative L2 error |"
                + " training time |\n| --- | --- | --- | --- | --- | --- | --- |\n");
        for (int i = 0; i < NOISE.length; i++) {
            table.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %.1f s |%n",
                    percent(NOISE[i]), pinnCell(mu.get(i)), hipparchusCell(mu.get(i)), pinnCell(k.get(i)),
                    hipparchusCell(k.get(i)), e(outcomes.get(i).error()), outcomes.get(i).seconds()));
        }
        int last = NOISE.length - 1;
        Estimates exact = mu.get(0);
        String withoutNoise = String.format("Without noise Hipparchus finds mu to a relative error of %s and the PINN"
                + " to %s", e(exact.hipparchusError()), e(exact.pinnError()))
                + (exact.hipparchusError() < exact.pinnError() ? ": the classical fit is limited only by its"
                + " integrator's tolerance, the network by how closely it solves the equation." : ".");
        double apart = mu.subList(1, mu.size()).stream().mapToDouble(Estimates::apartInStandardErrors).max()
                .orElseThrow();
        String sideBySide = String.format("With noise the two estimates of mu are at most %.2f of Hipparchus'"
                + " standard errors apart", apart) + (apart < 1 ? ": next to what the noise does, the method hardly"
                + " matters." : ": more than the noise alone explains.");
        double pinnGrowth = mu.get(last).pinnError() / mu.get(1).pinnError();
        double hipparchusGrowth = mu.get(last).hipparchusError() / mu.get(1).hipparchusError();
        String growth = String.format("From %s to %s noise the error in mu grows %.1f-fold for the PINN and"
                + " %.1f-fold for Hipparchus", percent(NOISE[1]), percent(NOISE[last]), pinnGrowth, hipparchusGrowth)
                + (Math.min(pinnGrowth, hipparchusGrowth) > 5 ? ": the noise, not the method, sets the error." : ".");
        long covered = mu.subList(1, mu.size()).stream()
                .filter(m -> Math.abs(m.hipparchus() - m.truth()) <= 2 * m.standardError()).count();
        String honest = String.format("The true mu lies within two standard errors of Hipparchus' estimate at %d"
                + " of the %d noisy levels", covered, mu.size() - 1) + (covered == mu.size() - 1
                ? ": the standard error is a fair measure of how far off an estimate may be." : ".");
        String harder = String.format("At %s noise the PINN has mu %s off and k %s off", percent(NOISE[last]),
                e(mu.get(last).pinnError()), e(k.get(last).pinnError()))
                + (mu.get(last).pinnError() > k.get(last).pinnError() ? ": the stiffness sets the frequency, seen in"
                + " every oscillation, the damping only the slow decay of the envelope, so the damping is the harder"
                + " to pin down." : ".");
        return String.format("""
                **What was run.** The damped oscillator x'' = -(mu/m) x' - (k/m) x with m = 1, x(0) = 1, x'(0) = 0
                on [0, 1], its damping mu and stiffness k unknown. The measurements are x at 40 equally spaced
                times, the motion with mu = 4 and k = 400 plus Gaussian noise of 0, 1, 5 and 10%% of its RMS, one
                draw scaled to each level (as `pinn simulate damped-oscillator --at 0:1:40 --noise 0.05 --seed 1`
                makes them). From guesses four times too low, mu = 1 and k = 100, a PINN learns both with the
                network (default settings, seed 1), and Hipparchus fits both by Levenberg-Marquardt over DP853
                solutions, which also gives each estimate's standard error. Both are fitted, as in an experiment
                neither is known: with k fixed at its true value the fit would be handed the frequency.

                **What to look at.** The estimates against the noise level, the PINN's and Hipparchus' drawn a
                little apart sideways, Hipparchus' with one standard error each way, and the true value.

                %s
                **What it shows.** %s %s %s %s %s
                """, table, withoutNoise, sideBySide, growth, honest, harder);
    }

    private static String pinnCell(Estimates estimate) {
        return String.format(Locale.ROOT, "%.5g (%s)", estimate.pinn(), e(estimate.pinnError()));
    }

    private static String hipparchusCell(Estimates estimate) {
        return String.format(Locale.ROOT, "%.5g +- %.2g (%s)", estimate.hipparchus(),
                estimate.standardError(), e(estimate.hipparchusError()));
    }

    /** Noise on the measurements of the regularization lesson, relative to the motion's RMS. */
    private static final double FIT_NOISE = 0.2;

    static void regularization(LessonKit kit) throws IOException {
        OdeProblem problem = oscillator();
        double[] t = problem.domain().grid(15);
        List<Observations> noisy = List.of(new Observations("x", t, Reference.solve(problem, t).noisy(FIT_NOISE, 1)[0]));
        // Data fitting: a wide network and the measurements alone. L-BFGS fits them closely, noise and all.
        TrainingConfig.Builder fitting = defaults().optLayers(List.of(64, 64, 64)).optWeights(new LossWeights(0, 0, 1))
                .optStages(FirstOrderStage.of(FirstOrderOptimizer.ADAM, 300), LbfgsStage.of(2000));
        LessonKit.Outcome plain = kit.train("fit: no regularization", problem, fitting.build(), noisy);
        LessonKit.Outcome l2 = kit.train("fit: L2 1e-3", problem,
                fitting.optRegularization(new Regularization(0, 1e-3, 0)).build(), noisy);
        // Dropout needs first-order steps only, so it is compared with Adam alone on the same budget.
        fitting.optStages(FirstOrderStage.of(FirstOrderOptimizer.ADAM, 3000));
        LessonKit.Outcome adam = kit.train("fit: Adam alone", problem,
                fitting.optRegularization(Regularization.NONE).build(), noisy);
        LessonKit.Outcome dropout = kit.train("fit: Adam alone, dropout 0.05", problem,
                fitting.optRegularization(new Regularization(0, 0, 0.05)).build(), noisy);
        LessonKit.Outcome physics = kit.train("fit: data + physics (PINN)", problem, defaults().build(), noisy);
        ErrorTrace.Point lowest = plain.trace().stream()
                .min(java.util.Comparator.comparingDouble(ErrorTrace.Point::error)).orElseThrow();
        // The PINN on the equation alone, without measurements: nothing to overfit.
        LessonKit.Outcome pinn = kit.train("PINN: no regularization", problem, defaults().build(), List.of());
        LessonKit.Outcome pinnL2Small = kit.train("PINN: L2 1e-6", problem,
                defaults().optRegularization(new Regularization(0, 1e-6, 0)).build(), List.of());
        LessonKit.Outcome pinnL2 = kit.train("PINN: L2 1e-4", problem,
                defaults().optRegularization(new Regularization(0, 1e-4, 0)).build(), List.of());
        List<LessonKit.Outcome> fits = List.of(plain, l2, adam, dropout, physics);
        List<LessonKit.Outcome> pinns = List.of(pinn, pinnL2Small, pinnL2);

        XYChart curves = solutions("15 measurements with 20% noise", problem, List.of(plain, l2, physics));
        curves.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Vertical);
        LessonKit.points(curves, "measurements", t, noisy.get(0).values(), Color.MAGENTA);
        XYChart overfitting = LessonKit.chart("Data fitting: error against iterations", "iteration",
                "relative L2 error against the truth");
        // Linear: the errors stay within one decade, where a log axis would label none of them.
        overfitting.getStyler().setYAxisMin(0.0);
        overfitting.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Vertical);
        for (int i = 0; i < 4; i++) {
            List<ErrorTrace.Point> trace = fits.get(i).trace();
            LessonKit.line(overfitting, fits.get(i).label(), trace.stream().mapToDouble(ErrorTrace.Point::step)
                    .toArray(), trace.stream().mapToDouble(ErrorTrace.Point::error).toArray(), PALETTE[i],
                    i < 2 ? null : new float[] {10, 8});
        }
        LessonKit.points(overfitting, "where early stopping would end", new double[] {lowest.step()},
                new double[] {lowest.error()}, Color.BLACK);
        kit.figure("regularization.png", List.of(curves, overfitting));
        recordAll(kit, fits);
        recordAll(kit, pinns);
        kit.record("early stopping", Map.of("iteration", lowest.step(), "lowestError", lowest.error()));
        kit.explain(String.format("""
                **What was run.** First, plain data fitting: a wide network (3 x 64) learns x(t) from 15
                measurements with %s noise and nothing else, with 300 Adam then 2000 L-BFGS iterations: once as it
                is and once with an L2 penalty 0.001 sum w^2 on its weights. Dropout changes the loss at every step,
                which L-BFGS cannot work with, so it is compared with Adam alone (3000 iterations) with and without
                dropout 0.05. A PINN then learns from the same measurements plus the equation. Second, the PINN on
                the equation alone, without measurements, with and without an L2 penalty.

                **What to look at.** Left, fits against the exact motion and the measurements. Right, the data fits'
                error against the truth during training; the black point is where early stopping would have ended
                the first one (found here with the truth; in practice with measurements held out of training).

                %s
                %s
                **What it shows.** A flexible network fitted to noisy data follows the noise: it ends at %s against
                the truth, after being at %s at iteration %d, where early stopping would have stopped. The L2
                penalty keeps it smoother and ends at %s. Dropout did not help here: Adam alone ends at %s, with
                dropout %s, as the noise in every step also slows learning. The equation is the strongest
                regularizer: data plus physics reaches %s, because few curves through the noise satisfy
                x'' = -(mu/m) x' - (k/m) x. On the PINN without data there is no noise to overfit, and a penalty only
                pulls the weights away from the solution: %s without, %s with L2 1e-6 and %s with L2 1e-4.
                Regularization is a cure for fitting noise, not a free improvement.
                """, percent(FIT_NOISE), table(fits, "data fitting"), table(pinns, "PINN without data"),
                e(plain.error()), e(lowest.error()), lowest.step(), e(l2.error()), e(adam.error()),
                e(dropout.error()), e(physics.error()), e(pinn.error()), e(pinnL2Small.error()), e(pinnL2.error())));
        kit.glossary(Term.RELATIVE_L2_ERROR, Term.RESIDUAL, Term.LOSSES, Term.DATA_LOSS, Term.OVERFITTING,
                Term.GAUSSIAN_NOISE, Term.L2_PENALTY, Term.DROPOUT, Term.EARLY_STOPPING, Term.ADAM, Term.LBFGS,
                Term.SEED);
        kit.question("Why does the fit without regularization end worse than it was at iteration " + lowest.step()
                + "?", String.format("By then it had the motion roughly right (%s); every later step made the"
                + " measurements' misfit smaller by bending the curve towards the noise, which is not the motion:"
                + " it ends at %s.", e(lowest.error()), e(plain.error())));
        kit.question("Early stopping here used the exact solution to find the best iteration. What would you use in a"
                + " real experiment?", "Measurements held out of training: train on most of them, watch the misfit"
                + " of the others, and stop where it is lowest.");
        kit.question("Why does an L2 penalty make the PINN without data worse?", String.format("There is no noise to"
                + " resist: the equation and initial conditions fix one curve, and the penalty pulls the weights away"
                + " from the ones that draw it (%s without, %s with L2 1e-4).", e(pinn.error()), e(pinnL2.error())));
        kit.question("Which regularizer did best on the noisy data, and why?", String.format("The equation itself:"
                + " data + physics reached %s, against %s with L2. L2 only says 'be smooth'; the equation says"
                + " exactly which curves are allowed.", e(physics.error()), e(l2.error())));
    }

    /** The tuning lesson's search seeds: each search but the grid is run once per seed. */
    private static final long[] SEARCH_SEEDS = {1, 2, 3};
    /** Configurations each search may train in full; Hyperband spends the same on many shorter runs. */
    private static final int TUNING_BUDGET = 12;

    /** One search's lowest error against the budget it has used, in full trainings. */
    private record SearchCurve(String strategy, long seed, double[] cost, double[] lowest) {

        double best() {
            return lowest[lowest.length - 1];
        }
    }

    static void tuning(LessonKit kit) throws IOException {
        // Fewer, slower oscillations (mu = 2, k = 100) than the other lessons', so that a small network trained
        // briefly can learn it, and one search of twelve trainings takes seconds.
        OdeProblem problem = DampedHarmonicOscillator.of(1, 2, 100, 1, 0, 0, 1);
        // A small, quick network; the learning rate and the collocation points are searched.
        Map<String, Object> fixed = new LinkedHashMap<>();
        fixed.put("layers", List.of(List.of(16, 16)));
        fixed.put("adamIterations", List.of(200));
        fixed.put("lbfgsIterations", List.of(300));
        Map<String, Object> grid = new LinkedHashMap<>(fixed);
        grid.put("lr", List.of(1e-4, 1e-3, 1e-2, 1e-1));
        grid.put("points", List.of(8, 25, 100));
        Map<String, Object> drawn = new LinkedHashMap<>(fixed);
        drawn.put("lr", Map.of("log-uniform", List.of(1e-4, 1e-1)));
        drawn.put("points", Map.of("int-uniform", List.of(6, 100)));
        List<SearchCurve> curves = new ArrayList<>();
        curves.add(search(kit, problem, new BatchSpec(List.of("oscillator"), BatchSpec.Mode.GRID, 0, 0, List.of(1L),
                grid, 3), "grid", 0));
        for (long seed : SEARCH_SEEDS) {
            curves.add(search(kit, problem, new BatchSpec(List.of("oscillator"), BatchSpec.Mode.RANDOM, TUNING_BUDGET,
                    seed, List.of(1L), drawn, 3), "random", seed));
            curves.add(search(kit, problem, new BatchSpec(List.of("oscillator"), BatchSpec.Mode.BAYESIAN,
                    TUNING_BUDGET, seed, List.of(1L), drawn, 3, 4, 2, Map.of()), "Bayesian", seed));
            // 27 configurations at 1/27 of the iterations, the best 9 at 1/9, 3 at 1/3, 1 in full: 4 full trainings.
            curves.add(search(kit, problem, new BatchSpec(List.of("oscillator"), BatchSpec.Mode.HYPERBAND, 27, seed,
                    List.of(1L), drawn, 3), "Hyperband", seed));
        }
        XYChart chart = LessonKit.chart(withValues("Lowest error found against the budget used", problem),
                "budget used (full trainings)",
                "lowest relative L2 error so far");
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisDecimalPattern("0.#E0");
        chart.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Vertical);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        List<String> strategies = List.of("grid", "random", "Bayesian", "Hyperband");
        float[][] dashes = {null, {12, 8}, {3, 6}};
        for (SearchCurve curve : curves) {
            int colour = strategies.indexOf(curve.strategy());
            String name = curve.strategy() + (curve.seed() == 0 ? "" : ", search seed " + curve.seed());
            // Hyperband has found nothing until its first full training: its line starts there, often a point.
            int first = (int) Arrays.stream(curve.lowest()).takeWhile(v -> !Double.isFinite(v)).count();
            XYSeries series = LessonKit.line(chart, name, Arrays.copyOfRange(curve.cost(), first, curve.cost().length),
                    Arrays.copyOfRange(curve.lowest(), first, curve.lowest().length), PALETTE[colour],
                    curve.seed() == 0 ? null : dashes[(int) (curve.seed() - 1) % dashes.length]);
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
            if (curve.strategy().equals("Hyperband")) {
                series.setMarker(SeriesMarkers.DIAMOND);
                series.setMarkerColor(PALETTE[colour]);
            }
        }
        kit.figure("tuning.png", List.of(chart));
        StringBuilder table = new StringBuilder("| search | search seed | budget used | lowest error |\n"
                + "| --- | --- | --- | --- |\n");
        Map<String, List<Double>> bests = new LinkedHashMap<>();
        for (SearchCurve curve : curves) {
            table.append(String.format("| %s | %s | %.1f | %s |%n", curve.strategy(), curve.seed() == 0 ? "-"
                    : String.valueOf(curve.seed()), curve.cost()[curve.cost().length - 1], e(curve.best())));
            bests.computeIfAbsent(curve.strategy(), k -> new ArrayList<>()).add(curve.best());
            kit.record(curve.strategy() + (curve.seed() == 0 ? "" : " seed " + curve.seed()),
                    Map.of("relativeL2Error", curve.best(), "budget", curve.cost()[curve.cost().length - 1]));
        }
        Map<String, Double> median = new LinkedHashMap<>();
        bests.forEach((strategy, values) -> median.put(strategy, values.stream().sorted().toList()
                .get(values.size() / 2)));
        kit.record("median", median);
        kit.explain(String.format("""
                **What was run.** Four ways to choose the learning rate of Adam (from 1e-4 to 1e-1) and the number
                of collocation points (6 to 100) for a small network (2 x 16, 200 Adam then 300 L-BFGS iterations)
                on a slower oscillator (mu = 2, k = 100), each allowed %d trainings: a grid of 4 x 3 values; random search, 12 draws;
                Bayesian optimization, 4 random draws and then 8 proposed two at a time by a Gaussian-process model
                of the log error; Hyperband (successive halving), 27 draws trained with 1/27 of the iterations, the
                best third going on with three times more, until one is trained in full. Every search but the grid
                is repeated with three search seeds: one lucky run says little about a method.

                **What to look at.** The lowest error each search has found against the budget it has used, in full
                trainings (a Hyperband run with 1/27 of the iterations costs 1/27).

                %s
                **What it shows.** The median over seeds of the lowest error found: grid %s, random %s, Bayesian %s,
                Hyperband %s (after %.1f full trainings' worth). %s %s
                """, TUNING_BUDGET, table, e(median.get("grid")), e(median.get("random")),
                e(median.get("Bayesian")), e(median.get("Hyperband")),
                curves.get(3).cost()[curves.get(3).cost().length - 1], bayesianSentence(median),
                hyperbandSentence(median)));
        kit.glossary(Term.RELATIVE_L2_ERROR, Term.RESIDUAL, Term.LOSSES, Term.COLLOCATION_POINTS,
                Term.HYPERPARAMETER, Term.SEARCHES, Term.LEARNING_RATE, Term.ADAM, Term.LBFGS, Term.SEED);
        kit.question("Why run every search with three search seeds?", "Each search draws its trials at random (the"
                + " grid aside), and one lucky or unlucky draw decides a single run. The medians over seeds, and the"
                + " spread between seeds in the table, say how much of a difference is the method and how much is"
                + " luck.");
        kit.question("Why is Hyperband's budget only four full trainings' worth here?", "Its 27 settings start with a"
                + " 27th of the iterations, 9 go on with a 9th, 3 with a third and 1 in full: 1 + 1 + 1 + 1. It"
                + " spends its budget on looking at many settings briefly, and only its full trainings count as"
                + " found.");
        kit.question("When would the grid be a poor choice?", "With more hyperparameters: a grid of 4 values each"
                + " needs 4^d trainings for d of them, and spends most on values of the ones that do not matter;"
                + " random and Bayesian search try a new value of every hyperparameter in each training.");
    }

    /** What the medians say of the Bayesian search against random search. */
    private static String bayesianSentence(Map<String, Double> median) {
        return median.get("Bayesian") < median.get("random")
                ? "Bayesian optimization, which chooses each trial from every result so far, ended lower than random"
                + " search."
                : "Here Bayesian optimization did no better than random search: twelve results are few for its model"
                + " to learn from, and a PINN's error varies from run to run.";
    }

    /** What the medians say of Hyperband against the searches that train every trial in full. */
    private static String hyperbandSentence(Map<String, Double> median) {
        double others = Math.min(median.get("grid"), Math.min(median.get("random"), median.get("Bayesian")));
        return median.get("Hyperband") > others
                ? "Hyperband ranked its settings by runs with a 27th of the iterations, where a PINN has barely"
                + " started; what looks best that early is not what trains best, and it ended above the others."
                : "Hyperband found as good a setting on a third of the budget: here the short runs ranked the"
                + " settings as the long ones would.";
    }

    /** One search: its runs trained in the order the batch layer makes them, rounds and rungs included. */
    private static SearchCurve search(LessonKit kit, OdeProblem problem, BatchSpec spec, String strategy, long seed) {
        List<RunSpec> plan = new ArrayList<>(spec.expand());
        Map<String, Double> scores = new LinkedHashMap<>();
        List<RunSpec> batch = plan;
        for (int step = 1; !batch.isEmpty(); step++) {
            for (RunSpec run : batch) {
                TrainingConfig config = TrainingSettings.read(TrainingSettings.at(run.trainingSettings(), "tuning"));
                config = run.budget() < 1 ? config.withBudgetFraction(run.budget()) : config;
                scores.put(run.id(), kit.train(strategy + " " + seed + " run " + (run.index() + 1), problem, config,
                        List.of()).error());
            }
            batch = spec.next(plan, batch, () -> scores, step);
            plan.addAll(batch);
        }
        double[] cost = new double[plan.size()];
        double[] lowest = new double[plan.size()];
        double used = 0;
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < plan.size(); i++) {
            used += plan.get(i).budget();
            // Only full trainings count as found: a short Hyperband run's error is not what its settings reach.
            if (plan.get(i).budget() == 1) {
                best = Math.min(best, scores.get(plan.get(i).id()));
            }
            cost[i] = used;
            lowest[i] = best;
        }
        return new SearchCurve(strategy, seed, cost, lowest);
    }
}

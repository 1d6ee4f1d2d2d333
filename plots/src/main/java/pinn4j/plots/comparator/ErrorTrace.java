package pinn4j.plots.comparator;

import java.util.ArrayList;
import java.util.List;

import pinn4j.problems.OdeProblem;
import pinn4j.solver.IterationRecord;
import pinn4j.solver.LossTerm;
import pinn4j.solver.NetworkView;
import pinn4j.solver.TrainingConfig;
import pinn4j.solver.TrainingListener;

/**
 * Follows the relative L2 error against a reference while training runs, every few iterations, and takes the time
 * of its own checks out of the times it records, so they are training wall time.
 */
public final class ErrorTrace implements TrainingListener {

    /**
     * The error at one moment of training.
     *
     * @param step the step over the whole training, from 1
     * @param stage the stage's index in the plan
     * @param seconds training wall time, the trace's own checks left out
     * @param error the relative L2 error then
     */
    public record Point(int step, int stage, double seconds, double error) {
    }

    private final double[] grid;
    private final double[][] reference;
    private final int every;
    private final List<Point> points = new ArrayList<>();
    private NetworkView network;
    private double checkingSeconds;

    /**
     * @param grid where to compare
     * @param reference {@code [unknown][i]} the values on the grid
     * @param every check every this many iterations
     */
    public ErrorTrace(double[] grid, double[][] reference, int every) {
        this.grid = grid.clone();
        this.reference = reference;
        this.every = every;
    }

    /**
     * A trace on 201 points against the reference {@link Comparison} would use: the exact solution where it is
     * finite and agrees with Hipparchus, else Hipparchus.
     *
     * @param problem the problem being trained
     * @param every check every this many iterations
     * @return the trace, to pass to the trainer as a listener
     * @throws IllegalArgumentException when the problem has neither a usable exact solution nor a Hipparchus one
     */
    public static ErrorTrace of(OdeProblem problem, int every) {
        double[] grid = problem.domain().grid(201);
        Baseline baseline = Baseline.on(problem, grid);
        if (baseline.kind() == ReferenceKind.NONE) {
            throw new IllegalArgumentException(problem.name() + ": no reference to follow the error against: "
                    + String.join("; ", baseline.warnings()) + (baseline.hipparchusNote() == null ? ""
                    : (baseline.warnings().isEmpty() ? "" : "; ") + "Hipparchus: " + baseline.hipparchusNote()));
        }
        return new ErrorTrace(grid, baseline.values(), every);
    }

    @Override
    public void onTrainingStart(OdeProblem problem, TrainingConfig config, List<LossTerm> terms, NetworkView view) {
        network = view;
    }

    @Override
    public void onIteration(IterationRecord record) {
        if (record.iteration() % every != 0 && record.iteration() != 1) {
            return;
        }
        long start = System.nanoTime();
        double error = error(network);
        points.add(new Point(record.step(), record.stage(), record.seconds() - checkingSeconds, error));
        checkingSeconds += (System.nanoTime() - start) / 1e9;
    }

    /**
     * The relative L2 error of a network on the grid, over all unknowns.
     *
     * @param view the network
     * @return {@code ||network - reference|| / ||reference||}
     */
    public double error(NetworkView view) {
        double[][] values = view.evaluate(grid, 0)[0];
        double num = 0;
        double den = 0;
        for (int u = 0; u < reference.length; u++) {
            for (int i = 0; i < grid.length; i++) {
                double e = values[u][i] - reference[u][i];
                num += e * e;
                den += reference[u][i] * reference[u][i];
            }
        }
        return Math.sqrt(num / den);
    }

    /**
     * The checks so far.
     *
     * @return the points, in training order
     */
    public List<Point> points() {
        return List.copyOf(points);
    }

    /**
     * Seconds of training until the error first fell to the threshold, or null if it never did.
     *
     * @param threshold the relative L2 error
     * @return the seconds, without the checks' own time, or null
     */
    public Double secondsTo(double threshold) {
        return points.stream().filter(p -> p.error() <= threshold).map(Point::seconds).findFirst().orElse(null);
    }

    /**
     * The time the checks took, to subtract from a total.
     *
     * @return seconds
     */
    public double checkingSeconds() {
        return checkingSeconds;
    }
}

package pinn4j.app.live;

import pinn4j.plots.charts.TrainingCharts;
import java.util.ArrayList;
import java.util.List;

import pinn4j.problems.OdeProblem;
import pinn4j.solver.IterationRecord;
import pinn4j.solver.LossTerm;
import pinn4j.solver.NetworkView;
import pinn4j.solver.TrainingConfig;
import pinn4j.solver.TrainingListener;

/**
 * Keeps what the animation needs while training runs: every {@code every} iterations the network's values on the
 * drawing grid. Only numbers are kept; frames are drawn after training, so recording costs one evaluation of the
 * network per frame.
 */
public final class Recorder implements TrainingListener {

    private final double[] grid;
    private final int every;
    private final List<TrainingCharts.Snapshot> snapshots = new ArrayList<>();
    private NetworkView network;
    private TrainingConfig config;

    /**
     * @param grid where to evaluate the network
     * @param every keep a snapshot every this many iterations (and at each stage's first)
     */
    public Recorder(double[] grid, int every) {
        this.grid = grid.clone();
        this.every = every;
    }

    @Override
    public void onTrainingStart(OdeProblem problem, TrainingConfig config, List<LossTerm> terms, NetworkView view) {
        network = view;
        this.config = config;
    }

    @Override
    public void onIteration(IterationRecord record) {
        if (record.step() % every == 0 || record.iteration() == 1) {
            snapshots.add(new TrainingCharts.Snapshot(config.stages().get(record.stage()).label(), record.iteration(), record.step(),
                    network.evaluate(grid, 0)[0]));
        }
    }

    /**
     * The snapshots kept so far.
     *
     * @return a copy, in training order
     */
    public List<TrainingCharts.Snapshot> snapshots() {
        return List.copyOf(snapshots);
    }
}

package pinn4j.app.live;

import java.util.ArrayList;
import java.util.List;

import pinn4j.plots.charts.TrainingCharts;
import pinn4j.problems.OdeProblem;
import pinn4j.solver.IterationRecord;
import pinn4j.solver.LossTerm;
import pinn4j.solver.NetworkView;
import pinn4j.solver.TrainedPinn;
import pinn4j.solver.TrainingConfig;
import pinn4j.solver.TrainingListener;

/**
 * Keeps what the animation needs while training runs: the network's values on the drawing grid, evenly spread over
 * the iterations however many there turn out to be (L-BFGS often stops before its budget), and the trained network
 * at the end. Only numbers are kept; frames are drawn after training, so recording costs one evaluation of the
 * network per snapshot taken. Snapshots are taken every {@code every} iterations, four per frame over the planned
 * iterations, and when more than twice the frames have been kept, every other one is dropped and {@code every}
 * doubles; {@link #snapshots()} then picks exactly the frames asked for, the first and the final network among
 * them.
 */
public final class Recorder implements TrainingListener {

    private final double[] grid;
    private final int frames;
    private final List<TrainingCharts.Snapshot> kept = new ArrayList<>();
    private int every = 1;
    private int step;
    private IterationRecord last;
    private NetworkView network;
    private TrainingConfig config;

    /**
     * @param grid where to evaluate the network
     * @param frames how many frames the animation has, at least 2 (fewer when training has fewer iterations)
     */
    public Recorder(double[] grid, int frames) {
        if (frames < 2) {
            throw new IllegalArgumentException("an animation needs at least 2 frames, got " + frames);
        }
        this.grid = grid.clone();
        this.frames = frames;
    }

    @Override
    public void onTrainingStart(OdeProblem problem, TrainingConfig config, List<LossTerm> terms, NetworkView view) {
        network = view;
        this.config = config;
        if (step == 0) {
            // A quarter of the frames' spacing over the planned iterations: enough frames when training stops at a
            // quarter of its budget, and few network evaluations when it runs to the end.
            every = (int) Math.max(1, (long) config.windows() * config.plannedIterations() / (4L * frames));
        }
    }

    @Override
    public void onIteration(IterationRecord record) {
        step++;
        last = record;
        if (step == 1 || step % every == 0) {
            kept.add(snapshot(record, network.evaluate(grid, 0)[0]));
            if (kept.size() > 2 * frames) {
                every *= 2;
                kept.removeIf(s -> s.step() != 1 && s.step() % every != 0);
            }
        }
    }

    @Override
    public void onTrainingEnd(TrainedPinn result) {
        if (last != null) {
            if (!kept.isEmpty() && kept.get(kept.size() - 1).step() == step) {
                kept.remove(kept.size() - 1);
            }
            kept.add(snapshot(last, result.evaluate(grid, 0)[0]));
        }
    }

    private TrainingCharts.Snapshot snapshot(IterationRecord record, double[][] values) {
        return new TrainingCharts.Snapshot(config.stages().get(record.stage()).label(), record.iteration(), step,
                values);
    }

    /**
     * The frames: {@code frames} snapshots evenly spread over the training, the first iteration's and the trained
     * network's among them; all of them when training had fewer iterations.
     *
     * @return the snapshots, in order
     */
    public List<TrainingCharts.Snapshot> snapshots() {
        int n = kept.size();
        if (n <= frames) {
            return List.copyOf(kept);
        }
        List<TrainingCharts.Snapshot> chosen = new ArrayList<>(frames);
        for (int i = 0; i < frames; i++) {
            chosen.add(kept.get((int) Math.round(i * (n - 1) / (double) (frames - 1))));
        }
        return List.copyOf(chosen);
    }
}

package pinn4j.app.live;

import java.awt.GraphicsEnvironment;
import java.awt.GridLayout;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import javax.swing.JFrame;
import javax.swing.JPanel;
import javax.swing.SwingUtilities;
import javax.swing.WindowConstants;

import org.knowm.xchart.XChartPanel;
import org.knowm.xchart.XYChart;
import pinn4j.plots.charts.TrainingCharts;
import pinn4j.problems.OdeProblem;
import pinn4j.solver.IterationRecord;
import pinn4j.solver.LossTerm;
import pinn4j.solver.NetworkView;
import pinn4j.solver.TrainingConfig;
import pinn4j.solver.TrainingListener;

/**
 * A window (XChart's Swing panels) that redraws while training runs, at most every {@code refreshMillis}: the
 * network's curve moving towards the exact and Hipparchus solutions, and the loss terms. The training thread only
 * evaluates the network; drawing happens on Swing's thread.
 */
public final class LiveWindow implements TrainingListener {

    private final int refreshMillis;
    private final List<IterationRecord> history = new ArrayList<>();
    private TrainingCharts charts;
    private NetworkView network;
    private JFrame frame;
    private List<XChartPanel<XYChart>> panels;
    private TrainingConfig config;
    private long lastDraw;

    /**
     * A window that opens when training starts.
     *
     * @param refreshMillis the least time between two redraws
     */
    public LiveWindow(int refreshMillis) {
        this.refreshMillis = refreshMillis;
    }

    /**
     * Whether a window can be shown here; false without a display.
     *
     * @return true when the environment is not headless
     */
    public static boolean available() {
        return !GraphicsEnvironment.isHeadless();
    }

    @Override
    public void onTrainingStart(OdeProblem problem, TrainingConfig config, List<LossTerm> terms, NetworkView view) {
        network = view;
        this.config = config;
        history.clear();
        double[] collocation = config.collocation().sample(problem.domain(),
                pinn4j.solver.Collocation.randomSource(config.seed()));
        charts = new TrainingCharts(problem, collocation, terms,
                config.plannedIterations(), 900, 620);
        onSwing(() -> {
            if (frame == null) {
                frame = new JFrame("pinn4j — " + problem.name());
                frame.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
            }
            panels = List.of(new XChartPanel<>(charts.solution()), new XChartPanel<>(charts.loss()));
            JPanel content = new JPanel(new GridLayout(1, 2));
            panels.forEach(content::add);
            frame.setContentPane(content);
            frame.pack();
            frame.setVisible(true);
        });
    }

    @Override
    public void onIteration(IterationRecord record) {
        history.add(record);
        long now = System.currentTimeMillis();
        if (now - lastDraw < refreshMillis) {
            return;
        }
        lastDraw = now;
        TrainingCharts.Snapshot snapshot = new TrainingCharts.Snapshot(config.stages().get(record.stage()).label(), record.iteration(), record.step(),
                network.evaluate(charts.grid(), 0)[0]);
        List<IterationRecord> upTo = new ArrayList<>(history);
        SwingUtilities.invokeLater(() -> {
            charts.show(snapshot, upTo);
            panels.forEach(XChartPanel::repaint);
        });
    }

    /**
     * The window, once shown; for screenshots.
     *
     * @return the frame, or null before training starts
     */
    public JFrame frame() {
        return frame;
    }

    private static void onSwing(Runnable action) {
        try {
            SwingUtilities.invokeAndWait(action);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new IllegalStateException("cannot open the training window: " + (cause.getMessage() != null
                    ? cause.getMessage() : cause.getClass().getSimpleName()), e);
        }
    }
}

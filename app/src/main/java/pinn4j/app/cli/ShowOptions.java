package pinn4j.app.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import picocli.CommandLine.Option;
import pinn4j.app.live.Animation;
import pinn4j.app.live.LiveWindow;
import pinn4j.app.live.Recorder;
import pinn4j.plots.charts.TrainingCharts;
import pinn4j.problems.OdeProblem;
import pinn4j.solver.TrainedPinn;
import pinn4j.solver.TrainingConfig;
import pinn4j.solver.TrainingListener;

/** Watching a training: {@code --live} (a window) and {@code --animate} (training.gif). */
final class ShowOptions {

    @Option(names = "--live", description = "Show the training in a window as it runs (needs a display).")
    boolean live;

    @Option(names = "--close-after", paramLabel = "SECONDS",
            description = "With --live: close the window this long after training (default: when you close it).")
    Double closeAfter;

    @Option(names = "--animate", description = "Record the training as training.gif in the output folder.")
    boolean animate;

    /** The most frames an animation may have: each is drawn as a full image. */
    static final int MAX_FRAMES = 1000;

    @Option(names = "--frames", paramLabel = "N", description = "Frames of the animation, 2 to " + MAX_FRAMES
            + " (default: ${DEFAULT-VALUE}; fewer when training takes fewer iterations).")
    int frames = 60;

    private Recorder recorder;
    private LiveWindow window;

    List<TrainingListener> listeners(OdeProblem problem, TrainingConfig config) {
        List<TrainingListener> listeners = new ArrayList<>();
        if (frames < 2 || frames > MAX_FRAMES) {
            throw new IllegalArgumentException("--frames must be a whole number from 2 to " + MAX_FRAMES + ", got "
                    + frames);
        }
        if (live) {
            if (LiveWindow.available()) {
                window = new LiveWindow(100);
                listeners.add(window);
            } else {
                System.err.println("--live: there is no display here (headless), so no window; the plots are written"
                        + " to files as usual" + (animate ? "" : " (add --animate for training.gif)"));
            }
        }
        if (animate) {
            recorder = new Recorder(problem.domain().grid(301), frames);
            listeners.add(recorder);
        }
        return listeners;
    }

    /** Writes the animation, if one was recorded, into {@code folder}, to be published as {@code out}. */
    void finish(TrainedPinn trained, Path folder, Path out, PrintStream console) throws IOException {
        if (recorder == null) {
            return;
        }
        TrainingCharts charts = new TrainingCharts(trained.problem(), trained.collocationPoints(),
                trained.history().terms(), trained.history().records().size(), 820, 540);
        Animation.writeGif(folder.resolve("training.gif"), charts, recorder.snapshots(), trained.history().records(), 120);
        console.println("animation: " + out.resolve("training.gif") + " (" + recorder.snapshots().size() + " frames)");
    }

    /**
     * The files this run adds to its folder.
     *
     * @return {@code training.gif} when the training is animated, else nothing
     */
    List<String> files() {
        return recorder == null ? List.of() : List.of("training.gif");
    }

    /** Keeps the window until it is closed, or for --close-after seconds. */
    void waitForWindow() {
        if (window == null || window.frame() == null) {
            return;
        }
        CountDownLatch closed = new CountDownLatch(1);
        window.frame().addWindowListener(new java.awt.event.WindowAdapter() {
            @Override
            public void windowClosed(java.awt.event.WindowEvent e) {
                closed.countDown();
            }
        });
        try {
            if (closeAfter != null) {
                closed.await((long) (closeAfter * 1000), TimeUnit.MILLISECONDS);
                javax.swing.SwingUtilities.invokeAndWait(window.frame()::dispose);
            } else {
                System.err.println("close the window to finish");
                closed.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}

package pinn4j.app.cli;

import java.io.PrintStream;
import java.util.Map;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The command line's progress bars, as wide as the terminal: {@code COLUMNS} when it is set, else what the
 * progress-bar library detects when there is a console, else 80 columns (output to a file or a pipe). A bar one
 * column short of the width never wraps onto a second line.
 */
final class ProgressBars {

    /** The width when nothing says what it is. */
    static final int DEFAULT_WIDTH = 80;

    private ProgressBars() {
    }

    /**
     * A bar that redraws itself on {@code out} every {@code updateMillis}.
     *
     * @param task the bar's label
     * @param max the count at 100%
     * @param out where to draw it
     * @param updateMillis how often it is redrawn
     * @return the bar, to be closed when done
     */
    static ProgressBar create(String task, long max, PrintStream out, int updateMillis) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(updateMillis).continuousUpdate()
                .setConsumer(new ConsoleProgressBarConsumer(out, maxLength(System.getenv(), System.console() != null)))
                .build();
    }

    /**
     * The longest line a bar may draw.
     *
     * @param env the environment, for {@code COLUMNS}
     * @param console whether there is a console whose width the library can detect
     * @return the width less one column, or 0 to let the library measure the console
     */
    static int maxLength(Map<String, String> env, boolean console) {
        String columns = env.get("COLUMNS");
        if (columns != null) {
            try {
                int width = Integer.parseInt(columns.trim());
                if (width >= 20 && width <= 10_000) {
                    return width - 1;
                }
            } catch (NumberFormatException e) {
                // not a width: measure or fall back
            }
        }
        return console ? 0 : DEFAULT_WIDTH - 1;
    }
}

package pinn4j.app.lessons;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A prepared experiment for a class: it trains a few networks with fixed seeds, writes its figures, {@code
 * results.json} with every number it measured, and {@code lesson.md}, which explains in plain words what was run,
 * what to look at and what it shows, quoting those numbers.
 *
 * @param name how it is called: {@code pinn lesson NAME}; never {@value Course#ALL}, which runs every lesson
 * @param title one line for listings
 * @param body what it runs
 */
public record Lesson(String name, String title, Body body) {

    /**
     * Checks the name.
     *
     * @param name how it is called: {@code pinn lesson NAME}; never {@value Course#ALL}, which runs every lesson
     * @param title one line for listings
     * @param body what it runs
     * @throws IllegalArgumentException when the name is {@value Course#ALL}
     */
    public Lesson {
        if (Course.ALL.equals(name)) {
            throw new IllegalArgumentException("'" + Course.ALL + "' runs every lesson; a lesson needs another name");
        }
    }

    /** The experiment itself. */
    @FunctionalInterface
    public interface Body {
        /**
         * Runs the experiment, writing through the kit.
         *
         * @param kit trains, draws and records into the lesson's folder
         * @throws IOException when a file cannot be written
         */
        void run(LessonKit kit) throws IOException;
    }

    /**
     * Runs the lesson into {@code folder}.
     *
     * @param folder where its figures, {@code results.json} and {@code lesson.md} go
     * @throws IOException when a file cannot be written
     */
    public void run(Path folder) throws IOException {
        LessonKit kit = new LessonKit(this, folder);
        body.run(kit);
        kit.finish();
    }
}

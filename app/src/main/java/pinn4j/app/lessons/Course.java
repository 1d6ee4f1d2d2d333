package pinn4j.app.lessons;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import pinn4j.solver.io.Folders;

/**
 * Every lesson prepared ahead of a class ({@code pinn lesson all}): each into its own folder, then {@code index.md}
 * linking them. A lesson that fails does not stop the others.
 */
public final class Course {

    /** The name that runs every lesson, which no lesson may take. */
    public static final String ALL = "all";

    private Course() {
    }

    /**
     * Runs every lesson into {@code folder/NAME}, printing one line per lesson with its time, and writes {@code
     * folder/index.md}.
     *
     * @param folder where the lessons' folders and the index go
     * @param log where the lines go
     * @return the names of the lessons that failed, empty when all ran
     * @throws IOException when the index cannot be written
     */
    public static List<String> prepare(Path folder, PrintStream log) throws IOException {
        return prepare(Lessons.all(), folder, log);
    }

    /** {@link #prepare(Path, PrintStream)} for the given lessons: the seam for a test with a short list. */
    static List<String> prepare(List<Lesson> lessons, Path folder, PrintStream log) throws IOException {
        Files.createDirectories(folder);
        StringBuilder index = new StringBuilder("# PINN lessons\n\nPrepared by `./pinn lesson all`, in the order of"
                + " the course. Each folder holds the lesson's text (lesson.md), its figures and its measured numbers"
                + " (results.json).\n\n");
        List<String> failed = new ArrayList<>();
        long courseStart = System.nanoTime();
        for (int number = 1; number <= lessons.size(); number++) {
            Lesson lesson = lessons.get(number - 1);
            long start = System.nanoTime();
            String outcome;
            try {
                lesson.run(folder.resolve(lesson.name()));
                outcome = null;
            } catch (IOException | RuntimeException e) {
                // Reported, and the next lesson runs: one broken lesson must not cost the class the others.
                e.printStackTrace();
                outcome = e.toString();
                failed.add(lesson.name());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            log.printf(Locale.ROOT, "%-24s %6.1f s  %s%n", lesson.name(), seconds,
                    outcome == null ? folder.resolve(lesson.name()).resolve("lesson.md") : "FAILED: " + outcome);
            index.append(outcome == null
                    ? String.format(Locale.ROOT, "%d. [%s](%s/lesson.md) (`%s`, %.0f s)\n", number, lesson.title(),
                            lesson.name(), lesson.name(), seconds)
                    : String.format("%d. %s (`%s`): **failed**, %s\n", number, lesson.title(), lesson.name(),
                            outcome));
        }
        Path file = folder.resolve("index.md");
        Folders.writeFile(file, out -> out.write(index.toString().getBytes(StandardCharsets.UTF_8)));
        log.printf(Locale.ROOT, "%d lessons in %.0f s, %d failed; index: %s%n", lessons.size(),
                (System.nanoTime() - courseStart) / 1e9, failed.size(), file);
        return failed;
    }
}

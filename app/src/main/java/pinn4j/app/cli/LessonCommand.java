package pinn4j.app.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import pinn4j.app.lessons.Course;
import pinn4j.app.lessons.Lesson;
import pinn4j.app.lessons.Lessons;

/** {@code pinn lesson NAME}: run a prepared classroom experiment; {@code pinn lesson all}: every one, with an index. */
@Command(name = "lesson", mixinStandardHelpOptions = true,
        description = "Run a classroom lesson: figures, results.json and lesson.md into out/lessons/NAME. 'all' runs"
                + " every lesson into out/lessons/NAME and writes out/lessons/index.md; it exits with 1 if any"
                + " lesson failed.")
final class LessonCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The lesson (see --list), or all.")
    String name;

    @Option(names = "--list", description = "List the lessons.")
    boolean list;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: out/lessons/NAME; with all,"
            + " out/lessons).")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (list || name == null) {
            for (Lesson lesson : Lessons.all()) {
                System.out.printf("%-24s %s%n", lesson.name(), lesson.title());
            }
            return 0;
        }
        if (name.equals(Course.ALL)) {
            List<String> failed = Course.prepare(out != null ? out : Path.of("out", "lessons"), System.out);
            if (!failed.isEmpty()) {
                System.err.println("lesson all: failed: " + String.join(", ", failed));
                return 1;
            }
            return 0;
        }
        Lesson lesson = Lessons.find(name).orElseThrow(() -> new IllegalArgumentException("unknown lesson '" + name
                + "'; lessons: " + String.join(", ", Lessons.all().stream().map(Lesson::name).toList())));
        Path folder = out != null ? out : Path.of("out", "lessons", lesson.name());
        lesson.run(folder);
        System.out.println("lesson " + lesson.name() + ": lesson.md, figures and results.json in " + folder);
        return 0;
    }
}

package pinn4j.app.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import pinn4j.app.lessons.Lesson;
import pinn4j.app.lessons.Lessons;

/** {@code pinn lesson NAME}: run a prepared classroom experiment. */
@Command(name = "lesson", mixinStandardHelpOptions = true,
        description = "Run a classroom lesson: figures, results.json and lesson.md into out/lessons/NAME.")
final class LessonCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The lesson (see --list).")
    String name;

    @Option(names = "--list", description = "List the lessons.")
    boolean list;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: out/lessons/NAME).")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (list || name == null) {
            for (Lesson lesson : Lessons.all()) {
                System.out.printf("%-16s %s%n", lesson.name(), lesson.title());
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

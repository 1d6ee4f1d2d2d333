package pinn4j.app.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import pinn4j.plots.comparator.Comparison;
import pinn4j.plots.files.RunFiles;
import pinn4j.problems.BuiltinProblem;
import pinn4j.problems.BuiltinProblems;
import pinn4j.problems.OdeProblem;
import pinn4j.solver.PinnTrainer;
import pinn4j.solver.TrainedPinn;
import pinn4j.solver.TrainingConfig;
import pinn4j.solver.io.Folders;
import pinn4j.solver.settings.TrainingSettings;

/** {@code pinn survey}: every built-in, or the problem files given, with default settings, as a Markdown table. */
@Command(name = "survey", mixinStandardHelpOptions = true,
        description = "Train every built-in problem (or the problem files given) with its default settings; print a"
                + " Markdown table of equation, settings trained (the strategy's remedies included), relative L2"
                + " error and training time, and write each run's files.")
final class SurveyCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "DIR", description = "Folder for the runs' files (default: out/survey).")
    Path out = Path.of("out", "survey");

    @Option(names = "--markdown", paramLabel = "FILE", description = "Also write the table to FILE.")
    Path markdown;

    @Option(names = "--only", split = ",", paramLabel = "NAME",
            description = "Survey only these built-ins, in the table's order (default: all), e.g. poisson,bratu.")
    List<String> only;

    @Parameters(paramLabel = "FILE.yaml", arity = "0..*", description = "Problem files to survey instead of the"
            + " built-ins (forward problems), each with its own training: settings.")
    List<Path> files;

    @Override
    public Integer call() throws IOException {
        List<Surveyed> surveyed = files == null || files.isEmpty() ? selected() : loaded();
        RunFiles.checkWritable(out);
        List<String> rows = new ArrayList<>();
        rows.add("| problem | equation | settings | relative L2 error | against | training |");
        rows.add("| --- | --- | --- | --- | --- | --- |");
        int index = 0;
        for (Surveyed entry : surveyed) {
            index++;
            OdeProblem problem = entry.problem();
            System.err.printf("survey %d/%d: %s%n", index, surveyed.size(), problem.name());
            try (TrainedPinn trained = new PinnTrainer(entry.config()).train(problem)) {
                Comparison comparison = Comparison.of(trained, Comparison.DEFAULT_POINTS);
                Folders.writeFolder(out.resolve(problem.name()), folder -> RunFiles.write(folder, trained, comparison));
                rows.add(String.format("| %s | `%s` | %s | %.1e | %s | %.1f s |", problem.name(),
                        problem.equationText().replace("|", "\\|"), settings(trained.config()),
                        comparison.relativeL2Error(), comparison.referenceKind().id(), trained.trainingSeconds())
                        + (trained.divergence().isPresent() ? " diverged |" : ""));
            }
        }
        String table = String.join("\n", rows) + "\n";
        System.out.print(table);
        if (markdown != null) {
            Folders.writeFile(markdown, o -> o.write(table.getBytes(StandardCharsets.UTF_8)));
        }
        return 0;
    }

    /** A problem to survey with the configuration its settings give. */
    private record Surveyed(OdeProblem problem, TrainingConfig config) {
    }

    /** The built-ins named by {@code --only}, in the order of {@link BuiltinProblems#all()}; all without it. */
    private List<Surveyed> selected() {
        if (only != null) {
            for (String name : only) {
                if (BuiltinProblems.find(name).isEmpty()) {
                    throw new IllegalArgumentException("--only: unknown problem '" + name + "'; built-in problems: "
                            + String.join(", ", BuiltinProblems.all().stream().map(BuiltinProblem::name).toList()));
                }
            }
        }
        return BuiltinProblems.all().stream().filter(builtin -> only == null || only.contains(builtin.name()))
                .map(builtin -> new Surveyed(builtin.create(), TrainingSettings.read(TrainingSettings.at(
                        builtin.training(), "built-in " + builtin.name())))).toList();
    }

    /** The problem files, each read and checked before any training, as {@code pinn run} reads them. */
    private List<Surveyed> loaded() throws IOException {
        if (only != null) {
            throw new IllegalArgumentException("--only picks built-ins; give either problem files or --only");
        }
        List<Surveyed> loaded = new ArrayList<>();
        for (Path file : files) {
            RunCommand.Resolved resolved = RunCommand.resolve(file.toString(), java.util.Map.of());
            if (resolved.isInverse() || !resolved.data().isEmpty()) {
                throw new IllegalArgumentException(file + " fits parameters to measurements; the survey trains"
                        + " forward problems: use pinn run for it");
            }
            TrainingConfig config = TrainingSettings.read(resolved.training());
            new PinnTrainer(config).check(resolved.problem(), List.of());
            loaded.add(new Surveyed(resolved.problem(), config));
        }
        return loaded;
    }

    private static String settings(TrainingConfig config) {
        return String.format("%s %s, %d %s points, %s%s", config.layers(), config.activation().id(),
                config.collocation().points(), config.collocation().sampling().id(), String.join(", ",
                        config.stages().stream().map(s -> s.label() + " " + s.iterations()).toList()),
                config.windows() > 1 ? ", " + config.windows() + " windows" : "");
    }
}

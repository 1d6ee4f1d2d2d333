package pinn4j.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pinn4j.app.cli.CliOutcome.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pinn4j.app.cli.CliOutcome;

/**
 * The cheap commands README.md and docs/tutorial.md quote, run as the documents write them, against what the
 * documents say they print: the command synopsis against the help, the quoted error messages with their line and
 * column, the lessons and problems named, the animation's frames and files, and the keys of {@code metrics.json}.
 */
class DocumentedCommandsTest {

    private static final String README = read(Path.of("..", "README.md"));
    private static final String TUTORIAL = read(Path.of("..", "docs", "tutorial.md"));


    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    /** The text of the first fenced block after {@code heading}. */
    private static String blockAfter(String document, String heading) {
        int start = document.indexOf("```", document.indexOf(heading));
        int body = document.indexOf('\n', start) + 1;
        return document.substring(body, document.indexOf("```", body));
    }

    /** Words of a quote joined by single spaces, as a quote broken over lines reads. */
    private static String words(String text) {
        return text.trim().replaceAll("\\s+", " ");
    }

    @Test
    void everyCommandAndOptionOfTheSynopsisIsInTheHelp() {
        String synopsis = blockAfter(README, "## Command line");
        String commands = run("--help").out();
        Map<String, List<String>> flagsByCommand = new java.util.LinkedHashMap<>();
        String command = null;
        for (String line : synopsis.split("\n")) {
            if (line.startsWith("./pinn ")) {
                command = line.split("\\s+")[1];
                flagsByCommand.putIfAbsent(command, new ArrayList<>());
            }
            if (command != null && !command.startsWith("-")) {
                Matcher flag = Pattern.compile("\\[?(--[a-z][a-z-]*)").matcher(line.replaceAll("#.*", ""));
                while (flag.find()) {
                    flagsByCommand.get(command).add(flag.group(1));
                }
            }
        }
        assertTrue(flagsByCommand.size() >= 9, "commands read from the README: " + flagsByCommand.keySet());
        for (Map.Entry<String, List<String>> entry : flagsByCommand.entrySet()) {
            if (entry.getKey().startsWith("-")) {
                continue;
            }
            assertTrue(commands.contains("  " + entry.getKey() + " "), "`pinn --help` lacks " + entry.getKey());
            CliOutcome help = run(entry.getKey(), "--help");
            assertEquals(0, help.code(), entry.getKey() + " --help");
            for (String flag : entry.getValue()) {
                assertTrue(help.out().contains(flag), "`pinn " + entry.getKey() + " --help` lacks " + flag);
            }
        }
        assertTrue(flagsByCommand.get("run").containsAll(List.of("--stages", "--set", "--animate", "--windows")));
    }

    @Test
    void theErrorsTheReadmeQuotesAreTheOnesTheToolPrints(@TempDir Path folder) throws IOException {
        Matcher t1 = Pattern.compile("exit code 2 \\(`(error: t1[^`]*)`\\)").matcher(README);
        assertTrue(t1.find(), "the README quotes the t1 error");
        assertEquals(t1.group(1), run("run", "damped-oscillator", "--param", "t1=0").err().trim());

        Matcher lr = Pattern.compile("\\(`(error: --lr:[^`]*)`;").matcher(README);
        assertTrue(lr.find(), "the README quotes the --lr error");
        assertEquals(words(lr.group(1)), words(run("run", "damped-oscillator", "--lr", "0").err()));

        Matcher fileError = Pattern.compile("`(error: x\\.yaml:(\\d+):(\\d+): training\\.adamIterations:[^`]*)`")
                .matcher(README);
        assertTrue(fileError.find(), "the README quotes an error in a training section");
        int line = Integer.parseInt(fileError.group(2));
        int column = Integer.parseInt(fileError.group(3));
        List<String> lines = new ArrayList<>(List.of("name: x", "equations: [\"y' = -y\"]", "domain: [0, 1]",
                "conditions: [\"y(0) = 1\"]"));
        while (lines.size() < line - 2) {
            lines.add("# a comment");
        }
        lines.add("training:");
        lines.add(" ".repeat(column - 1 - "adamIterations: ".length()) + "adamIterations: 2.7");
        Files.write(folder.resolve("x.yaml"), lines);
        assertEquals(words(fileError.group(1)), words(run("run", folder.resolve("x.yaml").toString()).err()
                .replace(folder + "/", "")));

        String quoted = blockAfter(README, "Mistakes are reported with file, line and column");
        Path bad = folder.resolve("bad.yaml");
        Files.writeString(bad, String.join("\n", "name: bad", "equations:", "  - \"x' = -k*x + q\"",
                "parameters: {k: 2}", "domain: [0, 1]", "conditions: [\"x(0) = 1\"]", ""));
        String[] printed = run("run", bad.toString()).err().replace(folder + "/", "").split("\n");
        String[] expected = quoted.split("\n");
        assertEquals(expected.length, printed.length, String.join("\n", printed));
        assertTrue(expected[0].endsWith(" ..."), expected[0]);
        assertTrue(printed[0].startsWith(expected[0].substring(0, expected[0].length() - 4)), printed[0]);
        assertEquals(expected[1], printed[1]);
        assertEquals(expected[2], printed[2], "the caret under the mistake");
    }

    @Test
    void theTutorialsTypoIsReportedWhereItSays(@TempDir Path folder) throws IOException {
        Matcher quote = Pattern.compile("\\(`(rc\\.yaml:(\\d+):(\\d+): unknown symbol 'Q'); \\.\\.\\.`\\)")
                .matcher(TUTORIAL);
        assertTrue(quote.find(), "the tutorial quotes the typo's error");
        String yaml = blockAfter(TUTORIAL, "## 4. Your first ODE");
        assertTrue(yaml.contains("\"q' = -q/(R*C)\""), yaml);
        Path file = folder.resolve("rc.yaml");
        Files.writeString(file, yaml.replace("\"q' = -q/(R*C)\"", "\"q' = -Q/(R*C)\""));
        CliOutcome outcome = run("run", file.toString());
        assertEquals(2, outcome.code(), outcome.err());
        assertTrue(outcome.err().startsWith("error: " + file.getParent() + "/" + quote.group(1) + "; "),
                quote.group(1) + " against " + outcome.err());
    }

    @Test
    void theLessonsAndProblemsTheDocumentsNameAreTheToolsOwn() {
        Set<String> lessons = new LinkedHashSet<>();
        for (String line : run("lesson", "--list").out().split("\n")) {
            lessons.add(line.split("\\s+")[0]);
        }
        Set<String> readmeLessons = new LinkedHashSet<>();
        Matcher row = Pattern.compile("(?m)^\\| ([a-z-]+) \\| .* \\| \\d+ s \\|$").matcher(README);
        while (row.find()) {
            readmeLessons.add(row.group(1));
        }
        assertEquals(lessons, readmeLessons, "the README's lesson table");
        Set<String> tutorialLessons = new LinkedHashSet<>();
        Matcher bold = Pattern.compile("(?m)^\\*\\*([a-z-]+)\\.\\*\\*").matcher(TUTORIAL);
        while (bold.find()) {
            tutorialLessons.add(bold.group(1));
        }
        assertEquals(lessons, tutorialLessons, "the tutorial's lessons");

        String list = run("list").out();
        Matcher builtin = Pattern.compile("(?m)^\\| ([a-z-]+) \\| `").matcher(README);
        int named = 0;
        while (builtin.find()) {
            assertTrue(list.contains(builtin.group(1)), "`pinn list` lacks " + builtin.group(1));
            named++;
        }
        assertTrue(named >= 10, "problems in the README's table: " + named);
    }

    @Test
    void anAnimatedRunHasTheFramesItsHelpPromisesAndListsTheGif(@TempDir Path folder) throws IOException {
        Matcher frames = Pattern.compile("--frames=N\\s+Frames of the animation, 2 to \\d+ \\(default: (\\d+);")
                .matcher(words(run("run", "--help").out()));
        assertTrue(frames.find(), "run --help documents --frames");
        assertTrue(README.contains("`./pinn demo` (" + frames.group(1) + " frames)"), "the README's frames");
        Path out = folder.resolve("decay");
        CliOutcome outcome = run("run", "exponential-decay", "--animate", "--frames", "7", "--adam-iterations", "30",
                "--lbfgs-iterations", "30", "--layers", "8,8", "--quiet", "--out", out.toString());
        assertEquals(0, outcome.code(), outcome.err());
        assertTrue(outcome.out().contains("training.gif (7 frames)"), outcome.out());
        assertTrue(outcome.out().contains("files in " + out + ": solution.png error.png loss.png metrics.json"
                + " solution.csv model/ training.gif"), outcome.out());
        assertTrue(Files.size(out.resolve("training.gif")) > 10_000);
        CliOutcome plain = run("run", "exponential-decay", "--adam-iterations", "30", "--lbfgs-iterations", "30",
                "--layers", "8,8", "--quiet", "--out", folder.resolve("plain").toString());
        assertFalse(plain.out().contains("training.gif"), plain.out());
    }

    @Test
    void theMetricsKeysTheReadmeListsAreWritten(@TempDir Path folder) throws IOException {
        Path out = folder.resolve("decay");
        assertEquals(0, run("run", "exponential-decay", "--quiet", "--layers", "8,8", "--out", out.toString())
                .code());
        Map<?, ?> metrics = new ObjectMapper().readValue(out.resolve("metrics.json").toFile(), Map.class);
        Matcher row = Pattern.compile("(?m)^\\| `metrics\\.json` \\| (.*) \\|$").matcher(README);
        assertTrue(row.find(), "the README describes metrics.json");
        Matcher key = Pattern.compile("(?:^|, )`([A-Za-z]+)`").matcher(row.group(1).replaceAll("\\([^)]*\\)", ""));
        int listed = 0;
        while (key.find()) {
            assertTrue(metrics.containsKey(key.group(1)), "metrics.json lacks " + key.group(1));
            listed++;
        }
        assertTrue(listed >= 10 && README.contains("`warnings`"), "keys listed: " + listed);
        assertEquals(List.of(), metrics.get("warnings"), "a sound run has no warnings");
    }
}

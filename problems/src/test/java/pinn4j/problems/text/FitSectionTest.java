package pinn4j.problems.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import pinn4j.problems.FittedParameter;
import pinn4j.problems.Observations;
import pinn4j.problems.OdeProblem;

/** The {@code fit:} section of problem files: both forms, the data beside the file, and every mistake at its place. */
class FitSectionTest {

    /**
     * The oscillator of the inverse problem's documented shape, with {@code fit} as its last section (from line 8);
     * the parameter {@code w} is used nowhere.
     */
    private static String oscillator(String fit) {
        return """
                name: oscillator
                equations: ["x'' = -(mu/m)*x' - (k/m)*x"]
                parameters: {m: 1, mu: 1, k: 100, x0: 1, w: 2}     # a fitted parameter's value is its initial guess
                domain: [0, 1]
                conditions:
                  - "x(0) = x0"                       # condition values may use parameters
                  - "x'(0) = 0"
                """ + fit;
    }

    private static final String MEASUREMENTS = "t,x\n0,1\n0.5,-0.1\n1,0.02\n";

    @TempDir
    Path folder;

    private Path write(String name, String text) throws IOException {
        Path file = folder.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    /** The first line of the message {@code yaml} is refused with, the folder's path left out. */
    private String refusal(String yaml) throws IOException {
        Path file = write("p.yaml", yaml);
        ParseException e = assertThrows(ParseException.class, () -> ProblemFiles.load(file));
        return e.getMessage().split("\n")[0].replace(folder + "/", "");
    }

    @Test
    void theDocumentedShapeReadsTheDataBesideTheFile() throws IOException {
        write("measurements.csv", MEASUREMENTS);
        ProblemFile file = ProblemFiles.load(write("p.yaml", oscillator("""
                fit:
                  parameters: [mu, k]                 # or {mu: {min: 0}, k: {min: 0, max: 1000}}
                  data: measurements.csv              # path relative to this file
                  truth: {mu: 4, k: 400}              # optional: known values, for studies on synthetic data
                """)));
        assertTrue(file.isInverse());
        OdeProblem problem = file.problem();
        assertEquals(List.of(FittedParameter.free("mu"), FittedParameter.free("k")), problem.fitted());
        assertEquals(Map.of("m", 1.0, "mu", 1.0, "k", 100.0, "x0", 1.0, "w", 2.0), problem.parameters());
        assertEquals(Map.of("mu", 4.0, "k", 400.0), file.truth());
        assertEquals(1, file.data().size());
        Observations x = file.data().get(0);
        assertEquals("x", x.unknown());
        assertArrayEquals(new double[] {0, 0.5, 1}, x.t());
        assertArrayEquals(new double[] {1, -0.1, 0.02}, x.values());
    }

    @Test
    void boundsAreReadAndAnOverrideChangesTheInitialGuess() throws IOException {
        write("data/osc.csv", MEASUREMENTS);
        Path yaml = write("p.yaml", oscillator("""
                fit:
                  parameters: {mu: {min: 0}, k: {min: 0, max: 1000}, x0: {}}
                  data: data/osc.csv
                """));
        ProblemFile file = ProblemFiles.load(yaml, Map.of("k", 250.0));
        assertEquals(List.of(new FittedParameter("mu", 0, Double.POSITIVE_INFINITY), new FittedParameter("k", 0, 1000),
                FittedParameter.free("x0")), file.problem().fitted());
        assertEquals(250.0, file.problem().parameters().get("k"));
        assertEquals(Map.of(), file.truth());
        // x0 is fitted through the condition's value, which follows it.
        assertEquals(2.5, file.problem().withParameters(Map.of("x0", 2.5)).conditions().get(0).value());
        assertEquals(yaml + ":9:30: fit.parameters: the initial guess k=2000 (given in place of the file's value) must"
                + " lie strictly inside its bounds (0, 1000)", assertThrows(ParseException.class,
                () -> ProblemFiles.load(yaml, Map.of("k", 2000.0))).getMessage().split("\n")[0]);
    }

    @Test
    void withoutMeasurementsTheFileIsReadBeforeItsDataExist() throws IOException {
        Path yaml = write("p.yaml", oscillator("fit: {parameters: [k], data: later.csv, truth: {k: 400}}\n"));
        ProblemFile file = ProblemFiles.loadWithoutMeasurements(yaml, Map.of());
        assertEquals(List.of("k"), file.problem().fittedNames());
        assertEquals(Map.of("k", 400.0), file.truth());
        assertEquals(List.of(), file.data());
        assertTrue(assertThrows(ParseException.class, () -> ProblemFiles.load(yaml)).getMessage()
                .contains("fit.data: cannot read the measurements " + folder.resolve("later.csv") + ": no such file"));
    }

    @Test
    void theRecordRefusesDataOrTruthThatDoNotBelongToTheProblem() {
        OdeProblem fitted = ProblemFiles.parse("p.yaml", oscillator("")).problem()
                .withFitted(List.of(FittedParameter.free("k")));
        Observations v = new Observations("v", new double[] {0}, new double[] {1});
        assertEquals("p.yaml: measurements of 'v', which is not an unknown; unknowns: x", assertThrows(
                IllegalArgumentException.class, () -> new ProblemFile("p.yaml", fitted, Map.of(), List.of(v), Map.of()))
                .getMessage());
        assertEquals("p.yaml: the truth mu=4.0 must be a finite value of a fitted parameter; fitted: k", assertThrows(
                IllegalArgumentException.class, () -> new ProblemFile("p.yaml", fitted, Map.of(), List.of(),
                        Map.of("mu", 4.0))).getMessage());
        assertEquals(Map.of("k", 400.0), new ProblemFile("p.yaml", fitted, Map.of(), List.of(), Map.of("k", 400.0))
                .truth());
    }

    @Test
    void aFileWithoutFitIsAForwardProblemWithoutData() {
        ProblemFile file = ProblemFiles.parse("p.yaml", oscillator(""));
        assertFalse(file.isInverse());
        assertEquals(List.of(), file.data());
        assertEquals(Map.of(), file.truth());
        assertEquals(List.of(), file.problem().fitted());
    }

    @Test
    void aTextWithoutAFolderReadsTheDataFromTheCurrentDirectory() {
        ParseException e = assertThrows(ParseException.class, () -> ProblemFiles.parse("label", oscillator(
                "fit: {parameters: [k], data: no-such-file-here.csv}\n")));
        assertEquals("label:8:30: fit.data: cannot read the measurements no-such-file-here.csv: no such file",
                e.getMessage().split("\n")[0]);
    }

    @Test
    void csvMistakesCarryTheCsvsOwnPlace() throws IOException {
        write("m.csv", "t,x\n0,1\n2,0.5\n");
        assertEquals("m.csv:3:1: t = 2 is outside the domain [0, 1] of oscillator",
                refusal(oscillator("fit: {parameters: [k], data: m.csv}\n")));
        write("m.csv", "t,v\n0,1\n");
        assertEquals("m.csv:1:3: 'v' is not an unknown of oscillator; after t the columns are unknowns: x",
                refusal(oscillator("fit: {parameters: [k], data: m.csv}\n")));
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "fit: [k]                                          | 8:6   | fit: expected a mapping with keys parameters, data, truth, such as {parameters: [k], data: measurements.csv}",
        "fit: {parameters: [k], data: m.csv, seed: 1}      | 8:37  | fit: unknown key 'seed'; allowed: parameters, data, truth",
        "fit: {parameters: [k], data: m.csv, data: n.csv}  | 8:37  | fit: the key 'data' appears twice",
        "fit: {parameters: [k]}                            | 8:1   | fit: missing 'data', the CSV file of measurements, such as data: measurements.csv",
        "fit: {data: m.csv}                                | 8:1   | fit: missing 'parameters', the parameters to learn, such as [mu, k] or {k: {min: 0, max: 1000}}",
        "fit: {parameters: [], data: m.csv}                | 8:19  | fit.parameters: expected at least one parameter to fit, such as [mu, k]",
        "fit: {parameters: {}, data: m.csv}                | 8:19  | fit.parameters: expected at least one parameter to fit, such as [mu, k]",
        "fit: {parameters: k, data: m.csv}                 | 8:19  | fit.parameters: expected a list of parameter names such as [mu, k], or bounds such as {mu: {min: 0}, k: {min: 0, max: 1000}}",
        "fit: {parameters: [k, q], data: m.csv}            | 8:23  | fit.parameters: 'q' is not a parameter; parameters: m, mu, k, x0, w",
        "fit: {parameters: [k, mu, k], data: m.csv}        | 8:27  | fit.parameters: 'k' is fitted twice",
        "fit: {parameters: {k: {min: 0}, k: {}}, data: m.csv} | 8:33 | fit.parameters: 'k' is fitted twice",
        "fit: {parameters: {k: {min: zero}}, data: m.csv}  | 8:29  | fit.parameters.k.min must be a finite number, got 'zero'",
        "fit: {parameters: {k: {max: .inf}}, data: m.csv}  | 8:29  | fit.parameters.k.max must be a finite number, got '.inf'",
        "fit: {parameters: {k: {min: 0, low: 1}}, data: m.csv} | 8:32 | fit.parameters.k: unknown key 'low'; allowed: min, max",
        "fit: {parameters: {k: 5}, data: m.csv}            | 8:23  | fit.parameters.k: expected bounds such as {min: 0, max: 1000}, or {} for none",
        "fit: {parameters: {k: {min: 5, max: 1}}, data: m.csv} | 8:37 | fit.parameters.k: min must be below max, got min=5, max=1",
        "fit: {parameters: {k: {min: 5, max: 5}}, data: m.csv} | 8:37 | fit.parameters.k: min must be below max, got min=5, max=5",
        "fit: {parameters: {k: {min: 0, max: 50}}, data: m.csv} | 8:20 | fit.parameters: the initial guess k=100 (its value under parameters:) must lie strictly inside its bounds (0, 50)",
        "fit: {parameters: {k: {max: 100}}, data: m.csv}   | 8:20  | fit.parameters: the initial guess k=100 (its value under parameters:) must lie strictly inside its bounds (-inf, 100)",
        "fit: {parameters: [w, k], data: m.csv}            | 8:20  | oscillator: fitted parameter 'w' is used by no equation or condition, so no data could determine it",
        "fit: {parameters: [k], data: nope.csv}            | 8:30  | fit.data: cannot read the measurements nope.csv: no such file",
        "fit: {parameters: [k], data: .}                   | 8:30  | fit.data: cannot read the measurements .: it is a folder, not a file",
        "fit: {parameters: [k], data: [m.csv]}             | 8:30  | fit.data: expected the name of a CSV file of measurements, such as measurements.csv",
        "fit: {parameters: [k], data: m.csv, truth: {m: 1}} | 8:45 | fit.truth: 'm' is not a fitted parameter; fitted: k",
        "fit: {parameters: [k], data: m.csv, truth: {k: NaN}} | 8:48 | fit.truth.k must be a finite number, got 'NaN'",
        "fit: {parameters: [k], data: m.csv, truth: {k: 1e999}} | 8:48 | fit.truth.k must be a finite number, got '1e999'",
        "fit: {parameters: [k], data: m.csv, truth: 400}   | 8:44  | fit.truth: expected the true values of fitted parameters, such as {mu: 4, k: 400}",
    })
    void mistakesInTheSectionAreRefusedAtTheirPlace(String fit, String place, String message) throws IOException {
        write("m.csv", MEASUREMENTS);
        assertEquals("p.yaml:" + place + ": " + message, refusal(oscillator(fit + "\n")));
    }

    /** A problem with a fitted parameter {@code c} used where {@code use} says, on line 7 from column 1. */
    private static String fittingC(String parameters, String domain, String conditions) {
        return String.join("\n", "name: decay", "equations: [\"y' = -c*y\"]", "parameters: " + parameters,
                "domain: " + domain, "fit: {parameters: [c], data: m.csv}", "conditions:", conditions, "");
    }

    @ParameterizedTest(name = "{3}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{c: 1, d: 2*c}  | [0, 1]     | `  - \"y(0) = 1\"`       | 3:23: parameter d uses the fitted parameter c, but it is a number fixed before fitting; write it without fitted parameters",
        "{c: 1}          | [0, c]     | `  - \"y(0) = 1\"`       | 4:13: domain end uses the fitted parameter c, but it is a number fixed before fitting; write it without fitted parameters",
        "{c: 1}          | [0, 1]     | `  - \"c*y(0) = 1\"`     | 7:6: a coefficient of this condition uses the fitted parameter c; a fitted parameter may appear only in a condition's value, such as x(0) = x0",
        "{c: 1}          | [0, 1]     | `  - \"y(0)/(2*c) = 1\"` | 7:6: a coefficient of this condition uses the fitted parameter c; a fitted parameter may appear only in a condition's value, such as x(0) = x0",
        "{c: 1}          | [0, 1]     | `  - \"y(c - 1) = 1\"`   | 7:6: the point of y(...) uses the fitted parameter c, but it is a number fixed before fitting; write it without fitted parameters",
    })
    void aFittedParameterIsRefusedWhereItWouldBeFoldedToANumber(String parameters, String domain, String conditions,
                                                                String message) throws IOException {
        write("m.csv", "t,y\n0,1\n");
        assertEquals("p.yaml:" + message, refusal(fittingC(parameters, domain, conditions)));
    }
}

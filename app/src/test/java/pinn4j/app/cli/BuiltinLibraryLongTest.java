package pinn4j.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import pinn4j.problems.BuiltinProblem;
import pinn4j.problems.BuiltinProblems;

/** Every built-in, run as `pinn run NAME` with its default settings, reaches relative L2 error 1e-2. */
@Tag("long")
class BuiltinLibraryLongTest {

    static Stream<String> names() {
        return BuiltinProblems.all().stream().map(BuiltinProblem::name);
    }

    @ParameterizedTest
    @MethodSource("names")
    void defaultSettingsReachOnePercent(String name, @TempDir Path out) throws IOException {
        assertEquals(0, PinnCli.execute("run", name, "--quiet", "--out", out.toString()));
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        double error = metrics.get("relativeL2Error").asDouble();
        assertTrue(error <= 1e-2, name + ": relative L2 error " + error);
    }
}

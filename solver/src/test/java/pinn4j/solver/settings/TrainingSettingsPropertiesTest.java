package pinn4j.solver.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import pinn4j.problems.text.ProblemFile;
import pinn4j.problems.text.ProblemFiles;
import pinn4j.solver.TrainingConfig;
import pinn4j.solver.optim.FirstOrderStage;
import pinn4j.solver.optim.LbfgsStage;

/**
 * Every setting read equals the value written: numbers printed as a user or a program would print them, in a
 * problem file's {@code training:} section (whatever comments stand around it) and as flags, read back exactly.
 */
class TrainingSettingsPropertiesTest {

    private static final String HEAD = String.join("\n", "name: decay", "equations: [\"y' = -y\"]", "domain: [0, 1]",
            "conditions: [\"y(0) = 1\"]", "");

    private static TrainingConfig fromFile(String comment, String training) {
        ProblemFile file = ProblemFiles.parse("p.yaml", "# " + comment + "\n" + HEAD + "training:  # " + comment
                + "\n" + training);
        return TrainingSettings.read(file.training());
    }

    @Property(tries = 200)
    void wholeNumbersAndRatesAreReadExactlyFromFilesAndFlags(@ForAll @IntRange(min = 0, max = 10_000_000) int first,
                                                             @ForAll @IntRange(min = 1, max = 10_000_000) int lbfgs,
                                                             @ForAll("rates") double lr,
                                                             @ForAll("comments") String comment) {
        String training = "  adamIterations: " + first + "\n  lbfgsIterations: " + lbfgs + "\n  lr: " + lr + "\n";
        TrainingConfig config = first == 0 ? null : fromFile(comment, training);
        if (config != null) {
            FirstOrderStage stage = (FirstOrderStage) config.stages().get(0);
            assertEquals(first, stage.iterations());
            assertEquals(lr, stage.learningRate(), 0, "lr written as " + lr);
            assertEquals(lbfgs, ((LbfgsStage) config.stages().get(1)).iterations());
            TrainingConfig flags = TrainingSettings.read(TrainingSettings.at(java.util.Map.of("adamIterations",
                    String.valueOf(first), "lbfgsIterations", String.valueOf(lbfgs), "lr", String.valueOf(lr)), "--"));
            assertEquals(config, flags, "a file and flags with the same text give the same configuration");
        }
    }

    @Property(tries = 100)
    void layerListsAreReadExactly(@ForAll("layers") List<Integer> layers, @ForAll("comments") String comment) {
        String yaml = layers.toString();
        assertEquals(layers, fromFile(comment, "  layers: " + yaml + "\n").layers());
    }

    @Provide
    Arbitrary<Double> rates() {
        // Log-uniform over 1e-12 .. 10, with full double precision in the mantissa.
        return net.jqwik.api.Combinators.combine(Arbitraries.doubles().between(1, 10).ofScale(15),
                Arbitraries.integers().between(-12, 0)).as((m, e) -> m * Math.pow(10, e)).filter(x -> x > 0 && x <= 10);
    }

    @Provide
    Arbitrary<List<Integer>> layers() {
        return Arbitraries.integers().between(1, 4096).list().ofMinSize(1).ofMaxSize(8);
    }

    @Provide
    Arbitrary<String> comments() {
        // Any script, emoji (outside the Basic Multilingual Plane) included, but no line breaks.
        return Arbitraries.strings().withCharRange(' ', '~').withChars("éßж中\uD83D\uDE80\uD83E\uDDEA").ofMaxLength(40)
                .filter(s -> !s.contains("\uD83D") || s.contains("\uD83D\uDE80"))
                .map(s -> s.replaceAll("[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]", ""));
    }
}

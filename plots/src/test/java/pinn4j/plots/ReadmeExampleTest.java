package pinn4j.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pinn4j.problems.Condition;
import pinn4j.problems.Expr;
import pinn4j.problems.FirstOrderSystem;
import pinn4j.problems.OdeProblem;
import pinn4j.solver.PinnTrainer;
import pinn4j.solver.TrainedPinn;
import pinn4j.solver.TrainingConfig;

/** The README's Java example, as written there (with a smaller training budget). */
class ReadmeExampleTest {

    @Test
    void pendulumDefinedInTenLinesTrainsAndIsComparedWithHipparchus(@TempDir Path out) throws IOException {
        OdeProblem pendulum = OdeProblem.builder()
                .setName("pendulum").setDomain(0, 5)
                .optParameter("g", 9.81).optParameter("L", 1.0)
                .addEquation("theta", 2, s -> s.p("g").div(s.p("L")).neg().times(Expr.sin(s.u("theta"))))
                .addCondition(Condition.value("theta", 0, 1.0))
                .addCondition(Condition.derivative("theta", 1, 0, 0.0))
                .build();
        assertEquals("theta'' = -(g/L)*sin(theta)", pendulum.equationText());
        assertEquals(-9.81 * Math.sin(0.3), new FirstOrderSystem(pendulum).computeDerivatives(0, new double[] {0.3, 0})[1],
                1e-15);
        TrainingConfig config = TrainingConfig.builder().optAdamIterations(200).optLbfgsIterations(800).build();
        try (TrainedPinn trained = new PinnTrainer(config).train(pendulum)) {
            Comparison comparison = Comparison.of(trained, 1001);
            RunFiles.write(out, trained, comparison);
            assertEquals("hipparchus", comparison.referenceKind());
            // Measured 2026-11-23: 200 Adam + 800 L-BFGS iterations give a relative L2 error of 1.4e-4.
            assertTrue(comparison.relativeL2Error() < 2e-3, "relative L2 " + comparison.relativeL2Error());
        }
        assertTrue(Files.size(out.resolve("solution.png")) > 10_000);
    }
}

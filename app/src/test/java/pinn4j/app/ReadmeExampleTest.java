package pinn4j.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pinn4j.plots.comparator.Comparison;
import pinn4j.plots.comparator.ReferenceKind;
import pinn4j.plots.files.RunFiles;
import pinn4j.problems.Condition;
import pinn4j.problems.Expr;
import pinn4j.problems.FirstOrderSystem;
import pinn4j.problems.OdeProblem;
import pinn4j.solver.PinnTrainer;
import pinn4j.solver.TrainedPinn;
import pinn4j.solver.TrainingConfig;
import pinn4j.solver.optim.FirstOrderStage;
import pinn4j.solver.optim.LbfgsStage;

/** The README's Java example, as written there (with a smaller training budget). */
class ReadmeExampleTest {

    @Test
    void coupledSystemDefinedInTenLinesTrainsAndIsComparedWithHipparchus(@TempDir Path out) throws IOException {
        OdeProblem problem = OdeProblem.builder()
                .setName("driven-pendulum-with-motor").setDomain(0, 3)
                .optParameter("g", 9.81).optParameter("tau", 0.5)
                .addEquation("theta", 2, s -> s.p("g").neg().times(Expr.sin(s.u("theta"))).plus(s.u("w")))
                .addEquation("w", 1, s -> Expr.cos(s.t()).minus(s.u("w")).div(s.p("tau")))
                .addCondition(Condition.value("theta", 0, 0.5))
                .addCondition(Condition.derivative("theta", 1, 0, 0))
                .addCondition(Condition.value("w", 0, 0))
                .build();
        assertEquals("theta'' = -g*sin(theta) + w; w' = (cos(t) - w)/tau", problem.equationText());
        double[] derivatives = new FirstOrderSystem(problem).computeDerivatives(1, new double[] {0.3, 0.1, 0.2});
        assertEquals(-9.81 * Math.sin(0.3) + 0.2, derivatives[1], 1e-15);
        assertEquals((Math.cos(1) - 0.2) / 0.5, derivatives[2], 1e-15);
        TrainingConfig config = TrainingConfig.builder().optStages(FirstOrderStage.adam(200), LbfgsStage.of(800)).build();
        try (TrainedPinn trained = new PinnTrainer(config).train(problem)) {
            Comparison comparison = Comparison.of(trained, 1001);
            RunFiles.write(out, trained, comparison);
            assertEquals(ReferenceKind.HIPPARCHUS, comparison.referenceKind());
            // Measured 2026-11-23: 200 Adam + 800 L-BFGS iterations give a relative L2 error of 6.7e-3.
            assertTrue(comparison.relativeL2Error() < 2e-2, "relative L2 " + comparison.relativeL2Error());
            assertEquals(2, comparison.components().size());
        }
        assertTrue(Files.size(out.resolve("solution.png")) > 10_000);
    }
}

package pinn4j.plots.comparator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pinn4j.problems.Condition;
import pinn4j.problems.Observations;
import pinn4j.problems.OdeProblem;
import pinn4j.problems.text.MeasurementFiles;
import pinn4j.solver.PinnTrainer;
import pinn4j.solver.TrainedPinn;
import pinn4j.solver.TrainingConfig;
import pinn4j.solver.TrainingListeners;

/** The README's Java example of an inverse problem, as written there, on noiseless data of y = 1.5 exp(-1.2 t). */
class InverseJavaExampleTest {

    @TempDir
    Path folder;

    @Test
    void theReadmeExampleRecoversTheRateAndTheInitialValue() throws IOException {
        StringBuilder csv = new StringBuilder("t,y\n");
        for (int i = 0; i <= 20; i++) {
            double t = 0.1 * i;
            csv.append(t).append(',').append(1.5 * Math.exp(-1.2 * t)).append('\n');
        }
        Files.writeString(folder.resolve("decay.csv"), csv);

        OdeProblem guess = OdeProblem.builder().setName("decay").setDomain(0, 2)
                .optParameter("r", 0.5).optParameter("y0", 2)
                .addEquation("y", 1, s -> s.p("r").neg().times(s.u("y")))
                .addCondition(s -> Condition.derivative("y", 0, 0, s.p("y0")))   // y(0) = y0, fitted too
                .optFittedParameter("r", 0, Double.POSITIVE_INFINITY).optFittedParameter("y0")
                .build();
        List<Observations> data = MeasurementFiles.read(folder.resolve("decay.csv"), guess);
        try (TrainedPinn trained = new PinnTrainer(TrainingConfig.builder().build())
                .train(guess, data, TrainingListeners.none())) {
            Map<String, Double> estimates = trained.fittedParameters();
            ClassicalFit classical = ClassicalFit.of(guess, data);
            // Measured: r 1.199999999 and y0 1.50000003 (2e-8 relative); 1e-3 as the issue asks of noiseless data.
            assertEquals(1.2, estimates.get("r"), 1.2e-3);
            assertEquals(1.5, estimates.get("y0"), 1.5e-3);
            assertEquals(1.2, classical.estimate("r").value(), 1e-9);
            assertEquals(1.5, classical.estimate("y0").value(), 1e-9);
        }
    }
}

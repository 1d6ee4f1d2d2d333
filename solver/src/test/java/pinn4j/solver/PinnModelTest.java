package pinn4j.solver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pinn4j.problems.BuiltinProblems;
import pinn4j.problems.OdeProblem;
import pinn4j.solver.optim.FirstOrderStage;
import pinn4j.solver.optim.LbfgsStage;

class PinnModelTest {

    @Test
    void savedNetworkAnswersExactlyAsTheTrainedOne(@TempDir Path folder) throws IOException {
        OdeProblem sir = BuiltinProblems.find("sir").orElseThrow().create();
        TrainingConfig config = TrainingConfig.builder().optLayers(List.of(8, 8)).optStages(FirstOrderStage.adam(20), LbfgsStage.of(10)).optWindows(2).build();
        double[] t = {0, 3.3, 9.99, 10, 15, 20};
        try (TrainedPinn trained = new PinnTrainer(config).train(sir)) {
            PinnModel.save(trained, folder.resolve("model"));
            double[][][] expected = trained.evaluate(t, 1);
            try (PinnModel loaded = PinnModel.load(folder.resolve("model"))) {
                assertEquals(List.of("S", "I", "R"), loaded.unknowns());
                assertEquals(sir.domain(), loaded.domain());
                double[][][] actual = loaded.evaluate(t, 1);
                for (int k = 0; k < 2; k++) {
                    for (int u = 0; u < 3; u++) {
                        assertArrayEquals(expected[k][u], actual[k][u], 0.0);
                    }
                }
            }
            assertArrayEquals(expected[0][1], trained.evaluate(t, 1)[0][1], 0.0, "saving leaves the network intact");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PinnModel.load(folder));
        assertEquals(folder + " holds no saved model (no model.properties)", e.getMessage());
    }
}

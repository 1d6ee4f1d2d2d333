package pinn4j.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import pinn4j.problems.BuiltinProblems;
import pinn4j.problems.DampedHarmonicOscillator;
import pinn4j.problems.Expr;
import pinn4j.problems.FittedParameter;
import pinn4j.problems.Observations;
import pinn4j.problems.OdeProblem;

/**
 * Fitted parameters learned with the network, on noiseless data sampled from exact solutions: the estimates must
 * reach the truth, within bounds when the truth lies outside them, and through time windows.
 */
class InverseTrainingTest {

    /** Values of an exact solution at the given points. */
    private static double[] sample(Expr exact, double[] t) {
        double[] values = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            values[i] = exact.valueAt(t[i]);
        }
        return values;
    }

    private static TrainedPinn fit(OdeProblem problem, List<Observations> data) {
        return new PinnTrainer(TrainingConfig.builder().build()).train(problem, data, TrainingListeners.none());
    }

    @Test
    void noiselessOscillatorGivesMuAndKFromGuessesFourTimesOff() {
        OdeProblem truth = DampedHarmonicOscillator.of(1, 4, 400, 1, 0, 0, 1);
        double[] t = truth.domain().grid(40);
        OdeProblem guess = truth.withParameters(Map.of("mu", 1.0, "k", 100.0))
                .withFitted(List.of(FittedParameter.free("mu"), FittedParameter.free("k")));
        try (TrainedPinn trained = fit(guess, List.of(new Observations("x", t, sample(truth.exactSolutions().get("x"),
                t))))) {
            // Measured: mu 4.0025 (6e-4 relative), k 399.915 (2e-4); 1e-3 is what the issue asks of a noiseless fit.
            // (Without the physics ramp 5e-6 and 1.5e-5: the ramp, which brings noisy fits to the least-squares
            // estimate, costs the noiseless one its last digits.) Every record carries the estimates from the guesses.
            assertEquals(4, trained.fittedParameters().get("mu"), 4e-3);
            assertEquals(400, trained.fittedParameters().get("k"), 0.4);
            double[] first = trained.history().records().get(0).fitted();
            assertEquals(1, first[0], 0);
            assertEquals(100, first[1], 1e-12);
            assertEquals(400, trained.estimatedProblem().parameters().get("k"), 0.4);
        }
    }

    @Test
    void aBoundHoldsWhenTheTruthLiesBeyondIt() {
        OdeProblem truth = DampedHarmonicOscillator.of(1, 4, 400, 1, 0, 0, 1);
        double[] t = truth.domain().grid(40);
        OdeProblem guess = truth.withParameters(Map.of("k", 100.0))
                .withFitted(List.of(new FittedParameter("k", 50, 300)));
        try (TrainedPinn trained = fit(guess, List.of(new Observations("x", t, sample(truth.exactSolutions().get("x"),
                t))))) {
            double k = trained.fittedParameters().get("k");
            // Measured: 300 exactly; the data pull k to 400, and the map folds it back into [50, 300] all the way.
            assertTrue(k <= 300 && k > 290, "k = " + k);
            trained.history().records().forEach(r -> assertTrue(r.fitted()[0] >= 50 && r.fitted()[0] <= 300));
        }
    }

    @Test
    void windowsCarryTheEstimatesOfARateAndAnUnknownInitialValue() {
        // Logistic growth trains in 4 windows by default; y0 enters only the first window's condition.
        OdeProblem truth = BuiltinProblems.find("logistic-growth").orElseThrow().create();
        double y0 = truth.parameters().get("y0");
        double r = truth.parameters().get("r");
        double[] t = truth.domain().grid(30);
        OdeProblem guess = truth.withParameters(Map.of("y0", 2 * y0, "r", 0.5 * r))
                .withFitted(List.of(new FittedParameter("y0", 0, Double.POSITIVE_INFINITY),
                        new FittedParameter("r", 0, Double.POSITIVE_INFINITY)));
        TrainingConfig config = TrainingConfig.builder().optWindows(4).build();
        try (TrainedPinn trained = new PinnTrainer(config).train(guess, List.of(new Observations("y", t,
                sample(truth.exactSolutions().get("y"), t))), TrainingListeners.none())) {
            // Measured: y0 0.0999999989 (1.1e-8 relative), r 0.9999929 (7.1e-6).
            assertEquals(y0, trained.fittedParameters().get("y0"), 1e-3 * y0);
            assertEquals(r, trained.fittedParameters().get("r"), 1e-3 * r);
        }
    }
}

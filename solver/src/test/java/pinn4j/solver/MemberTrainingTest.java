package pinn4j.solver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import pinn4j.problems.DampedHarmonicOscillator;
import pinn4j.problems.FittedParameter;
import pinn4j.problems.Observations;
import pinn4j.problems.OdeProblem;
import pinn4j.solver.optim.FirstOrderStage;
import pinn4j.solver.optim.GaussNewton;
import pinn4j.solver.optim.GaussNewtonStage;
import pinn4j.solver.optim.LbfgsStage;
import pinn4j.solver.optim.SelfScaledQuasiNewton;
import pinn4j.solver.optim.SelfScaledStage;

/**
 * Members trained together against the same seeds trained one by one: the same initial weights and points, then
 * the same path up to the rounding of batched products, which the second-order stages amplify.
 */
class MemberTrainingTest {

    private static final OdeProblem OSCILLATOR = DampedHarmonicOscillator.of(1, 4, 400, 1, 0, 0, 1);

    private static List<TrainingListener> listeners(int members) {
        return new ArrayList<>(Collections.nCopies(members, TrainingListeners.none()));
    }

    /** Trains members together and each seed alone and compares them record by record. */
    private static void compare(TrainingConfig config, OdeProblem problem, List<Observations> data, int members,
                                int firstOrderIterations, double finalTolerance) {
        List<TrainedPinn> together = new PinnTrainer(config).trainMembers(problem, data, listeners(members));
        try {
            for (int k = 0; k < members; k++) {
                try (TrainedPinn alone = new PinnTrainer(config.withSeed(config.seed() + k)).train(problem, data,
                        TrainingListeners.none())) {
                    TrainedPinn member = together.get(k);
                    assertEquals(config.seed() + k, member.config().seed());
                    assertArrayEquals(alone.collocationPoints(), member.collocationPoints(), 0);
                    List<IterationRecord> a = alone.history().records();
                    List<IterationRecord> b = member.history().records();
                    assertEquals(a.size(), b.size(), "member " + k + ": records");
                    // The same initial weights and the same first-order path: measured equal or 1 ulp apart.
                    for (int i = 0; i < firstOrderIterations; i++) {
                        assertEquals(a.get(i).total(), b.get(i).total(), 1e-12 * a.get(i).total(),
                                "member " + k + ", iteration " + (i + 1));
                    }
                    double end = alone.finalRecord().total();
                    assertEquals(end, member.finalRecord().total(), finalTolerance * end, "member " + k);
                    assertEquals(alone.fittedParameters().keySet(), member.fittedParameters().keySet());
                    alone.fittedParameters().forEach((name, value) -> assertEquals(value,
                            member.fittedParameters().get(name), finalTolerance * Math.abs(value), name));
                }
            }
        } finally {
            together.forEach(TrainedPinn::close);
        }
    }

    @Test
    void eachMemberTrainsAsItsSeedAloneWould() {
        // Random points, so each member draws its own. Measured after 60 L-BFGS iterations: final losses 3e-11 to
        // 1.1e-6 relative apart (rounding of the batched products, amplified by the line searches); 1e-4 leaves a
        // hundredfold and still fails a member on another member's path.
        TrainingConfig config = TrainingConfig.builder().optSeed(7).optCollocation(
                new Collocation(60, Collocation.Sampling.RANDOM, 0))
                .optStages(FirstOrderStage.adam(150), LbfgsStage.of(60)).build();
        compare(config, OSCILLATOR, List.of(), 3, 150, 1e-4);
    }

    @Test
    void membersFitParametersAsTheirSeedsAloneDo() {
        // mu and k from guesses 4 times off, through the residual weights that follow the estimates and the physics
        // ramp, and a self-scaled stage. Measured: final losses 2e-11 and 4e-11 relative apart, estimates 1e-11 to
        // 1e-9; the same 1e-4 as above.
        OdeProblem truth = OSCILLATOR;
        double[] t = truth.domain().grid(40);
        double[] x = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            x[i] = truth.exactSolutions().get("x").valueAt(t[i]);
        }
        OdeProblem guess = truth.withParameters(Map.of("mu", 1.0, "k", 100.0))
                .withFitted(List.of(FittedParameter.free("mu"), FittedParameter.free("k")));
        TrainingConfig config = TrainingConfig.builder().optSeed(3)
                .optStages(FirstOrderStage.adam(100), SelfScaledStage.of(SelfScaledQuasiNewton.Update.SSBFGS, 40))
                .build();
        compare(config, guess, List.of(new Observations("x", t, x)), 2, 100, 1e-4);
    }

    @Test
    void membersPenalizeTheirOwnWeightsAsTheirSeedsAloneDo() {
        // The penalties summed per member over its slice of the stacked weights. Measured: the same as without
        // penalties (final losses 1e-11 relative apart at most); the same 1e-4.
        TrainingConfig config = TrainingConfig.builder().optSeed(5).optRegularization(new Regularization(1e-4, 1e-3, 0))
                .optStages(FirstOrderStage.adam(100), LbfgsStage.of(30)).build();
        compare(config, OSCILLATOR, List.of(), 2, 100, 1e-4);
    }

    @Test
    void gaussNewtonStagesTimeWindowsAndDropoutTrainOneByOne() {
        TrainingConfig lm = TrainingConfig.builder().optStages(GaussNewtonStage.of(
                GaussNewton.Mode.LEVENBERG_MARQUARDT, 5)).build();
        TrainingConfig dropout = TrainingConfig.builder().optStages(FirstOrderStage.adam(5))
                .optRegularization(new Regularization(0, 0, 0.1)).build();
        for (TrainingConfig config : List.of(lm, dropout)) {
            assertEquals("members train together only without time windows, Gauss-Newton stages and dropout; train"
                    + " them one by one", assertThrows(IllegalArgumentException.class,
                    () -> new PinnTrainer(config).trainMembers(OSCILLATOR, List.of(), listeners(2))).getMessage());
        }
    }
}

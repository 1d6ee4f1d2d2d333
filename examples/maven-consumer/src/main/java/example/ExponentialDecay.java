package example;

import java.util.Locale;

import pinn4j.plots.comparator.Comparison;
import pinn4j.problems.Condition;
import pinn4j.problems.Expr;
import pinn4j.problems.OdeProblem;
import pinn4j.solver.PinnTrainer;
import pinn4j.solver.TrainedPinn;
import pinn4j.solver.TrainingConfig;

/**
 * Exponential decay y' = -r y, y(0) = 1 on [0, 2], trained with the default settings and compared with its exact
 * solution exp(-r t). Exits with status 1 when the relative L2 error is above 1e-3.
 */
public final class ExponentialDecay {

    private ExponentialDecay() {
    }

    /**
     * Trains, compares and prints the error.
     *
     * @param args none
     */
    public static void main(String[] args) {
        OdeProblem problem = OdeProblem.builder()
                .setName("exponential-decay").setDomain(0, 2)
                .optParameter("r", 1.0)
                .addEquation("y", 1, s -> s.p("r").neg().times(s.u("y")))
                .addCondition(Condition.value("y", 0, 1))
                .optExactSolution("y", s -> Expr.exp(s.p("r").neg().times(s.t())))
                .build();
        double error;
        try (TrainedPinn trained = new PinnTrainer(TrainingConfig.builder().build()).train(problem)) {
            error = Comparison.of(trained, 1001).relativeL2Error();
        }
        System.out.printf(Locale.ROOT, "exponential decay: relative L2 error %.3e (limit 1e-3)%n", error);
        if (!(error <= 1e-3)) {
            System.exit(1);
        }
    }
}

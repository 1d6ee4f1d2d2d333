package pinn4j.solver;

import java.util.List;

import pinn4j.problems.OdeProblem;
import pinn4j.solver.optim.Stage;

/** Ready-made listeners and ways to combine them. */
public final class TrainingListeners {

    private TrainingListeners() {
    }

    /**
     * Does nothing.
     *
     * @return a listener with every hook empty
     */
    public static TrainingListener none() {
        return new TrainingListener() {
        };
    }

    /**
     * Calls each listener in turn.
     *
     * @param listeners the listeners, in the order they are called
     * @return one listener that calls them all
     */
    public static TrainingListener of(TrainingListener... listeners) {
        List<TrainingListener> all = List.of(listeners);
        return new TrainingListener() {
            @Override
            public void onTrainingStart(OdeProblem problem, TrainingConfig config, List<LossTerm> terms,
                                        NetworkView network) {
                all.forEach(l -> l.onTrainingStart(problem, config, terms, network));
            }

            @Override
            public void onStageStart(int index, Stage stage) {
                all.forEach(l -> l.onStageStart(index, stage));
            }

            @Override
            public void onIteration(IterationRecord record) {
                all.forEach(l -> l.onIteration(record));
            }

            @Override
            public void onStageEnd(StageResult result) {
                all.forEach(l -> l.onStageEnd(result));
            }

            @Override
            public void onTrainingEnd(TrainedPinn result) {
                all.forEach(l -> l.onTrainingEnd(result));
            }
        };
    }

    /**
     * Prints the loss terms every {@code every} iterations and each stage's end, for logs.
     *
     * @param out where to print
     * @param every print every this many iterations of a stage
     * @return the printing listener
     */
    public static TrainingListener printing(java.io.PrintStream out, int every) {
        return new TrainingListener() {
            private List<LossTerm> terms = List.of();
            private List<Stage> plan = List.of();

            @Override
            public void onTrainingStart(OdeProblem problem, TrainingConfig config, List<LossTerm> lossTerms,
                                        NetworkView network) {
                terms = lossTerms;
                plan = config.stages();
            }

            @Override
            public void onIteration(IterationRecord record) {
                if (record.iteration() % every == 0) {
                    StringBuilder line = new StringBuilder(String.format("%-6s %6d  total %.3e", plan.get(record.stage()).label(),
                            record.iteration(), record.total()));
                    for (int i = 0; i < terms.size(); i++) {
                        line.append(String.format("  %s %.2e", terms.get(i).name(), record.term(i)));
                    }
                    out.println(line);
                }
            }

            @Override
            public void onStageEnd(StageResult result) {
                out.printf("%s: %d iterations, %d evaluations, %.2f s, %s%n", result.stage().label(),
                        result.iterations(), result.evaluations(), result.seconds(), result.stopReason());
            }
        };
    }
}

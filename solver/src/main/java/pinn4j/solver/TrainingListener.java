package pinn4j.solver;

import java.util.List;

import pinn4j.problems.OdeProblem;
import pinn4j.solver.optim.Stage;

/** Callbacks during training; every hook is optional. Listeners run on the training thread: keep them quick. */
public interface TrainingListener {

    /**
     * Before the first iteration.
     *
     * @param problem the problem being trained (one time window's, when training in windows)
     * @param config the configuration
     * @param terms the loss terms, in the order of {@link IterationRecord#terms()}
     * @param network the network being trained, to watch it; its values change with every iteration
     */
    default void onTrainingStart(OdeProblem problem, TrainingConfig config, List<LossTerm> terms,
                                 NetworkView network) {
    }

    /**
     * When a stage begins.
     *
     * @param index its position in the plan, from 0
     * @param stage the stage, with its optimizer and budget
     */
    default void onStageStart(int index, Stage stage) {
    }

    /**
     * After every iteration.
     *
     * @param record the iteration's loss terms and total
     */
    default void onIteration(IterationRecord record) {
    }

    /**
     * When a stage ends.
     *
     * @param result how the stage went
     */
    default void onStageEnd(StageResult result) {
    }

    /**
     * After training, with the result (whose network is still open).
     *
     * @param result the trained network
     */
    default void onTrainingEnd(TrainedPinn result) {
    }
}

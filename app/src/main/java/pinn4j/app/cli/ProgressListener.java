package pinn4j.app.cli;

import java.io.PrintStream;
import java.util.List;

import me.tongfei.progressbar.ProgressBar;
import pinn4j.problems.OdeProblem;
import pinn4j.solver.IterationRecord;
import pinn4j.solver.LossTerm;
import pinn4j.solver.NetworkView;
import pinn4j.solver.StageResult;
import pinn4j.solver.TrainingConfig;
import pinn4j.solver.TrainingListener;
import pinn4j.solver.optim.Stage;

/** A progress bar per stage, with ETA and the current loss terms. */
final class ProgressListener implements TrainingListener {

    private final PrintStream out;
    private List<LossTerm> terms = List.of();
    private TrainingConfig config;
    private ProgressBar bar;

    ProgressListener(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onTrainingStart(OdeProblem problem, TrainingConfig config, List<LossTerm> lossTerms,
                                NetworkView network) {
        terms = lossTerms;
        this.config = config;
    }

    @Override
    public void onStageStart(int index, Stage stage) {
        bar = ProgressBars.create(String.format("%-6s", stage.label()), stage.iterations(), out, 250);
    }

    @Override
    public void onIteration(IterationRecord record) {
        if (record.iteration() % 10 == 0 || record.iteration() == 1) {
            StringBuilder message = new StringBuilder(String.format("L %.2e", record.total()));
            for (int i = 0; i < terms.size(); i++) {
                message.append(String.format(" | %s %.1e", terms.get(i).name(), record.term(i)));
            }
            bar.setExtraMessage(message.toString());
        }
        bar.stepTo(record.iteration());
    }

    @Override
    public void onStageEnd(StageResult result) {
        bar.maxHint(result.iterations());
        bar.stepTo(result.iterations());
        bar.close();
    }
}

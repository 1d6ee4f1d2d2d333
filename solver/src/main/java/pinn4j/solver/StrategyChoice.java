package pinn4j.solver;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import pinn4j.problems.OdeProblem;
import pinn4j.problems.ProblemAnalysis;
import pinn4j.solver.settings.TrainingSettings;

/**
 * What the problem's analysis found and the remedies chosen from it, each a setting the user left open. Today's one
 * remedy is time windows for an initial-value problem that oscillates over more than {@value #PERIODS_ALONE}
 * periods: one network over many periods meets the known propagation failure (it fits the equation away from the
 * initial values with a wrong, smoother solution), while each of the built-ins, with at most 3.2 periods, trains to
 * 1e-5 in one window. Each window then gets {@value #PERIODS_PER_WINDOW} periods: a window starts from the previous
 * one's end values, so errors add up along the windows. Measured with the default plan: the damped oscillator with
 * mu = 0.4 over [0, 6] (19.1 periods) in 5 windows, relative L2 error 1.2e-2; examples/hard/long-damped-oscillator
 * (15.9 periods) in 8 windows 6.0e-5, in 16 windows 2.0e-6.
 *
 * @param strategy the configuration's strategy: with {@link Strategy#NONE} there are no remedies
 * @param analysis the problem's analysis
 * @param remedies the remedies chosen, in the order they apply; empty when none is needed or allowed
 * @param withheld why the remedies were not applied (a training that cannot take them), empty when they were
 */
public record StrategyChoice(Strategy strategy, ProblemAnalysis analysis, List<Remedy> remedies, String withheld) {

    /** The most periods of oscillation one network is left to train over; the built-ins have up to 3.2. */
    static final double PERIODS_ALONE = 4;
    /** The periods each window is given once there are windows. */
    static final double PERIODS_PER_WINDOW = 2;

    /**
     * Copies the remedies.
     *
     * @param strategy the configuration's strategy
     * @param analysis the problem's analysis
     * @param remedies the remedies chosen
     * @param withheld why they were not applied, or empty
     */
    public StrategyChoice {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(analysis, "analysis");
        Objects.requireNonNull(withheld, "withheld");
        remedies = List.copyOf(remedies);
    }

    /**
     * A remedy: a setting's value and why the analysis chose it.
     *
     * @param setting the setting's name, as in {@link TrainingSettings}
     * @param value its value, as the setting is written
     * @param reason what in the analysis called for it
     */
    public record Remedy(String setting, String value, String reason) {
        /**
         * Checks the fields are present.
         *
         * @param setting the setting's name
         * @param value its value
         * @param reason why
         */
        public Remedy {
            Objects.requireNonNull(setting, "setting");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Analyses a problem and chooses remedies for a configuration: none when its strategy is {@link Strategy#NONE}
     * or when the settings already decide what a remedy would (time windows given).
     *
     * @param problem the problem
     * @param config the configuration as the user set it
     * @return the analysis and the remedies
     */
    public static StrategyChoice of(OdeProblem problem, TrainingConfig config) {
        ProblemAnalysis analysis = ProblemAnalysis.of(problem);
        List<Remedy> remedies = new ArrayList<>();
        // The Jacobian's count misses a forcing and a nonlinear swing's true period; the solution's misses nothing
        // it oscillates through, but is only known for an initial-value problem, which is where windows apply.
        double periods = Math.max(analysis.periods(), analysis.oscillations());
        if (config.strategy() == Strategy.AUTO && problem.isInitialValueProblem() && config.windows() == 1
                && periods > PERIODS_ALONE) {
            int windows = (int) Math.min(TrainingSettings.MAX_WINDOWS, Math.ceil(periods / PERIODS_PER_WINDOW));
            remedies.add(new Remedy("windows", String.valueOf(windows), String.format("%.3g periods over the domain,"
                    + " at most %.0f per window", periods, PERIODS_PER_WINDOW)));
        }
        return new StrategyChoice(config.strategy(), analysis, remedies, "");
    }

    /**
     * The configuration with the remedies applied; unchanged when they were withheld.
     *
     * @param config the configuration the remedies were chosen for
     * @return the configuration to train with
     */
    public TrainingConfig applyTo(TrainingConfig config) {
        TrainingConfig applied = config;
        if (withheld.isEmpty()) {
            for (Remedy remedy : remedies) {
                if (remedy.setting().equals("windows")) {
                    applied = applied.withWindows(Integer.parseInt(remedy.value()));
                }
            }
        }
        return applied;
    }

    /**
     * This choice with its remedies withheld, for a training that cannot take them.
     *
     * @param why why they are not applied
     * @return the choice, saying so
     */
    public StrategyChoice withheld(String why) {
        return remedies.isEmpty() ? this : new StrategyChoice(strategy, analysis, remedies, why);
    }

    /**
     * The choice in one line, for a console.
     *
     * @return e.g. {@code strategy auto: windows 8 (15.9 periods over the domain, at most 2 per window)}
     */
    public String summary() {
        if (remedies.isEmpty()) {
            return "strategy " + strategy.id() + ": " + (strategy == Strategy.NONE ? "settings as given"
                    : "no remedy needed");
        }
        List<String> parts = remedies.stream()
                .map(r -> r.setting() + " " + r.value() + " (" + r.reason() + ")").toList();
        return "strategy " + strategy.id() + ": " + String.join("; ", parts)
                + (withheld.isEmpty() ? "" : ", not applied: " + withheld);
    }
}

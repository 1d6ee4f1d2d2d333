package pinn4j.solver;

import pinn4j.solver.internal.Choices;

/** Whether a training lets the problem's analysis choose remedies for it ({@link StrategyChoice}). */
public enum Strategy {
    /** The analysis adds remedies the settings leave open; the default. */
    AUTO,
    /** The settings as given: no remedies. */
    NONE;

    /**
     * The name used on the command line and in files.
     *
     * @return {@code auto} or {@code none}
     */
    public String id() {
        return Choices.id(this);
    }

    /**
     * Parses {@code auto} or {@code none}, case-insensitively.
     *
     * @param name the name as written
     * @return the strategy
     * @throws IllegalArgumentException listing the choices when the name is neither
     */
    public static Strategy parse(String name) {
        return Choices.parse(values(), "strategy", name);
    }
}

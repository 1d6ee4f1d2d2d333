package pinn4j.solver.optim;

/** Why {@link Lbfgs} or {@link SelfScaledQuasiNewton} stopped. */
public enum StopReason {
    /** The largest gradient component fell to the tolerance. */
    GRADIENT_TOLERANCE("gradient norm below tolerance"),
    /** An iteration lowered the value by less than the relative tolerance. */
    LOSS_CHANGE_TOLERANCE("relative loss change below tolerance"),
    /** The step no longer moved the point by a representable amount. */
    STEP_TOLERANCE("step below tolerance"),
    /** The iteration budget was spent. */
    MAX_ITERATIONS("maximum iterations reached"),
    /** The evaluation budget was spent. */
    MAX_EVALUATIONS("maximum function evaluations reached"),
    /** No step along the search direction, nor along steepest descent, satisfied the Wolfe conditions. */
    LINE_SEARCH_FAILED("line search found no acceptable step"),
    /** The starting point's value or gradient is not finite. */
    NON_FINITE_START("value or gradient not finite at the starting point"),
    /** A listener asked to stop. */
    STOPPED_BY_LISTENER("stopped by listener");

    private final String description;

    StopReason(String description) {
        this.description = description;
    }

    /**
     * The reason in words, for reports.
     *
     * @return e.g. {@code maximum iterations reached}
     */
    public String description() {
        return description;
    }
}

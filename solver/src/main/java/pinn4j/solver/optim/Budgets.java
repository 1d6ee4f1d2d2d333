package pinn4j.solver.optim;

/** Evaluation budgets of the stages that count evaluations apart from iterations. */
final class Budgets {

    private Budgets() {
    }

    /** The evaluations for a new iteration budget, in the old budgets' ratio. */
    static int scaledEvaluations(int evaluations, int iterations, int budget) {
        long scaled = Math.max(1, Math.round((double) evaluations * budget / Math.max(1, iterations)));
        return (int) Math.min(Integer.MAX_VALUE, scaled);
    }
}

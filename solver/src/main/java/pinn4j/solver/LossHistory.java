package pinn4j.solver;

import java.util.List;

/**
 * Every iteration's loss terms over a training run, in order; immutable.
 *
 * @param terms the terms, in the order of {@link IterationRecord#terms()}
 * @param records one per iteration, in the order of the stages
 */
public record LossHistory(List<LossTerm> terms, List<IterationRecord> records) {

    /**
     * Copies the lists.
     *
     * @param terms the terms, in the order of {@link IterationRecord#terms()}
     * @param records one per iteration, in the order of the stages
     */
    public LossHistory {
        terms = List.copyOf(terms);
        records = List.copyOf(records);
    }

    /**
     * The terms' names, such as {@code x(0) = 1} or {@code residual x}.
     *
     * @return the names, in the order of {@link IterationRecord#terms()}
     */
    public List<String> termNames() {
        return terms.stream().map(LossTerm::name).toList();
    }

    /**
     * L_cc of a record: the sum of its condition terms.
     *
     * @param record one iteration's record
     * @return the unweighted condition loss
     */
    public double conditionLoss(IterationRecord record) {
        return sum(record, LossTerm.Kind.CONDITION);
    }

    /**
     * L_phys of a record: the sum of its residual terms.
     *
     * @param record one iteration's record
     * @return the unweighted physics loss
     */
    public double physicsLoss(IterationRecord record) {
        return sum(record, LossTerm.Kind.PHYSICS);
    }

    /**
     * L_data of a record: the sum of its observation terms.
     *
     * @param record one iteration's record
     * @return the unweighted data loss; 0 without observations
     */
    public double dataLoss(IterationRecord record) {
        return sum(record, LossTerm.Kind.DATA);
    }

    /**
     * The records of one stage (of every time window).
     *
     * @param stage the stage's index in the plan
     * @return its records, in order
     */
    public List<IterationRecord> of(int stage) {
        return records.stream().filter(r -> r.stage() == stage).toList();
    }

    private double sum(IterationRecord record, LossTerm.Kind kind) {
        double sum = 0;
        for (int i = 0; i < terms.size(); i++) {
            if (terms.get(i).kind() == kind) {
                sum += record.term(i);
            }
        }
        return sum;
    }
}

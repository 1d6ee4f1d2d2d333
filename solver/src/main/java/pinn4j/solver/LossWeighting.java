package pinn4j.solver;

import java.util.LinkedHashMap;
import java.util.Map;

import pinn4j.problems.OdeProblem;
import pinn4j.solver.internal.PinnLoss;

/**
 * The loss terms' weights of one network's training. For an inverse problem the residual terms' weights follow
 * the fitted parameters (the residual scale is the equation's, at its current parameters) and, in the last stage,
 * rise by the physics ramp; for a forward problem they stay as the loss gave them.
 */
final class LossWeighting {

    /** Relative change of a residual weight that makes it follow the fitted parameters. */
    private static final double RESCALE_TOLERANCE = 0.25;
    /** Steps in which an inverse problem's residual weight rises to its ramp's factor. */
    private static final int RAMP_STEPS = 5;

    private final OdeProblem problem;
    private final TrainingConfig config;
    private final PinnLoss loss;
    private double[] weights;
    private double physicsFactor = 1;

    LossWeighting(OdeProblem problem, TrainingConfig config, PinnLoss loss) {
        this.problem = problem;
        this.config = config;
        this.loss = loss;
        this.weights = loss.weights();
    }

    /** Every term's weight now, in the loss's order. */
    double[] weights() {
        return weights.clone();
    }

    /** The weighted sum of the terms. */
    double total(double[] terms) {
        double total = 0;
        for (int i = 0; i < terms.length; i++) {
            total += weights[i] * terms[i];
        }
        return total;
    }

    /** The ramp's factor now, for a checkpoint. */
    double physicsFactor() {
        return physicsFactor;
    }

    /** Puts back a checkpoint's weights and ramp factor. */
    void restore(double[] savedWeights, double savedFactor) {
        if (savedWeights.length != weights.length) {
            throw new IllegalArgumentException("the checkpoint has " + savedWeights.length + " loss weights and this"
                    + " loss " + weights.length);
        }
        weights = savedWeights.clone();
        physicsFactor = savedFactor;
    }

    /** Whether the ramp has begun, for messages. */
    boolean ramped() {
        return physicsFactor > 1;
    }

    /**
     * Raises the residual weight's factor to {@link TrainingConfig#physicsRamp} in {@link #RAMP_STEPS} geometric
     * steps over the second half of the last stage (at half its budget, then every tenth): one step of a
     * hundredfold left the noiseless oscillator's mu 0.4% off, as the optimizer could not follow the sudden
     * change; with five it ends 6e-4 off (5e-6 with no ramp), and the noisy examples' estimates move to the
     * classical fit's (Newton cooling's tau 2.7% off the truth without the ramp, 1.6% with it, the classical fit
     * 1.3%).
     *
     * @return whether the factor changed
     */
    boolean ramp(int stage, int done, int budget) {
        if (!rampApplies(stage)) {
            return false;
        }
        double progress = done / (double) budget;
        int step = progress < 0.5 ? 0 : Math.min(RAMP_STEPS, (int) Math.floor((progress - 0.5) * 2 * RAMP_STEPS) + 1);
        double factor = Math.pow(config.physicsRamp(), step / (double) RAMP_STEPS);
        if (factor <= physicsFactor) {
            return false;
        }
        physicsFactor = factor;
        return true;
    }

    /**
     * The ramp's next step when a search converged before the ramp was done, so that the budget left serves it.
     *
     * @return whether the factor changed
     */
    boolean advanceRamp(int stage) {
        if (!rampApplies(stage) || physicsFactor >= config.physicsRamp()) {
            return false;
        }
        physicsFactor = Math.min(config.physicsRamp(), Math.max(physicsFactor, 1)
                * Math.pow(config.physicsRamp(), 1.0 / RAMP_STEPS));
        return true;
    }

    private boolean rampApplies(int stage) {
        return problem.isInverse() && config.physicsRamp() > 1 && stage == config.stages().size() - 1;
    }

    /**
     * Sets the residual terms' weights for the fitted parameters' current values (times the ramp's factor once it
     * is due) when they moved by more than {@link #RESCALE_TOLERANCE}: the scale is the equation's, so it must
     * follow the equation's parameters, yet it is held fixed between updates (the optimizer would otherwise
     * lower the loss by inflating the scale). The caller forgets the best loss seen, being of another objective.
     *
     * @param estimates the fitted parameters' current values
     * @return whether the weights changed
     */
    boolean rescaled(Map<String, Double> estimates) {
        if (!problem.isInverse() || !config.scaleResiduals() && physicsFactor == 1) {
            return false;
        }
        Map<String, Double> values = new LinkedHashMap<>(problem.parameters());
        values.putAll(estimates);
        double[] residual = loss.residualWeights(values);
        for (int i = 0; i < residual.length; i++) {
            residual[i] *= physicsFactor;
        }
        int first = problem.conditions().size();
        boolean moved = false;
        for (int i = 0; i < residual.length; i++) {
            moved |= Math.abs(residual[i] / weights[first + i] - 1) > RESCALE_TOLERANCE;
        }
        if (moved) {
            weights = loss.weightsWith(residual);
        }
        return moved;
    }
}

package pinn4j.plots.comparator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import pinn4j.problems.OdeProblem;
import pinn4j.solver.IterationRecord;
import pinn4j.solver.LossTerm;
import pinn4j.solver.TrainedPinn;

/**
 * What a user should know about a finished run, in plain words with what to try: the reference's own warnings
 * ({@link Comparison#warnings()}), a network far from the solution (relative L2 error above {@link #FAR}), and a
 * residual between the collocation points far above the one trained on (more than {@link #RESIDUAL_RATIO} times),
 * which a reference is not needed to see. One list, printed by the command line and kept in {@code metrics.json}
 * as {@code warnings}; a run with warnings still succeeds.
 */
public final class Quality {

    /** A relative L2 error above this is far from the solution: the curves visibly differ. */
    public static final double FAR = 0.1;

    /**
     * A held-out residual this many times the training residual means the network satisfies the equation at the
     * collocation points only. The built-ins' defaults measure 1 to 4 (the last time window's training residual
     * against the whole interval's held-out one).
     */
    public static final double RESIDUAL_RATIO = 100;

    /** An estimate this many standard errors from the classical fit's (and 1% from it) is worth a warning. */
    public static final double STANDARD_ERRORS = 3;

    private Quality() {
    }

    /**
     * Every warning about a run, the reference's first. A diverged run has its divergence to report instead of
     * the quality of what it kept.
     *
     * @param trained the trained network
     * @param comparison its comparison
     * @return the warnings, each one sentence or a few; empty when the run looks sound
     */
    public static List<String> warnings(TrainedPinn trained, Comparison comparison) {
        List<String> warnings = new ArrayList<>(comparison.warnings());
        if (trained.divergence().isPresent()) {
            return List.copyOf(warnings);
        }
        OdeProblem problem = trained.problem();
        double error = comparison.relativeL2Error();
        if (Double.isFinite(error) && error > FAR) {
            StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "the network is far from the"
                    + " solution: relative L2 error %.2g against the %s solution (above %s). Try more iterations"
                    + " (--lbfgs-iterations, --adam-iterations)", error, comparison.referenceKind().id(), FAR));
            if (problem.isInitialValueProblem() && trained.config().windows() == 1) {
                text.append("; for a long initial-value problem, time windows (--windows 5)");
            }
            if (comparison.referenceKind() == ReferenceKind.EXACT) {
                text.append("; if the exact solution is your own, check its formula");
            }
            warnings.add(text.append('.').toString());
        }
        double heldOut = comparison.heldOutResidualRms();
        double trainedOn = trainingResidualRms(trained);
        if (Double.isFinite(heldOut) && Double.isFinite(trainedOn) && heldOut > 1e-12
                && heldOut > RESIDUAL_RATIO * trainedOn) {
            warnings.add(String.format(Locale.ROOT, "the residual between the collocation points (RMS %.2g) is %s"
                    + " times the one the network was trained on (%.2g): it satisfies the equation at the points"
                    + " only. Try more collocation points (--points) or random points drawn anew (--sampling"
                    + " random --resample-every 100).", heldOut, trainedOn > 0
                    ? String.format(Locale.ROOT, "%.2g", heldOut / trainedOn) : "many", trainedOn));
        }
        return List.copyOf(warnings);
    }

    /**
     * The warnings of an inverse problem's run: those of {@link #warnings(TrainedPinn, Comparison)}, then a
     * classical fit that did not converge, and each estimate more than {@link #STANDARD_ERRORS} standard errors and
     * 1% from the classical fit's, which the same data should not allow of a network that converged.
     *
     * @param trained the trained network of an inverse problem
     * @param comparison its comparison
     * @param fit what the fit found
     * @return the warnings; empty when the run looks sound
     */
    public static List<String> warnings(TrainedPinn trained, Comparison comparison, FitReport fit) {
        List<String> warnings = new ArrayList<>(warnings(trained, comparison));
        if (trained.divergence().isPresent()) {
            return List.copyOf(warnings);
        }
        ClassicalFit classical = fit.classical();
        if (!classical.converged()) {
            warnings.add("the classical fit did not converge, so there is no classical estimate to check the"
                    + " network's against: " + classical.failure());
            return List.copyOf(warnings);
        }
        for (FitReport.Parameter p : fit.parameters()) {
            double apart = Math.abs(p.estimate() - p.hipparchusEstimate());
            if (apart > STANDARD_ERRORS * p.hipparchusStandardError() && apart > 0.01 * Math.abs(p.hipparchusEstimate())) {
                warnings.add(String.format(Locale.ROOT, "the network's estimate of %s (%s) is %.1f standard errors"
                        + " from the classical fit's (%s +- %.2g): the network may not have converged or found"
                        + " another fit. Try more iterations (--lbfgs-iterations), other initial guesses, or"
                        + " --ensemble 4 to see the spread over seeds.", p.name(), FitReport.digits(p.estimate()),
                        apart / p.hipparchusStandardError(), FitReport.digits(p.hipparchusEstimate()),
                        p.hipparchusStandardError()));
            }
        }
        return List.copyOf(warnings);
    }

    /** The RMS over equations of the residual at the collocation points, for the parameters the network holds. */
    private static double trainingResidualRms(TrainedPinn trained) {
        IterationRecord best = trained.bestRecord();
        List<LossTerm> terms = trained.history().terms();
        double sum = 0;
        int count = 0;
        for (int i = 0; i < terms.size(); i++) {
            if (terms.get(i).kind() == LossTerm.Kind.PHYSICS) {
                sum += best.term(i);
                count++;
            }
        }
        return count == 0 ? Double.NaN : Math.sqrt(sum / count);
    }
}

package pinn4j.solver.optim;

import static pinn4j.solver.optim.Vectors.allFinite;
import static pinn4j.solver.optim.Vectors.dot;
import static pinn4j.solver.optim.Vectors.maxAbs;
import static pinn4j.solver.optim.Vectors.sumAbs;

/**
 * The iteration the quasi-Newton methods share: direction {@code d = -H g} from an approximation H of the inverse
 * Hessian, a strong-Wolfe step along it, the update of H with the step's pair {@code s = x_{k+1} - x_k},
 * {@code y = g_{k+1} - g_k}, the stop tests and the listener. The methods differ only in H.
 */
final class LineSearchDescent {

    /** An approximation H of the inverse Hessian, positive definite, updated from the steps taken. */
    interface InverseHessian {

        /** Sets d = -H g. */
        void direction(double[] g, double[] d);

        /** Whether H is still the identity, with no curvature information: the first step is then scaled. */
        boolean isIdentity();

        /** Forgets the curvature information: H becomes the identity. */
        void reset();

        /**
         * Takes in an accepted step, or refuses it (skipping it or resetting) when it would spoil H.
         *
         * @param s the step {@code x_{k+1} - x_k}
         * @param y the gradient change {@code g_{k+1} - g_k}
         * @param sBs {@code s.B s} for B the inverse of the H that gave the step, known without B because
         *     {@code B d = -g}: {@code -t^2 g.d} for the step length t
         */
        void update(double[] s, double[] y, double sBs);

        /** The curvature information as arrays, for {@link SearchState#memory()}. */
        double[][] save();

        /** Puts back what {@link #save} gave, in a fresh approximation of the same kind and dimension. */
        void restore(double[][] memory);
    }

    private LineSearchDescent() {
    }

    /**
     * Minimizes from {@code start}, or continues a search where {@code resume} stands (its stop tests first, as
     * they followed the step it stands after).
     */
    static LbfgsResult minimize(DifferentiableFunction function, double[] start, Lbfgs.IterationListener listener,
                                LbfgsOptions options, InverseHessian inverse, SearchState resume) {
        StrongWolfe lineSearch = new StrongWolfe(function, options);
        int n = start.length;
        double[] x;
        double[] g;
        double f;
        int iteration;
        StopReason reason;
        if (resume == null) {
            x = start.clone();
            g = new double[n];
            f = lineSearch.evaluate(x, g);
            if (!Double.isFinite(f) || !allFinite(g)) {
                return new LbfgsResult(x, f, maxAbs(g), 0, lineSearch.evaluations(), StopReason.NON_FINITE_START);
            }
            iteration = 0;
            reason = null;
        } else {
            x = resume.point();
            g = resume.gradient();
            f = resume.value();
            iteration = resume.iteration();
            lineSearch.resumeCount(resume.evaluations());
            inverse.restore(resume.memory());
            reason = afterStep(options, resume.previousValue(), f, resume.stepSize());
        }
        double[] d = new double[n];
        while (reason == null) {
            if (maxAbs(g) <= options.gradientTolerance()) {
                reason = StopReason.GRADIENT_TOLERANCE;
                break;
            }
            if (iteration >= options.maxIterations()) {
                reason = StopReason.MAX_ITERATIONS;
                break;
            }
            if (lineSearch.evaluations() >= options.maxEvaluations()) {
                reason = StopReason.MAX_EVALUATIONS;
                break;
            }
            inverse.direction(g, d);
            double gtd = dot(g, d);
            if (!(gtd < 0)) {
                // Not a descent direction (H lost its curvature information): restart from steepest descent.
                inverse.reset();
                inverse.direction(g, d);
                gtd = dot(g, d);
            }
            double initialStep = inverse.isIdentity() ? Math.min(1, 1 / sumAbs(g)) : 1;
            StrongWolfe.Step step = lineSearch.search(x, f, g, d, gtd, initialStep);
            if (step == null && !inverse.isIdentity()) {
                inverse.reset();
                inverse.direction(g, d);
                gtd = dot(g, d);
                step = lineSearch.search(x, f, g, d, gtd, Math.min(1, 1 / sumAbs(g)));
            }
            if (step == null) {
                reason = lineSearch.evaluations() >= options.maxEvaluations()
                        ? StopReason.MAX_EVALUATIONS : StopReason.LINE_SEARCH_FAILED;
                break;
            }
            double[] s = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = step.t() * d[i];
                y[i] = step.gradient()[i] - g[i];
            }
            inverse.update(s, y, -step.t() * step.t() * gtd);
            double previous = f;
            for (int i = 0; i < n; i++) {
                x[i] += s[i];
            }
            f = step.value();
            g = step.gradient();
            iteration++;
            double[] here = x;
            double[] gradientHere = g;
            double value = f;
            int done = iteration;
            int evaluations = lineSearch.evaluations();
            double stepSize = maxAbs(s);
            Lbfgs.Iteration progress = new Lbfgs.Iteration(iteration, evaluations, f, maxAbs(g),
                    step.evaluation(), x, () -> new SearchState(here, value, gradientHere, done, evaluations, previous,
                            stepSize, inverse.save()));
            reason = listener.onIteration(progress) ? afterStep(options, previous, f, stepSize)
                    : StopReason.STOPPED_BY_LISTENER;
        }
        return new LbfgsResult(x, f, maxAbs(g), iteration, lineSearch.evaluations(), reason);
    }

    /** The stop tests that follow an accepted step: null to go on. */
    private static StopReason afterStep(LbfgsOptions options, double previous, double f, double stepSize) {
        if (previous - f <= options.relativeLossTolerance() * Math.abs(previous)) {
            return StopReason.LOSS_CHANGE_TOLERANCE;
        }
        return stepSize <= options.stepTolerance() ? StopReason.STEP_TOLERANCE : null;
    }
}

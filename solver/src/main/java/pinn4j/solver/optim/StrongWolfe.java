package pinn4j.solver.optim;

import static pinn4j.solver.optim.Vectors.dot;
import static pinn4j.solver.optim.Vectors.maxAbs;

/**
 * The strong-Wolfe line search (Nocedal and Wright, Numerical Optimization, 2nd ed., algorithms 3.5 and 3.6, with
 * the safeguarded cubic interpolation of minFunc and PyTorch), shared by the quasi-Newton methods. It owns the
 * count of function evaluations, so that the evaluation budget covers the line searches and whatever the method
 * evaluates itself. A non-finite value met during a search counts as "too far" and shortens the step; it is never
 * accepted.
 */
final class StrongWolfe {

    private static final int MAX_LINE_SEARCH_EVALUATIONS = 25;

    /**
     * An accepted step length with the value and gradient there.
     *
     * @param t the step length along the search direction
     * @param value the function there
     * @param gradient the gradient there
     * @param evaluation which evaluation (1-based) produced it
     */
    record Step(double t, double value, double[] gradient, int evaluation) {
    }

    /** A trial point of the line search. */
    private record Trial(double t, double value, double[] gradient, double slope, int evaluation) {
    }

    private final DifferentiableFunction function;
    private final LbfgsOptions options;
    private int evaluations;

    StrongWolfe(DifferentiableFunction function, LbfgsOptions options) {
        this.function = function;
        this.options = options;
    }

    /** Evaluates the function, counting the evaluation. */
    double evaluate(double[] x, double[] gradient) {
        evaluations++;
        return function.valueAndGradient(x, gradient);
    }

    /** Counts on from a resumed search's evaluations. */
    void resumeCount(int done) {
        evaluations = done;
    }

    /** Evaluations so far. */
    int evaluations() {
        return evaluations;
    }

    /**
     * Finds t satisfying the strong Wolfe conditions along d from x, starting from the trial step t.
     *
     * @return the step, or null when none was found within the line search's and the overall evaluation budget
     */
    Step search(double[] x, double f, double[] g, double[] d, double gtd, double t) {
        int budget = Math.min(MAX_LINE_SEARCH_EVALUATIONS, options.maxEvaluations() - evaluations);
        if (budget <= 0) {
            return null;
        }
        double dNorm = maxAbs(d);
        Trial previous = new Trial(0, f, g, gtd, -1);
        Trial current = trial(x, d, t);
        int used = 1;
        Trial low;
        Trial high;
        while (true) {
            if (current.value > f + options.armijo() * current.t * gtd || used > 1 && current.value >= previous.value) {
                low = previous;
                high = current;
                break;
            }
            if (Math.abs(current.slope) <= -options.curvature() * gtd) {
                return accept(current);
            }
            if (current.slope >= 0) {
                low = current;
                high = previous;
                break;
            }
            if (used >= budget) {
                return current.value < f ? accept(current) : null;
            }
            double minStep = current.t + 0.01 * (current.t - previous.t);
            double maxStep = current.t * 10;
            double next = cubicMinimum(previous, current, minStep, maxStep);
            previous = current;
            current = trial(x, d, next);
            used++;
        }
        // Zoom: low always satisfies sufficient decrease and has the lower value of the two.
        boolean insufficientProgress = false;
        while (used < budget) {
            double lo = Math.min(low.t, high.t);
            double hi = Math.max(low.t, high.t);
            if ((hi - lo) * dNorm < 1e-14 * Math.max(1, hi)) {
                break;
            }
            double next = cubicMinimum(low, high, lo, hi);
            double margin = 0.1 * (hi - lo);
            if (Math.min(hi - next, next - lo) < margin) {
                if (insufficientProgress || next >= hi || next <= lo) {
                    next = Math.abs(next - hi) < Math.abs(next - lo) ? hi - margin : lo + margin;
                    insufficientProgress = false;
                } else {
                    insufficientProgress = true;
                }
            } else {
                insufficientProgress = false;
            }
            Trial trial = trial(x, d, next);
            used++;
            if (trial.value > f + options.armijo() * trial.t * gtd || trial.value >= low.value) {
                high = trial;
            } else {
                if (Math.abs(trial.slope) <= -options.curvature() * gtd) {
                    return accept(trial);
                }
                if (trial.slope * (high.t - low.t) >= 0) {
                    high = low;
                }
                low = trial;
            }
        }
        // Out of budget or bracket collapsed: take the best decrease found, if any.
        return low.evaluation >= 0 && low.value < f ? accept(low) : null;
    }

    private static Step accept(Trial trial) {
        return new Step(trial.t, trial.value, trial.gradient, trial.evaluation);
    }

    private Trial trial(double[] x, double[] d, double t) {
        int n = x.length;
        double[] point = new double[n];
        for (int i = 0; i < n; i++) {
            point[i] = x[i] + t * d[i];
        }
        double[] gradient = new double[n];
        double value = evaluate(point, gradient);
        double slope = dot(gradient, d);
        if (!Double.isFinite(value) || !Double.isFinite(slope)) {
            // Treated as an infinitely high point: it can only bound the bracket from above.
            return new Trial(t, Double.POSITIVE_INFINITY, gradient, Double.NaN, evaluations);
        }
        return new Trial(t, value, gradient, slope, evaluations);
    }

    /** Minimiser of the cubic through two points with slopes, clamped to [lo, hi]; bisects when undefined. */
    private static double cubicMinimum(Trial a, Trial b, double lo, double hi) {
        double d1 = a.slope + b.slope - 3 * (a.value - b.value) / (a.t - b.t);
        double d2Squared = d1 * d1 - a.slope * b.slope;
        if (d2Squared >= 0) {
            double d2 = Math.sqrt(d2Squared);
            double t = a.t <= b.t
                    ? b.t - (b.t - a.t) * ((b.slope + d2 - d1) / (b.slope - a.slope + 2 * d2))
                    : a.t - (a.t - b.t) * ((a.slope + d2 - d1) / (a.slope - b.slope + 2 * d2));
            if (Double.isFinite(t)) {
                return Math.min(Math.max(t, lo), hi);
            }
        }
        return (lo + hi) / 2;
    }
}

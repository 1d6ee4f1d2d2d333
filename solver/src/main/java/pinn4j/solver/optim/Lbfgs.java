package pinn4j.solver.optim;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Limited-memory BFGS (Nocedal and Wright, Numerical Optimization, 2nd ed., algorithms 7.4 and 7.5) with a
 * strong-Wolfe line search (algorithms 3.5 and 3.6, safeguarded cubic interpolation as in minFunc and PyTorch).
 * A non-finite value met during a line search counts as "too far" and shortens the step; it never reaches the
 * returned point. The accepted point of every iteration is reported with the number of the evaluation that
 * produced it, so a caller can attach what it recorded during that evaluation.
 */
public final class Lbfgs {

    private static final int MAX_LINE_SEARCH_EVALUATIONS = 25;

    /**
     * Progress after an accepted step.
     *
     * @param iteration accepted steps so far
     * @param evaluations function evaluations so far, line searches included
     * @param value the function at the accepted point
     * @param gradientNorm the largest gradient component there
     * @param acceptedEvaluation which evaluation (1-based) gave the accepted point: earlier than
     *     {@code evaluations} when the line search's last trial was rejected
     * @param point the accepted point
     */
    public record Iteration(int iteration, int evaluations, double value, double gradientNorm,
                            int acceptedEvaluation, double[] point) {

        /**
         * Copies the point.
         *
         * @param iteration accepted steps so far
         * @param evaluations function evaluations so far, line searches included
         * @param value the function at the accepted point
         * @param gradientNorm the largest gradient component there
         * @param acceptedEvaluation which evaluation (1-based) gave the accepted point
         * @param point the accepted point
         */
        public Iteration {
            point = point.clone();
        }

        /** @return a copy of the accepted point */
        @Override
        public double[] point() {
            return point.clone();
        }
    }

    /** Receives every accepted step; returns false to stop. */
    @FunctionalInterface
    public interface IterationListener {
        /**
         * Called after every accepted step.
         *
         * @param iteration the progress so far, with the accepted point
         * @return true to go on, false to stop with {@link StopReason#STOPPED_BY_LISTENER}
         */
        boolean onIteration(Iteration iteration);
    }

    private final LbfgsOptions options;

    /**
     * A minimizer with the given settings; it keeps no state between calls.
     *
     * @param options budget, memory, tolerances and line-search constants
     */
    public Lbfgs(LbfgsOptions options) {
        this.options = options;
    }

    /**
     * Minimizes a function from a starting point.
     *
     * @param function the function and its gradient
     * @param start the starting point; not modified
     * @return the point reached, its value and why the search stopped
     */
    public LbfgsResult minimize(DifferentiableFunction function, double[] start) {
        return minimize(function, start, iteration -> true);
    }

    /**
     * Minimizes a function from a starting point, reporting every accepted step.
     *
     * @param function the function and its gradient
     * @param start the starting point; not modified
     * @param listener told about every accepted step; may stop the search
     * @return the point reached, its value and why the search stopped
     */
    public LbfgsResult minimize(DifferentiableFunction function, double[] start, IterationListener listener) {
        Counter counter = new Counter(function);
        int n = start.length;
        double[] x = start.clone();
        double[] g = new double[n];
        double f = counter.evaluate(x, g);
        int acceptedEvaluation = counter.count;
        if (!Double.isFinite(f) || !allFinite(g)) {
            return new LbfgsResult(x, f, maxAbs(g), 0, counter.count, StopReason.NON_FINITE_START);
        }
        Deque<double[][]> history = new ArrayDeque<>();
        int iteration = 0;
        StopReason reason = null;
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
            if (counter.count >= options.maxEvaluations()) {
                reason = StopReason.MAX_EVALUATIONS;
                break;
            }
            direction(g, history, d);
            double gtd = dot(g, d);
            if (!(gtd < 0)) {
                // Not a descent direction (lost curvature information): restart from steepest descent.
                history.clear();
                direction(g, history, d);
                gtd = dot(g, d);
            }
            double initialStep = history.isEmpty() ? Math.min(1, 1 / sumAbs(g)) : 1;
            Step step = lineSearch(counter, x, f, g, d, gtd, initialStep);
            if (step == null && !history.isEmpty()) {
                history.clear();
                direction(g, history, d);
                gtd = dot(g, d);
                step = lineSearch(counter, x, f, g, d, gtd, Math.min(1, 1 / sumAbs(g)));
            }
            if (step == null) {
                reason = counter.count >= options.maxEvaluations()
                        ? StopReason.MAX_EVALUATIONS : StopReason.LINE_SEARCH_FAILED;
                break;
            }
            double[] s = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = step.t * d[i];
                y[i] = step.gradient[i] - g[i];
            }
            double sy = dot(s, y);
            if (sy > 1e-10 * Math.sqrt(dot(s, s) * dot(y, y))) {
                if (history.size() == options.historySize()) {
                    history.removeFirst();
                }
                history.addLast(new double[][] {s, y, {1 / sy}});
            }
            double previous = f;
            for (int i = 0; i < n; i++) {
                x[i] += s[i];
            }
            f = step.value;
            g = step.gradient;
            acceptedEvaluation = step.evaluation;
            iteration++;
            if (!listener.onIteration(new Iteration(iteration, counter.count, f, maxAbs(g), acceptedEvaluation, x))) {
                reason = StopReason.STOPPED_BY_LISTENER;
            } else if (previous - f <= options.relativeLossTolerance() * Math.abs(previous)) {
                reason = StopReason.LOSS_CHANGE_TOLERANCE;
            } else if (maxAbs(s) <= options.stepTolerance()) {
                reason = StopReason.STEP_TOLERANCE;
            }
        }
        return new LbfgsResult(x, f, maxAbs(g), iteration, counter.count, reason);
    }

    /** Two-loop recursion: d = -H g, with H0 = (s.y / y.y) I from the newest pair. */
    private static void direction(double[] g, Deque<double[][]> history, double[] d) {
        int n = g.length;
        for (int i = 0; i < n; i++) {
            d[i] = -g[i];
        }
        if (history.isEmpty()) {
            return;
        }
        double[] alpha = new double[history.size()];
        int k = history.size() - 1;
        for (Iterator<double[][]> it = history.descendingIterator(); it.hasNext(); k--) {
            double[][] pair = it.next();
            alpha[k] = pair[2][0] * dot(pair[0], d);
            axpy(-alpha[k], pair[1], d);
        }
        double[][] newest = history.getLast();
        double gamma = dot(newest[0], newest[1]) / dot(newest[1], newest[1]);
        for (int i = 0; i < n; i++) {
            d[i] *= gamma;
        }
        k = 0;
        for (double[][] pair : history) {
            double beta = pair[2][0] * dot(pair[1], d);
            axpy(alpha[k] - beta, pair[0], d);
            k++;
        }
    }

    /** An accepted step length with the value and gradient there. */
    private record Step(double t, double value, double[] gradient, int evaluation) {
    }

    /** A trial point of the line search. */
    private record Trial(double t, double value, double[] gradient, double slope, int evaluation) {
    }

    /** Finds t satisfying the strong Wolfe conditions, or returns null. */
    private Step lineSearch(Counter counter, double[] x, double f, double[] g, double[] d, double gtd, double t) {
        int budget = Math.min(MAX_LINE_SEARCH_EVALUATIONS, options.maxEvaluations() - counter.count);
        if (budget <= 0) {
            return null;
        }
        double dNorm = maxAbs(d);
        Trial previous = new Trial(0, f, g, gtd, -1);
        Trial current = trial(counter, x, d, t);
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
            current = trial(counter, x, d, next);
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
            Trial trial = trial(counter, x, d, next);
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

    private static Trial trial(Counter counter, double[] x, double[] d, double t) {
        int n = x.length;
        double[] point = new double[n];
        for (int i = 0; i < n; i++) {
            point[i] = x[i] + t * d[i];
        }
        double[] gradient = new double[n];
        double value = counter.evaluate(point, gradient);
        double slope = dot(gradient, d);
        if (!Double.isFinite(value) || !Double.isFinite(slope)) {
            // Treated as an infinitely high point: it can only bound the bracket from above.
            return new Trial(t, Double.POSITIVE_INFINITY, gradient, Double.NaN, counter.count);
        }
        return new Trial(t, value, gradient, slope, counter.count);
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

    private static final class Counter {
        private final DifferentiableFunction function;
        private int count;

        Counter(DifferentiableFunction function) {
            this.function = function;
        }

        double evaluate(double[] x, double[] gradient) {
            count++;
            return function.valueAndGradient(x, gradient);
        }
    }

    static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static double maxAbs(double[] v) {
        double max = 0;
        for (double value : v) {
            max = Math.max(max, Math.abs(value));
        }
        return max;
    }

    private static double sumAbs(double[] v) {
        double sum = 0;
        for (double value : v) {
            sum += Math.abs(value);
        }
        return sum;
    }

    private static boolean allFinite(double[] v) {
        for (double value : v) {
            if (!Double.isFinite(value)) {
                return false;
            }
        }
        return true;
    }
}

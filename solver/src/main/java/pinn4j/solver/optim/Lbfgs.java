package pinn4j.solver.optim;

import static pinn4j.solver.optim.Vectors.axpy;
import static pinn4j.solver.optim.Vectors.dot;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.function.Supplier;

/**
 * Limited-memory BFGS (Nocedal and Wright, Numerical Optimization, 2nd ed., algorithms 7.4 and 7.5) with a
 * strong-Wolfe line search (algorithms 3.5 and 3.6, safeguarded cubic interpolation as in minFunc and PyTorch);
 * the line search and the iteration around it are shared with {@link SelfScaledQuasiNewton}.
 * A non-finite value met during a line search counts as "too far" and shortens the step; it never reaches the
 * returned point. The accepted point of every iteration is reported with the number of the evaluation that
 * produced it, so a caller can attach what it recorded during that evaluation.
 */
public final class Lbfgs {

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
     * @param state where the search stands, to continue it later ({@link Lbfgs#minimize(DifferentiableFunction,
     *     double[], IterationListener, SearchState)}); null for a method that cannot be resumed (Gauss-Newton)
     */
    public record Iteration(int iteration, int evaluations, double value, double gradientNorm,
                            int acceptedEvaluation, double[] point, Supplier<SearchState> state) {

        /**
         * Copies the point.
         *
         * @param iteration accepted steps so far
         * @param evaluations function evaluations so far, line searches included
         * @param value the function at the accepted point
         * @param gradientNorm the largest gradient component there
         * @param acceptedEvaluation which evaluation (1-based) gave the accepted point
         * @param point the accepted point
         * @param state where the search stands, or null when it cannot be resumed
         */
        public Iteration {
            point = point.clone();
        }

        /**
         * Progress of a search that cannot be resumed.
         *
         * @param iteration accepted steps so far
         * @param evaluations function evaluations so far, line searches included
         * @param value the function at the accepted point
         * @param gradientNorm the largest gradient component there
         * @param acceptedEvaluation which evaluation (1-based) gave the accepted point
         * @param point the accepted point
         */
        public Iteration(int iteration, int evaluations, double value, double gradientNorm, int acceptedEvaluation,
                         double[] point) {
            this(iteration, evaluations, value, gradientNorm, acceptedEvaluation, point, null);
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
        return minimize(function, start, listener, null);
    }

    /**
     * Continues a search from where an earlier one stood after an accepted step, with its memory, or starts one.
     *
     * @param function the function and its gradient, the earlier search's
     * @param start the starting point when {@code resume} is null; else only its length is read
     * @param listener told about every accepted step; may stop the search
     * @param resume what an earlier search's {@link Iteration#state()} gave, or null to start afresh
     * @return the point reached, its value and why the search stopped
     */
    public LbfgsResult minimize(DifferentiableFunction function, double[] start, IterationListener listener,
                                SearchState resume) {
        return LineSearchDescent.minimize(function, start, listener, options,
                new LimitedMemory(options.historySize()), resume);
    }

    /**
     * H as the last m pairs, applied by the two-loop recursion with {@code H0 = (s.y / y.y) I} from the newest
     * pair; a pair with {@code s.y <= 0} (up to rounding) is skipped, which keeps H positive definite.
     */
    private static final class LimitedMemory implements LineSearchDescent.InverseHessian {
        private final int historySize;
        private final Deque<double[][]> history = new ArrayDeque<>();

        LimitedMemory(int historySize) {
            this.historySize = historySize;
        }

        @Override
        public boolean isIdentity() {
            return history.isEmpty();
        }

        @Override
        public void reset() {
            history.clear();
        }

        @Override
        public void update(double[] s, double[] y, double sBs) {
            double sy = dot(s, y);
            if (sy > 1e-10 * Math.sqrt(dot(s, s) * dot(y, y))) {
                if (history.size() == historySize) {
                    history.removeFirst();
                }
                history.addLast(new double[][] {s, y, {1 / sy}});
            }
        }

        @Override
        public double[][] save() {
            return history.stream().flatMap(java.util.Arrays::stream).toArray(double[][]::new);
        }

        @Override
        public void restore(double[][] memory) {
            history.clear();
            for (int i = 0; i + 2 < memory.length; i += 3) {
                history.addLast(new double[][] {memory[i], memory[i + 1], memory[i + 2]});
            }
        }

        @Override
        public void direction(double[] g, double[] d) {
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
    }
}

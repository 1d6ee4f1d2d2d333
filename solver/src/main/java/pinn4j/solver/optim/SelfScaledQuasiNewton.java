package pinn4j.solver.optim;

import java.util.Objects;

/**
 * Self-scaled quasi-Newton methods with a dense inverse-Hessian approximation H: self-scaled BFGS and self-scaled
 * Broyden, as used for PINNs by Urbán, Stefanou and Pons, "Unveiling the optimization process of physics informed
 * neural networks: how accurate and competitive can PINNs be?", J. Comput. Phys. (2025), and by
 * Kiyani, Shukla, Urbán, Darbon and Karniadakis, "Which optimizer works best for physics-informed neural networks
 * and Kolmogorov-Arnold networks?" (arXiv:2501.16371, 2025; in print as "Optimizing the optimizer for ...", Comput.
 * Methods Appl. Mech. Eng. 446 (2025) 118308). The scaling goes back to Oren and Luenberger (1974) and the choices
 * of the scaling and Broyden parameters to M. Al-Baali, "Numerical experience with a class of self-scaling
 * quasi-Newton algorithms", J. Optim. Theory Appl. 96 (1998), and Al-Baali, Spedicato and Maggioni, "Broyden's
 * quasi-Newton methods for a nonlinear system of equations and unconstrained optimization: a review and open
 * problems", Optim. Methods Softw. 29 (2014).
 *
 * <p>Each iteration steps along {@code d = -H g} with the strong-Wolfe line search of {@link Lbfgs}, with the same
 * progress reports, stop tests and results. With {@code s = x_{k+1} - x_k}, {@code y = g_{k+1} - g_k},
 * {@code rho = 1 / s.y}, B the inverse of H ({@code s.B s = -t^2 g.d} for the step length t, since
 * {@code B d = -g}), {@code b = rho s.B s}, {@code h = rho y.H y}, {@code a = b h - 1 >= 0} and
 * {@code v = rho s - H y / y.H y}, H is updated by the self-scaled Broyden class
 * <pre>{@code
 * H+ = (H - (H y)(H y)^T / y.H y + phi (y.H y) v v^T) / tau + rho s s^T,   phi = (1 - theta) / (1 + a theta)
 * }</pre>
 * where theta is the parameter of the class in its Hessian form (0 for BFGS, 1 for DFP) and tau the scaling:
 * <ul>
 *   <li>{@link Update#SSBFGS}: {@code theta = 0} (so {@code phi = 1}) and {@code tau = min(1, 1/b)}, Al-Baali's
 *       scaling, which only ever enlarges H;</li>
 *   <li>{@link Update#SSBROYDEN}: with {@code c = sqrt(a / (1 + a))}, {@code rho- = min(1, h (1 - c))},
 *       {@code theta- = (rho- - 1) / a} and {@code theta+ = 1 / rho-}, {@code theta = max(theta-, min(theta+,
 *       (1 - b) / b))}; with {@code sigma = 1 + a theta} and {@code beta = min(1, 1/b)},
 *       {@code tau = min(beta sigma^(-1/(n-1)), sigma)} when {@code theta <= 0} and
 *       {@code tau = beta min(sigma^(-1/(n-1)), 1/theta)} otherwise.</li>
 * </ul>
 * The first update after a start or restart uses {@code tau = h / sigma} instead (for SSBFGS {@code tau = h}, which
 * turns {@code H = I} into {@code (s.y / y.y) I} before updating it, the usual initial scaling). These are the
 * choices of the reference implementation Urbán et al. published with their paper
 * (github.com/jorgeurban/self_scaled_algorithms_pinns: methods "SSBFGS_AB" and "SSBroyden2", the latter also the
 * default self-scaled Broyden of Bioli and Mendibe Abarrategi's JAX implementation, arXiv:2603.10599); the code
 * here is pinn4j's own.
 *
 * <p>H starts as the identity, the first step being scaled like L-BFGS's ({@code t = min(1, 1/|g|_1)}). It
 * restarts as the identity when d is not a descent direction, when the line search fails along d (steepest descent
 * is then tried before giving up), when {@code s.y} is not positive beyond rounding, or when an update's
 * parameters are not finite. H takes {@code 8 n^2} bytes (39 MB for n = 2209) and an iteration reads H three
 * times (two products and the update: 9-10 ms at n = 2209) on top of the function's evaluations; {@link Lbfgs} suits
 * larger n.
 */
public final class SelfScaledQuasiNewton {

    /** Which member of the self-scaled Broyden class updates H. */
    public enum Update {
        /** Self-scaled BFGS: the BFGS update of H after scaling it by {@code 1/tau = max(1, b)}. */
        SSBFGS,
        /** Self-scaled Broyden: Broyden parameter and scaling chosen at every step from b and h. */
        SSBROYDEN
    }

    private final Update update;
    private final LbfgsOptions options;

    /**
     * A minimizer with the given update and settings; it keeps no state between calls.
     *
     * @param update which update of H
     * @param options budget, tolerances and line-search constants; {@link LbfgsOptions#historySize()} is ignored,
     *     H keeping all the curvature information
     */
    public SelfScaledQuasiNewton(Update update, LbfgsOptions options) {
        this.update = Objects.requireNonNull(update, "update");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Minimizes a function from a starting point.
     *
     * @param function the function and its gradient
     * @param start the starting point; not modified
     * @return the point reached, its value and why the search stopped
     * @throws IllegalArgumentException when H for this many variables would not fit in one array
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
     * @throws IllegalArgumentException when H for this many variables would not fit in one array
     */
    public LbfgsResult minimize(DifferentiableFunction function, double[] start, Lbfgs.IterationListener listener) {
        return minimize(function, start, listener, null);
    }

    /**
     * Continues a search from where an earlier one stood after an accepted step, with its matrix, or starts one.
     *
     * @param function the function and its gradient, the earlier search's
     * @param start the starting point when {@code resume} is null; else only its length is read
     * @param listener told about every accepted step; may stop the search
     * @param resume what an earlier search's {@link Lbfgs.Iteration#state()} gave, or null to start afresh
     * @return the point reached, its value and why the search stopped
     */
    public LbfgsResult minimize(DifferentiableFunction function, double[] start, Lbfgs.IterationListener listener,
                                SearchState resume) {
        return LineSearchDescent.minimize(function, start, listener, options,
                new DenseInverseHessian(start.length, update), resume);
    }
}

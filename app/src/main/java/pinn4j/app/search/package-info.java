/**
 * Bayesian optimization for the batch mode {@code mode: bayesian}: a Gaussian-process surrogate of the objective
 * (a run's log-error, to be minimized) over the sweep's axes, and expected improvement choosing where to run next,
 * a batch at a time so the worker pool stays busy. {@link pinn4j.app.search.BayesianSearch} is the entry point;
 * the batch layer maps its axes to {@link pinn4j.app.search.Dimension}s and draws the first points at random.
 *
 * <p>The surrogate, {@link pinn4j.app.search.GaussianProcess}, is zero-mean on targets standardized to mean 0
 * and variance 1, over inputs in the unit cube, with the Matérn 5/2 ARD kernel
 * <pre>
 *   k(a, b) = s2 (1 + sqrt(5) r + 5 r^2 / 3) exp(-sqrt(5) r),   r^2 = sum_i ((a_i - b_i) / l_i)^2,
 * </pre>
 * once differentiable in the length scales' units, rough enough for objectives that are not analytic, plus a
 * noise variance (nugget) on the diagonal: {@code K = k(X, X) + noise I}, {@code noise >= 1e-6}. The
 * hyperparameters {@code theta = (ln l_1 .. ln l_d, ln s2, ln noise)} maximize the log marginal likelihood
 * <pre>
 *   log p(y | X, theta) = -y^T K^-1 y / 2 - log |K| / 2 - n log(2 pi) / 2,
 *   d/d theta_j = tr((alpha alpha^T - K^-1) dK/d theta_j) / 2,   alpha = K^-1 y,
 * </pre>
 * by Hipparchus' non-linear conjugate gradients from several starts, within bounds. With the Cholesky factor
 * {@code K = L L^T} the posterior at {@code x} is {@code mean = k_x^T alpha},
 * {@code variance = k(x, x) - |L^-1 k_x|^2}.
 *
 * <p>Expected improvement below the best value so far {@code f*}, for a posterior {@code N(m, s^2)}, is
 * <pre>
 *   EI(x) = E[max(f* - Y, 0)] = (f* - m) Phi(z) + s phi(z),   z = (f* - m) / s,
 * </pre>
 * with {@code Phi} and {@code phi} the standard normal cdf and pdf. A batch of {@code q} points comes from the
 * kriging believer: the point of highest EI joins the data as a fantasy observation at its posterior mean, the
 * posterior is recomputed with the hyperparameters kept, and the next point maximizes EI under it; fantasies
 * shrink the variance around the points already chosen, so the batch spreads out.
 */
package pinn4j.app.search;

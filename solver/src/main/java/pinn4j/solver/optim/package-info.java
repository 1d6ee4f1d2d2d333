/**
 * The optimizers of a training plan's stages, on plain double arrays except the first-order ones, which update
 * tensors in place (DJL's, and pinn4j's Nadam).
 *
 * <p>Quasi-Newton methods step along {@code d = -H g}, H approximating the inverse Hessian from the pairs
 * {@code s = x_{k+1} - x_k}, {@code y = g_{k+1} - g_k}, by a step t meeting the strong Wolfe conditions
 * {@code f(x + t d) <= f(x) + c1 t g.d} and {@code |g(x + t d).d| <= c2 |g.d|} with c1 = 1e-4, c2 = 0.9 (which
 * make {@code s.y > 0}). Limited-memory BFGS applies H by the two-loop recursion over the last m pairs (pairs with
 * {@code s.y <= 0} are skipped so H stays positive definite). The self-scaled methods keep a dense n x n H and
 * update it with every pair by a member of the Broyden class scaled by a factor tau:
 * {@code H+ = (H - (Hy)(Hy)^T / y.Hy + phi (y.Hy) v v^T) / tau + s s^T / s.y} with
 * {@code v = s / s.y - Hy / y.Hy}, phi = 1 being BFGS and SSBroyden choosing phi and tau at every step (Urbán et al.
 * 2025, after Al-Baali); when {@code s.y <= 0} they restart from {@code H = I}.
 *
 * <p>Gauss-Newton methods minimize a sum of squares {@code |r(x)|^2} by damped steps
 * {@code d = -J^T (J J^T + lambda I)^-1 r}, solved in residual space (an R x R Cholesky factorization of
 * {@code K = J J^T}, formed on the DJL engine), made safe either by Levenberg-Marquardt damping with Nielsen's update
 * or, as in energy natural gradient descent, by a grid line search over step sizes {@code 2^-k}.
 *
 * <p>Neither DJL nor Hipparchus provides these second-order methods for this use, so pinn4j owns them; they know
 * nothing of networks.
 */
package pinn4j.solver.optim;

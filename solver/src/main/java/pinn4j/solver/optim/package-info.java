/**
 * Limited-memory BFGS on plain double arrays. Each iteration builds the direction {@code d = -H g} by the
 * two-loop recursion over the last m pairs {@code s = x_{k+1} - x_k}, {@code y = g_{k+1} - g_k} (pairs with
 * {@code s.y <= 0} are skipped so H stays positive definite), then finds a step t meeting the strong Wolfe
 * conditions {@code f(x + t d) <= f(x) + c1 t g.d} and {@code |g(x + t d).d| <= c2 |g.d|} with c1 = 1e-4,
 * c2 = 0.9. Neither DJL nor Hipparchus provides L-BFGS, so pinn4j owns this one; it knows nothing of networks.
 */
package pinn4j.solver.optim;

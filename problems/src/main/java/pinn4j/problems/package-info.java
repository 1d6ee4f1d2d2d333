/**
 * ODE problems, written once. A problem is a system of explicit equations {@code u_i^(n_i) = f_i(t, u, u', ...)},
 * each right-hand side an immutable symbolic {@link pinn4j.problems.Expr} traced from a Java lambda over
 * {@link pinn4j.problems.Symbols}; linear conditions at points of the domain; and optionally the exact solution.
 * The same expression drives three consumers through {@link pinn4j.problems.Algebra}: the network's residual on
 * tensors (solver module), the reference integration on doubles ({@link pinn4j.problems.FirstOrderSystem}, the
 * first-order form Hipparchus integrates), and the printed equation used in titles and reports. A problem may be
 * inverse: some parameters are {@link pinn4j.problems.FittedParameter fitted} to
 * {@link pinn4j.problems.Observations measurements}, their declared values the initial guesses, and conditions'
 * values may be expressions in parameters so that an unknown initial value can be one of them;
 * {@link pinn4j.problems.OdeProblem#withParameters} poses the same problem at other values.
 * <p>
 * The expressions are differentiated symbolically ({@link pinn4j.problems.Differentiation}): the partials
 * {@code df_i/du_k^(j)} give the Jacobian J of the first-order system {@code y' = F(t, y)}, whose state y stacks
 * each unknown's derivatives below its order, so J holds a 1 above the diagonal for each lower derivative and the
 * partials in each equation's last row. Its eigenvalues lambda give the time scales: 1/|Re lambda| of decay or growth,
 * 2 pi/|Im lambda| of oscillation. {@link pinn4j.problems.ProblemAnalysis} samples them along a quick integration
 * (or, for a boundary-value problem, over the domain), without finite differences. This package depends on no
 * tensor library.
 */
package pinn4j.problems;

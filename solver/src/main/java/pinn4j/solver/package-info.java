/**
 * The physics-informed network. {@link pinn4j.solver.internal.TaylorMlp} maps t to u(t) and carries the exact
 * derivatives u', u'', ... through every layer as ordinary tensor operations (Faa di Bruno's formula), so the
 * residual {@code u^(n) - f(t, u, ..., u^(n-1))} at collocation points is differentiable by one backward pass.
 * {@link pinn4j.solver.PinnTrainer} minimizes {@code L_total = w_cc L_cc + w_phys L_phys}, where L_cc sums the
 * squared misfits of the conditions and L_phys is the mean squared residual, first with Adam and then with
 * L-BFGS ({@link pinn4j.solver.optim}); it returns an immutable {@link pinn4j.solver.TrainedPinn} with the
 * network, its loss history per term and stage, timings, seed and configuration.
 */
package pinn4j.solver;


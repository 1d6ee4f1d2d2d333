/**
 * The physics-informed network. {@link pinn4j.solver.internal.TaylorMlp} maps t to u(t) and carries the exact
 * derivatives u', u'', ... through every layer as ordinary tensor operations (Faa di Bruno's formula), so the
 * residual {@code u^(n) - f(t, u, ..., u^(n-1))} at collocation points is differentiable by one backward pass.
 * {@link pinn4j.solver.PinnTrainer} minimizes {@code L_total = w_cc L_cc + w_phys L_phys (+ w_data L_data)}, where
 * L_cc sums the squared misfits of the conditions, L_phys is the mean squared residual and L_data sums the squared
 * misfits of measured values, one term per measured unknown, by the plan of stages ({@link pinn4j.solver.optim}:
 * Adam, then L-BFGS, by default). For an inverse problem the fitted parameters are trained with the network in the
 * same loss, each in a coordinate {@code p = p0 + |p0| theta} folded into its bounds by reflection; the residual
 * weights follow them, and over the last stage's second half rise by {@link pinn4j.solver.TrainingConfig#physicsRamp}
 * (a penalty continuation towards the equation's own least-squares fit). Gauss-Newton stages see the loss as a sum
 * of squares {@code |r|^2} and take its Jacobian from one backward pass, each residual having its own row of points
 * and its own copy of the weights. {@link pinn4j.solver.PinnTrainer#trainMembers} trains K seeds at once, their
 * parameters stacked along a first axis (one batched product per layer), each member keeping its own line search.
 * {@link pinn4j.solver.Regularization} adds {@code l1 sum |W| + l2 sum W^2} over the weight matrices as two more
 * terms, and dropout: each hidden unit's output at each point times a seeded mask in first-order steps, the mask
 * applying to every Taylor component alike since it does not depend on t. Before training, the configuration's
 * {@link pinn4j.solver.Strategy} lets {@link pinn4j.solver.StrategyChoice} add remedies from the problem's analysis
 * ({@link pinn4j.problems.ProblemAnalysis}: the Jacobian's eigenvalues and the solution's oscillations along a quick
 * integration), today time windows of 2 oscillations for an initial-value problem of more than 4. Training returns
 * an immutable {@link pinn4j.solver.TrainedPinn} with the network, the estimates, the loss history per term and
 * stage (with the estimates at every step), timings, seed, configuration and strategy.
 */
package pinn4j.solver;


/**
 * The comparator. {@link pinn4j.plots.comparator.Reference} integrates the same problem with Hipparchus'
 * Dormand-Prince 8(5,3) (tolerances 1e-12, dense output), by shooting for boundary-value problems (Levenberg-
 * Marquardt on the unknown initial values); {@link pinn4j.plots.comparator.Comparison} measures the network
 * against the exact solution where one exists, is finite and agrees with that reference, else against the reference
 * with a warning ({@link pinn4j.plots.comparator.ReferenceKind} says which): relative L2 error
 * {@code sqrt(sum (u_pinn - u)^2 / sum u^2)} and max absolute error on a uniform grid, plus the reference's own
 * error against the exact solution. {@link pinn4j.plots.comparator.ErrorTrace} follows that error during training.
 * For an inverse problem, {@link pinn4j.plots.comparator.ClassicalFit} fits the same parameters to the same data by
 * Levenberg-Marquardt over those Hipparchus solutions, with standard errors, to set beside the network's estimates.
 */
package pinn4j.plots.comparator;

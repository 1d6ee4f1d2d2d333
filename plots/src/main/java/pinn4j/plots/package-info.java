/**
 * The comparator. {@link pinn4j.plots.Reference} integrates the same problem with Hipparchus' Dormand-Prince
 * 8(5,3) (tolerances 1e-12, dense output); {@link pinn4j.plots.Comparison} measures the network against the exact
 * solution where one exists, else against that reference: relative L2 error
 * {@code sqrt(sum (u_pinn - u)^2 / sum u^2)} and max absolute error on a uniform grid, plus the reference's own
 * error against the exact solution. {@link pinn4j.plots.Charts} builds the XChart figures and
 * {@link pinn4j.plots.RunFiles} writes them with the metrics, each file whole or not at all.
 */
package pinn4j.plots;

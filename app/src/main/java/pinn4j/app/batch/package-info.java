/**
 * Batch runs: a sweep file expanded into runs (problems x configurations x seeds; grid, random, hyperband, or
 * bayesian, whose rounds {@link pinn4j.app.search} proposes from the errors so far over the axes mapped by
 * {@code SearchSpace}), run by worker processes into atomic run folders so an interrupted batch resumes, and
 * ranked in a report.
 */
package pinn4j.app.batch;

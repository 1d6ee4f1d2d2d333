/**
 * Batch runs: a sweep file expanded into runs (problems x configurations x seeds; grid, random or hyperband),
 * run by worker processes into atomic run folders so an interrupted batch resumes, and ranked in a report.
 */
package pinn4j.app.batch;

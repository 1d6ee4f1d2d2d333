/**
 * XChart figures, built apart from saving or showing them: the solution against its references, the error on a
 * log axis, the loss terms per stage ({@link pinn4j.plots.charts.Charts}) and the panels of a training in progress
 * ({@link pinn4j.plots.charts.TrainingCharts}), all in one style.
 */
package pinn4j.plots.charts;

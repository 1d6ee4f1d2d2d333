/**
 * A run's files: {@link pinn4j.plots.files.RunFiles} writes the figures, {@code metrics.json}, the sampled
 * solution and the trained network into a folder, each file whole or not at all.
 */
package pinn4j.plots.files;

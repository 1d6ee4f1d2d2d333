/**
 * The training settings, each declared once ({@link pinn4j.solver.settings.Setting}: name, kind of value with its
 * allowed range, default and one line of documentation), and the one reader
 * ({@link pinn4j.solver.settings.TrainingSettings}) that turns settings as written in problem files, flags, batch
 * axes and built-ins into a {@link pinn4j.solver.TrainingConfig}, with errors that say where, which setting, the
 * value and what is allowed.
 */
package pinn4j.solver.settings;

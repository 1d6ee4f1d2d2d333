/**
 * Classroom lessons: short experiments with fixed seeds that make one idea of the course visible, each writing its
 * figures, its measured numbers ({@code results.json}) and a plain-words {@code lesson.md} quoting them.
 */
package pinn4j.app.lessons;

/**
 * Files and folders written whole or not at all. {@link pinn4j.solver.io.Folders} writes a file or fills a folder
 * under a hidden temporary name beside its target, flushes it to disk and renames it into place, so a reader (or a
 * process started after a crash) sees the previous complete version or the new complete one, never a mix; it
 * removes what killed writers left, and locks an output folder against a second writing process.
 */
package pinn4j.solver.io;

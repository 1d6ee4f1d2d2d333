package pinn4j.solver;

import java.util.Arrays;
import java.util.SplittableRandom;

import pinn4j.problems.Domain;
import pinn4j.solver.internal.Choices;

/**
 * Where the residual is evaluated.
 *
 * @param points how many collocation points
 * @param sampling a uniform grid including both ends, or seeded uniform random points
 * @param resampleEvery draw new random points every this many Adam iterations; 0 never
 */
public record Collocation(int points, Sampling sampling, int resampleEvery) {

    /** How collocation points are placed. */
    public enum Sampling {
        /** A uniform grid including both ends of the domain (the midpoint when there is one point). */
        GRID,
        /** Seeded uniform random points, sorted. */
        RANDOM;

        /**
         * The name used on the command line and in files.
         *
         * @return {@code grid} or {@code random}
         */
        public String id() {
            return Choices.id(this);
        }

        /**
         * Parses {@code grid} or {@code random}, case-insensitively.
         *
         * @param name the name as written
         * @return the sampling
         * @throws IllegalArgumentException listing the choices when the name is neither
         */
        public static Sampling parse(String name) {
            return Choices.parse(values(), "sampling", name);
        }
    }

    /**
     * Validates the placement.
     *
     * @param points how many collocation points, at least 1
     * @param sampling a uniform grid including both ends, or seeded uniform random points
     * @param resampleEvery draw new random points every this many Adam iterations; 0 never, and 0 for a grid
     * @throws IllegalArgumentException on a value out of range, naming it
     */
    public Collocation {
        if (points < 1) {
            throw new IllegalArgumentException("points must be >= 1, got " + points);
        }
        if (resampleEvery < 0) {
            throw new IllegalArgumentException("resampleEvery must be >= 0, got " + resampleEvery);
        }
        if (resampleEvery > 0 && sampling == Sampling.GRID) {
            throw new IllegalArgumentException("resampleEvery needs random sampling; a grid never changes");
        }
    }

    /**
     * A uniform grid that never changes.
     *
     * @param points how many collocation points
     * @return the placement
     */
    public static Collocation grid(int points) {
        return new Collocation(points, Sampling.GRID, 0);
    }

    /**
     * The random source of a training with this seed: its first draw gives the first collocation points.
     *
     * @param seed the training's seed
     * @return a new random source
     */
    public static SplittableRandom randomSource(long seed) {
        return new SplittableRandom(seed).split();
    }

    /**
     * The points for the given draw; grids ignore the random source.
     *
     * @param domain the interval the points lie in
     * @param random the training's random source, advanced by random sampling
     * @return the points, in increasing order
     */
    public double[] sample(Domain domain, SplittableRandom random) {
        if (sampling == Sampling.GRID) {
            return points == 1 ? new double[] {(domain.t0() + domain.t1()) / 2} : domain.grid(points);
        }
        double[] drawn = new double[points];
        for (int i = 0; i < points; i++) {
            drawn[i] = domain.t0() + domain.length() * random.nextDouble();
        }
        Arrays.sort(drawn);
        return drawn;
    }
}

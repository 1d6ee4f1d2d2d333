package pinn4j.solver;

import pinn4j.solver.internal.Choices;
import java.util.Arrays;
import java.util.SplittableRandom;

import pinn4j.problems.Domain;

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
        GRID, RANDOM;

        public String id() {
            return Choices.id(this);
        }

        public static Sampling parse(String name) {
            return Choices.parse(values(), "sampling", name);
        }
    }

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

    public static Collocation grid(int points) {
        return new Collocation(points, Sampling.GRID, 0);
    }

    /** The random source of a training with this seed: its first draw gives the first collocation points. */
    public static SplittableRandom randomSource(long seed) {
        return new SplittableRandom(seed).split();
    }

    /** The points for the given draw; grids ignore the random source. */
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

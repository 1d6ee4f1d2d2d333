package pinn4j.app.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

import org.junit.jupiter.api.Test;

class BayesianSearchTest {

    /** Branin on [-5, 10] x [0, 15], mapped from the unit square; minimum 0.397887 at three points. */
    private static double branin(double[] u) {
        double x1 = -5 + 15 * u[0];
        double x2 = 15 * u[1];
        double b = 5.1 / (4 * Math.PI * Math.PI);
        double c = 5 / Math.PI;
        double t = 1 / (8 * Math.PI);
        return Math.pow(x2 - b * x1 * x1 + c * x1 - 6, 2) + 10 * (1 - t) * Math.cos(x1) + 10;
    }

    private static final double[] ALPHA = {1.0, 1.2, 3.0, 3.2};
    private static final double[][] A = {{10, 3, 17, 3.5, 1.7, 8}, {0.05, 10, 17, 0.1, 8, 14},
            {3, 3.5, 1.7, 10, 17, 8}, {17, 8, 0.05, 10, 0.1, 14}};
    private static final double[][] P = {{0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886},
            {0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991}, {0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650},
            {0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381}};

    /** Hartmann-6 on the unit cube; minimum -3.32237. */
    private static double hartmann6(double[] x) {
        double sum = 0;
        for (int i = 0; i < 4; i++) {
            double inner = 0;
            for (int j = 0; j < 6; j++) {
                inner += A[i][j] * (x[j] - P[i][j]) * (x[j] - P[i][j]);
            }
            sum += ALPHA[i] * Math.exp(-inner);
        }
        return -sum;
    }

    private static double[] randomPoint(SplittableRandom random, int d) {
        double[] point = new double[d];
        for (int j = 0; j < d; j++) {
            point[j] = random.nextDouble();
        }
        return point;
    }

    /** The values a search sees, in order: {@code initial} random points, then rounds of {@code batch}. */
    private static double[] bayesian(ToDoubleFunction<double[]> f, int d, int initial, int budget, int batch,
            long seed) {
        BayesianSearch search = new BayesianSearch(Collections.nCopies(d, new Dimension.Continuous()));
        SplittableRandom random = new SplittableRandom(seed);
        List<Observation> observations = new ArrayList<>();
        for (int i = 0; i < initial; i++) {
            double[] point = randomPoint(random, d);
            observations.add(new Observation(Arrays.stream(point).boxed().toList(), f.applyAsDouble(point)));
        }
        for (int round = 0; observations.size() < budget; round++) {
            for (List<Double> point : search.propose(observations, Math.min(batch, budget - observations.size()),
                    seed, round)) {
                observations.add(new Observation(point,
                        f.applyAsDouble(point.stream().mapToDouble(Double::doubleValue).toArray())));
            }
        }
        return observations.stream().mapToDouble(Observation::value).toArray();
    }

    /** Random search's values, its first points the same as the Bayesian search's random start. */
    private static double[] random(ToDoubleFunction<double[]> f, int d, int budget, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[budget];
        for (int i = 0; i < budget; i++) {
            values[i] = f.applyAsDouble(randomPoint(random, d));
        }
        return values;
    }

    private static double best(double[] values) {
        return Arrays.stream(values).min().orElseThrow();
    }

    /** Evaluations until a value within {@code tolerance} of {@code minimum}; values.length + 1 when never. */
    private static int reach(double[] values, double minimum, double tolerance) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] <= minimum + tolerance) {
                return i + 1;
            }
        }
        return values.length + 1;
    }

    /*
     * Measured (rounds of 3 after 5 random points on Branin, rounds of 4 after 10 on Hartmann-6; random search's
     * first points are the Bayesian search's random start): best value after the budget, and evaluations until
     * within the tolerance of the minimum.
     *
     *   Branin, 30 evaluations, tolerance 0.01
     *     seed 1: BO 0.398386, within at 25; random 3.7603, within at 5688
     *     seed 2: BO 0.398808, within at 30; random 2.1886, within at 1791
     *     seed 3: BO 0.402183, within at 28; random 0.4088, within at 2214
     *   Hartmann-6, 50 evaluations, tolerance 0.15 (random's best after 500 and 5000 evaluations too)
     *     seed 1: BO -3.31113, within at 39; random -2.0220 (-2.8890, -3.1408), within at 55029
     *     seed 2: BO -2.33539, not within;   random -1.3032 (-2.6315, -2.9634), within at 97964
     *     seed 3: BO -3.31704, within at 41; random -2.1585 (-2.1585, -2.9517), within at 85413
     *
     * Over seeds 1 to 20, BO's best after 50 Hartmann-6 evaluations was within 0.21 of the minimum on all but
     * seed 2; seed 2 is kept rather than swapped for a kinder one.
     */

    @Test
    void reachesTheMinimumOfBraninInFewerEvaluationsThanRandomSearch() {
        for (long seed = 1; seed <= 3; seed++) {
            double[] bo = bayesian(BayesianSearchTest::branin, 2, 5, 30, 3, seed);
            double[] rs = random(BayesianSearchTest::branin, 2, 1000, seed);
            assertTrue(best(bo) < best(Arrays.copyOf(rs, 30)), "seed " + seed + ": BO " + best(bo));
            // Measured within 0.0043 of the minimum on every seed, a factor 2.3 under the tolerance.
            assertTrue(reach(bo, 0.397887, 0.01) <= 30, "seed " + seed + ": BO " + best(bo));
            assertTrue(reach(rs, 0.397887, 0.01) > 1000, "seed " + seed + ": random " + best(rs));
        }
    }

    @Test
    void beatsRandomSearchOnHartmann6() {
        int within = 0;
        for (long seed = 1; seed <= 3; seed++) {
            double bo = best(bayesian(BayesianSearchTest::hartmann6, 6, 10, 50, 4, seed));
            double rs = best(random(BayesianSearchTest::hartmann6, 6, 50, seed));
            // Measured at least 1.03 better on every seed.
            assertTrue(bo < rs - 0.5, "seed " + seed + ": BO " + bo + ", random " + rs);
            within += bo < -3.32237 + 0.15 ? 1 : 0;
        }
        // Measured within 0.012 on seeds 1 and 3; random search needs over 55000 evaluations for 0.15.
        assertEquals(2, within);
    }

    private static final List<Dimension> MIXED = List.of(new Dimension.Continuous(), new Dimension.Ordinal(5),
            new Dimension.Categorical(3));

    /** Minimum 0 at x = 0.3, level 3, choice 1. */
    private static double mixed(List<Double> point) {
        return Math.pow(point.get(0) - 0.3, 2) + 0.1 * Math.pow(point.get(1) - 3, 2) + (point.get(2) == 1 ? 0 : 1);
    }

    private static List<Observation> mixedStart() {
        SplittableRandom random = new SplittableRandom(4);
        List<Observation> observations = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            List<Double> point = List.of(random.nextDouble(), (double) random.nextInt(5), (double) random.nextInt(3));
            observations.add(new Observation(point, i == 2 ? Double.NaN : mixed(point)));
        }
        return observations;
    }

    @Test
    void proposesValidDistinctNewPointsInMixedSpacesAndFindsTheMinimum() {
        BayesianSearch search = new BayesianSearch(MIXED);
        List<Observation> observations = mixedStart();
        for (int round = 0; round < 4; round++) {
            List<List<Double>> proposals = search.propose(observations, 3, 9, round);
            assertEquals(3, proposals.size());
            assertEquals(3, proposals.stream().distinct().count());
            for (List<Double> point : proposals) {
                for (int i = 0; i < MIXED.size(); i++) {
                    assertTrue(MIXED.get(i).admits(point.get(i)), point + " in " + MIXED.get(i));
                }
                assertTrue(observations.stream().noneMatch(o -> o.point().equals(point)), "re-proposed " + point);
            }
            proposals.forEach(point -> observations.add(new Observation(point, mixed(point))));
        }
        Observation best = observations.stream().min(Comparator.comparingDouble(Observation::value))
                .orElseThrow();
        // Measured: after 8 random points and 12 proposed, the best is x = 0.2978, level 3, choice 1 (value 4.9e-6).
        assertEquals(List.of(3.0, 1.0), best.point().subList(1, 3), best.toString());
        assertTrue(best.value() < 1e-3, best.toString());
    }

    @Test
    void sameInputsAndSeedGiveTheSameProposals() {
        BayesianSearch search = new BayesianSearch(MIXED);
        List<Observation> observations = mixedStart();
        List<List<Double>> first = search.propose(observations, 3, 9, 2);
        assertEquals(first, search.propose(observations, 3, 9, 2));
        assertNotEquals(first, search.propose(observations, 3, 9, 3), "another round draws afresh");
    }

    @Test
    void neverReproposesAnObservedPointOfAFiniteSpace() {
        BayesianSearch search = new BayesianSearch(List.of(new Dimension.Ordinal(2), new Dimension.Categorical(2)));
        List<Observation> observations = new ArrayList<>(List.of(new Observation(List.of(0.0, 0.0), 1),
                new Observation(List.of(1.0, 0.0), 2), new Observation(List.of(0.0, 1.0), 3)));
        assertEquals(List.of(List.of(1.0, 1.0)), search.propose(observations, 2, 1, 0));
        observations.add(new Observation(List.of(1.0, 1.0), 4));
        assertEquals(List.of(), search.propose(observations, 2, 1, 0));
    }

    @Test
    void equalOrFailedObjectivesStillGiveProposals() {
        BayesianSearch search = new BayesianSearch(List.of(new Dimension.Continuous(), new Dimension.Continuous()));
        for (double value : new double[] {1.5, Double.NaN}) {
            List<Observation> observations = List.of(new Observation(List.of(0.1, 0.2), value),
                    new Observation(List.of(0.8, 0.4), value), new Observation(List.of(0.5, 0.9), value));
            List<List<Double>> proposals = search.propose(observations, 4, 1, 0);
            assertEquals(4, proposals.stream().distinct().count(), proposals.toString());
        }
    }

    @Test
    void failuresCountAsTheWorstValuePlusAMargin() {
        assertEquals(List.of(1.0, 3.0, 3.5, 3.5), Arrays.stream(BayesianSearch.objective(List.of(
                new Observation(List.of(0.0), 1), new Observation(List.of(0.1), 3),
                new Observation(List.of(0.2), Double.NaN), new Observation(List.of(0.3), Double.POSITIVE_INFINITY))))
                .boxed().toList());
        assertEquals(List.of(2.0, 3.0), Arrays.stream(BayesianSearch.objective(List.of(
                new Observation(List.of(0.0), 2), new Observation(List.of(0.1), Double.NaN)))).boxed().toList());
    }
}

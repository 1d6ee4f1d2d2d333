package pinn4j.app.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.SimpleBounds;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.hipparchus.optim.univariate.BrentOptimizer;
import org.hipparchus.optim.univariate.SearchInterval;
import org.hipparchus.optim.univariate.UnivariateObjectiveFunction;

/**
 * Bayesian optimization's proposals over a space of {@link Dimension}s: fits a {@link GaussianProcess} to the
 * observations and proposes a batch by expected improvement and the kriging believer. The first points of a
 * search, before a model can say anything, are the caller's to draw at random.
 *
 * <p>The GP sees a point encoded in a unit cube: a continuous value as it is, an ordinal level {@code k} of
 * {@code n} as {@code k / (n - 1)}, a categorical choice one-hot. Expected improvement is maximized over valid
 * points only: seeded random candidates, a quarter of them near the best point so far (which is what lets the
 * search close in on a minimum rather than only find its basin), the best few refined locally (BOBYQA, or Brent
 * in one coordinate, within 0.1 of the start) over the continuous and ordinal coordinates with ordinals relaxed
 * and then rounded to their level, then every choice of each categorical tried in turn.
 *
 * @param dimensions the search space's dimensions, in the order of each point's values
 */
public record BayesianSearch(List<Dimension> dimensions) {

    private static final int CANDIDATES = 2048;
    private static final int REFINED = 5;
    /**
     * How far a refinement may move a candidate in each unit-cube coordinate: a local polish, not a second global
     * search. Measured on Hartmann-6 (50 evaluations, seeds 1 to 8), refining over the whole cube left 3 seeds
     * more than 0.2 above the minimum, refining within 0.1 left 1.
     */
    private static final double REACH = 0.1;
    /** A failed run counts as the worst finite value plus this fraction of the finite values' range. */
    private static final double FAILURE_MARGIN = 0.25;
    /** Encoded points closer than this to an observed or proposed one are not proposed: they would teach nothing. */
    private static final double MIN_DISTANCE = 1e-6;

    /**
     * Copies the dimensions and checks there is at least one.
     *
     * @param dimensions the search space's dimensions, in the order of each point's values
     */
    public BayesianSearch {
        dimensions = List.copyOf(dimensions);
        if (dimensions.isEmpty()) {
            throw new IllegalArgumentException("a search needs at least one dimension");
        }
    }

    /**
     * The next batch of points to evaluate. Each point of the batch maximizes expected improvement under a GP
     * that believes the points chosen before it came out at their posterior mean (the kriging believer), so a
     * batch spreads out instead of proposing one point {@code count} times; the hyperparameters are fitted once.
     *
     * <p>Failed runs (NaN or +infinity) count as the worst finite value plus a quarter of the finite values'
     * range (plus 1 when that range is zero), so the search learns to avoid where they were without one failure
     * stretching the model's scale; with no finite value at all every point counts as 0 and the proposals fill
     * the space where the model is least sure.
     *
     * @param observations the points evaluated so far, at least one, with values valid for their dimensions
     * @param count how many points to propose, at least 1
     * @param seed the search's seed
     * @param round the round of proposals, so each round draws afresh from the same seed
     * @return up to {@code count} distinct points, none already observed, each a valid value per dimension;
     *     fewer only when no unobserved point turns up among the candidates (a small discrete space used up)
     */
    public List<List<Double>> propose(List<Observation> observations, int count, long seed, int round) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
        if (observations.isEmpty()) {
            throw new IllegalArgumentException("the model needs at least one observation; draw the first at random");
        }
        double[][] inputs = new double[observations.size()][];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = encode(checked(observations.get(i).point()));
        }
        double[] targets = objective(observations);
        // The seed is mixed before the round is added, so neighbouring seeds do not give shifted streams.
        SplittableRandom random = new SplittableRandom(new SplittableRandom(seed).nextLong() + round);
        GaussianProcess process = GaussianProcess.fit(inputs, targets, random.nextLong());
        int incumbent = 0;
        for (int i = 1; i < targets.length; i++) {
            incumbent = targets[i] < targets[incumbent] ? i : incumbent;
        }
        double[] around = checked(observations.get(incumbent).point());
        double best = targets[incumbent];
        List<double[]> taken = new ArrayList<>(Arrays.asList(inputs));
        List<List<Double>> proposals = new ArrayList<>();
        while (proposals.size() < count) {
            double[] point = next(process, best, around, taken, random);
            if (point == null) {
                break;
            }
            double[] encoded = encode(point);
            double believed = process.predict(encoded).mean();
            process = process.condition(encoded, believed);
            best = Math.min(best, believed);
            taken.add(encoded);
            proposals.add(Arrays.stream(point).boxed().toList());
        }
        return List.copyOf(proposals);
    }

    /** The objective the GP models: the observed values, failures replaced as {@link #propose} describes. */
    static double[] objective(List<Observation> observations) {
        DoubleSummaryStatistics finite = observations.stream().filter(o -> !o.failed())
                .mapToDouble(Observation::value).summaryStatistics();
        if (finite.getCount() == 0) {
            return new double[observations.size()];
        }
        double range = finite.getMax() - finite.getMin();
        double failure = finite.getMax() + (range > 0 ? FAILURE_MARGIN * range : 1);
        return observations.stream().mapToDouble(o -> o.failed() ? failure : o.value()).toArray();
    }

    /** The valid, unobserved point of highest expected improvement found; null when every candidate is taken. */
    private double[] next(GaussianProcess process, double best, double[] around, List<double[]> taken,
            SplittableRandom random) {
        ToDoubleFunction<double[]> improvement = point -> {
            GaussianProcess.Prediction prediction = process.predict(encode(point));
            return ExpectedImprovement.of(best, prediction.mean(), prediction.variance());
        };
        List<Scored> candidates = new ArrayList<>();
        for (int i = 0; i < CANDIDATES; i++) {
            double[] point = i < CANDIDATES / 4 ? nearby(around, random) : randomPoint(random);
            candidates.add(new Scored(point, improvement.applyAsDouble(point)));
        }
        candidates.sort(Comparator.comparingDouble(Scored::value).reversed());
        Scored chosen = null;
        int refined = 0;
        for (Scored candidate : candidates) {
            if (refined == REFINED) {
                break;
            }
            if (near(candidate.point(), taken)) {
                continue;
            }
            refined++;
            Scored better = refine(candidate, improvement);
            if (near(better.point(), taken)) {
                better = candidate;
            }
            if (chosen == null || better.value() > chosen.value()) {
                chosen = better;
            }
        }
        return chosen == null ? null : chosen.point();
    }

    /**
     * Climbs from a candidate: the continuous and ordinal coordinates together (ordinals relaxed, then rounded),
     * then each categorical's choices. Keeps the candidate when the climb ends lower.
     */
    private Scored refine(Scored start, ToDoubleFunction<double[]> improvement) {
        List<Integer> relaxed = new ArrayList<>();
        for (int i = 0; i < dimensions.size(); i++) {
            if (dimensions.get(i) instanceof Dimension.Continuous
                    || dimensions.get(i) instanceof Dimension.Ordinal ordinal && ordinal.levels() > 1) {
                relaxed.add(i);
            }
        }
        double[] point = start.point().clone();
        if (!relaxed.isEmpty()) {
            double[] t = new double[relaxed.size()];
            for (int j = 0; j < t.length; j++) {
                t[j] = encode(start.point())[offset(relaxed.get(j))];
            }
            Scored[] climbed = {new Scored(t, improvement.applyAsDouble(point))};
            ToDoubleFunction<double[]> objective = u -> {
                double value = improvement.applyAsDouble(relax(start.point(), relaxed, u));
                if (value > climbed[0].value()) {
                    climbed[0] = new Scored(u.clone(), value);
                }
                return value;
            };
            try {
                double[] low = new double[t.length];
                double[] high = new double[t.length];
                for (int j = 0; j < t.length; j++) {
                    low[j] = Math.max(t[j] - REACH, 0);
                    high[j] = Math.min(t[j] + REACH, 1);
                }
                if (t.length == 1) {
                    new BrentOptimizer(1e-8, 1e-12).optimize(new MaxEval(200),
                            new UnivariateObjectiveFunction(u -> objective.applyAsDouble(new double[] {u})),
                            GoalType.MAXIMIZE, new SearchInterval(low[0], high[0], t[0]));
                } else {
                    new BOBYQAOptimizer(2 * t.length + 1, REACH / 4, 1e-6).optimize(new MaxEval(100 * t.length),
                            new ObjectiveFunction(objective::applyAsDouble), GoalType.MAXIMIZE,
                            new InitialGuess(t), new SimpleBounds(low, high));
                }
            } catch (MathIllegalStateException budgetSpent) {
                // The best point evaluated so far stands.
            }
            point = relax(start.point(), relaxed, climbed[0].point());
            for (int i : relaxed) {
                if (dimensions.get(i) instanceof Dimension.Ordinal) {
                    point[i] = Math.rint(point[i]);
                }
            }
        }
        double value = improvement.applyAsDouble(point);
        for (int i = 0; i < dimensions.size(); i++) {
            if (dimensions.get(i) instanceof Dimension.Categorical categorical) {
                for (int choice = 0; choice < categorical.choices(); choice++) {
                    double[] other = point.clone();
                    other[i] = choice;
                    double otherValue = improvement.applyAsDouble(other);
                    if (otherValue > value) {
                        point = other;
                        value = otherValue;
                    }
                }
            }
        }
        return value >= start.value() ? new Scored(point, value) : start;
    }

    /** The point with its relaxed coordinates set from unit-cube values; ordinal levels may be fractional. */
    private double[] relax(double[] point, List<Integer> relaxed, double[] unit) {
        double[] result = point.clone();
        for (int j = 0; j < relaxed.size(); j++) {
            int i = relaxed.get(j);
            double u = Math.min(Math.max(unit[j], 0), 1);
            result[i] = dimensions.get(i) instanceof Dimension.Ordinal ordinal ? u * (ordinal.levels() - 1) : u;
        }
        return result;
    }

    /** A point near another: its continuous values moved by a normal step of 0.05, clipped; the rest kept. */
    private double[] nearby(double[] point, SplittableRandom random) {
        double[] result = point.clone();
        for (int i = 0; i < result.length; i++) {
            if (dimensions.get(i) instanceof Dimension.Continuous) {
                result[i] = Math.min(Math.max(result[i] + 0.05 * random.nextGaussian(), 0), 1);
            }
        }
        return result;
    }

    private double[] randomPoint(SplittableRandom random) {
        double[] point = new double[dimensions.size()];
        for (int i = 0; i < point.length; i++) {
            Dimension dimension = dimensions.get(i);
            point[i] = dimension instanceof Dimension.Ordinal ordinal ? random.nextInt(ordinal.levels())
                    : dimension instanceof Dimension.Categorical categorical ? random.nextInt(categorical.choices())
                    : random.nextDouble();
        }
        return point;
    }

    /** A point's coordinates in the GP's unit cube; a continuous or ordinal value's coordinate is at its offset. */
    private double[] encode(double[] point) {
        double[] encoded = new double[offset(dimensions.size())];
        for (int i = 0; i < point.length; i++) {
            Dimension dimension = dimensions.get(i);
            if (dimension instanceof Dimension.Categorical) {
                encoded[offset(i) + (int) point[i]] = 1;
            } else if (dimension instanceof Dimension.Ordinal ordinal) {
                encoded[offset(i)] = ordinal.levels() > 1 ? point[i] / (ordinal.levels() - 1) : 0;
            } else {
                encoded[offset(i)] = point[i];
            }
        }
        return encoded;
    }

    /** Where dimension {@code i}'s coordinates start in the encoding: each categorical takes one per choice. */
    private int offset(int i) {
        int offset = 0;
        for (Dimension dimension : dimensions.subList(0, i)) {
            offset += dimension instanceof Dimension.Categorical categorical ? categorical.choices() : 1;
        }
        return offset;
    }

    private double[] checked(List<Double> point) {
        if (point.size() != dimensions.size()) {
            throw new IllegalArgumentException("a point needs " + dimensions.size() + " values, got " + point);
        }
        for (int i = 0; i < point.size(); i++) {
            if (!dimensions.get(i).admits(point.get(i))) {
                throw new IllegalArgumentException("value " + point.get(i) + " is not valid for " + dimensions.get(i)
                        + " in " + point);
            }
        }
        return point.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private boolean near(double[] point, List<double[]> taken) {
        double[] encoded = encode(point);
        for (double[] other : taken) {
            double squared = 0;
            for (int j = 0; j < encoded.length; j++) {
                squared += (encoded[j] - other[j]) * (encoded[j] - other[j]);
            }
            if (squared < MIN_DISTANCE * MIN_DISTANCE) {
                return true;
            }
        }
        return false;
    }

    private record Scored(double[] point, double value) {
    }
}

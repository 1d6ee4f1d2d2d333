package pinn4j.app.search;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.DecompositionSolver;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.SimpleValueChecker;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunctionGradient;
import org.hipparchus.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer;

/**
 * A fitted zero-mean Gaussian process with a Matérn 5/2 ARD kernel on inputs in the unit hypercube, immutable.
 * Targets are standardized internally (mean subtracted, divided by their standard deviation, or by 1 when they
 * are all equal); predictions are in the targets' own units. See the package description for the maths.
 */
public final class GaussianProcess {

    /**
     * Length scales span [0.01, 10] on the unit cube: below 0.01 the surrogate would be spikes between a few dozen
     * points, and above 10 the kernel is flat across the cube, so the dimension is already irrelevant.
     */
    static final double LOG_LENGTH_LOW = Math.log(0.01);
    static final double LOG_LENGTH_HIGH = Math.log(10);
    /** Targets are standardized, so the signal variance is of order 1; these bounds leave a wide margin. */
    static final double LOG_SIGNAL_LOW = Math.log(0.05);
    static final double LOG_SIGNAL_HIGH = Math.log(20);
    /** A nugget of at least 1e-6 of the standardized variance keeps the Cholesky factorization well defined. */
    static final double MIN_NOISE = 1e-6;
    static final double LOG_NOISE_HIGH = Math.log(1);
    /** One deterministic start and three seeded ones: the likelihood is multimodal in the length scales. */
    private static final int STARTS = 4;
    private static final int EVALUATIONS_PER_START = 600;
    private static final double SQRT5 = Math.sqrt(5);

    private final double[][] inputs;
    private final double[] targets;
    private final double shift;
    private final double scale;
    private final Hyperparameters hyperparameters;
    private final double[] lengthScales;
    private final double[][] lower;
    private final double[] weights;
    private final double logMarginalLikelihood;

    /**
     * The kernel's hyperparameters, in standardized target units.
     *
     * @param lengthScales one length scale per input coordinate, positive
     * @param signalVariance the kernel's variance at distance zero, positive
     * @param noiseVariance the observation noise (nugget), at least 1e-6
     */
    public record Hyperparameters(List<Double> lengthScales, double signalVariance, double noiseVariance) {

        /**
         * Copies the length scales and checks every value.
         *
         * @param lengthScales one length scale per input coordinate, positive
         * @param signalVariance the kernel's variance at distance zero, positive
         * @param noiseVariance the observation noise (nugget), at least 1e-6
         */
        public Hyperparameters {
            lengthScales = List.copyOf(lengthScales);
            if (lengthScales.isEmpty() || !lengthScales.stream().allMatch(l -> l > 0 && Double.isFinite(l))) {
                throw new IllegalArgumentException("length scales must be positive and finite, got " + lengthScales);
            }
            if (!(signalVariance > 0 && Double.isFinite(signalVariance))) {
                throw new IllegalArgumentException("signal variance must be positive, got " + signalVariance);
            }
            if (!(noiseVariance >= MIN_NOISE && Double.isFinite(noiseVariance))) {
                throw new IllegalArgumentException("noise variance must be at least " + MIN_NOISE + ", got "
                        + noiseVariance);
            }
        }
    }

    /**
     * The posterior of the latent function at a point, in the targets' units.
     *
     * @param mean the posterior mean
     * @param variance the posterior variance, without the observation noise
     */
    public record Prediction(double mean, double variance) {

        /**
         * Checks the mean is finite and the variance non-negative.
         *
         * @param mean the posterior mean
         * @param variance the posterior variance, without the observation noise
         */
        public Prediction {
            if (!Double.isFinite(mean) || !(variance >= 0)) {
                throw new IllegalArgumentException("bad prediction: mean " + mean + ", variance " + variance);
            }
        }
    }

    private GaussianProcess(double[][] inputs, double[] targets, double shift, double scale,
            Hyperparameters hyperparameters) {
        this.inputs = inputs;
        this.targets = targets;
        this.shift = shift;
        this.scale = scale;
        this.hyperparameters = hyperparameters;
        this.lengthScales = hyperparameters.lengthScales().stream().mapToDouble(Double::doubleValue).toArray();
        CholeskyDecomposition cholesky = cholesky(inputs, lengthScales, hyperparameters.signalVariance(),
                hyperparameters.noiseVariance());
        this.lower = cholesky.getL().getData();
        this.weights = cholesky.getSolver().solve(new ArrayRealVector(targets, false)).toArray();
        this.logMarginalLikelihood = logLikelihood(targets, weights, lower);
    }

    /**
     * Fits the hyperparameters by maximizing the log marginal likelihood (conjugate gradients on its analytic
     * gradient, from one fixed and several seeded starts) and conditions on the data.
     *
     * @param inputs the points, each in [0, 1]^d, at least one
     * @param targets the observed values, finite, one per point
     * @param seed seeds the random starts; the same data and seed give the same hyperparameters
     * @return the fitted process
     */
    public static GaussianProcess fit(double[][] inputs, double[] targets, long seed) {
        double[][] x = checkedInputs(inputs, targets);
        double shift = Arrays.stream(targets).average().orElseThrow();
        double scale = scale(targets, shift);
        double[] y = Arrays.stream(targets).map(t -> (t - shift) / scale).toArray();
        int d = x[0].length;
        double[] low = new double[d + 2];
        double[] high = new double[d + 2];
        Arrays.fill(low, 0, d, LOG_LENGTH_LOW);
        Arrays.fill(high, 0, d, LOG_LENGTH_HIGH);
        low[d] = LOG_SIGNAL_LOW;
        high[d] = LOG_SIGNAL_HIGH;
        low[d + 1] = Math.log(MIN_NOISE);
        high[d + 1] = LOG_NOISE_HIGH;
        // The optimizer is unbounded, so it works on u with theta = low + (high - low) * sigmoid(u).
        double[] bestTheta = new double[d + 2];
        double[] bestValue = {Double.NEGATIVE_INFINITY};
        ObjectiveFunction value = new ObjectiveFunction(u -> {
            double[] theta = bounded(u, low, high);
            double lml = logMarginalLikelihood(x, y, theta, null);
            // Track the best point evaluated, so a start cut short by its budget still counts.
            if (lml > bestValue[0]) {
                bestValue[0] = lml;
                System.arraycopy(theta, 0, bestTheta, 0, theta.length);
            }
            return lml;
        });
        ObjectiveFunctionGradient gradient = new ObjectiveFunctionGradient(u -> {
            double[] theta = bounded(u, low, high);
            double[] g = new double[u.length];
            logMarginalLikelihood(x, y, theta, g);
            for (int j = 0; j < u.length; j++) {
                double s = 1 / (1 + Math.exp(-u[j]));
                g[j] *= (high[j] - low[j]) * s * (1 - s);
            }
            return g;
        });
        SplittableRandom random = new SplittableRandom(seed);
        for (int start = 0; start < STARTS; start++) {
            double[] u = new double[d + 2];
            for (int j = 0; j < u.length; j++) {
                // The fixed start: length scales 0.5, signal variance 1, noise 1e-4; the others uniform in bounds.
                double theta = start > 0 ? low[j] + random.nextDouble() * (high[j] - low[j])
                        : j < d ? Math.log(0.5) : j == d ? 0 : Math.log(1e-4);
                double fraction = Math.min(Math.max((theta - low[j]) / (high[j] - low[j]), 1e-6), 1 - 1e-6);
                u[j] = Math.log(fraction / (1 - fraction));
            }
            NonLinearConjugateGradientOptimizer optimizer = new NonLinearConjugateGradientOptimizer(
                    NonLinearConjugateGradientOptimizer.Formula.POLAK_RIBIERE, new SimpleValueChecker(1e-9, 1e-9));
            try {
                optimizer.optimize(new MaxEval(EVALUATIONS_PER_START), value, gradient, GoalType.MAXIMIZE,
                        new InitialGuess(u));
            } catch (MathIllegalStateException budgetSpent) {
                // The best point evaluated so far stands.
            }
        }
        return new GaussianProcess(x, y, shift, scale, hyperparameters(bestTheta));
    }

    /**
     * A process with given hyperparameters, conditioned on the data without fitting.
     *
     * @param inputs the points, each in [0, 1]^d, at least one
     * @param targets the observed values, finite, one per point
     * @param hyperparameters the kernel's hyperparameters, one length scale per input coordinate
     * @return the process
     */
    public static GaussianProcess of(double[][] inputs, double[] targets, Hyperparameters hyperparameters) {
        double[][] x = checkedInputs(inputs, targets);
        if (hyperparameters.lengthScales().size() != x[0].length) {
            throw new IllegalArgumentException(hyperparameters.lengthScales().size() + " length scales for "
                    + x[0].length + " input coordinates");
        }
        double shift = Arrays.stream(targets).average().orElseThrow();
        double scale = scale(targets, shift);
        return new GaussianProcess(x, Arrays.stream(targets).map(t -> (t - shift) / scale).toArray(), shift, scale,
                hyperparameters);
    }

    /**
     * This process with one more observation, keeping the hyperparameters and the standardization: the step of
     * the kriging believer, whose fantasy observations must not move the fitted model.
     *
     * @param input the point, in [0, 1]^d
     * @param target the observed (or believed) value, finite
     * @return the conditioned process
     */
    public GaussianProcess condition(double[] input, double target) {
        double[][] x = Arrays.copyOf(inputs, inputs.length + 1);
        x[inputs.length] = checkedPoint(input, lengthScales.length);
        if (!Double.isFinite(target)) {
            throw new IllegalArgumentException("target must be finite, got " + target);
        }
        double[] y = Arrays.copyOf(targets, targets.length + 1);
        y[targets.length] = (target - shift) / scale;
        return new GaussianProcess(x, y, shift, scale, hyperparameters);
    }

    /**
     * The posterior at a point.
     *
     * @param input the point, in [0, 1]^d
     * @return the posterior mean and variance of the latent function there
     */
    public Prediction predict(double[] input) {
        double[] point = checkedPoint(input, lengthScales.length);
        int n = inputs.length;
        double signal = hyperparameters.signalVariance();
        double[] v = new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++) {
            v[i] = matern52(point, inputs[i], lengthScales, signal);
            mean += v[i] * weights[i];
        }
        // v = L^-1 k by forward substitution; the variance is k(x, x) - |v|^2.
        double explained = 0;
        for (int i = 0; i < n; i++) {
            double sum = v[i];
            for (int j = 0; j < i; j++) {
                sum -= lower[i][j] * v[j];
            }
            v[i] = sum / lower[i][i];
            explained += v[i] * v[i];
        }
        return new Prediction(shift + scale * mean, scale * scale * Math.max(signal - explained, 0));
    }

    /**
     * The hyperparameters, fitted or given.
     *
     * @return the hyperparameters, in standardized target units
     */
    public Hyperparameters hyperparameters() {
        return hyperparameters;
    }

    /**
     * The log marginal likelihood of the standardized targets under the hyperparameters.
     *
     * @return {@code log p(y | X, theta)}
     */
    public double logMarginalLikelihood() {
        return logMarginalLikelihood;
    }

    /**
     * The Matérn 5/2 ARD kernel {@code s2 (1 + sqrt5 r + 5 r^2 / 3) exp(-sqrt5 r)}, with
     * {@code r^2 = sum ((a_i - b_i) / l_i)^2}.
     */
    static double matern52(double[] a, double[] b, double[] lengthScales, double signalVariance) {
        double s = SQRT5 * Math.sqrt(scaledSquaredDistance(a, b, lengthScales));
        return signalVariance * (1 + s + s * s / 3) * Math.exp(-s);
    }

    /**
     * The log marginal likelihood of standardized targets {@code y} at {@code theta = (ln l_1 .. ln l_d, ln s2,
     * ln noise)}, and, when {@code gradient} is not null, its gradient with respect to theta written there.
     */
    static double logMarginalLikelihood(double[][] x, double[] y, double[] theta, double[] gradient) {
        int n = x.length;
        int d = x[0].length;
        double[] lengths = new double[d];
        for (int i = 0; i < d; i++) {
            lengths[i] = Math.exp(theta[i]);
        }
        double signal = Math.exp(theta[d]);
        double noise = Math.exp(theta[d + 1]);
        CholeskyDecomposition cholesky = cholesky(x, lengths, signal, noise);
        DecompositionSolver solver = cholesky.getSolver();
        double[] alpha = solver.solve(new ArrayRealVector(y, false)).toArray();
        double lml = logLikelihood(y, alpha, cholesky.getL().getData());
        if (gradient != null) {
            // d lml / d theta_j = tr((alpha alpha^T - K^-1) dK/dtheta_j) / 2, summing over the symmetric pairs once.
            double[][] inverse = solver.getInverse().getData();
            Arrays.fill(gradient, 0);
            for (int i = 0; i < n; i++) {
                double w = alpha[i] * alpha[i] - inverse[i][i];
                gradient[d] += 0.5 * w * signal;
                gradient[d + 1] += 0.5 * w * noise;
                for (int k = 0; k < i; k++) {
                    w = alpha[i] * alpha[k] - inverse[i][k];
                    double s = SQRT5 * Math.sqrt(scaledSquaredDistance(x[i], x[k], lengths));
                    double decay = Math.exp(-s);
                    gradient[d] += w * signal * (1 + s + s * s / 3) * decay;
                    // dk/d ln l_m = s2 (5/3) (1 + s) exp(-s) ((a_m - b_m) / l_m)^2.
                    double common = w * signal * (5.0 / 3) * (1 + s) * decay;
                    for (int m = 0; m < d; m++) {
                        double z = (x[i][m] - x[k][m]) / lengths[m];
                        gradient[m] += common * z * z;
                    }
                }
            }
        }
        return lml;
    }

    private static double scaledSquaredDistance(double[] a, double[] b, double[] lengthScales) {
        double r2 = 0;
        for (int i = 0; i < a.length; i++) {
            double z = (a[i] - b[i]) / lengthScales[i];
            r2 += z * z;
        }
        return r2;
    }

    private static CholeskyDecomposition cholesky(double[][] x, double[] lengths, double signal, double noise) {
        int n = x.length;
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            k[i][i] = signal + noise;
            for (int j = 0; j < i; j++) {
                k[i][j] = matern52(x[i], x[j], lengths, signal);
                k[j][i] = k[i][j];
            }
        }
        return new CholeskyDecomposition(MatrixUtils.createRealMatrix(k));
    }

    /** {@code -y^T alpha / 2 - sum ln L_ii - n ln(2 pi) / 2}, with {@code alpha = K^-1 y} and {@code K = L L^T}. */
    private static double logLikelihood(double[] y, double[] alpha, double[][] lower) {
        double fit = 0;
        double logDeterminant = 0;
        for (int i = 0; i < y.length; i++) {
            fit += y[i] * alpha[i];
            logDeterminant += Math.log(lower[i][i]);
        }
        return -0.5 * fit - logDeterminant - 0.5 * y.length * Math.log(2 * Math.PI);
    }

    /** The targets' standard deviation, or 1 when they are all equal and there is no scale to remove. */
    private static double scale(double[] targets, double mean) {
        double spread = Math.sqrt(Arrays.stream(targets).map(t -> (t - mean) * (t - mean)).average().orElseThrow());
        return spread > 0 ? spread : 1;
    }

    private static double[] bounded(double[] u, double[] low, double[] high) {
        double[] theta = new double[u.length];
        for (int j = 0; j < u.length; j++) {
            theta[j] = low[j] + (high[j] - low[j]) / (1 + Math.exp(-u[j]));
        }
        return theta;
    }

    private static Hyperparameters hyperparameters(double[] theta) {
        int d = theta.length - 2;
        return new Hyperparameters(Arrays.stream(theta, 0, d).map(Math::exp).boxed().toList(), Math.exp(theta[d]),
                Math.max(Math.exp(theta[d + 1]), MIN_NOISE));
    }

    private static double[][] checkedInputs(double[][] inputs, double[] targets) {
        if (inputs.length == 0 || inputs.length != targets.length) {
            throw new IllegalArgumentException("need at least one point and one target per point, got "
                    + inputs.length + " points and " + targets.length + " targets");
        }
        if (!Arrays.stream(targets).allMatch(Double::isFinite)) {
            throw new IllegalArgumentException("targets must be finite: " + Arrays.toString(targets));
        }
        double[][] x = new double[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            x[i] = checkedPoint(inputs[i], inputs[0].length);
        }
        return x;
    }

    private static double[] checkedPoint(double[] point, int dimension) {
        if (point.length != dimension || dimension == 0
                || !Arrays.stream(point).allMatch(v -> v >= 0 && v <= 1)) {
            throw new IllegalArgumentException("a point must have " + dimension + " coordinates in [0, 1], got "
                    + Arrays.toString(point));
        }
        return point.clone();
    }
}

package pinn4j.app.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class GaussianProcessTest {

    private static double[][] randomPoints(int n, int d, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] points = new double[n][d];
        for (double[] point : points) {
            for (int j = 0; j < d; j++) {
                point[j] = random.nextDouble();
            }
        }
        return points;
    }

    @Test
    void maternKernelHasItsClosedFormAndCurvatureAtZero() {
        double[] lengths = {0.5, 2};
        // r^2 = (0.3 / 0.5)^2 + (0.4 / 2)^2 = 0.4, s = sqrt(5 * 0.4) = sqrt(2).
        double s = Math.sqrt(2);
        assertEquals(1.7 * (1 + s + 2.0 / 3) * Math.exp(-s),
                GaussianProcess.matern52(new double[] {0.1, 0.2}, new double[] {0.4, 0.6}, lengths, 1.7), 1e-15);
        assertEquals(1.7, GaussianProcess.matern52(new double[] {0.3, 0.3}, new double[] {0.3, 0.3}, lengths, 1.7));
        // Matérn 5/2 is twice differentiable at r = 0 with k''(0) = -5 s2 / (3 l^2): central second difference.
        double h = 1e-4;
        double[] origin = {0.5, 0.5};
        double curvature = (GaussianProcess.matern52(origin, new double[] {0.5 + h, 0.5}, lengths, 1.7)
                - 2 * 1.7 + GaussianProcess.matern52(origin, new double[] {0.5 - h, 0.5}, lengths, 1.7)) / (h * h);
        assertEquals(-5 * 1.7 / (3 * 0.25), curvature, 1e-4);
    }

    @Test
    void logMarginalLikelihoodGradientMatchesCentralDifferences() {
        double[][] x = randomPoints(12, 3, 7);
        double[] y = new double[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.sin(4 * x[i][0]) + x[i][1] * x[i][1] - 0.5 * x[i][2];
        }
        for (double[] theta : new double[][] {{Math.log(0.3), Math.log(0.8), Math.log(2), 0.2, Math.log(1e-3)},
                {Math.log(0.05), Math.log(5), Math.log(0.5), Math.log(3), Math.log(0.1)}}) {
            double[] gradient = new double[theta.length];
            GaussianProcess.logMarginalLikelihood(x, y, theta, gradient);
            for (int j = 0; j < theta.length; j++) {
                double h = 1e-5;
                double[] plus = theta.clone();
                double[] minus = theta.clone();
                plus[j] += h;
                minus[j] -= h;
                double numeric = (GaussianProcess.logMarginalLikelihood(x, y, plus, null)
                        - GaussianProcess.logMarginalLikelihood(x, y, minus, null)) / (2 * h);
                // Measured differences at most 6.4e-10 (the differences' own error); the bound leaves three orders.
                assertEquals(numeric, gradient[j], 1e-6 * Math.max(1, Math.abs(numeric)), "theta_" + j);
            }
        }
    }

    @Test
    void interpolatesItsDataWithATinyNugget() {
        double[][] x = randomPoints(10, 2, 3);
        double[] y = new double[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = 3 + 10 * Math.cos(3 * x[i][0]) * x[i][1];
        }
        GaussianProcess process = GaussianProcess.of(x, y,
                new GaussianProcess.Hyperparameters(List.of(0.4, 0.4), 1, GaussianProcess.MIN_NOISE));
        double worstMean = 0;
        double worstVariance = 0;
        for (int i = 0; i < x.length; i++) {
            GaussianProcess.Prediction prediction = process.predict(x[i]);
            worstMean = Math.max(worstMean, Math.abs(prediction.mean() - y[i]));
            worstVariance = Math.max(worstVariance, prediction.variance());
        }
        // Measured worst |mean - y| 1.9e-5 and variance 1.6e-5 on targets spanning ~10: the nugget's order.
        assertTrue(worstMean < 1e-4, "worst |mean - y| " + worstMean);
        assertTrue(worstVariance < 1e-4, "worst variance " + worstVariance);
        assertTrue(process.predict(new double[] {0.99, 0.01}).variance() > 0.1, "far from the data it is unsure");
    }

    @Test
    void fittedProcessPredictsASineBetweenItsPoints() {
        int n = 10;
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = new double[] {i / (n - 1.0)};
            y[i] = Math.sin(2 * Math.PI * x[i][0]);
        }
        GaussianProcess process = GaussianProcess.fit(x, y, 1);
        double worst = 0;
        for (int i = 0; i < n - 1; i++) {
            double t = (i + 0.5) / (n - 1.0);
            worst = Math.max(worst, Math.abs(process.predict(new double[] {t}).mean() - Math.sin(2 * Math.PI * t)));
        }
        // Measured 5.5e-4 (fitted length scale 0.71, signal variance 10.8, noise 3.6e-6).
        assertTrue(worst < 5e-3, "worst held-out error " + worst);
    }

    @Test
    void fittingIsDeterministicAndConditioningKeepsTheHyperparameters() {
        double[][] x = randomPoints(15, 3, 11);
        double[] y = new double[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.exp(x[i][0]) - 2 * x[i][2];
        }
        GaussianProcess first = GaussianProcess.fit(x, y, 5);
        assertEquals(first.hyperparameters(), GaussianProcess.fit(x, y, 5).hyperparameters());
        double[] point = {0.5, 0.5, 0.5};
        GaussianProcess.Prediction before = first.predict(point);
        GaussianProcess believed = first.condition(point, before.mean());
        assertEquals(first.hyperparameters(), believed.hyperparameters());
        assertEquals(before.mean(), believed.predict(point).mean(), 1e-9);
        // Measured 1.38e-4 before, 5.54e-7 after (a ratio of 4.0e-3; the nugget is near its floor).
        assertTrue(believed.predict(point).variance() < 1e-2 * before.variance(), "a fantasy removes the doubt");
    }

    @Test
    void equalTargetsGiveAFlatModel() {
        double[][] x = randomPoints(6, 2, 2);
        GaussianProcess process = GaussianProcess.fit(x, new double[] {4, 4, 4, 4, 4, 4}, 1);
        assertEquals(4, process.predict(new double[] {0.3, 0.7}).mean(), 1e-9);
    }

    @Test
    void rejectsPointsOutsideTheCube() {
        assertThrows(IllegalArgumentException.class,
                () -> GaussianProcess.fit(new double[][] {{0.5, 1.5}}, new double[] {1}, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new GaussianProcess.Hyperparameters(List.of(1.0), 1, 1e-9));
    }

    @Test
    void expectedImprovementMatchesANumericIntegral() {
        for (double[] c : new double[][] {{0, 0, 1}, {1, 0.3, 0.25}, {-1, 0.5, 0.04}, {2, -1, 4}, {0, 3, 0.5}}) {
            double best = c[0];
            double mean = c[1];
            double sd = Math.sqrt(c[2]);
            // Simpson's rule for the integral of (best - y) phi((y - mean) / sd) / sd over y from mean - 12 sd to best.
            double from = mean - 12 * sd;
            int steps = 20000;
            double h = (best - from) / steps;
            double integral = 0;
            for (int i = 0; i <= steps; i++) {
                double y = from + i * h;
                double z = (y - mean) / sd;
                double f = (best - y) * Math.exp(-0.5 * z * z) / (sd * Math.sqrt(2 * Math.PI));
                integral += f * (i == 0 || i == steps ? 1 : i % 2 == 1 ? 4 : 2);
            }
            integral *= h / 3;
            assertEquals(integral, ExpectedImprovement.of(best, mean, c[2]), 1e-10, "case " + List.of(c[0], c[1]));
        }
        assertEquals(0.7, ExpectedImprovement.of(1, 0.3, 0), 1e-15);
        assertEquals(0, ExpectedImprovement.of(1, 2, 0));
    }
}

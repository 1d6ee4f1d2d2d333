package pinn4j.plots.comparator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import pinn4j.problems.BuiltinProblems;
import pinn4j.problems.Condition;
import pinn4j.problems.Expr;
import pinn4j.problems.FittedParameter;
import pinn4j.problems.Observations;
import pinn4j.problems.OdeProblem;

/**
 * The classical fit recovers known parameters from noiseless data, gives the standard errors of least squares where
 * they are known in closed form and the spread of estimates over noise where they are not, keeps to its bounds, and
 * says in words, without throwing, when it cannot fit.
 */
class ClassicalFitTest {

    private static final double INF = Double.POSITIVE_INFINITY;

    /** The values of one unknown of {@code truth} at {@code t}, from its Hipparchus reference. */
    private static Observations observe(OdeProblem truth, String unknown, double[] t) {
        Reference reference = Reference.solve(truth, t);
        assertNull(reference.failure());
        return new Observations(unknown, t, reference.values()[truth.unknowns().indexOf(unknown)]);
    }

    /** The RMS of {@code problem}'s solution's misfit to {@code data}. */
    private static double rmsResidual(OdeProblem problem, Observations data) {
        double[] solved = Reference.solve(problem, data.t()).values()[problem.unknowns().indexOf(data.unknown())];
        double sum = 0;
        for (int i = 0; i < solved.length; i++) {
            sum += Math.pow(solved[i] - data.values()[i], 2);
        }
        return Math.sqrt(sum / solved.length);
    }

    /** y' = -r y, y(0) = y0 with both fitted, from the guesses r = 1, y0 = 1. */
    private static OdeProblem decayWithUnknownRateAndStart() {
        return BuiltinProblems.find("exponential-decay").orElseThrow().create()
                .withFitted(List.of(FittedParameter.free("r"), FittedParameter.free("y0")));
    }

    /** 2.5 exp(-0.7 t), plus Gaussian noise of the given size. */
    private static Observations decayData(double[] t, double sigma, Random random) {
        double[] y = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            y[i] = 2.5 * Math.exp(-0.7 * t[i]) + sigma * random.nextGaussian();
        }
        return new Observations("y", t, y);
    }

    private static void assertConverged(ClassicalFit fit) {
        assertNull(fit.failure(), fit.failure());
        assertTrue(fit.converged());
    }

    @Test
    void noiselessOscillatorDataGiveBackMuAndK() {
        OdeProblem truth = BuiltinProblems.find("damped-oscillator").orElseThrow()
                .create(Map.of("mu", 4.0, "k", 400.0));
        OdeProblem inverse = truth.withParameters(Map.of("mu", 1.0, "k", 100.0))
                .withFitted(List.of(FittedParameter.free("mu"), new FittedParameter("k", 0, INF)));
        ClassicalFit fit = ClassicalFit.of(inverse, List.of(observe(truth, "x", truth.domain().grid(51))));
        assertConverged(fit);
        // Measured: relative errors 5e-16 (mu) and 4e-16 (k) after 14 iterations, 77 solves; the residual's RMS
        // 1.1e-15 and the standard errors (3e-15, 6e-14) say the fit is exact to the integrator's tolerance.
        assertEquals(4, fit.estimate("mu").value(), 4e-9);
        assertEquals(400, fit.estimate("k").value(), 400e-9);
        assertTrue(fit.rmsResidual() < 1e-10, "rms " + fit.rmsResidual());
        assertTrue(fit.estimate("k").standardError() < 1e-9, "se " + fit.estimate("k").standardError());
    }

    @Test
    void sirObservedThroughIOnlyGivesBackBetaAndGamma() {
        OdeProblem truth = BuiltinProblems.find("sir").orElseThrow().create();
        OdeProblem inverse = truth.withParameters(Map.of("beta", 1.0, "gamma", 0.3))
                .withFitted(List.of(new FittedParameter("beta", 0, INF), new FittedParameter("gamma", 0, INF)));
        ClassicalFit fit = ClassicalFit.of(inverse, List.of(observe(truth, "I", truth.domain().grid(41))));
        assertConverged(fit);
        // Measured: beta off by 3e-16, gamma exact, after 6 iterations.
        assertEquals(1.5, fit.estimate("beta").value(), 1.5e-9);
        assertEquals(0.5, fit.estimate("gamma").value(), 0.5e-9);
    }

    @Test
    void anUnknownInitialValueIsFittedWithTheRateFromUnsortedRepeatedTimes() {
        double[] t = {1.5, 0.2, 2, 0.2, 0, 1.1, 0.7, 1.5, 0.9};
        ClassicalFit fit = ClassicalFit.of(decayWithUnknownRateAndStart(),
                List.of(decayData(t, 0, new Random(0))));
        assertConverged(fit);
        // Measured: relative errors 9e-13 (r) and 1e-15 (y0).
        assertEquals(0.7, fit.estimate("r").value(), 0.7e-9);
        assertEquals(2.5, fit.estimate("y0").value(), 2.5e-9);
    }

    @Test
    void aBoundaryValueProblemIsFittedThroughShooting() {
        OdeProblem truth = BuiltinProblems.find("bratu").orElseThrow().create();
        OdeProblem inverse = truth.withParameters(Map.of("lambda", 0.5))
                .withFitted(List.of(new FittedParameter("lambda", 0, 3.5)));
        ClassicalFit fit = ClassicalFit.of(inverse, List.of(observe(truth, "u", truth.domain().grid(11))));
        assertConverged(fit);
        // Measured: lambda = 1 - 7e-15 after 5 iterations, 18 solves, each a shooting.
        assertEquals(1, fit.estimate("lambda").value(), 1e-9);
    }

    @Test
    void standardErrorsOfAStraightLineAreThoseOfOrdinaryLeastSquares() {
        // y' = a, y(0) = b: y = b + a t is linear in (a, b), so the fit is ordinary least squares, with the closed
        // form s^2 = RSS/(m - 2), se(a) = s/sqrt(Sxx), se(b) = s sqrt(1/m + tbar^2/Sxx); the series' weight cancels.
        OdeProblem line = OdeProblem.builder().setName("line").setDomain(0, 2).optParameter("a", 1)
                .optParameter("b", 0).addEquation("y", 1, s -> s.p("a"))
                .addCondition(s -> Condition.derivative("y", 0, 0, s.p("b")))
                .optFittedParameter("a").optFittedParameter("b").build();
        Random random = new Random(7);
        int m = 20;
        double[] t = line.domain().grid(m);
        double[] y = new double[m];
        for (int i = 0; i < m; i++) {
            y[i] = 1 + 2 * t[i] + 0.05 * random.nextGaussian();
        }
        double tBar = Arrays.stream(t).average().orElseThrow();
        double yBar = Arrays.stream(y).average().orElseThrow();
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < m; i++) {
            sxx += (t[i] - tBar) * (t[i] - tBar);
            sxy += (t[i] - tBar) * (y[i] - yBar);
        }
        double a = sxy / sxx;
        double b = yBar - a * tBar;
        double rss = 0;
        for (int i = 0; i < m; i++) {
            rss += Math.pow(y[i] - b - a * t[i], 2);
        }
        double s = Math.sqrt(rss / (m - 2));
        ClassicalFit fit = ClassicalFit.of(line, List.of(new Observations("y", t, y)));
        assertConverged(fit);
        // Measured: estimates within 1.3e-12, standard errors (0.01736, 0.02031) within 3e-15 relative.
        assertEquals(a, fit.estimate("a").value(), 1e-9);
        assertEquals(b, fit.estimate("b").value(), 1e-9);
        assertEquals(s / Math.sqrt(sxx), fit.estimate("a").standardError(), 1e-6 * s / Math.sqrt(sxx));
        assertEquals(s * Math.sqrt(1.0 / m + tBar * tBar / sxx), fit.estimate("b").standardError(), 1e-6 * s);
        assertEquals(Math.sqrt(rss / m), fit.rmsResidual(), 1e-9);
    }

    @Test
    void seriesAreWeightedByTheirRms() {
        // y' = a, z' = 100 a, y(0) = z(0) = 0: both series are linear in a, x_i = t_i or 100 t_i, so the weighted
        // fit has the closed form a = sum w^2 x d / sum w^2 x^2, se = s / sqrt(sum w^2 x^2),
        // s^2 = sum w^2 (d - a x)^2 / (m - 1), with w = 1/RMS of the series' data; unweighted, z would decide alone.
        OdeProblem pair = OdeProblem.builder().setName("pair").setDomain(0, 1).optParameter("a", 1)
                .addEquation("y", 1, s -> s.p("a")).addEquation("z", 1, s -> s.p("a").times(100))
                .addCondition(Condition.value("y", 0, 0)).addCondition(Condition.value("z", 0, 0))
                .optFittedParameter("a").build();
        Random random = new Random(11);
        double[] t = {0.9, 0.1, 0.5, 0.3, 0.7, 0.2};
        double[][] x = new double[2][t.length];
        double[][] d = new double[2][t.length];
        double[] w = new double[2];
        for (int u = 0; u < 2; u++) {
            for (int i = 0; i < t.length; i++) {
                x[u][i] = (u == 0 ? 1 : 100) * t[i];
                d[u][i] = 3 * x[u][i] + (u == 0 ? 0.1 : 1.0) * random.nextGaussian();
            }
            w[u] = 1 / Math.sqrt(Arrays.stream(d[u]).map(v -> v * v).average().orElseThrow());
        }
        double sxd = 0;
        double sxx = 0;
        double plainXd = 0;
        double plainXx = 0;
        for (int u = 0; u < 2; u++) {
            for (int i = 0; i < t.length; i++) {
                sxd += w[u] * w[u] * x[u][i] * d[u][i];
                sxx += w[u] * w[u] * x[u][i] * x[u][i];
                plainXd += x[u][i] * d[u][i];
                plainXx += x[u][i] * x[u][i];
            }
        }
        double a = sxd / sxx;
        // Measured: 3.0315 weighted, 2.9918 unweighted, far apart at the tolerance 1e-9 below.
        assertTrue(Math.abs(plainXd / plainXx - a) > 0.01);
        double rss = 0;
        for (int u = 0; u < 2; u++) {
            for (int i = 0; i < t.length; i++) {
                rss += Math.pow(w[u] * (d[u][i] - a * x[u][i]), 2);
            }
        }
        double se = Math.sqrt(rss / (2 * t.length - 1) / sxx);
        ClassicalFit fit = ClassicalFit.of(pair, List.of(new Observations("y", t, d[0]),
                new Observations("z", t, d[1])));
        assertConverged(fit);
        assertEquals(a, fit.estimate("a").value(), 1e-9);
        assertEquals(se, fit.estimate("a").standardError(), 1e-6 * se);
    }

    @Test
    void standardErrorsMatchTheSpreadOfEstimatesOverNoiseSeeds() {
        double sigma = 0.02;
        double[] t = decayWithUnknownRateAndStart().domain().grid(25);
        int seeds = 30;
        double[][] estimates = new double[2][seeds];
        double[] meanStandardError = new double[2];
        double meanSquaredRms = 0;
        for (int seed = 0; seed < seeds; seed++) {
            ClassicalFit fit = ClassicalFit.of(decayWithUnknownRateAndStart(),
                    List.of(decayData(t, sigma, new Random(seed))));
            assertConverged(fit);
            for (int j = 0; j < 2; j++) {
                estimates[j][seed] = fit.estimates().get(j).value();
                meanStandardError[j] += fit.estimates().get(j).standardError() / seeds;
            }
            meanSquaredRms += fit.rmsResidual() * fit.rmsResidual() / seeds;
        }
        for (int j = 0; j < 2; j++) {
            double mean = Arrays.stream(estimates[j]).average().orElseThrow();
            double variance = 0;
            for (double e : estimates[j]) {
                variance += (e - mean) * (e - mean) / (seeds - 1);
            }
            // Measured: mean standard error / spread = 1.14 for r (0.00510 / 0.00446), 0.87 for y0 (0.00949 /
            // 0.01096); the spread of 30 samples is itself uncertain by about 13%.
            double ratio = meanStandardError[j] / Math.sqrt(variance);
            assertTrue(ratio > 1 / 1.5 && ratio < 1.5, "parameter " + j + ": standard error / spread = " + ratio);
        }
        // The residuals' RMS estimates the noise: E[RMS^2] = sigma^2 (m - n)/m (measured 0.0180 against 0.0192).
        assertEquals(sigma * Math.sqrt(23.0 / 25), Math.sqrt(meanSquaredRms), 0.1 * sigma);
    }

    @Test
    void aTrueValueBeyondABoundLeavesTheEstimateOnTheBound() {
        double[] t = decayWithUnknownRateAndStart().domain().grid(21);
        Observations data = decayData(t, 0, new Random(0));
        OdeProblem inverse = decayWithUnknownRateAndStart().withFitted(List.of(new FittedParameter("r", 0.8, 2),
                FittedParameter.free("y0")));
        ClassicalFit fit = ClassicalFit.of(inverse, List.of(data));
        // The true r = 0.7 lies below the bound 0.8: r ends exactly on it, flagged, and y0 is then the linear
        // least-squares fit of y0 exp(-0.8 t): sum y exp(-0.8 t) / sum exp(-1.6 t) = 2.63139 (measured: clipping
        // alone stopped at y0 = 2.58373, before r was held on its bound and y0 fitted again).
        assertConverged(fit);
        assertEquals(0.8, fit.estimate("r").value());
        assertTrue(fit.estimate("r").onBound());
        assertFalse(fit.estimate("y0").onBound());
        double numerator = 0;
        double denominator = 0;
        for (int i = 0; i < t.length; i++) {
            numerator += data.values()[i] * Math.exp(-0.8 * t[i]);
            denominator += Math.exp(-1.6 * t[i]);
        }
        assertEquals(numerator / denominator, fit.estimate("y0").value(), 1e-9);
    }

    @Test
    void aStepToWhereTheProblemIsUndefinedIsTakenBack() {
        // y' = -log(r) y from the guess r = 20 toward r = 1.5: the first Gauss-Newton step lands on r = -88 (measured),
        // where log(r) is undefined; the step is rejected as infinitely bad and a shorter one taken.
        OdeProblem logRate = OdeProblem.builder().setName("log-rate").setDomain(0, 1).optParameter("r", 20)
                .addEquation("y", 1, s -> Expr.log(s.p("r")).neg().times(s.u("y")))
                .addCondition(Condition.value("y", 0, 1)).optFittedParameter("r").build();
        double[] t = logRate.domain().grid(11);
        double[] y = Arrays.stream(t).map(ti -> Math.pow(1.5, -ti)).toArray();
        ClassicalFit fit = ClassicalFit.of(logRate, List.of(new Observations("y", t, y)));
        assertConverged(fit);
        assertEquals(1.5, fit.estimate("r").value(), 1.5e-9);
    }

    @Test
    void parametersThatOnlyMoveTogetherAreReportedAsNotIdentifiable() {
        // m x'' + mu x' + k x = 0 depends on mu/m and k/m alone: scaling all three changes nothing.
        OdeProblem truth = BuiltinProblems.find("damped-oscillator").orElseThrow()
                .create(Map.of("mu", 4.0, "k", 400.0));
        OdeProblem inverse = truth.withParameters(Map.of("mu", 3.0, "k", 300.0))
                .withFitted(List.of(new FittedParameter("m", 0.5, 2), FittedParameter.free("mu"),
                        FittedParameter.free("k")));
        ClassicalFit fit = ClassicalFit.of(inverse, List.of(observe(truth, "x", truth.domain().grid(51))));
        // Measured: the fit itself is exact (m = 0.50031, mu = 2.00122, k = 200.122) and the column-scaled
        // Jacobian's smallest relative singular value 4.3e-8, far below the threshold 1e-6.
        assertTrue(fit.converged());
        assertTrue(fit.failure().startsWith("the parameters are not identifiable from these data: m, mu, k can change"
                + " together without changing the fit"), fit.failure());
        assertEquals(4, fit.estimate("mu").value() / fit.estimate("m").value(), 4e-9);
        assertEquals(400, fit.estimate("k").value() / fit.estimate("m").value(), 400e-9);
        assertTrue(fit.estimates().stream().allMatch(e -> Double.isNaN(e.standardError())));
    }

    @Test
    void aSolutionThatBlowsUpAtTheGuessIsReportedNotThrown() {
        // y' = r y^2, y(0) = 1 blows up at t = 1/r, inside the domain [0, 1] for the guess r = 1.5.
        OdeProblem blowUp = OdeProblem.builder().setName("blow-up").setDomain(0, 1).optParameter("r", 1.5)
                .addEquation("y", 1, s -> s.p("r").times(s.u("y")).times(s.u("y")))
                .addCondition(Condition.value("y", 0, 1)).optFittedParameter("r").build();
        double[] t = blowUp.domain().grid(11);
        double[] y = Arrays.stream(t).map(ti -> 1 / (1 - 0.5 * ti)).toArray();
        ClassicalFit fit = ClassicalFit.of(blowUp, List.of(new Observations("y", t, y)));
        assertFalse(fit.converged());
        assertTrue(fit.failure().startsWith("the problem could not be solved at the candidate r = 1.5: the"
                + " integration stalled at t = 0.666667"), fit.failure());
        assertEquals(1.5, fit.estimate("r").value());
        assertTrue(Double.isNaN(fit.estimate("r").standardError()));
        assertTrue(Double.isNaN(fit.rmsResidual()));
        assertEquals(1, fit.solves());
    }

    @Test
    void runningOutOfEvaluationsIsReportedWithTheBestPointReached() {
        OdeProblem truth = BuiltinProblems.find("sir").orElseThrow().create();
        OdeProblem inverse = truth.withParameters(Map.of("beta", 1.0, "gamma", 0.3))
                .withFitted(List.of(new FittedParameter("beta", 0, INF), new FittedParameter("gamma", 0, INF)));
        List<Observations> data = List.of(observe(truth, "I", truth.domain().grid(41)));
        ClassicalFit fit = ClassicalFit.of(inverse, data, 3);
        assertFalse(fit.converged());
        assertEquals("Levenberg-Marquardt did not converge within 3 evaluations; the estimates are the best point"
                + " reached", fit.failure());
        assertEquals(3, fit.iterations());
        // Measured: beta = 1.4645, gamma = 0.5137 after 3 iterations, RMS residual 0.0088 against 0.110 at the guess;
        // the residual reported is that of the estimates reported.
        OdeProblem atEstimates = inverse.withoutFitting().withParameters(Map.of("beta",
                fit.estimate("beta").value(), "gamma", fit.estimate("gamma").value()));
        assertEquals(rmsResidual(atEstimates, data.get(0)), fit.rmsResidual(), 1e-15);
        assertTrue(fit.rmsResidual() < 0.1 * rmsResidual(inverse, data.get(0)), fit.rmsResidual() + " vs "
                + rmsResidual(inverse, data.get(0)));
        assertTrue(Double.isNaN(fit.estimate("beta").standardError()));
    }

    @Test
    void noMoreObservationsThanParametersIsReported() {
        ClassicalFit fit = ClassicalFit.of(decayWithUnknownRateAndStart(),
                List.of(decayData(new double[] {0, 1}, 0, new Random(0))));
        assertEquals("2 observations cannot fit 2 parameters with standard errors: at least 3 are needed",
                fit.failure());
        assertEquals(0, fit.solves());
        assertEquals(List.of(1.0, 1.0), fit.estimates().stream().map(ClassicalFit.Estimate::value).toList());
    }
}

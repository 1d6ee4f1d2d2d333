package pinn4j.plots.comparator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** An ensemble's figures: diverged members left out of the mean, the spread and the band; the member kept. */
class FitReportTest {

    private static final ClassicalFit NO_FIT = new ClassicalFit(List.of(new ClassicalFit.Estimate("r", 1, Double.NaN,
            false)), false, 0, 0, 0, 0, "not run");

    private static FitReport single() {
        return new FitReport(List.of(new FitReport.Parameter("r", 0.5, 0.9, 1, 1, Double.NaN, Double.NaN, Double.NaN)),
                List.of(), NO_FIT, null, List.of());
    }

    private static FitReport.Member member(long seed, double loss, String divergence, double r, double... values) {
        return new FitReport.Member(seed, loss, divergence, Map.of("r", r), new double[][] {values});
    }

    @Test
    void statisticsAndBandAreThoseOfTheMembersThatDidNotDiverge() {
        List<FitReport.Member> members = List.of(member(1, 0.3, null, 0.9, 1, 2, 3),
                member(2, 0.1, "the loss became NaN", 50, -100, 100, 100), member(3, 0.2, null, 1.1, 2, 1, 4),
                member(4, 0.2, null, 1.0, 0, 3, 3));
        FitReport report = single().withEnsemble(members);
        FitReport.Parameter r = report.parameters().get(0);
        assertEquals(1.0, r.ensembleMean(), 1e-15);
        assertEquals(0.1, r.ensembleStd(), 1e-15, "the sample standard deviation of 0.9, 1.1, 1.0");
        assertEquals(0.9, r.estimate(), "the report's own estimate stays the run's");
        assertEquals(3, report.members());
        assertEquals(4, report.ensemble().size());
        assertArrayEquals(new double[] {0, 1, 3}, report.band()[0][0]);
        assertArrayEquals(new double[] {2, 3, 4}, report.band()[1][0]);
        assertEquals(3, FitReport.lowestLoss(members).orElseThrow().seed(), "the lowest loss that did not diverge,"
                + " the lowest seed of equal ones");
        assertEquals(1, single().members(), "no ensemble");
    }

    @Test
    void anEnsembleThatAllDivergedHasNoFigures() {
        List<FitReport.Member> members = List.of(member(1, 0.1, "the loss became NaN", 1, 1));
        assertTrue(FitReport.lowestLoss(members).isEmpty());
        assertEquals("every member of the ensemble diverged", assertThrows(IllegalArgumentException.class,
                () -> single().withEnsemble(members)).getMessage());
    }

    @Test
    void aStuckMemberIsLeftOutAndAResampledOneNeverHoldsTheRunsFiles() {
        // Median of the finished losses 2e-3; 0.25 is over 100 times it, 0.15 is not.
        List<FitReport.Member> members = List.of(member(1, 2e-3, null, 1.0, 1), member(2, 0.25, null, 0.2, -9),
                member(3, 1e-3, null, 1.2, 2), new FitReport.Member(4, 1e-4, null, Map.of("r", 0.8),
                        new double[][] {{0}}, true), member(5, 0.15, null, 1.0, 1));
        assertTrue(FitReport.stuck(members.get(1), members));
        assertFalse(FitReport.stuck(members.get(4), members));
        FitReport report = single().withEnsemble(members);
        assertEquals(4, report.members());
        assertEquals(1.0, report.parameters().get(0).ensembleMean(), 1e-15, "the mean of 1.0, 1.2, 0.8, 1.0");
        assertArrayEquals(new double[] {0}, report.band()[0][0], "the stuck member's -9 is not in the band");
        assertEquals(3, FitReport.lowestLoss(members).orElseThrow().seed(), "seed 4 has the lowest loss, but of"
                + " resampled measurements");
    }
}

package pinn4j.app.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The report's caution about rankings that may be chance, and run labels a reader can take in. */
class BatchReportTest {

    private static List<BatchReport.Ranked> ranking(double[]... errorsByConfiguration) {
        List<BatchReport.Row> rows = new ArrayList<>();
        int index = 0;
        for (int c = 0; c < errorsByConfiguration.length; c++) {
            for (int s = 0; s < errorsByConfiguration[c].length; s++) {
                rows.add(new BatchReport.Row("r" + index, index++, "p", Map.of("lr", String.valueOf(c)), s + 1, "ok",
                        errorsByConfiguration[c][s], null, null, null, Map.of(), "", 1.0, "", Path.of("r"), Map.of()));
            }
        }
        return BatchReport.rank(new BatchReport.Summary(List.of("lr"), rows, rows.size()));
    }

    @Test
    void aFirstPlaceWithinTheSpreadOverSeedsIsCautioned() {
        // log10 errors -3, -2.921, -3.046 against -2.959, -3, -2.886: means -2.989 and -2.948, Welch's t = 0.78.
        Optional<String> close = BatchReport.rankingCaution(ranking(new double[] {1e-3, 1.2e-3, 0.9e-3},
                new double[] {1.1e-3, 1e-3, 1.3e-3}));
        assertTrue(close.isPresent() && close.get().contains("Welch's t = 0.8"), close.toString());
        assertEquals(Optional.empty(), BatchReport.rankingCaution(ranking(new double[] {1e-5, 1.1e-5, 0.9e-5},
                new double[] {1e-3, 1.2e-3, 0.8e-3})), "two decades apart with a tenth of a decade's spread");
        assertTrue(BatchReport.rankingCaution(ranking(new double[] {1e-5}, new double[] {1e-3})).orElseThrow()
                .startsWith("Each configuration ran with one seed"));
        assertEquals(Optional.empty(), BatchReport.rankingCaution(ranking(new double[] {1e-5, 2e-5})),
                "nothing to compare");
    }

    @Test
    void drawnNumbersAreShortenedAndEverythingElseKept() {
        assertEquals("0.00352", BatchPage.readable("0.0035242944335"));
        assertEquals("1.00e-04", BatchPage.readable("1.0E-4"));
        assertEquals("0.001", BatchPage.readable("0.001"));
        assertEquals("120", BatchPage.readable("120"));
        assertEquals("[32,32,32]", BatchPage.readable("[32,32,32]"));
        Map<String, String> axes = new java.util.LinkedHashMap<>();
        axes.put("lr", "0.0035242944335");
        axes.put("activation", "tanh");
        assertEquals("lr 0.00352, activation tanh, seed 2", BatchPage.label(axes, 2));
    }
}

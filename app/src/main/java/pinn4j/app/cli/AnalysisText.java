package pinn4j.app.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import pinn4j.problems.Expr;
import pinn4j.problems.OdeProblem;
import pinn4j.problems.ProblemAnalysis;

/** A {@link ProblemAnalysis} as people read it: the table of {@code pinn run --explain} and the run's one line. */
final class AnalysisText {

    private AnalysisText() {
    }

    /**
     * The table: what was sampled, each rate with its time scale, the counts over the domain, the magnitudes and,
     * when the quick integration stopped early, why.
     *
     * @param problem the analysed problem
     * @param analysis what it found
     * @param millis how long the analysis took
     * @return the lines
     */
    static List<String> table(OdeProblem problem, ProblemAnalysis analysis, long millis) {
        List<String> lines = new ArrayList<>();
        lines.add("analysis: eigenvalues lambda of the Jacobian " + (analysis.trajectory()
                ? "along a Dormand-Prince 8(5,3) integration at tolerance 1e-6 (" + analysis.steps() + " steps)"
                : "over the domain, with the conditions' values (a boundary-value problem)") + ", " + analysis.samples()
                + " samples" + (analysis.skipped() > 0 ? " (" + analysis.skipped() + " left out: Jacobian not finite"
                + " or eigenvalues not found)" : "") + ", " + millis + " ms");
        row(lines, "fastest rate |Re lambda|", analysis.fastestRate(), "time scale", 1 / analysis.fastestRate());
        row(lines, "slowest rate |Re lambda|", analysis.slowestRate(), "time scale", 1 / analysis.slowestRate());
        row(lines, "fastest frequency |Im lambda|", analysis.fastestFrequency(), "period",
                2 * Math.PI / analysis.fastestFrequency());
        row(lines, "periods over the domain", analysis.periods(), null, 0);
        if (analysis.trajectory()) {
            row(lines, "oscillations of the solution", analysis.oscillations(), null, 0);
        }
        row(lines, "e-foldings over the domain", analysis.eFoldings(), null, 0);
        row(lines, "stiffness ratio", analysis.stiffnessRatio(), null, 0);
        analysis.magnitudes().forEach((unknown, size) -> row(lines, "largest |" + unknown + "|"
                + (analysis.trajectory() ? "" : " in the conditions"), size, null, 0));
        if (!analysis.note().isEmpty()) {
            lines.add("note: " + analysis.note() + "; the figures past " + problem.variable() + " = "
                    + number(analysis.reached()) + " go on at the last rates");
        }
        return lines;
    }

    /**
     * One line for the run's summary.
     *
     * @param analysis what the analysis found
     * @return for example {@code analysis: 3.17 periods, 2 e-foldings, stiffness ratio 1, fastest rate 2, fastest
     *     frequency 19.9 (25 DP853 steps)}
     */
    static String summary(ProblemAnalysis analysis) {
        return "analysis: " + number(analysis.periods()) + " periods, " + number(analysis.eFoldings())
                + " e-foldings, stiffness ratio " + number(analysis.stiffnessRatio()) + ", fastest rate "
                + number(analysis.fastestRate()) + ", fastest frequency " + number(analysis.fastestFrequency())
                + (analysis.trajectory() ? " (" + analysis.steps() + " DP853 steps" + (analysis.note().isEmpty() ? ""
                : ": its budget, see --explain") + ")" : " (over the domain)");
    }

    private static void row(List<String> lines, String name, double value, String scaleName, double scale) {
        String text = String.format(Locale.ROOT, "  %-34s %s", name, number(value));
        if (scaleName != null && Double.isFinite(scale)) {
            text = String.format(Locale.ROOT, "%-50s %s %s", text, scaleName, number(scale));
        }
        lines.add(text);
    }

    /** Three significant digits, as a number reads ({@code 2}, {@code 19.9}, {@code 1000000}); NaN as "none". */
    private static String number(double value) {
        return Double.isNaN(value) ? "none" : Expr.format(Double.parseDouble(String.format(Locale.ROOT, "%.3g",
                value)));
    }
}

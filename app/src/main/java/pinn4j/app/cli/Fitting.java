package pinn4j.app.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import pinn4j.plots.comparator.ClassicalFit;
import pinn4j.plots.comparator.Comparison;
import pinn4j.plots.comparator.FitReport;
import pinn4j.plots.files.RunFiles;
import pinn4j.problems.OdeProblem;
import pinn4j.solver.TrainedPinn;

/** An inverse problem's run after training: the classical fit, the problem to compare with, the printed table. */
final class Fitting {

    private Fitting() {
    }

    /**
     * What a trained run writes, the same for {@code pinn run} and each run of {@code pinn batch}.
     *
     * @param comparison the network against its reference (for an inverse problem, the problem at the truth or at
     *     the classical fit: see {@link #referenceProblem})
     * @param fit what the fit found; null for a forward problem
     */
    record Outcome(Comparison comparison, FitReport fit) {

        /** Compares the network and, for an inverse problem, runs the classical fit first. */
        static Outcome of(RunCommand.Resolved resolved, TrainedPinn trained) {
            if (!resolved.isInverse()) {
                return new Outcome(Comparison.of(trained, Comparison.DEFAULT_POINTS), null);
            }
            FitReport fit = report(resolved, trained);
            return new Outcome(Comparison.of(trained, referenceProblem(resolved, trained, fit),
                    Comparison.DEFAULT_POINTS), fit);
        }

        /** This outcome of an ensemble's member with the figures of all members ({@link FitReport#withEnsemble}). */
        Outcome withEnsemble(List<FitReport.Member> members) {
            return new Outcome(comparison, fit.withEnsemble(members));
        }

        /** The run's files, an inverse problem's with its measurements and parameters. */
        void write(Path folder, TrainedPinn trained) throws IOException {
            if (fit == null) {
                RunFiles.write(folder, trained, comparison);
            } else {
                RunFiles.write(folder, trained, comparison, fit);
            }
        }
    }

    /** The network's estimates next to the classical fit of the same parameters to the same data. */
    static FitReport report(RunCommand.Resolved resolved, TrainedPinn trained) {
        ClassicalFit classical = ClassicalFit.of(resolved.problem(), resolved.data());
        return FitReport.of(trained, resolved.data(), resolved.truth(), classical);
    }

    /**
     * The problem the network is measured against: at the true values where known, else at the classical fit's
     * estimates when it converged, else at the network's own.
     */
    static OdeProblem referenceProblem(RunCommand.Resolved resolved, TrainedPinn trained, FitReport fit) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (FitReport.Parameter p : fit.parameters()) {
            values.put(p.name(), !Double.isNaN(p.truth()) ? p.truth() : fit.classical().converged()
                    ? p.hipparchusEstimate() : trained.fittedParameters().get(p.name()));
        }
        return resolved.at().apply(values);
    }

    /** What was said of the reference the errors are measured against. */
    static String referenceDescription(FitReport fit) {
        boolean allTrue = fit.parameters().stream().noneMatch(p -> Double.isNaN(p.truth()));
        return allTrue ? "the true parameters" : fit.classical().converged() ? "the Hipparchus fit's parameters"
                : "the network's own estimates (the Hipparchus fit did not converge)";
    }

    /** One line per fitted parameter: the network's estimate, the ensemble's spread, the classical fit, the truth. */
    static void printTable(PrintStream console, FitReport fit) {
        ClassicalFit classical = fit.classical();
        console.println("fitted parameters (PINN" + (fit.members() > 1 ? ", ensemble of " + fit.members() + " seeds"
                : "") + " | Hipparchus Levenberg-Marquardt over DP853 | truth):");
        int width = fit.parameters().stream().mapToInt(p -> p.name().length()).max().orElse(1);
        for (FitReport.Parameter p : fit.parameters()) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-" + width + "s  %s", p.name(),
                    FitReport.digits(p.estimate())));
            if (fit.members() > 1) {
                line.append(String.format(Locale.ROOT, " (ensemble %s +- %.2g)", FitReport.digits(p.ensembleMean()),
                        p.ensembleStd()));
            }
            if (!Double.isNaN(p.truth())) {
                line.append(String.format(Locale.ROOT, ", %.2g%% off", 100 * p.relativeError()));
            }
            line.append("  |  ").append(FitReport.digits(p.hipparchusEstimate()));
            if (classical.converged()) {
                line.append(String.format(Locale.ROOT, " +- %.2g", p.hipparchusStandardError()));
            }
            if (!Double.isNaN(p.truth())) {
                line.append(String.format(Locale.ROOT, ", %.2g%% off  |  %s", 100 * p.hipparchusRelativeError(),
                        FitReport.digits(p.truth())));
            }
            console.println(line);
        }
        if (!classical.converged()) {
            console.println("Hipparchus fit: did not converge: " + classical.failure());
        }
    }
}

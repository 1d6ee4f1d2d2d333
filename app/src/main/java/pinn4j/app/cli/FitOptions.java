package pinn4j.app.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Option;
import pinn4j.problems.FittedParameter;

/** The flags of an inverse problem on the command line: what to fit, from which data, and the truth if known. */
final class FitOptions {

    @Option(names = "--fit", paramLabel = "NAME[:MIN:MAX],...", split = ",",
            description = "Learn these parameters from --data, their values the initial guesses; optional bounds,"
                    + " either may be empty (mu:0: keeps mu above 0). For problems without a fit: section.")
    List<String> fit = new ArrayList<>();

    @Option(names = "--data", paramLabel = "FILE.csv",
            description = "Measurements: a header naming the variable, then some of the unknowns; empty cells allowed.")
    Path data;

    @Option(names = "--truth", paramLabel = "NAME=VALUE", split = ",",
            description = "Known values of fitted parameters (synthetic data): errors are reported against them.")
    List<String> truth = new ArrayList<>();

    /** Whether any fit flag was given. */
    boolean given() {
        return !fit.isEmpty() || data != null || !truth.isEmpty();
    }

    /**
     * The {@code --fit} entries as fitted parameters.
     *
     * @throws IllegalArgumentException naming the entry and what is allowed
     */
    List<FittedParameter> fitted() {
        List<FittedParameter> parameters = new ArrayList<>();
        for (String entry : fit) {
            String[] parts = entry.trim().split(":", -1);
            if (parts.length != 1 && parts.length != 3 || parts[0].isBlank()) {
                throw new IllegalArgumentException("--fit entries must be NAME or NAME:MIN:MAX (either bound may be"
                        + " empty, as in mu:0:), got '" + entry + "'");
            }
            double min = parts.length == 3 ? bound(entry, parts[1], Double.NEGATIVE_INFINITY) : Double.NEGATIVE_INFINITY;
            double max = parts.length == 3 ? bound(entry, parts[2], Double.POSITIVE_INFINITY) : Double.POSITIVE_INFINITY;
            try {
                parameters.add(new FittedParameter(parts[0].trim(), min, max));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--fit " + entry + ": " + e.getMessage());
            }
        }
        return parameters;
    }

    private static double bound(String entry, String text, double none) {
        if (text.isBlank()) {
            return none;
        }
        try {
            double value = Double.parseDouble(text.trim());
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below, with the entry
        }
        throw new IllegalArgumentException("--fit " + entry + ": bounds must be finite numbers or empty, got '" + text
                + "'");
    }

    /** The {@code --truth} values by name. */
    Map<String, Double> truthValues() {
        return TrainingOptions.parameterValues("--truth", truth);
    }
}

package pinn4j.problems.text;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import pinn4j.problems.Observations;
import pinn4j.problems.OdeProblem;

/**
 * A problem read from a YAML file, with the training settings the file asks for and, for an inverse problem (a
 * {@code fit:} section), the measured data and the true values of the fitted parameters where the file knows them.
 *
 * @param source where it came from, for messages
 * @param problem the problem; its fitted parameters are those of the file's {@code fit:} section
 * @param training training settings by name, each as written with its file:line:column; the solver's
 *     {@code TrainingSettings} reads them, and the command line's flags override them
 * @param data the measurements the fitted parameters are learned from; empty without {@code fit:}, or when the
 *     file was read without them ({@link ProblemFiles#loadWithoutMeasurements})
 * @param truth the true values of some fitted parameters (for studies on synthetic data); empty when not given
 */
public record ProblemFile(String source, OdeProblem problem, Map<String, Located> training, List<Observations> data,
                          Map<String, Double> truth) {

    /**
     * Validates the record and copies the settings, data and truth.
     *
     * @param source where it came from, for messages
     * @param problem the problem
     * @param training training settings by name, each as written with its file:line:column
     * @param data measurements of the problem's unknowns
     * @param truth true values of fitted parameters, finite
     * @throws NullPointerException when the source or problem is missing
     * @throws IllegalArgumentException when data measure something that is not an unknown of the problem, or the
     *     truth names a parameter that is not fitted or has a value that is not finite
     */
    public ProblemFile {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(problem, "problem");
        training = Collections.unmodifiableMap(new LinkedHashMap<>(training));
        data = List.copyOf(data);
        truth = Collections.unmodifiableMap(new LinkedHashMap<>(truth));
        for (Observations observations : data) {
            if (!problem.unknowns().contains(observations.unknown())) {
                throw new IllegalArgumentException(source + ": measurements of '" + observations.unknown()
                        + "', which is not an unknown; unknowns: " + String.join(", ", problem.unknowns()));
            }
        }
        truth.forEach((name, value) -> {
            if (!problem.fittedNames().contains(name) || value == null || !Double.isFinite(value)) {
                throw new IllegalArgumentException(source + ": the truth " + name + "=" + value + " must be a finite"
                        + " value of a fitted parameter; fitted: " + String.join(", ", problem.fittedNames()));
            }
        });
    }

    /**
     * A forward problem's file: no measurements, no truth.
     *
     * @param source where it came from, for messages
     * @param problem the problem
     * @param training training settings by name, each as written with its file:line:column
     */
    public ProblemFile(String source, OdeProblem problem, Map<String, Located> training) {
        this(source, problem, training, List.of(), Map.of());
    }

    /**
     * Whether the file poses an inverse problem: parameters to learn from its measurements.
     *
     * @return true when the file has a {@code fit:} section
     */
    public boolean isInverse() {
        return problem.isInverse();
    }
}

package pinn4j.problems.text;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import pinn4j.problems.OdeProblem;

/**
 * A problem read from a YAML file, with the training settings the file asks for.
 *
 * @param source where it came from, for messages
 * @param problem the problem
 * @param training training settings by name, each as written with its file:line:column; the solver's
 *     {@code TrainingSettings} reads them, and the command line's flags override them
 */
public record ProblemFile(String source, OdeProblem problem, Map<String, Located> training) {

    /**
     * Validates the record and copies the settings.
     *
     * @param source where it came from, for messages
     * @param problem the problem
     * @param training training settings by name, each as written with its file:line:column
     * @throws NullPointerException when the source or problem is missing
     */
    public ProblemFile {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(problem, "problem");
        training = Collections.unmodifiableMap(new LinkedHashMap<>(training));
    }
}

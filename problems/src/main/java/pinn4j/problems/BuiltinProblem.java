package pinn4j.problems;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A named problem family shipped with pinn4j: default constants and a factory, so every constant can be changed
 * by name (the CLI's {@code --param}).
 *
 * @param name how the problem is called on the command line
 * @param summary one line for listings
 * @param defaults every constant with its default value
 * @param factory builds the problem from a complete set of constants
 * @param training training settings this problem needs beyond the defaults, keyed as in problem files'
 *     {@code training} section; the solver's {@code TrainingSettings} reads them
 */
public record BuiltinProblem(String name, String summary, Map<String, Double> defaults,
                             Function<Map<String, Double>, OdeProblem> factory, Map<String, Object> training) {

    /**
     * Checks the names and the factory and keeps unmodifiable copies of the maps.
     *
     * @param name how the problem is called on the command line
     * @param summary one line for listings
     * @param defaults every constant with its default value
     * @param factory builds the problem from a complete set of constants
     * @param training training settings this problem needs beyond the defaults
     */
    public BuiltinProblem {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(factory, "factory");
        defaults = Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
        training = Collections.unmodifiableMap(new LinkedHashMap<>(training));
    }

    /**
     * The problem with the defaults.
     *
     * @return the problem
     */
    public OdeProblem create() {
        return create(Map.of());
    }

    /**
     * The problem with some constants replaced; each override must name an existing constant.
     *
     * @param overrides constants by name, each a finite number
     * @return the problem
     * @throws IllegalArgumentException for an unknown constant or a value that is not finite
     */
    public OdeProblem create(Map<String, Double> overrides) {
        Map<String, Double> values = new LinkedHashMap<>(defaults);
        overrides.forEach((key, value) -> {
            if (!values.containsKey(key)) {
                throw new IllegalArgumentException("unknown parameter '" + key + "' for " + name + "; allowed: "
                        + String.join(", ", defaults.keySet()));
            }
            if (value == null || !Double.isFinite(value)) {
                throw new IllegalArgumentException("parameter " + key + " must be a finite number, got " + value);
            }
            values.put(key, value);
        });
        return factory.apply(values);
    }
}

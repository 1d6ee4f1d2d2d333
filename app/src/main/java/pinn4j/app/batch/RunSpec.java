package pinn4j.app.batch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * One run of a batch: a problem, the settings and problem parameters its axes chose, a seed. Its id is stable: the same problem,
 * settings and seed give the same id in every expansion, on every machine.
 *
 * @param index position in the batch's expansion
 * @param problem a built-in name or a problem file
 * @param settings axis name to value, as the batch file wrote them (training keys of problem files, and problem
 *     parameters)
 * @param seed the training seed
 */
public record RunSpec(int index, String problem, Map<String, Object> settings, long seed) {

    /** Hyperband's fraction of the iterations: a batch knob kept with the settings, so it enters the id. */
    static final String BUDGET = "budget";

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /**
     * Copies the settings.
     *
     * @param index position in the batch's expansion
     * @param problem a built-in name or a problem file
     * @param settings axis name to value, as the batch file wrote them
     * @param seed the training seed
     * @throws NullPointerException when the problem is missing
     */
    public RunSpec {
        Objects.requireNonNull(problem, "problem");
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /**
     * {@code PROBLEM-HASH-sSEED}, with {@code -NAMEVALUE} after the problem for each parameter an axis set (e.g.
     * {@code damped-oscillator-mu4-0a1b2c3d4e-s1}): readable, and unique for problem, settings and seed.
     *
     * @return the id, also the name of the run's folder
     */
    public String id() {
        StringBuilder name = new StringBuilder(problem.replaceAll(".*/", "").replaceFirst("\\.(yaml|yml)$", ""));
        parameters().forEach((parameter, value) -> name.append('-').append(parameter).append(
                value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString(value.longValue())
                        : Double.toString(value)));
        try {
            String canonical = CANONICAL.writeValueAsString(Map.of("problem", problem, "settings", settings));
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return name + "-" + HexFormat.of().formatHex(digest, 0, 5) + "-s" + seed;
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash run settings " + settings, e);
        }
    }

    /**
     * The training settings of this run: its axis values and its seed.
     *
     * @return setting name to value, as the batch file wrote it
     */
    public Map<String, Object> trainingSettings() {
        Map<String, Object> all = new LinkedHashMap<>(settings);
        all.remove(BUDGET);
        all.keySet().removeIf(BatchSpec::isParameterAxis);
        all.put("seed", seed);
        return all;
    }

    /**
     * The problem's parameters this run sets: its axes that are not training settings.
     *
     * @return parameter name to value, in the batch file's order; empty when no axis is a parameter
     */
    public Map<String, Double> parameters() {
        Map<String, Double> parameters = new LinkedHashMap<>();
        settings.forEach((name, value) -> {
            if (!name.equals(BUDGET) && BatchSpec.isParameterAxis(name)) {
                parameters.put(name, ((Number) value).doubleValue());
            }
        });
        return parameters;
    }

    /**
     * The fraction of every stage's iterations this run trains with: below 1 on hyperband's early rungs.
     *
     * @return the fraction, in (0, 1]
     */
    public double budget() {
        Object budget = settings.get(BUDGET);
        return budget == null ? 1 : ((Number) budget).doubleValue();
    }
}

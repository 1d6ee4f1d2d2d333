package pinn4j.problems;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The catalogue of built-in problems. */
public final class BuiltinProblems {

    private static final List<BuiltinProblem> ALL = List.of(
            new BuiltinProblem("damped-oscillator",
                    "damped harmonic oscillator m x'' + mu x' + k x = 0 (exact solution in every regime)",
                    oscillatorDefaults(),
                    p -> DampedHarmonicOscillator.of(p.get("m"), p.get("mu"), p.get("k"), p.get("x0"), p.get("v0"),
                            p.get("t0"), p.get("t1"))));

    private BuiltinProblems() {
    }

    public static List<BuiltinProblem> all() {
        return ALL;
    }

    public static Optional<BuiltinProblem> find(String name) {
        return ALL.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    private static Map<String, Double> oscillatorDefaults() {
        Map<String, Double> defaults = new LinkedHashMap<>();
        defaults.put("m", 1.0);
        defaults.put("mu", 4.0);
        defaults.put("k", 400.0);
        defaults.put("x0", 1.0);
        defaults.put("v0", 0.0);
        defaults.put("t0", 0.0);
        defaults.put("t1", 1.0);
        return defaults;
    }
}

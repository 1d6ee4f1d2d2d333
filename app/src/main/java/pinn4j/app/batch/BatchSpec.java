package pinn4j.app.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import pinn4j.solver.settings.TrainingSettings;

/**
 * A batch file: problems and a sweep over training settings and seeds.
 * <pre>
 * problems: [damped-oscillator, examples/lotka-volterra.yaml]
 * sweep:
 *   mode: grid                 # grid | random | hyperband
 *   samples: 20                # random and hyperband: how many configurations to draw
 *   reduction: 3               # hyperband: keep the best 1/reduction of each rung
 *   seed: 0                    # random: the draw's seed
 *   seeds: [1, 2, 3]
 *   axes:
 *     activation: [tanh, sin]
 *     lr: {log-uniform: [1e-4, 1e-2]}   # random mode; grid mode takes lists
 * </pre>
 *
 * @param problems built-in names or problem files
 * @param mode how configurations are made from the axes
 * @param samples configurations to draw in random mode
 * @param drawSeed seed of the random draw
 * @param seeds training seeds; every configuration runs with each
 * @param axes setting name to its values (grid) or distribution (random), in file order
 * @param reduction hyperband's factor: each rung keeps the best 1/reduction and gives them reduction times the budget
 */
public record BatchSpec(List<String> problems, Mode mode, int samples, long drawSeed, List<Long> seeds,
                        Map<String, Object> axes, int reduction) {

    /**
     * How configurations are made. Hyperband here is successive halving with training iterations as the resource:
     * the drawn configurations train with a fraction of their iterations, the best {@code 1/reduction} per problem
     * (by mean error over seeds) go on with {@code reduction} times more, until one is left with the full budget.
     */
    public enum Mode {
        /** Every combination of the axes' listed values. */
        GRID,
        /** {@code samples} configurations drawn from the axes' lists and distributions. */
        RANDOM,
        /** Drawn like random, then trained by successive halving. */
        HYPERBAND
    }

    /**
     * Validates the batch and copies the lists and axes.
     *
     * @param problems built-in names or problem files, at least one
     * @param mode how configurations are made from the axes
     * @param samples configurations to draw in random and hyperband mode, at least 1 there
     * @param drawSeed seed of the random draw
     * @param seeds training seeds, at least one
     * @param axes setting name to its values (grid) or distribution (random), in file order
     * @param reduction hyperband's factor, at least 2
     * @throws IllegalArgumentException naming the field when a value is missing, out of range or unknown
     */
    public BatchSpec {
        problems = List.copyOf(problems);
        seeds = List.copyOf(seeds);
        axes = Collections.unmodifiableMap(new LinkedHashMap<>(axes));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("problems must list at least one problem");
        }
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("sweep.seeds must list at least one seed");
        }
        if (mode != Mode.GRID && samples < 1) {
            throw new IllegalArgumentException("sweep.samples must be >= 1 in " + mode.name().toLowerCase(Locale.ROOT)
                    + " mode, got " + samples);
        }
        if (reduction < 2) {
            throw new IllegalArgumentException("sweep.reduction must be >= 2, got " + reduction);
        }
        for (Map.Entry<String, Object> axis : axes.entrySet()) {
            if (axis.getKey().equals("seed")) {
                throw new IllegalArgumentException("sweep.axes.seed: seeds go in sweep.seeds");
            }
            try {
                TrainingSettings.setting(axis.getKey());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("sweep.axes." + axis.getKey() + ": " + e.getMessage());
            }
            boolean list = axis.getValue() instanceof List<?> values && !values.isEmpty();
            if (mode == Mode.GRID && !list) {
                throw new IllegalArgumentException("sweep.axes." + axis.getKey() + " must be a non-empty list in grid"
                        + " mode, got " + axis.getValue());
            }
            if (mode != Mode.GRID && !list) {
                Distribution.of(axis.getKey(), axis.getValue());
            }
        }
    }

    /**
     * Reads a batch file; errors name the file and the field.
     *
     * @param file the batch file, YAML
     * @return the batch
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException naming the file and the field when the file is not a valid batch
     */
    public static BatchSpec load(Path file) throws IOException {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file, StandardCharsets.UTF_8));
        } catch (YAMLException e) {
            throw new IllegalArgumentException(file + ": not valid YAML: " + e.getMessage());
        }
        try {
            return parse(root);
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    static BatchSpec parse(Object root) {
        if (!(root instanceof Map<?, ?> top)) {
            throw new IllegalArgumentException("expected a mapping with keys problems and sweep");
        }
        for (Object key : top.keySet()) {
            if (!List.of("problems", "sweep").contains(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "'; allowed: problems, sweep");
            }
        }
        List<String> problems = new ArrayList<>();
        Object listed = top.get("problems");
        if (!(listed instanceof List<?> names)) {
            throw new IllegalArgumentException("problems must be a list of built-in names or problem files, got "
                    + listed);
        }
        names.forEach(name -> problems.add(String.valueOf(name)));
        Map<String, Object> sweep = top.get("sweep") == null ? Map.of() : (Map<String, Object>) top.get("sweep");
        for (String key : sweep.keySet()) {
            if (!List.of("mode", "samples", "seed", "seeds", "axes", "reduction").contains(key)) {
                throw new IllegalArgumentException("unknown key 'sweep." + key + "'; allowed: mode, samples, seed,"
                        + " seeds, axes, reduction");
            }
        }
        String modeName = String.valueOf(sweep.getOrDefault("mode", "grid"));
        Mode mode;
        try {
            mode = Mode.valueOf(modeName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sweep.mode must be grid, random or hyperband, got '" + modeName + "'");
        }
        List<Long> seeds = new ArrayList<>();
        for (Object seed : (List<Object>) sweep.getOrDefault("seeds", List.of(1))) {
            seeds.add(((Number) seed).longValue());
        }
        int samples = ((Number) sweep.getOrDefault("samples", 0)).intValue();
        long drawSeed = ((Number) sweep.getOrDefault("seed", 0)).longValue();
        Map<String, Object> axes = (Map<String, Object>) sweep.getOrDefault("axes", Map.of());
        int reduction = ((Number) sweep.getOrDefault("reduction", 3)).intValue();
        return new BatchSpec(problems, mode, samples, drawSeed, seeds, axes, reduction);
    }

    /**
     * Every run, in a fixed order: problem, then configuration, then seed; for hyperband, its first rung.
     *
     * @return the runs, numbered from 0
     */
    public List<RunSpec> expand() {
        List<Map<String, Object>> configurations = mode == Mode.GRID ? grid() : draws();
        List<RunSpec> runs = new ArrayList<>();
        for (String problem : problems) {
            runs.addAll(runs(problem, mode == Mode.HYPERBAND ? withBudget(configurations, 0) : configurations,
                    runs.size()));
        }
        return runs;
    }

    /**
     * Hyperband's number of rungs after the first: enough to bring the samples down to one.
     *
     * @return the index of the last rung, the one that trains with the full budget
     */
    public int lastRung() {
        int rungs = 0;
        for (int left = samples; left > 1; left = (left + reduction - 1) / reduction) {
            rungs++;
        }
        return rungs;
    }

    /**
     * The fraction of each run's iterations at a hyperband rung: reduction^(rung - lastRung).
     *
     * @param rung the rung, from 0 to {@link #lastRung()}
     * @return the fraction, in (0, 1]
     */
    public double budget(int rung) {
        return Math.pow(reduction, rung - lastRung());
    }

    /**
     * The configurations with hyperband's budget of the given rung as the {@code budget} setting.
     *
     * @param configurations setting name to value, one map per configuration
     * @param rung the hyperband rung
     * @return new maps, each with {@code budget} added
     */
    public List<Map<String, Object>> withBudget(List<Map<String, Object>> configurations, int rung) {
        List<Map<String, Object>> budgeted = new ArrayList<>();
        for (Map<String, Object> configuration : configurations) {
            Map<String, Object> next = new LinkedHashMap<>(configuration);
            next.put(RunSpec.BUDGET, budget(rung));
            budgeted.add(next);
        }
        return budgeted;
    }

    /**
     * A problem's runs for the given configurations, every seed each, numbered from {@code firstIndex}.
     *
     * @param problem a built-in name or a problem file
     * @param configurations setting name to value, one map per configuration
     * @param firstIndex the index of the first run
     * @return the runs, configuration by configuration, seed by seed
     */
    public List<RunSpec> runs(String problem, List<Map<String, Object>> configurations, int firstIndex) {
        List<RunSpec> runs = new ArrayList<>();
        for (Map<String, Object> configuration : configurations) {
            for (long seed : seeds) {
                runs.add(new RunSpec(firstIndex + runs.size(), problem, configuration, seed));
            }
        }
        return runs;
    }

    private List<Map<String, Object>> grid() {
        List<Map<String, Object>> configurations = new ArrayList<>();
        configurations.add(new LinkedHashMap<>());
        for (Map.Entry<String, Object> axis : axes.entrySet()) {
            List<Map<String, Object>> extended = new ArrayList<>();
            for (Map<String, Object> partial : configurations) {
                for (Object value : (List<?>) axis.getValue()) {
                    Map<String, Object> next = new LinkedHashMap<>(partial);
                    next.put(axis.getKey(), value);
                    extended.add(next);
                }
            }
            configurations = extended;
        }
        return configurations;
    }

    private List<Map<String, Object>> draws() {
        SplittableRandom random = new SplittableRandom(drawSeed);
        List<Map<String, Object>> configurations = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            Map<String, Object> configuration = new LinkedHashMap<>();
            for (Map.Entry<String, Object> axis : axes.entrySet()) {
                Object value = axis.getValue();
                configuration.put(axis.getKey(), value instanceof List<?> choices
                        ? choices.get(random.nextInt(choices.size()))
                        : Distribution.of(axis.getKey(), value).draw(random));
            }
            configurations.add(configuration);
        }
        return configurations;
    }

    /** A random axis: {@code {log-uniform: [a, b]}}, {@code {uniform: [a, b]}} or {@code {int-uniform: [a, b]}}. */
    record Distribution(String kind, double low, double high) {
        static Distribution of(String axis, Object spec) {
            if (spec instanceof Map<?, ?> map && map.size() == 1) {
                Map.Entry<?, ?> entry = map.entrySet().iterator().next();
                String kind = String.valueOf(entry.getKey());
                if (List.of("log-uniform", "uniform", "int-uniform").contains(kind)
                        && entry.getValue() instanceof List<?> bounds && bounds.size() == 2) {
                    double a = number(bounds.get(0));
                    double b = number(bounds.get(1));
                    if (a < b && (!kind.equals("log-uniform") || a > 0)) {
                        return new Distribution(kind, a, b);
                    }
                }
            }
            throw new IllegalArgumentException("sweep.axes." + axis + " must be a list of values or one of"
                    + " {log-uniform: [a, b]} (0 < a < b), {uniform: [a, b]}, {int-uniform: [a, b]}; got " + spec);
        }

        /** A bound as YAML gives it; YAML 1.1 reads 1e-4 as text. NaN when it is no number, which fails the check. */
        private static double number(Object value) {
            try {
                return value instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(value).trim());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }

        Object draw(SplittableRandom random) {
            switch (kind) {
                case "log-uniform":
                    return Math.exp(Math.log(low) + random.nextDouble() * (Math.log(high) - Math.log(low)));
                case "uniform":
                    return low + random.nextDouble() * (high - low);
                default:
                    return (int) Math.round(low) + random.nextInt((int) Math.round(high) - (int) Math.round(low) + 1);
            }
        }
    }
}

package pinn4j.app.batch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import pinn4j.app.search.BayesianSearch;
import pinn4j.app.search.Observation;
import pinn4j.problems.Limits;
import pinn4j.solver.settings.Setting;
import pinn4j.solver.settings.TrainingSettings;

/**
 * A batch file: problems and a sweep over training settings and seeds.
 * <pre>
 * problems: [damped-oscillator, examples/lotka-volterra.yaml]
 * sweep:
 *   mode: grid                 # grid | random | hyperband | bayesian
 *   samples: 20                # random, hyperband, bayesian: how many configurations to try
 *   reduction: 3               # hyperband: keep the best 1/reduction of each rung
 *   initial: 5                 # bayesian: configurations drawn at random before the model proposes
 *   round: 2                   # bayesian: configurations proposed at a time (each runs every seed)
 *   seed: 0                    # random, hyperband, bayesian: the draw's seed
 *   seeds: [1, 2, 3]
 *   axes:
 *     activation: [tanh, sin]
 *     lr: {log-uniform: [1e-4, 1e-2]}   # random mode; grid mode takes lists
 * </pre>
 * Every value is checked where it is read, with the setting's own rule ({@link TrainingSettings}): errors name
 * the file, line and column, the field, the value and what is allowed.
 *
 * @param problems built-in names or problem files
 * @param mode how configurations are made from the axes
 * @param samples configurations to draw in random mode
 * @param drawSeed seed of the random draw
 * @param seeds training seeds; every configuration runs with each
 * @param axes setting name to its values (grid) or distribution (random), in file order
 * @param reduction hyperband's factor: each rung keeps the best 1/reduction and gives them reduction times the budget
 * @param initial bayesian mode's configurations drawn at random, per problem, before the model proposes
 * @param round bayesian mode's configurations proposed at once, per problem
 * @param places where each field was written, by its path ({@code sweep.seeds[1]}), as {@code file:line:column};
 *     empty for a batch not read from a file
 */
public record BatchSpec(List<String> problems, Mode mode, int samples, long drawSeed, List<Long> seeds,
                        Map<String, Object> axes, int reduction, int initial, int round, Map<String, String> places) {

    /** The most runs a batch may expand to (problems x configurations x seeds); shard larger studies. */
    public static final int MAX_RUNS = 100_000;
    /** The most values a batch file may hold, aliases expanded. */
    private static final int MAX_NODES = 10_000;
    private static final Setting.Kind.Whole SEED = (Setting.Kind.Whole) TrainingSettings.setting("seed").kind();
    private static final Setting.Kind.Whole SAMPLES = new Setting.Kind.Whole(1, MAX_RUNS);
    private static final Setting.Kind.Whole REDUCTION = new Setting.Kind.Whole(2, 100);
    private static final List<String> KEYS = List.of("problems", "sweep");
    private static final Setting.Kind.Whole ROUND = new Setting.Kind.Whole(1, 1000);
    private static final List<String> SWEEP_KEYS = List.of("mode", "samples", "seed", "seeds", "axes", "reduction",
            "initial", "round");
    /** Bayesian mode's proposals per round unless the file says: the two workers of a 2-core machine kept busy. */
    private static final int DEFAULT_ROUND = 2;

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
        HYPERBAND,
        /**
         * {@code initial} configurations drawn like random, then rounds of {@code round} proposed by expected
         * improvement under a Gaussian-process model of the log error over the axes
         * ({@link pinn4j.app.search.BayesianSearch}), per problem, until {@code samples}.
         */
        BAYESIAN
    }

    /**
     * A batch without places, for batches made in code.
     *
     * @param problems built-in names or problem files
     * @param mode how configurations are made
     * @param samples configurations to draw (random and hyperband)
     * @param drawSeed seed of the draw
     * @param seeds training seeds
     * @param axes setting name to values or distribution
     * @param reduction hyperband's factor
     */
    public BatchSpec(List<String> problems, Mode mode, int samples, long drawSeed, List<Long> seeds,
                     Map<String, Object> axes, int reduction) {
        this(problems, mode, samples, drawSeed, seeds, axes, reduction, Math.min(samples, 5), DEFAULT_ROUND,
                Map.of());
    }

    /**
     * Checks the batch and copies the lists, axes and places: every axis value by its setting's rule, no problem,
     * seed or axis value twice (the same run twice), not more than {@link #MAX_RUNS} runs.
     *
     * @param problems built-in names or problem files, at least one
     * @param mode how configurations are made from the axes
     * @param samples configurations to draw in random and hyperband mode, at least 1 there
     * @param drawSeed seed of the random draw
     * @param seeds training seeds, at least one
     * @param axes setting name to its values (grid) or distribution (random), in file order
     * @param reduction hyperband's factor, at least 2
     * @param initial bayesian mode's random configurations, from 1 to samples there
     * @param round bayesian mode's proposals at a time, at least 1
     * @param places where each field was written, by its path
     * @throws IllegalArgumentException naming the place and the field when a value is missing, out of range or
     *     unknown
     */
    public BatchSpec {
        problems = List.copyOf(problems);
        seeds = List.copyOf(seeds);
        axes = Collections.unmodifiableMap(new LinkedHashMap<>(axes));
        places = Map.copyOf(places);
        if (problems.isEmpty()) {
            throw new IllegalArgumentException(where(places, "problems") + " must list at least one problem");
        }
        Set<String> distinctProblems = new HashSet<>();
        for (int i = 0; i < problems.size(); i++) {
            if (!distinctProblems.add(problems.get(i))) {
                throw new IllegalArgumentException(where(places, "problems[" + i + "]") + " lists '"
                        + problems.get(i) + "' a second time; each problem runs once per configuration and seed");
            }
        }
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException(where(places, "sweep.seeds") + " must list at least one seed");
        }
        Set<Long> distinctSeeds = new HashSet<>();
        for (int i = 0; i < seeds.size(); i++) {
            if (!distinctSeeds.add(seeds.get(i))) {
                throw new IllegalArgumentException(where(places, "sweep.seeds[" + i + "]") + " lists the seed "
                        + seeds.get(i) + " a second time; each seed runs once per configuration");
            }
        }
        String modeName = mode.name().toLowerCase(Locale.ROOT);
        if (mode != Mode.GRID && (samples < 1 || samples > MAX_RUNS)) {
            throw new IllegalArgumentException(where(places, "sweep.samples") + " must be " + SAMPLES.describe()
                    + " in " + modeName + " mode, got " + samples);
        }
        if (reduction < REDUCTION.min() || reduction > REDUCTION.max()) {
            throw new IllegalArgumentException(where(places, "sweep.reduction") + " must be " + REDUCTION.describe()
                    + ", got " + reduction);
        }
        if (mode == Mode.BAYESIAN && (initial < 1 || initial > samples)) {
            throw new IllegalArgumentException(where(places, "sweep.initial") + " must be a whole number from 1 to"
                    + " samples (" + samples + "), got " + initial);
        }
        if (round < ROUND.min() || round > ROUND.max()) {
            throw new IllegalArgumentException(where(places, "sweep.round") + " must be " + ROUND.describe()
                    + ", got " + round);
        }
        long configurations = 1;
        for (Map.Entry<String, Object> axis : axes.entrySet()) {
            String path = "sweep.axes." + axis.getKey();
            if (axis.getKey().equals("seed")) {
                throw new IllegalArgumentException(where(places, path) + ": seeds go in sweep.seeds");
            }
            if (isParameterAxis(axis.getKey()) && mode == Mode.BAYESIAN) {
                throw new IllegalArgumentException(where(places, path) + ": bayesian mode searches training settings"
                        + " for the lowest error, and " + axis.getKey() + " is not one (so it would set a problem"
                        + " parameter, changing the problem the error is of); sweep problem parameters in grid or"
                        + " random mode; training settings: " + TrainingSettings.names());
            }
            if (isParameterAxis(axis.getKey())) {
                configurations = Math.min((long) Integer.MAX_VALUE, configurations * checkParameterAxis(places, path,
                        axis.getValue()));
                continue;
            }
            Setting setting = TrainingSettings.setting(axis.getKey());
            if (axis.getValue() instanceof List<?> values && !values.isEmpty()) {
                for (int i = 0; i < values.size(); i++) {
                    try {
                        setting.read(values.get(i));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(where(places, path + "[" + i + "]") + ": "
                                + e.getMessage());
                    }
                    if (values.subList(0, i).contains(values.get(i))) {
                        throw new IllegalArgumentException(where(places, path + "[" + i + "]") + " lists "
                                + values.get(i) + " a second time; each value makes its own runs");
                    }
                }
                configurations = Math.min((long) Integer.MAX_VALUE, configurations * values.size());
            } else if (mode == Mode.GRID) {
                throw new IllegalArgumentException(where(places, path) + " must be a non-empty list in grid"
                        + " mode, got " + show(axis.getValue()));
            } else {
                Distribution.of(axis.getKey(), axis.getValue(), setting, where(places, path));
            }
        }
        long runs;
        try {
            runs = Math.multiplyExact(Math.multiplyExact(mode == Mode.GRID ? configurations : samples,
                    (long) problems.size()), (long) seeds.size());
        } catch (ArithmeticException e) {
            runs = Long.MAX_VALUE;
        }
        if (runs > MAX_RUNS) {
            throw new IllegalArgumentException(where(places, "sweep") + ": the batch expands to "
                    + (runs == Long.MAX_VALUE ? "too many" : String.valueOf(runs)) + " runs (problems x configurations"
                    + " x seeds); at most " + MAX_RUNS + " are allowed: split it into several batches");
        }
    }

    /**
     * Whether an axis sets a problem parameter: every name that is not a training setting does (which parameter the
     * problems have is checked when they are read).
     *
     * @param name the axis's name
     * @return true for a parameter axis
     */
    public static boolean isParameterAxis(String name) {
        return !name.equals(RunSpec.BUDGET) && TrainingSettings.ALL.stream().noneMatch(s -> s.name().equals(name));
    }

    /** A parameter axis takes a non-empty list of distinct finite numbers; returns its length. */
    private static int checkParameterAxis(Map<String, String> places, String path, Object value) {
        if (!(value instanceof List<?> values) || values.isEmpty()) {
            throw new IllegalArgumentException(where(places, path) + " is not a training setting, so it sets a"
                    + " problem parameter and takes a non-empty list of numbers such as [1, 4, 10], got " + show(value)
                    + "; training settings: " + TrainingSettings.names());
        }
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            if (!(v instanceof Number number) || !Double.isFinite(number.doubleValue())) {
                throw new IllegalArgumentException(where(places, path + "[" + i + "]") + ": a problem parameter's"
                        + " values are finite numbers, got " + show(v));
            }
            if (values.subList(0, i).contains(v)) {
                throw new IllegalArgumentException(where(places, path + "[" + i + "]") + " lists " + v
                        + " a second time; each value makes its own runs");
            }
        }
        return values.size();
    }

    /**
     * Where a field was written, for messages: {@code file:line:column: path}, or the path alone for a batch made
     * in code. A path with no place of its own takes its nearest enclosing field's.
     *
     * @param path the field, such as {@code sweep.axes.lr[1]}
     * @return the place and the field
     */
    public String where(String path) {
        return where(places, path);
    }

    private static String where(Map<String, String> places, String path) {
        String place = placeOf(places, path);
        return place.isEmpty() ? path : place + ": " + path;
    }

    /** The place of a field, or of its nearest enclosing field that has one; the file alone, or "" without one. */
    private static String placeOf(Map<String, String> places, String path) {
        for (String p = path; ; p = p.replaceFirst("(\\.[^.\\[]*|\\[\\d+]|^[^.\\[]+)$", "")) {
            String place = places.get(p);
            if (place != null) {
                return place;
            }
            if (p.isEmpty()) {
                return "";
            }
        }
    }

    /**
     * Reads a batch file; errors name the file, line and column, and the field.
     *
     * @param file the batch file
     * @return the batch
     * @throws IllegalArgumentException when the file is missing, too large, not UTF-8 YAML, or not a valid batch
     * @throws IOException when the file cannot be read
     */
    public static BatchSpec load(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("batch file " + file + " is a folder, not a file");
        }
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("batch file " + file + " does not exist");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(Limits.MAX_FILE_BYTES + 1);
        }
        if (bytes.length > Limits.MAX_FILE_BYTES) {
            throw new IllegalArgumentException(file + ": the file is larger than " + Limits.bytes(Limits.MAX_FILE_BYTES)
                    + "; a batch file may be at most " + Limits.bytes(Limits.MAX_FILE_BYTES));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + ": not UTF-8 text (is it a binary file?); a batch file is YAML");
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(Limits.MAX_YAML_ALIASES);
        options.setNestingDepthLimit(Limits.MAX_YAML_DEPTH);
        Object root;
        Node tree;
        try {
            root = new Yaml(new SafeConstructor(options)).load(text);
            tree = new Yaml(new SafeConstructor(options)).compose(new java.io.StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            throw new IllegalArgumentException(place(file, mark) + ": not valid YAML: " + (e.getProblem() != null
                    ? e.getProblem() : e.getContext()));
        } catch (YAMLException e) {
            throw new IllegalArgumentException(file + ": not valid YAML: " + e.getMessage().lines().findFirst()
                    .orElse(""));
        }
        Map<String, String> places = new LinkedHashMap<>();
        places.put("", file.toString());
        if (tree != null) {
            locate(file, tree, "", places, new int[] {0});
        }
        return parse(root, places);
    }

    /** Records where every node of the file is, by path; a key's entry is placed at the key. */
    private static void locate(Path file, Node node, String path, Map<String, String> places, int[] count) {
        if (++count[0] > MAX_NODES) {
            throw new IllegalArgumentException(file + ": more than " + MAX_NODES + " values (nested aliases?); a batch"
                    + " file needs far fewer");
        }
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key) {
                    String child = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
                    places.putIfAbsent(child, place(file, key.getStartMark()));
                    places.putIfAbsent(child + "=", place(file, tuple.getValueNode().getStartMark()));
                    locate(file, tuple.getValueNode(), child, places, count);
                }
            }
        } else if (node instanceof SequenceNode sequence) {
            for (int i = 0; i < sequence.getValue().size(); i++) {
                Node item = sequence.getValue().get(i);
                places.putIfAbsent(path + "[" + i + "]", place(file, item.getStartMark()));
                locate(file, item, path + "[" + i + "]", places, count);
            }
        }
    }

    private static String place(Path file, Mark mark) {
        return mark == null ? file.toString() : file + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
    }

    /**
     * Reads a batch from YAML's plain values, without places.
     *
     * @param root the parsed YAML
     * @return the batch
     * @throws IllegalArgumentException naming the field, the value and what is allowed
     */
    public static BatchSpec parse(Object root) {
        return parse(root, Map.of());
    }

    private static BatchSpec parse(Object root, Map<String, String> places) {
        if (!(root instanceof Map<?, ?> top)) {
            String place = placeOf(places, "");
            throw new IllegalArgumentException((place.isEmpty() ? "" : place + ": ") + "expected a mapping with keys"
                    + " problems and sweep, got " + show(root));
        }
        checkKeys(top, "", KEYS, places);
        Object listed = top.get("problems");
        if (!(listed instanceof List<?> names)) {
            throw new IllegalArgumentException(value(places, "problems") + " must be a list of built-in names or problem files, such as [damped-oscillator,"
                    + " examples/sir.yaml], got " + show(listed));
        }
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (!(names.get(i) instanceof String name) || name.isBlank()) {
                throw new IllegalArgumentException(where(places, "problems[" + i + "]") + " must be a built-in"
                        + " problem's name or a problem file, got " + show(names.get(i)));
            }
            problems.add(name.trim());
        }
        Object sweepValue = top.get("sweep");
        Map<?, ?> sweep = sweepValue == null ? Map.of() : sweepValue instanceof Map<?, ?> map ? map : null;
        if (sweep == null) {
            throw new IllegalArgumentException(value(places, "sweep") + " must be a mapping with keys "
                    + String.join(", ", SWEEP_KEYS) + ", got " + show(sweepValue));
        }
        checkKeys(sweep, "sweep", SWEEP_KEYS, places);
        Object modeValue = sweep.containsKey("mode") ? sweep.get("mode") : "grid";
        Mode mode = null;
        if (modeValue instanceof String name) {
            for (Mode m : Mode.values()) {
                if (m.name().equalsIgnoreCase(name.trim())) {
                    mode = m;
                }
            }
        }
        if (mode == null) {
            throw new IllegalArgumentException(value(places, "sweep.mode") + " must be grid, random, hyperband or"
                    + " bayesian, got " + show(modeValue));
        }
        for (String key : List.of("samples", "seed", "reduction", "initial", "round")) {
            boolean applies = key.equals("reduction") ? mode == Mode.HYPERBAND
                    : key.equals("initial") || key.equals("round") ? mode == Mode.BAYESIAN : mode != Mode.GRID;
            if (sweep.containsKey(key) && !applies) {
                throw new IllegalArgumentException(where(places, "sweep." + key) + " applies to "
                        + (key.equals("reduction") ? "hyperband mode" : key.equals("initial") || key.equals("round")
                        ? "bayesian mode" : "random, hyperband and bayesian modes") + " only; this batch is in "
                        + mode.name().toLowerCase(Locale.ROOT) + " mode");
            }
        }
        Object seedsValue = sweep.containsKey("seeds") ? sweep.get("seeds") : List.of(1);
        if (!(seedsValue instanceof List<?> seedList)) {
            throw new IllegalArgumentException(value(places, "sweep.seeds") + " must be a list of whole numbers such"
                    + " as [1, 2, 3], got " + show(seedsValue));
        }
        List<Long> seeds = new ArrayList<>();
        for (int i = 0; i < seedList.size(); i++) {
            seeds.add(whole(seedList.get(i), SEED, "sweep.seeds[" + i + "]", places));
        }
        int samples = sweep.containsKey("samples")
                ? (int) whole(sweep.get("samples"), SAMPLES, "sweep.samples", places) : 0;
        long drawSeed = sweep.containsKey("seed") ? whole(sweep.get("seed"), SEED, "sweep.seed", places) : 0;
        int reduction = sweep.containsKey("reduction")
                ? (int) whole(sweep.get("reduction"), REDUCTION, "sweep.reduction", places) : 3;
        int initial = sweep.containsKey("initial")
                ? (int) whole(sweep.get("initial"), SAMPLES, "sweep.initial", places) : Math.min(samples, 5);
        int round = sweep.containsKey("round")
                ? (int) whole(sweep.get("round"), ROUND, "sweep.round", places) : DEFAULT_ROUND;
        if (mode != Mode.GRID && !sweep.containsKey("samples")) {
            throw new IllegalArgumentException(where(places, "sweep") + ": " + mode.name().toLowerCase(Locale.ROOT)
                    + " mode needs samples: N, the number of configurations to draw");
        }
        Object axesValue = sweep.containsKey("axes") ? sweep.get("axes") : Map.of();
        if (!(axesValue instanceof Map<?, ?> axesMap)) {
            throw new IllegalArgumentException(value(places, "sweep.axes") + " must be a mapping from training"
                    + " setting to its values, such as {lr: [0.001, 0.01]}, got " + show(axesValue));
        }
        Map<String, Object> axes = new LinkedHashMap<>();
        axesMap.forEach((name, values) -> axes.put(String.valueOf(name), values));
        return new BatchSpec(problems, mode, samples, drawSeed, seeds, axes, reduction, initial, round, places);
    }

    /** The place of a field's value (rather than of its key), for messages about the value. */
    private static String value(Map<String, String> places, String path) {
        String place = places.get(path + "=");
        return place != null ? place + ": " + path : where(places, path);
    }

    private static void checkKeys(Map<?, ?> map, String path, List<String> allowed, Map<String, String> places) {
        for (Object key : map.keySet()) {
            String field = path.isEmpty() ? String.valueOf(key) : path + "." + key;
            if (!(key instanceof String) || !allowed.contains(key)) {
                String place = placeOf(places, field);
                throw new IllegalArgumentException((place.isEmpty() ? "" : place + ": ") + "unknown key '" + field
                        + "'; allowed: " + String.join(", ", allowed));
            }
        }
    }

    /** A whole number by a setting's rule: 1.5, text or a list are refused, not rounded or cast. */
    private static long whole(Object value, Setting.Kind.Whole kind, String path, Map<String, String> places) {
        Object read = value == null ? null : kind.read(value);
        if (read == null) {
            throw new IllegalArgumentException(where(places, path) + " must be " + kind.describe() + ", got "
                    + show(value));
        }
        return (Long) read;
    }

    /** A value as the file wrote it, for messages. */
    private static String show(Object value) {
        return value == null ? "nothing" : value instanceof String text ? "'" + text + "'" : String.valueOf(value);
    }

    /**
     * Every run, in a fixed order: problem, then configuration, then seed; for hyperband, its first rung; for
     * bayesian, its initial random configurations.
     *
     * @return the runs, numbered from 0
     */
    public List<RunSpec> expand() {
        List<Map<String, Object>> configurations = mode == Mode.GRID ? grid()
                : draws(mode == Mode.BAYESIAN ? initial : samples);
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
     * The runs that follow the ones done, chosen from their results: hyperband's next rung, bayesian mode's next
     * round, for every problem; nothing for grid and random batches, whose runs are all known at the start, nor once
     * a search is done. The one place the batch command and the tuning lesson take their searches' steps from.
     *
     * @param plan every run so far
     * @param last the runs of the last step (the expansion's, at step 1)
     * @param scores run id to its error (see {@link BatchReport#score}), asked for only when a step needs them;
     *     a run missing there counts as failed
     * @param step the step to make, from 1
     * @return the next runs, numbered on from the plan; empty when there are none
     */
    public List<RunSpec> next(List<RunSpec> plan, List<RunSpec> last,
                              java.util.function.Supplier<Map<String, Double>> scores, int step) {
        if (mode == Mode.GRID || mode == Mode.RANDOM || mode == Mode.HYPERBAND && step > lastRung()) {
            return List.of();
        }
        Map<String, Double> errors = scores.get();
        List<RunSpec> next = new ArrayList<>();
        for (String problem : problems) {
            next.addAll(mode == Mode.HYPERBAND ? nextRung(problem, last, errors, step, plan.size() + next.size())
                    : nextRound(problem, plan, errors, step, plan.size() + next.size()));
        }
        return next;
    }

    /**
     * Hyperband's next rung for one problem: the best {@code 1/reduction} of the last rung's configurations, by
     * their mean error over seeds, with {@code reduction} times the budget.
     *
     * @param problem the problem
     * @param rung the last rung's runs (other problems' are skipped)
     * @param scores run id to its error (see {@link BatchReport#score}); a run missing here counts as failed
     * @param next the rung to make, from 1 to {@link #lastRung()}
     * @param firstIndex the index of the first new run
     * @return the promoted configurations' runs, every seed each
     */
    private List<RunSpec> nextRung(String problem, List<RunSpec> rung, Map<String, Double> scores, int next,
                                  int firstIndex) {
        Map<Map<String, Object>, List<Double>> errors = errorsByConfiguration(problem, rung, scores);
        int keep = Math.max(1, (errors.size() + reduction - 1) / reduction);
        List<Map<String, Object>> best = errors.entrySet().stream()
                .sorted(java.util.Comparator.comparingDouble(e -> e.getValue().stream().mapToDouble(Double::doubleValue)
                        .average().orElse(Double.POSITIVE_INFINITY)))
                .limit(keep).map(Map.Entry::getKey).toList();
        return runs(problem, withBudget(best, next), firstIndex);
    }

    /**
     * Bayesian mode's next round for one problem: the configurations tried so far, each scored by the mean over
     * its seeds of log10 of its error (a failed seed fails the configuration), modelled by a Gaussian process, and
     * up to {@code round} new configurations proposed where expected improvement is highest; fewer when the
     * samples are nearly used up or the axes hold no untried configuration.
     *
     * @param problem the problem
     * @param runs every run of the batch so far (other problems' are skipped)
     * @param scores run id to its error (see {@link BatchReport#score}); a run missing here counts as failed
     * @param number the round, from 1
     * @param firstIndex the index of the first new run
     * @return the new configurations' runs, every seed each; empty when the search is done
     */
    private List<RunSpec> nextRound(String problem, List<RunSpec> runs, Map<String, Double> scores, int number,
                                   int firstIndex) {
        Map<Map<String, Object>, List<Double>> errors = errorsByConfiguration(problem, runs, scores);
        int count = Math.min(round, samples - errors.size());
        if (count <= 0) {
            return List.of();
        }
        SearchSpace space = new SearchSpace(axes);
        List<Observation> observations = new ArrayList<>();
        // An error of exactly 0 would be log -infinity, which no model can fit; 1e-300 is below any real one.
        errors.forEach((configuration, values) -> observations.add(new Observation(space.encode(configuration),
                values.stream().mapToDouble(e -> Double.isFinite(e) ? Math.log10(Math.max(e, 1e-300))
                        : Double.POSITIVE_INFINITY).average().orElse(Double.POSITIVE_INFINITY))));
        List<Map<String, Object>> proposed = new BayesianSearch(space.dimensions())
                .propose(observations, count, drawSeed, number).stream().map(space::decode).toList();
        return runs(problem, proposed, firstIndex);
    }

    /**
     * One problem's runs grouped by configuration (hyperband's budget left out), each with its seeds' errors; a run
     * without a score counts as failed (+infinity). In the order the configurations first appear.
     */
    private static Map<Map<String, Object>, List<Double>> errorsByConfiguration(String problem, List<RunSpec> runs,
                                                                              Map<String, Double> scores) {
        Map<Map<String, Object>, List<Double>> errors = new LinkedHashMap<>();
        for (RunSpec run : runs) {
            if (run.problem().equals(problem)) {
                Map<String, Object> configuration = new LinkedHashMap<>(run.settings());
                configuration.remove(RunSpec.BUDGET);
                errors.computeIfAbsent(configuration, c -> new ArrayList<>())
                        .add(scores.getOrDefault(run.id(), Double.POSITIVE_INFINITY));
            }
        }
        return errors;
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

    /**
     * Where a run's setting was written: the axis value it took, or the axis of a drawn value.
     *
     * @param name the setting
     * @param value the run's value of it
     * @return {@code file:line:column: sweep.axes.NAME[i]}, or the axis's place for a drawn value
     */
    public String whereValue(String name, Object value) {
        String path = "sweep.axes." + name;
        if (axes.get(name) instanceof List<?> values && values.contains(value)) {
            return where(path + "[" + values.indexOf(value) + "]");
        }
        return where(path) + " (drawn " + value + ")";
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

    /**
     * {@code count} distinct configurations drawn from the axes; fewer when the axes have fewer combinations
     * (a configuration drawn twice would be the same runs twice).
     */
    private List<Map<String, Object>> draws(int count) {
        SplittableRandom random = new SplittableRandom(drawSeed);
        List<Map<String, Object>> configurations = new ArrayList<>();
        Set<Map<String, Object>> seen = new HashSet<>();
        for (int attempt = 0; configurations.size() < count && attempt < 100 * count; attempt++) {
            Map<String, Object> configuration = new LinkedHashMap<>();
            for (Map.Entry<String, Object> axis : axes.entrySet()) {
                Object value = axis.getValue();
                configuration.put(axis.getKey(), value instanceof List<?> choices
                        ? choices.get(random.nextInt(choices.size()))
                        : Distribution.of(axis.getKey(), value, TrainingSettings.setting(axis.getKey()), axis.getKey())
                        .draw(random));
            }
            if (seen.add(configuration)) {
                configurations.add(configuration);
            }
        }
        return configurations;
    }

    /** A random axis: {@code {log-uniform: [a, b]}}, {@code {uniform: [a, b]}} or {@code {int-uniform: [a, b]}}. */
    record Distribution(String kind, double low, double high) {

        /**
         * Reads a distribution of a setting's values: the setting must take numbers, both bounds must be its
         * values, and a setting of whole numbers needs int-uniform.
         */
        static Distribution of(String axis, Object spec, Setting setting, String where) {
            String forms = " must be a list of values or one of {log-uniform: [a, b]} (0 < a < b), {uniform: [a, b]},"
                    + " {int-uniform: [a, b]} (a < b); got ";
            if (!(spec instanceof Map<?, ?> map) || map.size() != 1) {
                throw new IllegalArgumentException(where + forms + show(spec));
            }
            Map.Entry<?, ?> entry = map.entrySet().iterator().next();
            String kind = String.valueOf(entry.getKey());
            if (!List.of("log-uniform", "uniform", "int-uniform").contains(kind)
                    || !(entry.getValue() instanceof List<?> bounds) || bounds.size() != 2) {
                throw new IllegalArgumentException(where + forms + show(spec));
            }
            double a = number(bounds.get(0));
            double b = number(bounds.get(1));
            if (!(a < b) || kind.equals("log-uniform") && !(a > 0)) {
                throw new IllegalArgumentException(where + forms + show(spec));
            }
            if (!(setting.kind() instanceof Setting.Kind.Real || setting.kind() instanceof Setting.Kind.Whole)) {
                throw new IllegalArgumentException(where + ": " + axis + " takes " + setting.kind().describe()
                        + ", not numbers from a distribution; give a list of values");
            }
            if (setting.kind() instanceof Setting.Kind.Whole && !kind.equals("int-uniform")) {
                throw new IllegalArgumentException(where + ": " + axis + " takes whole numbers; draw them with"
                        + " {int-uniform: [a, b]}, not " + kind);
            }
            if (kind.equals("int-uniform") && (a != Math.rint(a) || b != Math.rint(b)
                    || Math.abs(a) > Integer.MAX_VALUE / 2 || Math.abs(b) > Integer.MAX_VALUE / 2)) {
                throw new IllegalArgumentException(where + ": int-uniform needs whole bounds, got " + show(spec));
            }
            for (Object bound : bounds) {
                try {
                    setting.read(kind.equals("int-uniform") ? (Object) (long) number(bound) : (Object) number(bound));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + ": the bounds must be values of the setting: "
                            + e.getMessage());
                }
            }
            return new Distribution(kind, a, b);
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
            return kind.equals("int-uniform")
                    ? (int) Math.round(low) + random.nextInt((int) Math.round(high) - (int) Math.round(low) + 1)
                    : at(random.nextDouble());
        }

        /**
         * The value at a position: {@code u} in [0, 1] along the range (in log space for log-uniform), or the
         * {@code u}-th whole number for int-uniform.
         */
        Object at(double u) {
            switch (kind) {
                case "log-uniform":
                    // Clamped: exp(log(x)) may land an ulp outside the bounds the setting was checked at.
                    return Math.min(high, Math.max(low, Math.exp(Math.log(low) + u * (Math.log(high)
                            - Math.log(low)))));
                case "uniform":
                    return low + u * (high - low);
                default:
                    return (int) Math.round(low) + (int) Math.round(u);
            }
        }

        /** The position of a value, the inverse of {@link #at}. */
        double position(double value) {
            switch (kind) {
                case "log-uniform":
                    return Math.min(1, Math.max(0, (Math.log(value) - Math.log(low)) / (Math.log(high)
                            - Math.log(low))));
                case "uniform":
                    return Math.min(1, Math.max(0, (value - low) / (high - low)));
                default:
                    return value - Math.round(low);
            }
        }
    }
}

package pinn4j.problems.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import pinn4j.problems.Algebra;
import pinn4j.problems.Condition;
import pinn4j.problems.Domain;
import pinn4j.problems.Equation;
import pinn4j.problems.Expr;
import pinn4j.problems.FittedParameter;
import pinn4j.problems.Limits;
import pinn4j.problems.Observations;
import pinn4j.problems.OdeProblem;

/**
 * Reads problems from YAML. Every mistake, of syntax or of meaning, is reported with the file, line and column,
 * the offending line and what was expected:
 * <pre>
 * name: lotka-volterra
 * variable: t                 # optional, default t
 * equations:                  # one per unknown: its highest derivative = expression
 *   - "x' = a*x - b*x*y"
 *   - "y' = -c*y + d*x*y"
 * parameters: {a: 1.5, b: 1.0, c: 3.0, d: 1.0}
 * domain: [0, 5]
 * conditions: ["x(0) = 5", "y(0) = 5"]
 * exact: {}                   # optional: unknown -> expression in the variable and parameters
 * training: {layers: [64, 64, 64], adamIterations: 5000}   # optional
 * </pre>
 * An inverse problem adds a {@code fit:} section: the parameters learned from measurements (their values under
 * {@code parameters:} are the initial guesses), the measurements ({@link MeasurementFiles}, a path relative to the
 * file's folder) and, optionally, the true values when the data are synthetic:
 * <pre>
 * fit:
 *   parameters: [mu, k]        # or with bounds: {mu: {min: 0}, k: {min: 0, max: 1000}}
 *   data: measurements.csv
 *   truth: {mu: 4, k: 400}     # optional
 * </pre>
 * A fitted parameter may appear in the equations and in conditions' values ({@code x(0) = x0}), not in anything
 * that is folded to a number as the file is read: another parameter's value, the domain, a condition's point or
 * coefficient.
 */
public final class ProblemFiles {

    /** Keys allowed at the top of a problem file. */
    public static final List<String> KEYS = List.of("name", "variable", "equations", "parameters", "domain",
            "conditions", "exact", "training", "fit");
    /** Keys allowed in the {@code fit:} section. */
    private static final List<String> FIT_KEYS = List.of("parameters", "data", "truth");
    /** The most values a {@code training:} section may hold, aliases expanded. */
    private static final int MAX_SETTING_NODES = 10_000;

    private static final java.util.regex.Pattern LEFT_SIDE =
            java.util.regex.Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)('*)\\s*");

    private ProblemFiles() {
    }

    /**
     * Reads a problem file.
     *
     * @param path the YAML file
     * @return the problem with the file's training settings
     * @throws IOException when the file cannot be read
     * @throws ParseException when the text is not a valid problem, with the place of the mistake
     */
    public static ProblemFile load(Path path) throws IOException {
        return load(path, Map.of());
    }

    /**
     * Reads a problem file with some parameters given other values; each must be a parameter of the file (for a
     * fitted parameter, the value is its initial guess). A file larger than {@link Limits#MAX_FILE_BYTES} is refused
     * unread, and one that is not UTF-8 text (a binary file, say) at its first unreadable byte. The measurements of
     * a {@code fit:} section are read from a path relative to the file's folder.
     *
     * @param path the YAML file
     * @param overrides parameter values by name
     * @return the problem with the file's training settings
     * @throws IOException when the file cannot be read
     * @throws ParseException when the text is not a valid problem, with the place of the mistake
     */
    public static ProblemFile load(Path path, Map<String, Double> overrides) throws IOException {
        return new Reader(path.toString(), readText(path, Limits.MAX_FILE_BYTES, "a problem file"), overrides,
                folderOf(path), true).read();
    }

    /**
     * Reads a problem file as {@link #load(Path, Map)} does, all but the measurements its {@code fit:} section
     * names, which need not exist yet: for writing them from the problem ({@code pinn simulate}).
     *
     * @param path the YAML file
     * @param overrides parameter values by name
     * @return the problem with the file's training settings and truth, and no data
     * @throws IOException when the file cannot be read
     * @throws ParseException when the text is not a valid problem, with the place of the mistake
     */
    public static ProblemFile loadWithoutMeasurements(Path path, Map<String, Double> overrides) throws IOException {
        return new Reader(path.toString(), readText(path, Limits.MAX_FILE_BYTES, "a problem file"), overrides,
                folderOf(path), false).read();
    }

    /**
     * A file's text: refused unread when it is larger than {@code limit} bytes, and at its first byte that is not
     * UTF-8 (a binary file, say). {@code kind} names the file in messages, e.g. "a problem file".
     */
    static String readText(Path path, int limit, String kind) throws IOException {
        String source = path.toString();
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            bytes = in.readNBytes(limit + 1);
        }
        if (bytes.length > limit) {
            throw new ParseException(source, 1, 1, null, "the file is larger than " + Limits.bytes(limit) + "; "
                    + kind + " may be at most " + Limits.bytes(limit) + " (" + limit + " bytes)");
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            String before = new String(bytes, 0, in.position(), StandardCharsets.UTF_8);
            int[] place = lineAndColumn(before, before.length());
            throw new ParseException(source, place[0], place[1], null, String.format(java.util.Locale.ROOT,
                    "not UTF-8 text: the byte 0x%02X cannot be read as UTF-8; %s must be UTF-8 text"
                    + " (is this a binary file?)", bytes[in.position()] & 0xff, kind));
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** The folder a file's relative paths start from: its own, or the current directory. */
    private static Path folderOf(Path file) {
        Path parent = file.getParent();
        return parent != null ? parent : Path.of("");
    }

    /**
     * Reads a problem from YAML text; {@code source} names it in messages.
     *
     * @param source the file name or another label
     * @param yaml the text
     * @return the problem with the text's training settings
     * @throws ParseException when the text is not a valid problem, with the place of the mistake
     */
    public static ProblemFile parse(String source, String yaml) {
        return parse(source, yaml, Map.of());
    }

    /**
     * Reads a problem from YAML text with some parameters given other values. The text is held to the limits of a
     * file ({@link Limits}): its size, lists and mappings nested at most {@link Limits#MAX_YAML_DEPTH} deep, at most
     * {@link Limits#MAX_YAML_ALIASES} aliases, and no control characters but tabs and line breaks. The equations,
     * conditions, parameters and domain must have finite constant parts; an exact solution need not, since only
     * the comparison reads it, which warns and compares with the integrator instead. The measurements of a
     * {@code fit:} section are read from a path relative to the folder of {@code source} when it names a file in a
     * folder, else relative to the current directory.
     *
     * @param source the file name or another label
     * @param yaml the text
     * @param overrides parameter values by name, each a parameter of the text
     * @return the problem with the text's training settings
     * @throws ParseException when the text is not a valid problem, with the place of the mistake
     */
    public static ProblemFile parse(String source, String yaml, Map<String, Double> overrides) {
        if (yaml.length() > Limits.MAX_FILE_BYTES) {
            throw new ParseException(source, 1, 1, null, "the text is " + yaml.length() + " characters long; a"
                    + " problem file may be at most " + Limits.bytes(Limits.MAX_FILE_BYTES) + " ("
                    + Limits.MAX_FILE_BYTES + " bytes)");
        }
        Path folder;
        try {
            folder = folderOf(Path.of(source));
        } catch (java.nio.file.InvalidPathException e) {
            folder = Path.of("");
        }
        return new Reader(source, yaml, overrides, folder, true).read();
    }

    /** Line breaks as YAML counts them, so lines and columns agree with its marks. */
    static final java.util.regex.Pattern LINE_BREAK =
            java.util.regex.Pattern.compile("\\r\\n|[\\r\\n\\x{85}\\x{2028}\\x{2029}]");

    private static boolean isBreak(char c) {
        return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }

    /** The 1-based line and column (in characters as people count them, code points) of {@code index} in a text. */
    private static int[] lineAndColumn(String text, int index) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < index; i++) {
            char c = text.charAt(i);
            if (isBreak(c) && !(c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n')) {
                line++;
                lineStart = i + 1;
            }
        }
        return new int[] {line, text.codePointCount(lineStart, index) + 1};
    }

    /** The {@code fit:} section as read: the parameters by the node naming each, the data file, the truth. */
    private record Fit(Map<String, Node> named, List<FittedParameter> parameters, ScalarNode data,
                       Map<String, Double> truth) {
    }

    private static final class Reader {
        private final String source;
        private final String[] lines;
        private final String yaml;
        private final Map<String, Double> overrides;
        /** Where the file's relative paths ({@code fit.data}) start. */
        private final Path folder;
        /** Whether the measurements {@code fit.data} names are read. */
        private final boolean measured;
        private Mark mappingMark;
        /**
         * The names of the fitted parameters, known before anything that is folded to a number (other parameters,
         * the domain, the conditions' points and coefficients) is read, so that such a use can be refused there.
         */
        private Set<String> fitted = Set.of();

        Reader(String source, String yaml, Map<String, Double> overrides, Path folder, boolean measured) {
            this.source = source;
            this.overrides = overrides;
            this.yaml = yaml;
            this.folder = folder;
            this.measured = measured;
            this.lines = LINE_BREAK.split(yaml, -1);
        }

        ProblemFile read() {
            checkCharacters();
            Node root;
            try {
                checkStructure();
                root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(yaml));
            } catch (MarkedYAMLException e) {
                Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
                throw at(mark, "not valid YAML: " + e.getProblem());
            } catch (YAMLException e) {
                throw new ParseException(source, 1, 1, null, "not valid YAML: " + e.getMessage());
            }
            if (!(root instanceof MappingNode mapping)) {
                throw new ParseException(source, 1, 1, lines.length > 0 ? lines[0] : null,
                        "expected a mapping with keys " + String.join(", ", KEYS));
            }
            mappingMark = root.getStartMark();
            Map<String, NodeTuple> entries = entries(mapping, KEYS, "");
            String name = scalarText(required(entries, "name").getValueNode(), "the problem's name");
            String variable = entries.containsKey("variable")
                    ? name(entries.get("variable").getValueNode(), "variable") : "t";
            Fit fit = entries.containsKey("fit") ? fit(entries.get("fit")) : null;
            if (fit != null) {
                fitted = fit.named().keySet();
            }
            Map<String, Double> parameters = parameters(entries.get("parameters"), variable);
            if (fit != null) {
                checkGuesses(fit, parameters);
            }

            List<Node> equationNodes = sequence(required(entries, "equations"), "equations");
            if (equationNodes.isEmpty()) {
                throw at(entries.get("equations").getKeyNode(), 0, "equations: expected at least one equation");
            }
            Map<String, Integer> orders = new LinkedHashMap<>();
            Map<String, Node> equationOf = new HashMap<>();
            List<int[]> splits = new ArrayList<>();
            for (Node node : equationNodes) {
                String text = scalarText(node, "an equation such as \"x'' = -k*x\"");
                int equals = singleEquals(node, text, "an equation");
                java.util.regex.Matcher left = LEFT_SIDE.matcher(text.substring(0, equals));
                if (!left.matches() || left.group(2).isEmpty()) {
                    throw at(node, 0, "the left side of an equation must be the highest derivative of an unknown,"
                            + " such as x' or x''; got '" + text.substring(0, equals).trim() + "'");
                }
                String unknown = left.group(1);
                int order = left.group(2).length();
                requireName(node, left.start(1), "unknown", unknown);
                if (order > Equation.MAX_ORDER) {
                    throw at(node, left.start(2), "order " + order + " is above the highest supported, "
                            + Equation.MAX_ORDER);
                }
                if (unknown.equals(variable) || parameters.containsKey(unknown)) {
                    throw at(node, left.start(1), "'" + unknown + "' is already the "
                            + (unknown.equals(variable) ? "variable" : "name of a parameter"));
                }
                if (orders.containsKey(unknown)) {
                    throw at(node, left.start(1), "two equations for unknown " + unknown + " (the first is on line "
                            + (equationOf.get(unknown).getStartMark().getLine() + 1) + ")");
                }
                orders.put(unknown, order);
                equationOf.put(unknown, node);
                splits.add(new int[] {equals});
            }
            OdeProblem.Builder builder = OdeProblem.builder().setName(name).optVariable(variable);
            parameters.forEach(builder::optParameter);
            int index = 0;
            for (Map.Entry<String, Integer> entry : orders.entrySet()) {
                Node node = equationOf.get(entry.getKey());
                String text = scalarText(node, "an equation");
                int equals = splits.get(index++)[0];
                ExpressionParser.Parsed rhs = parser(node, variable, parameters, orders.keySet())
                        .parse(text, equals + 1, text.length(), null);
                for (ExpressionParser.Occurrence occurrence : rhs.occurrences()) {
                    int order = orders.get(occurrence.derivative().unknown());
                    if (occurrence.derivative().order() >= order) {
                        throw at(node, occurrence.position(), occurrence.derivative() + " on the right-hand side,"
                                + " but " + occurrence.derivative().unknown() + " is of order " + order + ": the"
                                + " left side must be the highest derivative, and the right side may use "
                                + Expr.derivativeName(occurrence.derivative().unknown(), order - 1) + " at most");
                    }
                }
                Expr expr = rhs.expr();
                builder.addEquation(entry.getKey(), entry.getValue(), symbols -> expr);
            }
            Domain domain = domain(required(entries, "domain"), variable, parameters,
                    orders.values().stream().mapToInt(Integer::intValue).max().orElseThrow());
            builder.setDomain(domain.t0(), domain.t1());
            NodeTuple conditionsEntry = required(entries, "conditions");
            List<Node> conditionNodes = sequence(conditionsEntry, "conditions");
            for (Node node : conditionNodes) {
                builder.addCondition(condition(node, variable, parameters, orders, domain));
            }
            int total = orders.values().stream().mapToInt(Integer::intValue).sum();
            if (conditionNodes.size() != total) {
                throw at(conditionsEntry.getKeyNode(), 0, "the system has total order " + total + " ("
                        + orders + ") and needs " + total + " conditions, got " + conditionNodes.size());
            }
            if (entries.containsKey("exact")) {
                exact(entries.get("exact"), variable, parameters, orders, builder);
            }
            Map<String, Located> training = training(entries.get("training"));
            OdeProblem problem;
            try {
                problem = builder.build();
            } catch (IllegalArgumentException e) {
                throw new ParseException(source, mappingMark.getLine() + 1, 1, null, e.getMessage());
            }
            if (fit == null) {
                return new ProblemFile(source, problem, training);
            }
            for (FittedParameter parameter : fit.parameters()) {
                try {
                    problem.withFitted(List.of(parameter));
                } catch (IllegalArgumentException e) {
                    // The model's own check of each parameter (here: that something uses it), at its place.
                    throw at(fit.named().get(parameter.name()), 0, e.getMessage());
                }
            }
            problem = problem.withFitted(fit.parameters());
            return new ProblemFile(source, problem, training, measured ? measurements(fit.data(), problem) : List.of(),
                    fit.truth());
        }

        /** A mapping's entries by key, each key one of {@code allowed} and given once. */
        private Map<String, NodeTuple> entries(MappingNode mapping, List<String> allowed, String prefix) {
            Map<String, NodeTuple> entries = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                String key = scalarText(tuple.getKeyNode(), "a key");
                if (!allowed.contains(key)) {
                    throw at(tuple.getKeyNode(), 0, prefix + "unknown key '" + key + "'; allowed: "
                            + String.join(", ", allowed));
                }
                if (entries.put(key, tuple) != null) {
                    throw at(tuple.getKeyNode(), 0, prefix + "the key '" + key + "' appears twice");
                }
            }
            return entries;
        }

        /**
         * The {@code fit:} section: the fitted parameters with their bounds, where each is named, the data file's
         * node and the truth. Read before the parameters; {@link #checkGuesses} checks it against them.
         */
        private Fit fit(NodeTuple entry) {
            if (!(entry.getValueNode() instanceof MappingNode mapping)) {
                throw at(entry.getValueNode(), 0, "fit: expected a mapping with keys " + String.join(", ", FIT_KEYS)
                        + ", such as {parameters: [k], data: measurements.csv}");
            }
            Map<String, NodeTuple> keys = entries(mapping, FIT_KEYS, "fit: ");
            if (!keys.containsKey("parameters")) {
                throw at(entry.getKeyNode(), 0, "fit: missing 'parameters', the parameters to learn, such as"
                        + " [mu, k] or {k: {min: 0, max: 1000}}");
            }
            if (!keys.containsKey("data")) {
                throw at(entry.getKeyNode(), 0, "fit: missing 'data', the CSV file of measurements, such as"
                        + " data: measurements.csv");
            }
            Node list = keys.get("parameters").getValueNode();
            Map<String, Node> named = new LinkedHashMap<>();
            List<FittedParameter> parameters = new ArrayList<>();
            if (list instanceof SequenceNode sequence) {
                for (Node node : sequence.getValue()) {
                    parameters.add(FittedParameter.free(fittedName(node, named)));
                }
            } else if (list instanceof MappingNode bounds) {
                for (NodeTuple tuple : bounds.getValue()) {
                    parameters.add(bounded(fittedName(tuple.getKeyNode(), named), tuple.getValueNode()));
                }
            } else {
                throw at(list, 0, "fit.parameters: expected a list of parameter names such as [mu, k], or bounds"
                        + " such as {mu: {min: 0}, k: {min: 0, max: 1000}}");
            }
            if (parameters.isEmpty()) {
                throw at(list, 0, "fit.parameters: expected at least one parameter to fit, such as [mu, k]");
            }
            Node data = keys.get("data").getValueNode();
            if (!(data instanceof ScalarNode scalar) || scalar.getValue().isBlank()) {
                throw at(data, 0, "fit.data: expected the name of a CSV file of measurements, such as"
                        + " measurements.csv");
            }
            return new Fit(named, parameters, scalar, truth(keys.get("truth"), named.keySet()));
        }

        /** A fitted parameter's name where the section names it; each may be named once. */
        private String fittedName(Node node, Map<String, Node> named) {
            String name = name(node, "parameter");
            if (named.putIfAbsent(name, node) != null) {
                throw at(node, 0, "fit.parameters: '" + name + "' is fitted twice");
            }
            return name;
        }

        /** A fitted parameter with the bounds {@code {min: A, max: B}}, either or both left out for no bound. */
        private FittedParameter bounded(String name, Node node) {
            String where = "fit.parameters." + name;
            if (!(node instanceof MappingNode mapping)) {
                throw at(node, 0, where + ": expected bounds such as {min: 0, max: 1000}, or {} for none");
            }
            Map<String, NodeTuple> bounds = entries(mapping, List.of("min", "max"), where + ": ");
            double min = bounds.containsKey("min") ? finite(bounds.get("min").getValueNode(), where + ".min")
                    : Double.NEGATIVE_INFINITY;
            double max = bounds.containsKey("max") ? finite(bounds.get("max").getValueNode(), where + ".max")
                    : Double.POSITIVE_INFINITY;
            if (!(min < max)) {
                throw at(bounds.get("max").getValueNode(), 0, where + ": min must be below max, got min="
                        + Expr.format(min) + ", max=" + Expr.format(max));
            }
            return new FittedParameter(name, min, max);
        }

        /** The optional {@code truth:}: true values of fitted parameters. */
        private Map<String, Double> truth(NodeTuple entry, Set<String> names) {
            Map<String, Double> truth = new LinkedHashMap<>();
            if (entry == null) {
                return truth;
            }
            if (!(entry.getValueNode() instanceof MappingNode mapping)) {
                throw at(entry.getValueNode(), 0, "fit.truth: expected the true values of fitted parameters, such as"
                        + " {mu: 4, k: 400}");
            }
            for (NodeTuple tuple : mapping.getValue()) {
                String name = scalarText(tuple.getKeyNode(), "a fitted parameter's name");
                if (!names.contains(name)) {
                    throw at(tuple.getKeyNode(), 0, "fit.truth: '" + name + "' is not a fitted parameter; fitted: "
                            + String.join(", ", names));
                }
                if (truth.put(name, finite(tuple.getValueNode(), "fit.truth." + name)) != null) {
                    throw at(tuple.getKeyNode(), 0, "fit.truth: '" + name + "' appears twice");
                }
            }
            return truth;
        }

        /** A finite decimal number, as bounds and true values are written. */
        private double finite(Node node, String what) {
            String text = scalarText(node, "a number for " + what);
            Double value = MeasurementFiles.decimal(text.strip());
            if (value == null || !Double.isFinite(value)) {
                throw at(node, 0, what + " must be a finite number, got '" + text + "'");
            }
            return value;
        }

        /** Each fitted parameter is declared, and its value there, the initial guess, lies inside its bounds. */
        private void checkGuesses(Fit fit, Map<String, Double> parameters) {
            for (FittedParameter parameter : fit.parameters()) {
                Node node = fit.named().get(parameter.name());
                Double guess = parameters.get(parameter.name());
                if (guess == null) {
                    throw at(node, 0, "fit.parameters: '" + parameter.name() + "' is not a parameter; "
                            + (parameters.isEmpty() ? "the problem declares none under parameters:"
                            : "parameters: " + String.join(", ", parameters.keySet())));
                }
                if (!parameter.admits(guess)) {
                    String origin = overrides.containsKey(parameter.name()) ? "given in place of the file's value"
                            : "its value under parameters:";
                    throw at(node, 0, "fit.parameters: the initial guess " + parameter.name() + "="
                            + Expr.format(guess) + " (" + origin + ") must lie strictly inside its bounds "
                            + parameter.interval());
                }
            }
        }

        /** The measurements {@code fit.data} names, relative to the file's folder. */
        private List<Observations> measurements(ScalarNode node, OdeProblem problem) {
            Path csv;
            try {
                csv = folder.resolve(node.getValue().strip());
            } catch (java.nio.file.InvalidPathException e) {
                throw at(node, 0, "fit.data: '" + node.getValue() + "' is not a file name: " + e.getReason());
            }
            String trouble = MeasurementFiles.unreadable(csv);
            if (trouble != null) {
                throw at(node, 0, "fit.data: cannot read the measurements " + csv + ": " + trouble);
            }
            try {
                return MeasurementFiles.read(csv, problem);
            } catch (IOException e) {
                throw at(node, 0, "fit.data: cannot read the measurements " + csv + ": "
                        + (e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                        : e.toString()));
            }
        }

        private Map<String, Double> parameters(NodeTuple entry, String variable) {
            Map<String, Double> parameters = new LinkedHashMap<>();
            if (entry == null) {
                if (!overrides.isEmpty()) {
                    throw new IllegalArgumentException("unknown parameter '" + overrides.keySet().iterator().next()
                            + "' for " + source + "; it has no parameters");
                }
                return parameters;
            }
            if (!(entry.getValueNode() instanceof MappingNode mapping)) {
                throw at(entry.getValueNode(), 0, "parameters: expected a mapping such as {k: 400, m: 1}");
            }
            for (NodeTuple tuple : mapping.getValue()) {
                String name = name(tuple.getKeyNode(), "parameter");
                if (name.equals(variable)) {
                    throw at(tuple.getKeyNode(), 0, "'" + name + "' is the variable and cannot be a parameter");
                }
                if (parameters.containsKey(name)) {
                    throw at(tuple.getKeyNode(), 0, "the parameter '" + name + "' is defined twice");
                }
                parameters.put(name, overrides.containsKey(name) ? overrides.get(name)
                        : constant(tuple.getValueNode(), variable, parameters, "parameter " + name));
            }
            for (String name : overrides.keySet()) {
                if (!parameters.containsKey(name)) {
                    throw new IllegalArgumentException("unknown parameter '" + name + "' for " + source
                            + (parameters.isEmpty() ? "; it has no parameters" : "; allowed: "
                            + String.join(", ", parameters.keySet())));
                }
            }
            return parameters;
        }

        private Domain domain(NodeTuple entry, String variable, Map<String, Double> parameters, int order) {
            List<Node> bounds = sequence(entry, "domain");
            if (bounds.size() != 2) {
                throw at(entry.getValueNode(), 0, "domain: expected [t0, t1], got " + bounds.size() + " values");
            }
            double t0 = constant(bounds.get(0), variable, parameters, "domain start");
            double t1 = constant(bounds.get(1), variable, parameters, "domain end");
            try {
                Domain domain = new Domain(t0, t1);
                domain.requireDerivativeScale(order);
                return domain;
            } catch (IllegalArgumentException e) {
                throw at(entry.getValueNode(), 0, "domain: " + e.getMessage());
            }
        }

        private Condition condition(Node node, String variable, Map<String, Double> parameters,
                                    Map<String, Integer> orders, Domain domain) {
            String text = scalarText(node, "a condition such as \"x(0) = 1\"");
            int equals = singleEquals(node, text, "a condition");
            List<double[]> points = new ArrayList<>();
            List<Integer> positions = new ArrayList<>();
            ExpressionParser.PointValues pointValues = (unknown, order, point, position) -> {
                if (!point.derivatives().isEmpty() || point.usesVariable()) {
                    throw at(node, position, "the point of " + Expr.derivativeName(unknown, order)
                            + "(...) must be a number");
                }
                if (fittedIn(point) != null) {
                    throw at(node, position, "the point of " + Expr.derivativeName(unknown, order) + "(...) uses"
                            + " the fitted parameter " + fittedIn(point) + ", but it is a number fixed before"
                            + " fitting; write it without fitted parameters");
                }
                int unknownOrder = orders.get(unknown);
                if (order >= unknownOrder) {
                    throw at(node, position, "a condition on " + Expr.derivativeName(unknown, order) + ", but "
                            + unknown + " is of order " + unknownOrder + ": conditions may use "
                            + Expr.derivativeName(unknown, unknownOrder - 1) + " at most");
                }
                points.add(new double[] {point.valueAt(0)});
                positions.add(position);
                return new Expr.Derivative(unknown, order);
            };
            ExpressionParser parser = parser(node, variable, parameters, orders.keySet());
            Expr left = parser.parse(text, 0, equals, pointValues).expr();
            Expr right = parser.parse(text, equals + 1, text.length(), pointValues).expr();
            if (points.isEmpty()) {
                throw at(node, 0, "a condition must involve the value of an unknown at a point, such as x(0)");
            }
            double point = points.get(0)[0];
            for (int i = 1; i < points.size(); i++) {
                if (points.get(i)[0] != point) {
                    throw at(node, positions.get(i), "all terms of a condition must be at one point; found "
                            + Expr.format(point) + " and " + Expr.format(points.get(i)[0]));
                }
            }
            if (!domain.contains(point)) {
                throw at(node, positions.get(0), "the condition is at " + variable + " = " + Expr.format(point)
                        + ", outside the domain [" + Expr.format(domain.t0()) + ", " + Expr.format(domain.t1()) + "]");
            }
            Linear linear = left.minus(right).evaluate(new LinearAlgebra(variable, message -> at(node, 0, message)));
            linear.coefficientParameters().stream().filter(fitted::contains).findFirst().ifPresent(p -> {
                throw at(node, 0, "a coefficient of this condition uses the fitted parameter " + p + "; a fitted"
                        + " parameter may appear only in a condition's value, such as x(0) = x0");
            });
            List<Condition.Term> terms = new ArrayList<>();
            try {
                linear.coefficients.forEach((derivative, coefficient) -> {
                    if (coefficient != 0) {
                        terms.add(new Condition.Term(coefficient, derivative.unknown(), derivative.order()));
                    }
                });
                if (terms.isEmpty()) {
                    throw at(node, 0, "the unknowns cancel out of this condition");
                }
                return new Condition(point, terms, Linear.add(Expr.constant(0), linear.constant, -1));
            } catch (ParseException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                // A coefficient or value that overflows only once the condition is gathered: 1e300*x(0)*1e10.
                throw at(node, 0, e.getMessage());
            }
        }

        private void exact(NodeTuple entry, String variable, Map<String, Double> parameters,
                           Map<String, Integer> orders, OdeProblem.Builder builder) {
            if (!(entry.getValueNode() instanceof MappingNode mapping)) {
                throw at(entry.getValueNode(), 0, "exact: expected a mapping from unknown to expression");
            }
            for (NodeTuple tuple : mapping.getValue()) {
                String unknown = scalarText(tuple.getKeyNode(), "an unknown");
                if (!orders.containsKey(unknown)) {
                    throw at(tuple.getKeyNode(), 0, "exact: '" + unknown + "' is not an unknown; unknowns: "
                            + String.join(", ", orders.keySet()));
                }
                Node node = tuple.getValueNode();
                String text = scalarText(node, "an expression");
                Expr expr = new ExpressionParser(variable, parameters, Set.of(),
                        (offset, message) -> at(node, offset, message), false).parse(text).expr();
                builder.optExactSolution(unknown, symbols -> expr);
            }
            if (!mapping.getValue().isEmpty() && mapping.getValue().size() != orders.size()) {
                throw at(entry.getKeyNode(), 0, "exact: give an expression for every unknown (" + String.join(", ",
                        orders.keySet()) + ") or none");
            }
        }

        /**
         * The {@code training:} section as written, each setting with its file:line:column; read from the parsed
         * YAML nodes, so every value is exactly what the file says. The solver's settings reader checks them.
         */
        private Map<String, Located> training(NodeTuple entry) {
            Map<String, Located> training = new LinkedHashMap<>();
            if (entry == null) {
                return training;
            }
            if (!(entry.getValueNode() instanceof MappingNode mapping)) {
                throw at(entry.getValueNode(), 0, "training: expected a mapping of settings");
            }
            for (NodeTuple tuple : mapping.getValue()) {
                String key = scalarText(tuple.getKeyNode(), "a setting");
                if (training.containsKey(key)) {
                    throw at(tuple.getKeyNode(), 0, "the training setting '" + key + "' appears twice");
                }
                Mark mark = tuple.getValueNode().getStartMark();
                training.put(key, new Located(plain(tuple.getValueNode(), new int[] {0}),
                        source + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1) + ": training." + key));
            }
            return training;
        }

        /** A node as plain values: scalars as their text, sequences as lists, mappings as maps. */
        private Object plain(Node node, int[] count) {
            if (++count[0] > MAX_SETTING_NODES) {
                throw at(node, 0, "training: more than " + MAX_SETTING_NODES + " values (nested aliases?)");
            }
            if (node instanceof ScalarNode scalar) {
                return scalar.getValue();
            }
            if (node instanceof SequenceNode sequence) {
                List<Object> items = new ArrayList<>();
                for (Node item : sequence.getValue()) {
                    items.add(plain(item, count));
                }
                return items;
            }
            Map<String, Object> map = new LinkedHashMap<>();
            for (NodeTuple tuple : ((MappingNode) node).getValue()) {
                map.put(scalarText(tuple.getKeyNode(), "a name"), plain(tuple.getValueNode(), count));
            }
            return map;
        }

        private double constant(Node node, String variable, Map<String, Double> parameters, String what) {
            String text = scalarText(node, "a number for " + what);
            Expr expr = parser(node, variable, parameters, Set.of()).parse(text).expr();
            String fittedParameter = fittedIn(expr);
            if (fittedParameter != null) {
                throw at(node, 0, what + " uses the fitted parameter " + fittedParameter + ", but it is a number"
                        + " fixed before fitting; write it without fitted parameters");
            }
            if (expr.usesVariable()) {
                throw at(node, 0, what + " must be a number, not a function of " + variable);
            }
            double value = expr.valueAt(0);
            if (!Double.isFinite(value)) {
                throw at(node, 0, what + " must be finite, got " + value);
            }
            return value;
        }

        /** The first fitted parameter an expression reads, or null. */
        private String fittedIn(Expr expr) {
            Set<String> used = new java.util.TreeSet<>();
            expr.collectParameters(used);
            return used.stream().filter(fitted::contains).findFirst().orElse(null);
        }

        private ExpressionParser parser(Node node, String variable, Map<String, Double> parameters,
                                        Set<String> unknowns) {
            return new ExpressionParser(variable, parameters, new LinkedHashSet<>(unknowns),
                    (offset, message) -> at(node, offset, message));
        }

        private int singleEquals(Node node, String text, String what) {
            int equals = text.indexOf('=');
            if (equals < 0) {
                throw at(node, 0, "expected " + what + " with '=', such as \"x(0) = 1\"; got \"" + text + "\"");
            }
            if (text.indexOf('=', equals + 1) >= 0) {
                throw at(node, text.indexOf('=', equals + 1), "expected one '=' in " + what);
            }
            return equals;
        }

        private NodeTuple required(Map<String, NodeTuple> entries, String key) {
            NodeTuple entry = entries.get(key);
            if (entry == null) {
                throw new ParseException(source, mappingMark.getLine() + 1, mappingMark.getColumn() + 1, null,
                        "missing required key '" + key + "'");
            }
            return entry;
        }

        private List<Node> sequence(NodeTuple entry, String key) {
            if (!(entry.getValueNode() instanceof SequenceNode sequence)) {
                throw at(entry.getValueNode(), 0, key + ": expected a list");
            }
            return sequence.getValue();
        }

        private String scalarText(Node node, String what) {
            if (!(node instanceof ScalarNode scalar)) {
                throw at(node, 0, "expected " + what + ", found a " + (node instanceof SequenceNode ? "list"
                        : "mapping"));
            }
            return scalar.getValue();
        }

        /** A name given to a variable or parameter, checked as {@link OdeProblem#requireName} does. */
        private String name(Node node, String role) {
            String text = scalarText(node, "a " + role + " name");
            requireName(node, 0, role, text);
            return text;
        }

        private void requireName(Node node, int offset, String role, String name) {
            try {
                OdeProblem.requireName(role, name);
            } catch (IllegalArgumentException e) {
                throw at(node, offset, e.getMessage());
            }
        }

        /** Refuses control characters (binary data) but tab and line breaks, at their line and column. */
        private void checkCharacters() {
            for (int i = 0; i < yaml.length(); i = yaml.offsetByCodePoints(i, 1)) {
                int c = yaml.codePointAt(i);
                boolean allowed = c == '\t' || c == '\n' || c == '\r' || c >= 0x20 && c <= 0x7E || c == 0x85
                        || c >= 0xA0 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD || c >= 0x10000;
                if (!allowed) {
                    int[] place = lineAndColumn(yaml, i);
                    throw new ParseException(source, place[0], place[1], null, String.format(java.util.Locale.ROOT,
                            "the character U+%04X is not allowed: a problem file is text, with no control characters"
                            + " but tabs and line breaks (is this a binary file?)", c));
                }
            }
        }

        /**
         * Walks the YAML events, which expand no alias, and refuses nesting deeper than {@link Limits#MAX_YAML_DEPTH}
         * and more than {@link Limits#MAX_YAML_ALIASES} aliases where they occur, before anything is built.
         */
        private void checkStructure() {
            int depth = 0;
            int aliases = 0;
            for (Event event : new Yaml(new SafeConstructor(new LoaderOptions())).parse(new StringReader(yaml))) {
                if (event instanceof CollectionStartEvent && ++depth > Limits.MAX_YAML_DEPTH) {
                    throw at(event.getStartMark(), "lists and mappings nest more than " + Limits.MAX_YAML_DEPTH
                            + " deep here; a problem file may nest them at most " + Limits.MAX_YAML_DEPTH + " deep");
                } else if (event instanceof CollectionEndEvent) {
                    depth--;
                } else if (event instanceof AliasEvent && ++aliases > Limits.MAX_YAML_ALIASES) {
                    throw at(event.getStartMark(), "more than " + Limits.MAX_YAML_ALIASES + " aliases (*name); a"
                            + " problem file may use at most " + Limits.MAX_YAML_ALIASES);
                }
            }
        }

        /** An error at a place the YAML reader marked; at the start when it marked none. */
        private ParseException at(Mark mark, String message) {
            return mark == null ? new ParseException(source, 1, 1, null, message)
                    : new ParseException(source, mark.getLine() + 1, mark.getColumn() + 1, line(mark.getLine()), message);
        }

        private String line(int index) {
            return index < lines.length ? lines[index] : null;
        }

        /**
         * An error at character {@code offset} of a node's value, placed where that character is in the file: a
         * quoted, escaped, folded or multi-line scalar's value is not its text, so the value is walked along the
         * text from the node's start.
         */
        private ParseException at(Node node, int offset, String message) {
            Mark mark = node.getStartMark();
            int start = 0;
            for (int i = 0; i < mark.getLine() && i < lines.length; i++) {
                start += lines[i].length();
                start += yaml.startsWith("\r\n", start) ? 2 : 1;
            }
            String first = line(mark.getLine());
            start += first == null ? 0 : first.offsetByCodePoints(0, Math.min(mark.getColumn(),
                    first.codePointCount(0, first.length())));
            int index = node instanceof ScalarNode scalar ? locate(scalar, Math.min(start, yaml.length()), offset)
                    : start;
            int[] place = lineAndColumn(yaml, index);
            return new ParseException(source, place[0], place[1], line(place[0] - 1), message);
        }

        /** Where in the text character {@code offset} of a scalar's value is; the scalar starts at {@code at}. */
        private int locate(ScalarNode scalar, int at, int offset) {
            String value = scalar.getValue();
            DumperOptions.ScalarStyle style = scalar.getScalarStyle();
            int p = at;
            if (style == DumperOptions.ScalarStyle.LITERAL || style == DumperOptions.ScalarStyle.FOLDED) {
                while (p < yaml.length() && !isBreak(yaml.charAt(p))) {
                    p++;
                }
            } else if (style != DumperOptions.ScalarStyle.PLAIN && p < yaml.length()) {
                p++;
            }
            boolean doubleQuoted = style == DumperOptions.ScalarStyle.DOUBLE_QUOTED;
            for (int i = 0; i < Math.min(offset, value.length()) && p < yaml.length(); i++) {
                char wanted = value.charAt(i);
                char c = yaml.charAt(p);
                if (doubleQuoted && c == '\\') {
                    char kind = p + 1 < yaml.length() ? yaml.charAt(p + 1) : ' ';
                    p += 2 + (kind == 'x' ? 2 : kind == 'u' ? 4 : kind == 'U' ? 8 : 0);
                } else if (style == DumperOptions.ScalarStyle.SINGLE_QUOTED && c == '\'' && wanted == '\'') {
                    p += 2;
                } else if (c == wanted) {
                    p++;
                } else if (Character.isWhitespace(c)) {
                    // Folding: line breaks and the indentation after them stand for one space or line break.
                    while (p < yaml.length() && Character.isWhitespace(yaml.charAt(p))) {
                        p++;
                    }
                    if (!Character.isWhitespace(wanted)) {
                        i--;
                    }
                } else {
                    break;
                }
            }
            return Math.min(p, yaml.length());
        }
    }

    /**
     * {@code sum c_i d_i + constant} in the derivative symbols d_i. The constant stays an expression, so that a
     * condition's value can follow parameters ({@code y(0) = y0}); the coefficients are numbers, and
     * {@code coefficientParameters} names the parameters they were computed from.
     */
    private record Linear(Map<Expr.Derivative, Double> coefficients, Expr constant, Set<String> coefficientParameters) {
        static Linear of(Expr constant) {
            return new Linear(Map.of(), constant, Set.of());
        }

        boolean isConstant() {
            return coefficients.values().stream().allMatch(c -> c == 0);
        }

        double value() {
            return constant.valueAt(0);
        }

        Set<String> parameters() {
            Set<String> used = new java.util.TreeSet<>(coefficientParameters);
            constant.collectParameters(used);
            return used;
        }

        Linear scaled(Linear factor, boolean divide) {
            Map<Expr.Derivative, Double> scaled = new LinkedHashMap<>();
            double number = factor.value();
            coefficients.forEach((d, c) -> scaled.put(d, divide ? c / number : c * number));
            Set<String> used = new java.util.TreeSet<>(coefficientParameters);
            if (!coefficients.isEmpty()) {
                factor.constant.collectParameters(used);
            }
            return new Linear(scaled, divide ? divide(constant, factor.constant) : multiply(constant, factor.constant),
                    used);
        }

        Linear plus(Linear other, double sign) {
            Map<Expr.Derivative, Double> sum = new LinkedHashMap<>(coefficients);
            other.coefficients.forEach((d, c) -> sum.merge(d, sign * c, Double::sum));
            Set<String> used = new java.util.TreeSet<>(coefficientParameters);
            used.addAll(other.coefficientParameters);
            return new Linear(sum, add(constant, other.constant, sign), used);
        }

        private static boolean isZero(Expr e) {
            return e instanceof Expr.Constant c && c.value() == 0;
        }

        private static Expr add(Expr a, Expr b, double sign) {
            if (isZero(b)) {
                return a;
            }
            if (isZero(a)) {
                return sign > 0 ? b : negate(b);
            }
            return sign > 0 ? a.plus(b) : a.minus(b);
        }

        private static Expr negate(Expr e) {
            return e instanceof Expr.Unary u && u.function() == Expr.Function.NEG ? u.argument() : e.neg();
        }

        private static Expr multiply(Expr a, Expr b) {
            return isZero(a) || isZero(b) ? Expr.constant(0) : a.times(b);
        }

        private static Expr divide(Expr a, Expr b) {
            return isZero(a) && b instanceof Expr.Constant ? a : a.div(b);
        }
    }

    /** Evaluates a condition as a linear form in the unknowns' values, rejecting anything else. */
    private static final class LinearAlgebra implements Algebra<Linear> {
        private final String variable;
        private final java.util.function.Function<String, ParseException> error;

        LinearAlgebra(String variable, java.util.function.Function<String, ParseException> error) {
            this.variable = variable;
            this.error = error;
        }

        private ParseException nonlinear() {
            return error.apply("a condition must be a linear combination of the unknowns' values, such as"
                    + " u(1) + 2*u'(1) = 0");
        }

        @Override
        public Linear constant(double value) {
            return Linear.of(Expr.constant(value));
        }

        @Override
        public Linear parameter(String name, double value) {
            return Linear.of(new Expr.Parameter(name, value));
        }

        @Override
        public Linear variable() {
            throw error.apply("the variable " + variable + " has no value in a condition; use a number");
        }

        @Override
        public Linear derivative(String unknown, int order) {
            return new Linear(Map.of(new Expr.Derivative(unknown, order), 1.0), Expr.constant(0), Set.of());
        }

        @Override
        public Linear add(Linear left, Linear right) {
            return left.plus(right, 1);
        }

        @Override
        public Linear subtract(Linear left, Linear right) {
            return left.plus(right, -1);
        }

        @Override
        public Linear multiply(Linear left, Linear right) {
            if (left.isConstant()) {
                return right.scaled(left, false);
            }
            if (right.isConstant()) {
                return left.scaled(right, false);
            }
            throw nonlinear();
        }

        @Override
        public Linear divide(Linear left, Linear right) {
            if (!right.isConstant()) {
                throw nonlinear();
            }
            return left.scaled(right, true);
        }

        @Override
        public Linear power(Linear base, Linear exponent) {
            if (!base.isConstant() || !exponent.isConstant()) {
                throw nonlinear();
            }
            return Linear.of(base.constant.pow(exponent.constant));
        }

        @Override
        public Linear apply(Expr.Function function, Linear argument) {
            if (!argument.isConstant()) {
                throw nonlinear();
            }
            return Linear.of(Expr.apply(function, argument.constant));
        }
    }
}

package pinn4j.solver;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import pinn4j.problems.Domain;
import pinn4j.solver.internal.Engines;
import pinn4j.solver.internal.TaylorMlp;
import pinn4j.solver.io.Folders;

/**
 * A trained network saved in DJL's model format, to be evaluated later without training: {@code model.properties}
 * (architecture, unknowns, windows), one DJL parameter file per time window, {@code window-K-0000.params}, written
 * by {@link Model#save}, and, written last, {@code checksums.sha256}: the SHA-256 of every other file, in the format
 * of {@code sha256sum}. The folder is written whole or not at all, and {@link #load} refuses a folder whose files do
 * not match their checksums.
 */
public final class PinnModel implements NetworkView, AutoCloseable {

    private static final String DESCRIPTION = "model.properties";
    private static final String CHECKSUMS = "checksums.sha256";

    private final List<String> unknowns;
    private final String variable;
    private final List<Model> models;
    private final List<Domain> domains;
    private final NetworkView view;

    private PinnModel(List<String> unknowns, String variable, List<Model> models, List<Domain> domains,
                      List<NetworkView> views) {
        this.unknowns = List.copyOf(unknowns);
        this.variable = variable;
        this.models = models;
        this.domains = domains;
        this.view = NetworkView.piecewise(domains, views, unknowns.size());
    }

    /**
     * Saves a trained network into a folder, whole or not at all, replacing a previous one.
     *
     * @param trained the trained network
     * @param folder the model's folder, such as a run's {@code model/}
     * @throws IOException when a file cannot be written; a previous model is then left as it was
     */
    public static void save(TrainedPinn trained, Path folder) throws IOException {
        Folders.writeFolder(folder, partial -> {
            TrainingConfig config = trained.config();
            Properties description = new Properties();
            description.setProperty("unknowns", String.join(",", trained.problem().unknowns()));
            description.setProperty("variable", trained.problem().variable());
            description.setProperty("layers", String.join(",", config.layers().stream().map(String::valueOf).toList()));
            description.setProperty("activation", config.activation().id());
            description.setProperty("dtype", config.precision().id());
            List<Domain> domains = trained.windowDomains();
            description.setProperty("windows", String.valueOf(domains.size()));
            for (int w = 0; w < domains.size(); w++) {
                description.setProperty("window." + w + ".t0", Double.toString(domains.get(w).t0()));
                description.setProperty("window." + w + ".t1", Double.toString(domains.get(w).t1()));
                try (Model model = Model.newInstance("window-" + w, Device.cpu(), "PyTorch")) {
                    model.setBlock(trained.networks().get(w));
                    model.save(partial, "window-" + w);
                }
            }
            Folders.writeFile(partial.resolve(DESCRIPTION), out -> description.store(out,
                    "pinn4j model: load with PinnModel.load or `pinn predict --model`"));
            StringBuilder checksums = new StringBuilder();
            checksums(partial).forEach((name, hash) -> checksums.append(hash).append("  ").append(name).append('\n'));
            Folders.writeFile(partial.resolve(CHECKSUMS), out -> out.write(checksums.toString()
                    .getBytes(StandardCharsets.UTF_8)));
        });
    }

    /**
     * Loads a saved network, after checking every file against {@code checksums.sha256}.
     *
     * @param folder the model's folder
     * @return the network, to be closed when done
     * @throws IOException when a file cannot be read
     * @throws IllegalArgumentException if the folder holds no model, or a file is missing, damaged, unlisted or
     *                                  unreadable as a model's
     */
    public static PinnModel load(Path folder) throws IOException {
        Path file = folder.resolve(DESCRIPTION);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(folder + " holds no saved model (no " + DESCRIPTION + ")");
        }
        verify(folder);
        Properties description = new Properties();
        try (var in = Files.newInputStream(file)) {
            description.load(in);
        }
        List<String> unknowns;
        List<Integer> layers;
        Activation activation;
        Precision precision;
        List<Domain> domains = new ArrayList<>();
        try {
            unknowns = List.of(property(description, "unknowns").split(","));
            layers = new ArrayList<>();
            for (String width : property(description, "layers").split(",")) {
                layers.add(whole(description, "layers", width));
            }
            activation = Activation.parse(property(description, "activation"));
            precision = Precision.parse(property(description, "dtype"));
            int windows = whole(description, "windows", property(description, "windows"));
            for (int w = 0; w < windows; w++) {
                domains.add(new Domain(number(description, "window." + w + ".t0"),
                        number(description, "window." + w + ".t1")));
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the model in " + folder + " is not readable: " + DESCRIPTION + ": "
                    + e.getMessage());
        }
        Engines.pytorch();
        List<Model> models = new ArrayList<>();
        List<NetworkView> views = new ArrayList<>();
        try {
            for (int w = 0; w < domains.size(); w++) {
                Domain domain = domains.get(w);
                TaylorMlp network = new TaylorMlp(layers, unknowns.size(), activation, domain.t0(), domain.t1());
                Model model = Model.newInstance("window-" + w, Device.cpu(), "PyTorch");
                models.add(model);
                model.setBlock(network);
                model.load(folder, "window-" + w);
                List<ai.djl.nn.Parameter> parameters = network.orderedParameters();
                List<ai.djl.ndarray.types.Shape> shapes = network.parameterShapes();
                for (int p = 0; p < parameters.size(); p++) {
                    ai.djl.ndarray.types.Shape loaded = parameters.get(p).isInitialized()
                            ? parameters.get(p).getArray().getShape() : null;
                    if (!shapes.get(p).equals(loaded)) {
                        throw new IllegalStateException("window " + w + ": " + parameters.get(p).getName() + " has"
                                + " the shape " + loaded + ", the layers " + layers + " need " + shapes.get(p));
                    }
                }
                views.add(TrainedPinn.view(network, model.getNDManager(), precision.dataType()));
            }
        } catch (IOException | MalformedModelException | RuntimeException e) {
            models.forEach(Model::close);
            String why = e instanceof java.io.EOFException ? "a parameter file ends before its layers do"
                    : e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage().lines().findFirst().orElse("");
            throw new IllegalArgumentException("the model in " + folder + " does not match its " + DESCRIPTION
                    + " (" + why + "); save the model again");
        }
        return new PinnModel(unknowns, property(description, "variable"), models, domains, views);
    }

    /**
     * The unknowns the network answers for.
     *
     * @return their names, in output order
     */
    public List<String> unknowns() {
        return unknowns;
    }

    /**
     * The name of the independent variable.
     *
     * @return e.g. {@code t}
     */
    public String variable() {
        return variable;
    }

    /**
     * The domain the network was trained on.
     *
     * @return from the first window's start to the last window's end
     */
    public Domain domain() {
        return new Domain(domains.get(0).t0(), domains.get(domains.size() - 1).t1());
    }

    @Override
    public double[][][] evaluate(double[] t, int order) {
        return view.evaluate(t, order);
    }

    /**
     * The network's solution on a grid, as a value with the unknowns' names.
     *
     * @param t the points
     * @param order the highest derivative to sample
     * @return the sampled solution
     */
    public SampledSolution sample(double[] t, int order) {
        return new SampledSolution(t, unknowns, evaluate(t, order));
    }

    @Override
    public void close() {
        models.forEach(Model::close);
    }

    /** A whole number of the description, at least 1, such as a layer's width or the number of windows. */
    private static int whole(Properties description, String key, String text) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("'" + key + "' must hold whole numbers >= 1, got '"
                + description.getProperty(key) + "'");
    }

    /** A finite number of the description, such as a window's end. */
    private static double number(Properties description, String key) {
        String text = property(description, key);
        try {
            double value = Double.parseDouble(text.trim());
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("'" + key + "' must be a finite number, got '" + text + "'");
    }

    private static String property(Properties description, String key) {
        String value = description.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("'" + key + "' is missing");
        }
        return value;
    }

    /** Checks that {@code checksums.sha256} lists every other file of the folder with its present SHA-256. */
    private static void verify(Path folder) throws IOException {
        Path file = folder.resolve(CHECKSUMS);
        String damaged = "the model in " + folder + " is damaged or incomplete: ";
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(damaged + CHECKSUMS + " is missing (it is written last, so the model"
                    + " was not saved completely, or by a pinn4j without checksums); save the model again");
        }
        Map<String, String> listed = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String[] parts = lines.get(i).split("  ", 2);
            if (parts.length != 2 || !parts[0].matches("[0-9a-f]{64}") || parts[1].isEmpty()) {
                throw new IllegalArgumentException(damaged + CHECKSUMS + " line " + (i + 1) + " is not 'SHA256  FILE'");
            }
            listed.put(parts[1], parts[0]);
        }
        Map<String, String> present = checksums(folder);
        for (Map.Entry<String, String> entry : listed.entrySet()) {
            if (!present.containsKey(entry.getKey())) {
                throw new IllegalArgumentException(damaged + entry.getKey() + " is missing");
            }
            if (!present.get(entry.getKey()).equals(entry.getValue())) {
                throw new IllegalArgumentException(damaged + entry.getKey() + " does not match its SHA-256 in "
                        + CHECKSUMS);
            }
        }
        for (String name : present.keySet()) {
            if (!listed.containsKey(name)) {
                throw new IllegalArgumentException(damaged + name + " is not listed in " + CHECKSUMS);
            }
        }
    }

    /** The SHA-256 of every file in a folder but the checksums themselves, by name in name order. */
    private static Map<String, String> checksums(Path folder) throws IOException {
        Map<String, String> checksums = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> entries = Files.list(folder)) {
            files = entries.filter(p -> Files.isRegularFile(p) && !p.getFileName().toString().equals(CHECKSUMS))
                    .sorted().toList();
        }
        for (Path file : files) {
            MessageDigest digest;
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform has SHA-256", e);
            }
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            checksums.put(file.getFileName().toString(), HexFormat.of().formatHex(digest.digest()));
        }
        return checksums;
    }
}

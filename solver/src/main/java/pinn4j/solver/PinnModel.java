package pinn4j.solver;

import pinn4j.solver.internal.Engines;
import pinn4j.solver.internal.TaylorMlp;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import pinn4j.problems.Domain;

/**
 * A trained network saved in DJL's model format, to be evaluated later without training: {@code model.properties}
 * (architecture, unknowns, windows) and one DJL parameter file per time window, {@code window-K-0000.params},
 * written by {@link Model#save}. The folder is written whole or not at all.
 */
public final class PinnModel implements NetworkView, AutoCloseable {

    private static final String DESCRIPTION = "model.properties";

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

    /** Saves a trained network into {@code folder} (replacing what is there). */
    public static void save(TrainedPinn trained, Path folder) throws IOException {
        Path absolute = folder.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path partial = absolute.resolveSibling("." + absolute.getFileName() + ".partial-" + System.nanoTime());
        Files.createDirectories(partial);
        try {
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
            try (var out = Files.newOutputStream(partial.resolve(DESCRIPTION))) {
                description.store(out, "pinn4j model: load with PinnModel.load or `pinn predict --model`");
            }
            deleteTree(absolute);
            try {
                Files.move(partial, absolute, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, absolute);
            }
        } finally {
            deleteTree(partial);
        }
    }

    /** Loads a saved network. */
    public static PinnModel load(Path folder) throws IOException {
        Path file = folder.resolve(DESCRIPTION);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(folder + " holds no saved model (no " + DESCRIPTION + ")");
        }
        Properties description = new Properties();
        try (var in = Files.newInputStream(file)) {
            description.load(in);
        }
        Engines.pytorch();
        List<String> unknowns = List.of(description.getProperty("unknowns").split(","));
        List<Integer> layers = Stream.of(description.getProperty("layers").split(",")).map(Integer::valueOf).toList();
        Activation activation = Activation.parse(description.getProperty("activation"));
        Precision precision = Precision.parse(description.getProperty("dtype"));
        int windows = Integer.parseInt(description.getProperty("windows"));
        List<Model> models = new ArrayList<>();
        List<Domain> domains = new ArrayList<>();
        List<NetworkView> views = new ArrayList<>();
        try {
            for (int w = 0; w < windows; w++) {
                Domain domain = new Domain(Double.parseDouble(description.getProperty("window." + w + ".t0")),
                        Double.parseDouble(description.getProperty("window." + w + ".t1")));
                TaylorMlp network = new TaylorMlp(layers, unknowns.size(), activation, domain.t0(), domain.t1());
                Model model = Model.newInstance("window-" + w, Device.cpu(), "PyTorch");
                models.add(model);
                model.setBlock(network);
                model.load(folder, "window-" + w);
                domains.add(domain);
                views.add(NetworkView.of(network, model.getNDManager(), precision.dataType()));
            }
        } catch (MalformedModelException | IOException | RuntimeException e) {
            models.forEach(Model::close);
            throw new IOException("cannot load the model in " + folder + ": " + e.getMessage(), e);
        }
        return new PinnModel(unknowns, description.getProperty("variable"), models, domains, views);
    }

    public List<String> unknowns() {
        return unknowns;
    }

    public String variable() {
        return variable;
    }

    /** The domain the network was trained on. */
    public Domain domain() {
        return new Domain(domains.get(0).t0(), domains.get(domains.size() - 1).t1());
    }

    @Override
    public double[][][] evaluate(double[] t, int order) {
        return view.evaluate(t, order);
    }

    @Override
    public void close() {
        models.forEach(Model::close);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}

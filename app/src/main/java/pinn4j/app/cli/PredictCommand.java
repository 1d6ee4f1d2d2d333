package pinn4j.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import pinn4j.problems.Expr;
import pinn4j.solver.PinnModel;

/** {@code pinn predict}: a saved network's values (and derivatives) at given points, as CSV on standard output. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Evaluate a saved network (the model/ folder of a run) at points; prints CSV.")
final class PredictCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "RUN_DIR",
            description = "A run's folder (or its model/ folder).")
    Path model;

    @ArgGroup(multiplicity = "1")
    Points points;

    /** Where the points come from. */
    static final class Points {
        @Option(names = "--at", split = ",", paramLabel = "T1,T2,...", description = "The points: finite numbers;"
                + " points outside the training domain are evaluated with a warning (the network extrapolates).")
        List<Double> at;

        @Option(names = "--csv", paramLabel = "FILE", description = "A CSV whose first column holds the points"
                + " (a header line is skipped).")
        Path csv;
    }

    /** The most points one call evaluates. */
    static final int MAX_POINTS = 100_000;

    @Option(names = "--derivatives", paramLabel = "K", description = "Also print derivatives up to order K (0..4).")
    int derivatives;

    @Override
    public Integer call() throws IOException {
        if (derivatives < 0 || derivatives > 4) {
            throw new IllegalArgumentException("--derivatives must be between 0 and 4, got " + derivatives);
        }
        Path folder = Files.isRegularFile(model.resolve("model").resolve("model.properties"))
                ? model.resolve("model") : model;
        double[] t = points.at != null ? points.at.stream().mapToDouble(Double::doubleValue).toArray() : read(points.csv);
        if (t.length > MAX_POINTS) {
            throw new IllegalArgumentException("--at holds " + t.length + " points; give at most " + MAX_POINTS
                    + " at a time");
        }
        for (double value : t) {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException((points.at != null ? "--at" : "--csv " + points.csv)
                        + " must hold finite numbers, got " + value);
            }
        }
        try (PinnModel network = PinnModel.load(folder)) {
            for (double value : t) {
                if (!network.domain().contains(value)) {
                    System.err.printf("warning: %s = %s is outside the training domain [%s, %s]; the network"
                            + " extrapolates%n", network.variable(), Expr.format(value),
                            Expr.format(network.domain().t0()), Expr.format(network.domain().t1()));
                }
            }
            double[][][] values = network.evaluate(t, derivatives);
            StringBuilder header = new StringBuilder(network.variable());
            for (int k = 0; k <= derivatives; k++) {
                for (String unknown : network.unknowns()) {
                    header.append(',').append(Expr.derivativeName(unknown, k));
                }
            }
            System.out.println(header);
            for (int i = 0; i < t.length; i++) {
                StringBuilder line = new StringBuilder(Double.toString(t[i]));
                for (int k = 0; k <= derivatives; k++) {
                    for (int u = 0; u < network.unknowns().size(); u++) {
                        line.append(',').append(values[k][u][i]);
                    }
                }
                System.out.println(line);
            }
        }
        return 0;
    }

    private static double[] read(Path csv) throws IOException {
        if (!Files.isRegularFile(csv)) {
            throw new IllegalArgumentException("--csv " + csv + (Files.isDirectory(csv) ? " is a folder, not a file"
                    : " does not exist"));
        }
        List<Double> values = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(csv);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException("--csv " + csv + " is not UTF-8 text (is it a binary file?); give a CSV"
                    + " whose first column holds the points");
        }
        for (int i = 0; i < lines.size(); i++) {
            String cell = lines.get(i).split(",", -1)[0].trim();
            if (cell.isEmpty()) {
                continue;
            }
            try {
                values.add(Double.parseDouble(cell));
            } catch (NumberFormatException e) {
                if (i > 0) {
                    throw new IllegalArgumentException(csv + ":" + (i + 1) + ": '" + cell + "' is not a number");
                }
            }
            if (values.size() > MAX_POINTS) {
                throw new IllegalArgumentException("--csv " + csv + " holds more than " + MAX_POINTS + " points; give"
                        + " at most " + MAX_POINTS + " at a time");
            }
        }
        if (values.isEmpty()) {
            throw new IllegalArgumentException("--csv " + csv + " holds no points: its first column should hold"
                    + " numbers, one per line, after an optional header");
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}

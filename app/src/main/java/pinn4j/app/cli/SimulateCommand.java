package pinn4j.app.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import pinn4j.plots.comparator.Reference;
import pinn4j.problems.Domain;
import pinn4j.problems.Expr;
import pinn4j.problems.Limits;
import pinn4j.problems.OdeProblem;
import pinn4j.problems.text.ProblemFile;
import pinn4j.problems.text.ProblemFiles;
import pinn4j.solver.io.Folders;

/**
 * {@code pinn simulate PROBLEM}: synthetic measurements for an inverse problem, the Hipparchus solution at chosen
 * points with seeded Gaussian noise, written as the CSV a {@code fit:} section reads.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write measurements of a problem's unknowns: the Hipparchus solution at N points, with seeded"
                + " Gaussian noise, as CSV (for the data: of a fit: section). A file's fit.truth values are used.")
final class SimulateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PROBLEM",
            description = "A built-in problem (see `pinn list`) or a problem file such as examples/sir.yaml.")
    String problemName;

    @Option(names = "--at", required = true, paramLabel = "T0:T1:N",
            description = "N equally spaced points from T0 to T1 inclusive, inside the domain (e.g. 0:1:40).")
    String at;

    @Option(names = "--noise", paramLabel = "X", description = "Standard deviation of the Gaussian noise relative"
            + " to each series' RMS over the points; 0 writes exact values (default: 0).")
    String noise = "0";

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the noise (default: 1).")
    long seed = 1;

    @Option(names = "--observe", split = ",", paramLabel = "U",
            description = "The unknowns to write (default: all).")
    List<String> observe;

    @Option(names = "--param", paramLabel = "NAME=VALUE",
            description = "Set a problem constant, e.g. --param k=100 (repeatable). See `pinn list`.")
    List<String> parameters = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "The CSV to write, replaced whole (e.g. data.csv).")
    Path out;

    @Override
    public Integer call() throws IOException {
        double relativeNoise = noise();
        if (Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a folder; give a file name such as data.csv");
        }
        OdeProblem problem = problem(TrainingOptions.parameterValues(parameters));
        double[] t = points(problem);
        List<String> columns = columns(problem);
        Reference reference = Reference.solve(problem, t);
        if (reference.values() == null) {
            throw new IllegalStateException("no solution of " + problem.name() + " to sample: " + reference.failure());
        }
        double[][] values = reference.noisy(relativeNoise, seed);
        Path folder = out.toAbsolutePath().getParent();
        if (folder != null) {
            Files.createDirectories(folder);
        }
        Folders.writeFile(out, stream -> {
            Writer writer = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
            writer.write(problem.variable() + "," + String.join(",", columns) + "\n");
            for (int i = 0; i < t.length; i++) {
                StringBuilder row = new StringBuilder(Double.toString(t[i]));
                for (String unknown : columns) {
                    row.append(',').append(values[problem.unknowns().indexOf(unknown)][i]);
                }
                writer.write(row.append('\n').toString());
            }
            writer.flush();
        });
        System.out.println("wrote " + out + ": " + t.length + " points of " + problem.variable() + ","
                + String.join(",", columns) + ", " + (relativeNoise == 0 ? "exact values (no noise)"
                : "Gaussian noise " + Expr.format(relativeNoise) + " x each series' RMS, seed " + seed));
        return 0;
    }

    private double noise() {
        Double value;
        try {
            value = Double.parseDouble(noise.strip());
        } catch (NumberFormatException e) {
            value = null;
        }
        if (value == null || !Double.isFinite(value) || value < 0) {
            throw new IllegalArgumentException("--noise must be a finite number >= 0 (the noise's standard deviation"
                    + " relative to each series' RMS; 0 for exact values), got '" + noise + "'");
        }
        return value;
    }

    /**
     * The problem at the parameter values the measurements come from: a file's {@code fit.truth} where it gives
     * them, else the values the file or built-in gives (for a fitted parameter, its initial guess).
     */
    private OdeProblem problem(Map<String, Double> overrides) throws IOException {
        if (!Files.isRegularFile(Path.of(problemName))) {
            // A built-in, or run's message for a missing problem file.
            return RunCommand.resolve(problemName, overrides).problem();
        }
        // The measurements the file names may be the ones being written: they are not read.
        ProblemFile file = ProblemFiles.loadWithoutMeasurements(Path.of(problemName), overrides);
        Map<String, Double> truth = file.truth();
        for (String name : overrides.keySet()) {
            if (truth.containsKey(name)) {
                throw new IllegalArgumentException("--param " + name + ": the data come from the true value "
                        + name + "=" + Expr.format(truth.get(name)) + " under fit.truth in " + problemName
                        + "; change it there, or leave out --param " + name);
            }
        }
        if (!truth.isEmpty()) {
            System.out.println("using the true values under fit.truth in " + problemName + ": " + assignments(truth));
        }
        List<String> guessed = file.problem().fittedNames().stream().filter(name -> !truth.containsKey(name))
                .toList();
        if (!guessed.isEmpty()) {
            Map<String, Double> guesses = new LinkedHashMap<>();
            guessed.forEach(name -> guesses.put(name, file.problem().parameters().get(name)));
            System.out.println("no true value under fit.truth for " + String.join(", ", guessed) + ": using the"
                    + " initial guesses " + assignments(guesses));
        }
        return file.problem().withoutFitting().withParameters(truth);
    }

    private static String assignments(Map<String, Double> values) {
        List<String> parts = new ArrayList<>();
        values.forEach((name, value) -> parts.add(name + "=" + Expr.format(value)));
        return String.join(", ", parts);
    }

    /** The points {@code --at T0:T1:N} asks for, inside the problem's domain. */
    private double[] points(OdeProblem problem) {
        String[] parts = at.split(":", -1);
        String shape = "--at must be T0:T1:N, N equally spaced points from T0 to T1 inclusive (e.g. 0:1:40), got '"
                + at + "'";
        if (parts.length != 3) {
            throw new IllegalArgumentException(shape);
        }
        double t0;
        double t1;
        int count;
        try {
            t0 = Double.parseDouble(parts[0].strip());
            t1 = Double.parseDouble(parts[1].strip());
            count = Integer.parseInt(parts[2].strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(shape);
        }
        if (count < 1 || count > Limits.MAX_MEASUREMENT_ROWS) {
            throw new IllegalArgumentException("--at: N must be a whole number from 1 to " + Limits.MAX_MEASUREMENT_ROWS
                    + ", got '" + at + "'");
        }
        Domain domain = problem.domain();
        if (!domain.contains(t0) || !domain.contains(t1)) {
            throw new IllegalArgumentException("--at: the points must lie in the domain [" + Expr.format(domain.t0())
                    + ", " + Expr.format(domain.t1()) + "] of " + problem.name() + ", got '" + at + "'");
        }
        if (count == 1 && t0 != t1) {
            throw new IllegalArgumentException("--at: one point needs T0 = T1, got '" + at + "'");
        }
        if (count > 1 && !(t0 < t1)) {
            throw new IllegalArgumentException("--at: T0 must be below T1, got '" + at + "'");
        }
        return count == 1 ? new double[] {t0} : new Domain(t0, t1).grid(count);
    }

    /** The unknowns written: those {@code --observe} names, in the problem's order, or all. */
    private List<String> columns(OdeProblem problem) {
        if (observe == null) {
            return problem.unknowns();
        }
        for (int i = 0; i < observe.size(); i++) {
            String name = observe.get(i);
            if (!problem.unknowns().contains(name)) {
                throw new IllegalArgumentException("--observe: '" + name + "' is not an unknown of " + problem.name()
                        + "; unknowns: " + String.join(", ", problem.unknowns()));
            }
            if (observe.indexOf(name) != i) {
                throw new IllegalArgumentException("--observe names " + name + " twice");
            }
        }
        return problem.unknowns().stream().filter(observe::contains).toList();
    }
}

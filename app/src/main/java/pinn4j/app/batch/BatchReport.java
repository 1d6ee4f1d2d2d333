package pinn4j.app.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import pinn4j.solver.io.Folders;

/**
 * The batch's tables, from the run folders of one or more output folders (the shards of one batch): {@code
 * summary.csv}, one row per run in plan order, {@code ranking.csv}, configurations per problem best first with
 * the mean and spread of their error across seeds, and {@code progress.csv}, each problem's lowest mean error
 * after every configuration in plan order (the curve a search is judged by). Built from the folders alone, so the
 * same runs always give the same tables, however they were split.
 */
public final class BatchReport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper COMPACT = new ObjectMapper();

    /**
     * One run's line of the summary.
     *
     * @param id the run's identifier, also its folder's name
     * @param index the run's position in the plan, from 0
     * @param problem the problem's name
     * @param axes the run's value of each batch axis, as written
     * @param seed the run's seed
     * @param status {@code ok}, {@code diverged} or {@code failed}
     * @param relativeL2Error the relative L2 error against the reference, or null
     * @param maxAbsError the largest absolute error against the reference, or null
     * @param heldOutResidualRms the residual's root mean square at points not trained on, or null
     * @param finalLoss the last iteration's weighted total loss, or null
     * @param lossTerms every loss term's value at the best iteration, by the term's name, in the loss's order
     * @param stageIterations iterations done per stage, such as {@code adam 300; lbfgs 2412}
     * @param seconds the training's wall time, or null
     * @param error why the run failed or diverged; empty otherwise
     * @param folder the run's folder
     * @param fitted an inverse problem's estimates by parameter name, in the problem's order; empty for a forward
     *     problem or a run without {@code metrics.json}
     */
    public record Row(String id, int index, String problem, Map<String, String> axes, long seed, String status,
                      Double relativeL2Error, Double maxAbsError, Double heldOutResidualRms, Double finalLoss,
                      Map<String, Double> lossTerms, String stageIterations, Double seconds, String error, Path folder, Map<String, Fitted> fitted) {
    }

    /**
     * A fitted parameter's result in one run, from its {@code metrics.json}.
     *
     * @param estimate the network's estimate, or null
     * @param relativeError its error relative to the truth, or null when no truth is known
     */
    public record Fitted(Double estimate, Double relativeError) {
    }

    /**
     * The rows and what they were read from.
     *
     * @param axes the batch's axes, in plan order
     * @param rows the complete runs, in plan order
     * @param planned how many runs the plan has
     */
    public record Summary(List<String> axes, List<Row> rows, int planned) {
        /**
         * The fitted parameters of the runs, each once, in the order the rows first name them.
         *
         * @return the names; empty when no run fitted parameters
         */
        public List<String> fitted() {
            return fittedNames(rows);
        }

        /**
         * The runs planned but not (yet) complete.
         *
         * @return how many
         */
        public int missing() {
            return planned - rows.size();
        }
    }

    private BatchReport() {
    }

    /**
     * Reads every complete run of the given output folders, in plan order.
     *
     * @param outputs the batch's output folders (its shards), each with the same {@code plan.json}
     * @return the summary
     * @throws IOException when a file cannot be read
     * @throws IllegalArgumentException when a folder has no {@code plan.json} or comes from another batch
     */
    public static Summary read(List<Path> outputs) throws IOException {
        JsonNode plan = null;
        for (Path output : outputs) {
            Path file = output.resolve("plan.json");
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(output + " is not a batch output folder: it has no plan.json");
            }
            JsonNode other = JSON.readTree(file.toFile());
            if (plan != null && !plan.equals(other)) {
                throw new IllegalArgumentException(output + " comes from a different batch than " + outputs.get(0)
                        + ": their plan.json differ");
            }
            plan = other;
        }
        List<String> axes = new ArrayList<>();
        plan.get("axes").forEach(axis -> axes.add(axis.asText()));
        List<Row> rows = new ArrayList<>();
        for (JsonNode run : plan.get("runs")) {
            String id = run.get("id").asText();
            for (Path output : outputs) {
                Path folder = output.resolve("runs").resolve(id);
                if (Files.isRegularFile(folder.resolve(BatchRunner.RECORD))) {
                    rows.add(row(folder, axes));
                    break;
                }
            }
        }
        return new Summary(axes, rows, plan.get("runs").size());
    }

    private static Row row(Path folder, List<String> axes) throws IOException {
        JsonNode record = JSON.readTree(folder.resolve(BatchRunner.RECORD).toFile());
        Map<String, String> values = new LinkedHashMap<>();
        for (String axis : axes) {
            JsonNode value = record.get("settings").get(axis);
            values.put(axis, value == null ? "" : value.isTextual() ? value.asText() : COMPACT.writeValueAsString(value));
        }
        Path metricsFile = folder.resolve("metrics.json");
        JsonNode metrics = Files.isRegularFile(metricsFile) ? JSON.readTree(metricsFile.toFile()) : null;
        Map<String, Double> terms = new LinkedHashMap<>();
        if (metrics != null) {
            metrics.get("lossTerms").fields().forEachRemaining(term -> terms.put(term.getKey(),
                    number(term.getValue(), "value")));
        }
        Map<String, Fitted> fitted = new LinkedHashMap<>();
        if (metrics != null && metrics.get("fittedParameters") != null) {
            metrics.get("fittedParameters").fields().forEachRemaining(p -> fitted.put(p.getKey(),
                    new Fitted(number(p.getValue(), "estimate"), number(p.getValue(), "relativeError"))));
        }
        return new Row(record.get("id").asText(), record.get("index").asInt(), record.get("problem").asText(), values,
                record.get("seed").asLong(), record.get("status").asText(),
                number(metrics, "relativeL2Error"), number(metrics, "maxAbsError"),
                number(metrics, "heldOutResidualRms"), number(metrics, "finalLoss"),
                terms, stageIterations(metrics), number(metrics, "trainingSeconds"),
                record.get("error").isNull() ? "" : record.get("error").asText(), folder, fitted);
    }

    /** The fitted parameters the rows name, each once, in order of first appearance. */
    static List<String> fittedNames(List<Row> rows) {
        return rows.stream().flatMap(row -> row.fitted().keySet().stream()).distinct().toList();
    }

    /** Iterations done per stage of the plan, over all windows, such as {@code adam 300; lbfgs 2412}. */
    private static String stageIterations(JsonNode metrics) {
        if (metrics == null) {
            return "";
        }
        Map<Integer, String> names = new java.util.TreeMap<>();
        Map<Integer, Integer> done = new java.util.TreeMap<>();
        for (JsonNode stage : metrics.get("stages")) {
            int index = stage.get("index").asInt();
            names.put(index, stage.get("optimizer").asText());
            done.merge(index, stage.get("iterations").asInt(), Integer::sum);
        }
        return String.join("; ", names.keySet().stream().map(i -> names.get(i) + " " + done.get(i)).toList());
    }

    private static Double number(JsonNode metrics, String field) {
        return metrics == null || metrics.get(field) == null || metrics.get(field).isNull() ? null
                : metrics.get(field).asDouble();
    }

    /**
     * A caution for one problem's ranking when its first place may be chance: when the configurations ran with one
     * seed each, or when the best two differ by less than twice the standard error of the difference of their mean
     * log10 errors over seeds (Welch's t below 2).
     *
     * @param ranked one problem's configurations, best first
     * @return the caution, or empty when the first place stands out or there is nothing to compare
     */
    public static Optional<String> rankingCaution(List<Ranked> ranked) {
        if (ranked.size() < 2 || !Double.isFinite(ranked.get(1).mean())) {
            return Optional.empty();
        }
        Ranked first = ranked.get(0);
        Ranked second = ranked.get(1);
        if (first.seeds() < 2 || second.seeds() < 2) {
            return Optional.of("Each configuration ran with one seed, so this ranking cannot tell a better"
                    + " configuration from a luckier start; give sweep.seeds several seeds to know.");
        }
        double[] a = first.runs().stream().mapToDouble(r -> Math.log10(score(r))).toArray();
        double[] b = second.runs().stream().mapToDouble(r -> Math.log10(score(r))).toArray();
        double t = Math.abs(mean(a) - mean(b)) / Math.sqrt(variance(a) / a.length + variance(b) / b.length);
        // A spread of 0 on both sides (identical runs) leaves t infinite or NaN: nothing to caution about then.
        if (Double.isNaN(t) || t >= 2) {
            return Optional.empty();
        }
        return Optional.of(String.format("The best two configurations differ by less than the spread of their"
                + " errors over seeds (Welch's t = %.1f on log10 of the errors, below 2): their order may be chance;"
                + " run more seeds before preferring one.", t));
    }

    /** The mean; +infinity for no values, as a configuration without runs ranks last. */
    static double mean(double[] values) {
        return java.util.Arrays.stream(values).average().orElse(Double.POSITIVE_INFINITY);
    }

    /** The sample variance (n - 1 in the denominator); 0 for a single value. */
    static double variance(double[] values) {
        double mean = mean(values);
        return java.util.Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / Math.max(1, values.length - 1);
    }

    /**
     * Writes {@code summary.csv}, {@code ranking.csv} and {@code progress.csv} into {@code folder}.
     *
     * @param summary the batch's runs
     * @param folder the report folder, created if missing
     * @throws IOException when a file cannot be written
     */
    public static void writeTables(Summary summary, Path folder) throws IOException {
        Files.createDirectories(folder);
        List<String> header = new ArrayList<>(List.of("id", "problem"));
        header.addAll(summary.axes());
        header.addAll(List.of("seed", "status", "relativeL2Error", "maxAbsError", "heldOutResidualRms"));
        List<String> fitted = summary.fitted();
        // Suffixed, so that no parameter's column can take the name of another column (Lorenz's rho, RMSprop's rho).
        fitted.forEach(name -> header.addAll(List.of(name + "_estimate", name + "_relError")));
        header.add("finalLoss");
        // One column per loss term, named loss_TERM: the union over the runs, in the order first seen.
        List<String> termNames = summary.rows().stream().flatMap(r -> r.lossTerms().keySet().stream()).distinct()
                .toList();
        termNames.forEach(term -> header.add("loss_" + term));
        header.addAll(List.of("iterationsDone", "seconds", "error"));
        List<List<Object>> lines = new ArrayList<>();
        for (Row row : summary.rows()) {
            List<Object> line = new ArrayList<>(List.of(row.id(), row.problem()));
            line.addAll(row.axes().values());
            line.addAll(java.util.Arrays.asList(row.seed(), row.status(), row.relativeL2Error(), row.maxAbsError(),
                    row.heldOutResidualRms()));
            for (String name : fitted) {
                Fitted value = row.fitted().getOrDefault(name, new Fitted(null, null));
                line.addAll(java.util.Arrays.asList(value.estimate(), value.relativeError()));
            }
            line.add(row.finalLoss());
            termNames.forEach(term -> line.add(row.lossTerms().get(term)));
            line.addAll(java.util.Arrays.asList(row.stageIterations(), row.seconds(), row.error()));
            lines.add(line);
        }
        writeCsv(folder.resolve("summary.csv"), header, lines);
        List<String> rankingHeader = new ArrayList<>(List.of("problem", "rank"));
        rankingHeader.addAll(summary.axes());
        rankingHeader.addAll(List.of("seeds", "meanRelativeL2Error", "stdRelativeL2Error", "bestRelativeL2Error",
                "meanSeconds"));
        fitted.forEach(name -> rankingHeader.addAll(List.of(name + "_meanEstimate", name + "_meanRelError")));
        List<List<Object>> ranking = new ArrayList<>();
        for (Ranked ranked : rank(summary)) {
            List<Object> line = new ArrayList<>(List.of(ranked.problem(), ranked.rank()));
            line.addAll(ranked.axes().values());
            line.addAll(List.of(ranked.seeds(), ranked.mean(), ranked.std(), ranked.best(), ranked.meanSeconds()));
            for (String name : fitted) {
                line.addAll(List.of(ranked.meanFitted(name, Fitted::estimate),
                        ranked.meanFitted(name, Fitted::relativeError)));
            }
            ranking.add(line);
        }
        writeCsv(folder.resolve("ranking.csv"), rankingHeader, ranking);
        writeCsv(folder.resolve("progress.csv"), List.of("problem", "configurations", "runs", "error", "lowestError"),
                progress(summary));
    }

    /**
     * Per problem, configurations in the order of their first run: how many so far, their runs, the mean error
     * over their seeds (as {@link #rank} scores them; empty when a run failed) and the lowest such mean so far. A
     * search proposes configurations, so it is judged by them; with one seed this is the lowest error after every run.
     */
    private static List<List<Object>> progress(Summary summary) {
        List<List<Object>> lines = new ArrayList<>();
        List<Row> inPlanOrder = summary.rows().stream().sorted(java.util.Comparator.comparingInt(Row::index)).toList();
        for (Map.Entry<String, Map<Map<String, String>, List<Row>>> problem
                : byConfiguration(inPlanOrder).entrySet()) {
            double lowest = Double.POSITIVE_INFINITY;
            int count = 0;
            for (List<Row> runs : problem.getValue().values()) {
                double error = mean(runs.stream().mapToDouble(BatchReport::score).toArray());
                lowest = Math.min(lowest, error);
                lines.add(java.util.Arrays.asList(problem.getKey(), ++count,
                        String.join(" ", runs.stream().map(Row::id).toList()), Double.isFinite(error) ? error : null,
                        Double.isFinite(lowest) ? lowest : null));
            }
        }
        return lines;
    }

    /**
     * A configuration's errors over its seeds.
     *
     * @param problem the problem's name
     * @param rank its place among the problem's configurations, from 1
     * @param axes its value of each batch axis
     * @param seeds how many runs (seeds) it had
     * @param mean the mean score (see {@link BatchReport#score}); infinite when a run failed
     * @param std the scores' sample standard deviation; NaN when a run failed
     * @param best the lowest score
     * @param meanSeconds the mean training time; NaN when no run has one
     * @param runs its runs
     */
    public record Ranked(String problem, int rank, Map<String, String> axes, int seeds, double mean, double std,
                         double best, double meanSeconds, List<Row> runs) {
        /**
         * The mean of a fitted parameter's figure over the runs that have it.
         *
         * @param name the fitted parameter
         * @param figure which figure: {@link Fitted#estimate} or {@link Fitted#relativeError}
         * @return the mean; NaN when no run has it
         */
        public double meanFitted(String name, java.util.function.Function<Fitted, Double> figure) {
            return runs.stream().map(run -> run.fitted().get(name)).filter(java.util.Objects::nonNull).map(figure)
                    .filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }
    }

    /**
     * Configurations per problem, best mean error first; a configuration whose runs failed or diverged ranks after
     * every one that finished, and its error counts as infinite.
     *
     * @param summary the batch's runs
     * @return the configurations, problem by problem, best first within each
     */
    public static List<Ranked> rank(Summary summary) {
        List<Ranked> ranked = new ArrayList<>();
        byConfiguration(summary.rows()).forEach((problem, configurations) -> {
            List<Ranked> forProblem = new ArrayList<>();
            configurations.forEach((axes, runs) -> {
                double[] errors = runs.stream().mapToDouble(BatchReport::score).toArray();
                double mean = mean(errors);
                double variance = variance(errors);
                double seconds = runs.stream().filter(r -> r.seconds() != null).mapToDouble(Row::seconds)
                        .average().orElse(Double.NaN);
                forProblem.add(new Ranked(problem, 0, axes, runs.size(), mean,
                        Double.isFinite(mean) ? Math.sqrt(variance) : Double.NaN,
                        java.util.Arrays.stream(errors).min().orElse(Double.POSITIVE_INFINITY), seconds, runs));
            });
            forProblem.sort((a, b) -> Double.compare(a.mean(), b.mean()));
            for (int i = 0; i < forProblem.size(); i++) {
                Ranked r = forProblem.get(i);
                ranked.add(new Ranked(r.problem(), i + 1, r.axes(), r.seeds(), r.mean(), r.std(), r.best(),
                        r.meanSeconds(), r.runs()));
            }
        });
        return ranked;
    }

    /** Runs grouped by problem, then by configuration (their axes' values), each in the order it first appears. */
    private static Map<String, Map<Map<String, String>, List<Row>>> byConfiguration(List<Row> rows) {
        Map<String, Map<Map<String, String>, List<Row>>> groups = new LinkedHashMap<>();
        for (Row row : rows) {
            groups.computeIfAbsent(row.problem(), p -> new LinkedHashMap<>())
                    .computeIfAbsent(row.axes(), a -> new ArrayList<>()).add(row);
        }
        return groups;
    }

    /**
     * What ranks a run: its relative error against the reference, or its held-out residual where the problem has
     * no reference; infinite for a run that failed or diverged.
     *
     * @param row the run
     * @return its score, lower is better
     */
    public static double score(Row row) {
        if (!"ok".equals(row.status())) {
            return Double.POSITIVE_INFINITY;
        }
        Double value = row.relativeL2Error() != null ? row.relativeL2Error() : row.heldOutResidualRms();
        return value == null ? Double.POSITIVE_INFINITY : value;
    }

    private static void writeCsv(Path file, List<String> header, List<List<Object>> lines) throws IOException {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        header.forEach(schema::addColumn);
        List<Map<String, Object>> records = new ArrayList<>();
        for (List<Object> line : lines) {
            Map<String, Object> record = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                Object value = line.get(i);
                record.put(header.get(i), value instanceof Double d && !Double.isFinite(d) ? null : value);
            }
            records.add(record);
        }
        byte[] bytes = new CsvMapper().writer(schema.build()).writeValueAsBytes(records);
        Folders.writeFile(file, out -> out.write(bytes));
    }
}

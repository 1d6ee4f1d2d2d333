package pinn4j.app.batch;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import org.knowm.xchart.BitmapEncoder;
import pinn4j.solver.io.Folders;

/**
 * {@code index.html}: one page with the ranked tables, the charts and each run's plots. The batch charts are
 * embedded, so the page needs nothing from outside its folder; each run's plots are linked from its run folder.
 */
public final class BatchPage {

    /** Loss curves of this many best runs per problem. */
    private static final int BEST = 5;

    private BatchPage() {
    }

    /**
     * Writes {@code index.html} into the batch's report folder.
     *
     * @param summary the batch's runs
     * @param folder the report folder; run folders are linked relative to it
     * @param provenance where the report comes from, printed at its top
     * @throws IOException when a chart cannot be drawn or the page cannot be written
     */
    public static void write(BatchReport.Summary summary, Path folder, Provenance provenance) throws IOException {
        Template template;
        try (Reader reader = new InputStreamReader(BatchPage.class.getResourceAsStream("index.mustache"),
                StandardCharsets.UTF_8)) {
            template = Mustache.compiler().escapeHTML(true).compile(reader);
        }
        List<BatchReport.Ranked> ranked = BatchReport.rank(summary);
        List<Map<String, Object>> problems = new ArrayList<>();
        for (String problem : summary.rows().stream().map(BatchReport.Row::problem).distinct().toList()) {
            List<BatchReport.Row> rows = summary.rows().stream().filter(r -> r.problem().equals(problem)).toList();
            List<BatchReport.Ranked> mine = ranked.stream().filter(r -> r.problem().equals(problem)).toList();
            Map<String, Object> section = new LinkedHashMap<>();
            section.put("name", problem);
            section.put("axes", summary.axes());
            List<String> fitted = BatchReport.fittedNames(rows);
            section.put("fitted", fitted);
            section.put("caution", BatchReport.rankingCaution(mine).orElse(null));
            section.put("ranking", mine.stream().map(r -> {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("rank", r.rank());
                line.put("values", r.axes().values().stream().map(BatchPage::readable).toList());
                line.put("seeds", r.seeds());
                line.put("mean", format(r.mean()));
                line.put("std", format(r.std()));
                line.put("best", format(r.best()));
                line.put("seconds", Double.isFinite(r.meanSeconds()) ? String.format("%.1f", r.meanSeconds()) : "");
                List<String> estimates = new ArrayList<>();
                for (String name : fitted) {
                    estimates.add(significant(r.meanFitted(name, BatchReport.Fitted::estimate)));
                    estimates.add(format(r.meanFitted(name, BatchReport.Fitted::relativeError), ""));
                }
                line.put("fitted", estimates);
                return line;
            }).toList());
            List<Map<String, String>> charts = new ArrayList<>();
            for (String axis : summary.axes()) {
                charts.add(Map.of("title", "error against " + axis,
                        "png", png(BatchCharts.errorAgainstAxis(problem, axis, rows))));
            }
            List<BatchReport.Row> best = rows.stream().filter(r -> "ok".equals(r.status()) && r.relativeL2Error() != null)
                    .sorted((a, b) -> Double.compare(a.relativeL2Error(), b.relativeL2Error())).limit(BEST).toList();
            charts.add(Map.of("title", "loss of the best runs", "png", png(BatchCharts.lossCurves(problem, best))));
            section.put("charts", charts);
            section.put("runs", rows.stream().map(r -> {
                Map<String, Object> run = new LinkedHashMap<>();
                run.put("id", r.id());
                run.put("status", r.status());
                run.put("ok", "ok".equals(r.status()));
                run.put("error", r.error());
                run.put("relativeL2Error", r.relativeL2Error() == null ? "" : format(r.relativeL2Error()));
                run.put("settings", label(r.axes(), r.seed()));
                run.put("inverse", !r.fitted().isEmpty());
                run.put("estimates", String.join(", ", r.fitted().entrySet().stream().map(p -> p.getKey() + " "
                        + significant(p.getValue().estimate() == null ? Double.NaN : p.getValue().estimate())
                        + (p.getValue().relativeError() == null ? "" : " (relative error "
                        + format(p.getValue().relativeError(), "") + ")")).toList()));
                run.put("folder", folder.relativize(r.folder()).toString().replace('\\', '/'));
                return run;
            }).toList());
            problems.add(section);
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("provenance", provenance);
        page.put("fixed", fixed(summary));
        page.put("complete", summary.rows().size());
        page.put("planned", summary.planned());
        page.put("problems", problems);
        String html = template.execute(page);
        Folders.writeFile(folder.resolve("index.html"), out -> out.write(html.getBytes(StandardCharsets.UTF_8)));
    }

    /** The axes every run has at the same value, as {@code name = value, ...}; empty when none. */
    private static String fixed(BatchReport.Summary summary) {
        List<String> fixed = new ArrayList<>();
        for (String axis : summary.axes()) {
            List<String> values = summary.rows().stream().map(r -> r.axes().get(axis)).distinct().toList();
            if (values.size() == 1) {
                fixed.add(axis + " = " + readable(values.get(0)));
            }
        }
        return String.join(", ", fixed);
    }

    /** A run in words: {@code lr 3.52e-3, points 120, seed 1}. */
    static String label(Map<String, String> axes, long seed) {
        List<String> parts = new ArrayList<>();
        axes.forEach((axis, value) -> parts.add(axis + " " + readable(value)));
        parts.add("seed " + seed);
        return String.join(", ", parts);
    }

    /** An axis value as a reader wants it: a drawn number to three significant digits, anything else as written. */
    static String readable(String value) {
        try {
            double number = Double.parseDouble(value);
            if (number == Math.rint(number) && Math.abs(number) < 1e9) {
                return value;
            }
            return Math.abs(number) >= 1e-3 && Math.abs(number) < 1e4 ? String.valueOf(Double.parseDouble(
                    String.format(java.util.Locale.ROOT, "%.3g", number))) : String.format(java.util.Locale.ROOT,
                    "%.2e", number);
        } catch (NumberFormatException e) {
            return value;
        }
    }

    private static String png(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart) throws IOException {
        return Base64.getEncoder().encodeToString(BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    }

    private static String format(double value) {
        return format(value, "failed");
    }

    private static String format(double value, String otherwise) {
        return Double.isFinite(value) ? String.format("%.2e", value) : otherwise;
    }

    /** An estimate, with the digits a reader compares against the truth. */
    private static String significant(double value) {
        return Double.isFinite(value) ? String.format(java.util.Locale.ROOT, "%.6g", value) : "";
    }
}

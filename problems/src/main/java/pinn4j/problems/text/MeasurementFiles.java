package pinn4j.problems.text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import pinn4j.problems.Expr;
import pinn4j.problems.Limits;
import pinn4j.problems.Observations;
import pinn4j.problems.OdeProblem;

/**
 * Reads measured values of a problem's unknowns from CSV: a header naming the problem's variable first, then the
 * measured unknowns (any of them, in any order), and one row per time.
 * <pre>
 * t,I
 * 0,0.01
 * 0.5,0.0142
 * 1.0,
 * </pre>
 * An empty cell means that unknown was not measured at that time. Cells are trimmed, lines may end in CRLF and the
 * file may end in empty lines. Every mistake is a {@link ParseException} at the file, line and column of the
 * offending cell, before any training: the file's size ({@link Limits#MAX_MEASUREMENT_BYTES}) and rows
 * ({@link Limits#MAX_MEASUREMENT_ROWS}), text that is not UTF-8, a column that is neither the variable nor an
 * unknown, a cell that is not a finite decimal number, a time outside the problem's domain, a column with no value.
 */
public final class MeasurementFiles {

    /** A decimal number as people write it; not Java's hexadecimal, {@code 1d}, {@code NaN} or {@code Infinity}. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    /** Words for values that are not finite, refused with their own message. */
    private static final Pattern NOT_FINITE = Pattern.compile("[+-]?(nan|inf|infinity)", Pattern.CASE_INSENSITIVE);

    private MeasurementFiles() {
    }

    /**
     * Reads the measurements of a problem's unknowns.
     *
     * @param csv the file
     * @param problem the problem measured: its variable, unknowns and domain
     * @return one {@link Observations} per measured column, in column order, with the rows where it has a value
     * @throws IOException when the file cannot be read for another reason than those refused as bad input
     * @throws ParseException when the file is missing, is not readable or holds a mistake, at its place
     */
    public static List<Observations> read(Path csv, OdeProblem problem) throws IOException {
        String trouble = unreadable(csv);
        if (trouble != null) {
            throw new ParseException(csv.toString(), 1, 1, null, "cannot read the measurements: " + trouble);
        }
        String text = ProblemFiles.readText(csv, Limits.MAX_MEASUREMENT_BYTES, "a measurement file");
        return new Table(csv.toString(), text, problem).observations();
    }

    /** Why a file cannot be opened, in words, or null when it can. */
    static String unreadable(Path file) {
        if (Files.isDirectory(file)) {
            return "it is a folder, not a file";
        }
        if (!Files.exists(file)) {
            return "no such file";
        }
        return Files.isReadable(file) ? null : "permission denied";
    }

    /**
     * A decimal number, as a cell or a YAML value holds it.
     *
     * @param text the trimmed text
     * @return its value, which may overflow to an infinity, or null when the text is not a decimal number
     */
    static Double decimal(String text) {
        return DECIMAL.matcher(text).matches() ? Double.parseDouble(text) : null;
    }

    /** A cell's trimmed text and its 1-based column. */
    private record Cell(String text, int column) {
    }

    /** The file's lines, read row by row. */
    private static final class Table {
        private final String source;
        private final List<String> lines;
        private final OdeProblem problem;
        /** Characters before the first column of line 1: a byte order mark, which editors do not show. */
        private final int skipped;

        Table(String source, String text, OdeProblem problem) {
            this.source = source;
            this.problem = problem;
            this.skipped = text.startsWith("\uFEFF") ? 1 : 0;
            List<String> all = new ArrayList<>(List.of(ProblemFiles.LINE_BREAK.split(text, -1)));
            while (!all.isEmpty() && all.get(all.size() - 1).isBlank()) {
                all.remove(all.size() - 1);
            }
            this.lines = all;
        }

        List<Observations> observations() {
            String variable = problem.variable();
            String shape = variable + "," + String.join(",", problem.unknowns());
            if (lines.isEmpty()) {
                throw new ParseException(source, 1, 1, null, "the file is empty; expected a header such as " + shape
                        + " (the variable, then the measured unknowns) and a row of values per time");
            }
            List<Cell> header = cells(0);
            List<String> columns = new ArrayList<>();
            for (Cell cell : header) {
                String name = cell.text();
                if (columns.isEmpty() && !name.equals(variable)) {
                    throw error(0, cell.column(), "the first column must be the variable " + variable + ", got '"
                            + name + "'; the header names " + variable + ", then some of the unknowns "
                            + String.join(", ", problem.unknowns()));
                }
                if (columns.contains(name)) {
                    throw error(0, cell.column(), "the column '" + name + "' appears twice; each of " + shape
                            + " may have one column");
                }
                if (!columns.isEmpty() && !problem.unknowns().contains(name)) {
                    throw error(0, cell.column(), "'" + name + "' is not an unknown of " + problem.name()
                            + "; after " + variable + " the columns are unknowns: " + String.join(", ",
                            problem.unknowns()));
                }
                columns.add(name);
            }
            if (columns.size() == 1) {
                throw error(0, endColumn(0), "the header names no unknown; after " + variable + " give the"
                        + " measured unknowns, some of " + String.join(", ", problem.unknowns()));
            }
            if (lines.size() == 1) {
                throw new ParseException(source, 2, 1, null, "no measurements: the file has a header but no rows;"
                        + " each row holds " + String.join(",", columns) + " for one time");
            }
            if (lines.size() - 1 > Limits.MAX_MEASUREMENT_ROWS) {
                throw error(Limits.MAX_MEASUREMENT_ROWS + 1, 1, "more than " + Limits.MAX_MEASUREMENT_ROWS
                        + " rows of measurements; a measurement file may hold at most " + Limits.MAX_MEASUREMENT_ROWS);
            }
            int measured = columns.size() - 1;
            List<List<double[]>> series = new ArrayList<>();
            for (int c = 0; c < measured; c++) {
                series.add(new ArrayList<>());
            }
            for (int row = 1; row < lines.size(); row++) {
                readRow(row, columns, series);
            }
            List<Observations> observations = new ArrayList<>();
            for (int c = 0; c < measured; c++) {
                List<double[]> points = series.get(c);
                if (points.isEmpty()) {
                    throw error(0, header.get(c + 1).column(), "the column " + columns.get(c + 1) + " holds no"
                            + " value; give at least one measurement of " + columns.get(c + 1) + " or drop the column");
                }
                observations.add(new Observations(columns.get(c + 1),
                        points.stream().mapToDouble(p -> p[0]).toArray(), points.stream().mapToDouble(p -> p[1])
                        .toArray()));
            }
            return observations;
        }

        /** Adds a row's values to the series of the columns that have one. */
        private void readRow(int row, List<String> columns, List<List<double[]>> series) {
            String variable = problem.variable();
            if (lines.get(row).isBlank()) {
                throw error(row, 1, "an empty line among the rows; each row holds " + String.join(",", columns)
                        + " for one time");
            }
            List<Cell> cells = cells(row);
            if (cells.size() != columns.size()) {
                throw error(row, cells.size() > columns.size() ? cells.get(columns.size()).column() : endColumn(row),
                        "the row has " + cells.size() + " cells, the header " + columns.size() + " ("
                        + String.join(",", columns) + "); leave a cell empty where nothing was measured");
            }
            Cell time = cells.get(0);
            if (time.text().isEmpty()) {
                throw error(row, time.column(), "the " + variable + " of this row is empty; every row needs one");
            }
            double t = number(row, time, variable);
            if (!problem.domain().contains(t)) {
                throw error(row, time.column(), variable + " = " + time.text() + " is outside the domain ["
                        + Expr.format(problem.domain().t0()) + ", " + Expr.format(problem.domain().t1()) + "] of "
                        + problem.name());
            }
            for (int c = 1; c < cells.size(); c++) {
                if (!cells.get(c).text().isEmpty()) {
                    series.get(c - 1).add(new double[] {t, number(row, cells.get(c), columns.get(c))});
                }
            }
        }

        private double number(int row, Cell cell, String column) {
            Double value = decimal(cell.text());
            if (value == null && !NOT_FINITE.matcher(cell.text()).matches()) {
                throw error(row, cell.column(), "'" + cell.text() + "' is not a number; " + column + " must be a"
                        + " decimal number such as 0.5 or 1e-3" + (column.equals(problem.variable()) ? ""
                        : ", or nothing where it was not measured"));
            }
            if (value == null || !Double.isFinite(value)) {
                throw error(row, cell.column(), "'" + cell.text() + "' is not a finite number; " + column
                        + " must be finite" + (column.equals(problem.variable()) ? ""
                        : " (leave the cell empty where nothing was measured)"));
            }
            return value;
        }

        /** A line's cells, split at commas and trimmed, each with the column where its text starts. */
        private List<Cell> cells(int row) {
            String line = lines.get(row);
            int from = row == 0 ? skipped : 0;
            List<Cell> cells = new ArrayList<>();
            while (true) {
                int comma = line.indexOf(',', from);
                int end = comma < 0 ? line.length() : comma;
                int start = from;
                while (start < end && Character.isWhitespace(line.charAt(start))) {
                    start++;
                }
                cells.add(new Cell(line.substring(start, end).strip(), column(row, start)));
                if (comma < 0) {
                    return cells;
                }
                from = comma + 1;
            }
        }

        /** The column just after a line's last character. */
        private int endColumn(int row) {
            return column(row, lines.get(row).length());
        }

        private int column(int row, int index) {
            int from = row == 0 ? skipped : 0;
            return lines.get(row).codePointCount(from, index) + 1;
        }

        private ParseException error(int row, int column, String message) {
            return new ParseException(source, row + 1, column, lines.get(row), message);
        }
    }
}

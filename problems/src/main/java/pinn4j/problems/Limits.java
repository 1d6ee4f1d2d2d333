package pinn4j.problems;

/**
 * How large the input pinn4j reads may be. Beyond these, input is refused with a message that names the limit,
 * before any work is spent on it: a hand-written problem stays far below each, while a runaway or hostile file
 * (a 50 MB expression, 10 000 nested brackets, a YAML alias bomb) would otherwise take minutes or exhaust the stack.
 * Declared once here, for problem files, expressions and any other settings file that wants the same bounds.
 */
public final class Limits {

    /** Largest problem file, in bytes (1 MiB); the examples are below 2 KiB. */
    public static final int MAX_FILE_BYTES = 1 << 20;

    /**
     * Largest measurement file, in bytes (32 MiB): {@link #MAX_MEASUREMENT_ROWS} rows of a few unknowns written with
     * every digit (about 25 characters a number) take 10 MiB.
     */
    public static final int MAX_MEASUREMENT_BYTES = 32 << 20;

    /** Most rows of measurements in one file: as many as the solver's collocation points at most (100 000). */
    public static final int MAX_MEASUREMENT_ROWS = 100_000;

    /** Longest expression, in characters. */
    public static final int MAX_EXPRESSION_LENGTH = 10_000;

    /**
     * Deepest expression tree: every bracket, function, unary minus, power and chained operator adds a level
     * ({@code a + b + c} is two levels of sums). Expressions are evaluated recursively, on doubles and on tensors,
     * so their depth is bounded to keep the stack safe.
     */
    public static final int MAX_EXPRESSION_DEPTH = 200;

    /** Deepest nesting of YAML lists and mappings; a problem file needs 4. */
    public static final int MAX_YAML_DEPTH = 20;

    /** Most YAML aliases ({@code *name}) in one file; each may repeat a whole subtree, hence a bound. */
    public static final int MAX_YAML_ALIASES = 50;

    private Limits() {
    }

    /**
     * A number of bytes as people read it: {@code 1048576} is "1 MiB", {@code 52428800} is "50 MiB", small
     * numbers stay in bytes.
     *
     * @param bytes a size in bytes
     * @return the size with a unit
     */
    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        if (bytes < 1 << 20) {
            return String.format(java.util.Locale.ROOT, "%.1f KiB", bytes / 1024.0).replace(".0 ", " ");
        }
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20)).replace(".0 ", " ");
    }
}

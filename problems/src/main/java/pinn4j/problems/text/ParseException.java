package pinn4j.problems.text;

/**
 * A mistake in a problem text, with where it is: the message names the file, line and column, shows the
 * offending line and points at the place. It is an {@link IllegalArgumentException}: bad input, not a failure.
 */
public final class ParseException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The most characters of the offending line a message shows. */
    private static final int SHOWN = 120;

    /** The file name (or another label). */
    private final String source;
    /** The 1-based line. */
    private final int line;
    /** The 1-based column. */
    private final int column;

    /**
     * A mistake at one place of a text.
     *
     * @param source the file name (or another label)
     * @param line 1-based line
     * @param column 1-based column
     * @param text the whole line, shown under the message; may be null
     * @param message what is wrong and what was expected
     */
    public ParseException(String source, int line, int column, String text, String message) {
        super(format(source, line, column, text, message));
        this.source = source;
        this.line = line;
        this.column = column;
    }

    /**
     * Where the text came from.
     *
     * @return the file name (or another label)
     */
    public String source() {
        return source;
    }

    /**
     * The line of the mistake.
     *
     * @return the 1-based line
     */
    public int line() {
        return line;
    }

    /**
     * The column of the mistake.
     *
     * @return the 1-based column
     */
    public int column() {
        return column;
    }

    private static String format(String source, int line, int column, String text, String message) {
        String where = source + ":" + line + ":" + column + ": " + message;
        if (text == null) {
            return where;
        }
        // A long line is shown as the part around the column, so a message stays readable.
        int caret = Math.max(0, Math.min(column - 1, text.length()));
        int from = Math.max(0, caret - SHOWN / 2);
        int to = Math.min(text.length(), from + SHOWN);
        from = Math.max(0, Math.min(from, to - SHOWN));
        String shown = (from > 0 ? "..." : "") + text.substring(from, to) + (to < text.length() ? "..." : "");
        return where + "\n    " + shown + "\n    " + " ".repeat(caret - from + (from > 0 ? 3 : 0)) + "^";
    }
}

package pinn4j.problems.text;

import java.util.Objects;

/**
 * A value as a user wrote it, with where: a setting read from a file ({@code file.yaml:12:5}), a flag
 * ({@code --lr}) or a batch axis. Values are YAML's: text, numbers, booleans, lists and maps of them.
 *
 * @param value the value
 * @param where where it was written, for messages
 */
public record Located(Object value, String where) {

    /**
     * Validates the record.
     *
     * @param value the value
     * @param where where it was written, for messages
     * @throws NullPointerException when {@code where} is missing
     */
    public Located {
        Objects.requireNonNull(where, "where");
    }
}

package pinn4j.plots.comparator;

/**
 * What a network's errors are measured against. Each kind has a stable lower-case id, the value of
 * {@code referenceKind} in {@code metrics.json} and the word in titles ("against the exact solution").
 */
public enum ReferenceKind {
    /** The problem's exact solution, where it is known, finite and agrees with the equation. */
    EXACT("exact"),
    /** Hipparchus' integration of the equation (by shooting for boundary-value problems). */
    HIPPARCHUS("hipparchus"),
    /** Nothing: no usable exact solution and no Hipparchus solution; no errors are computed. */
    NONE("none");

    private final String id;

    ReferenceKind(String id) {
        this.id = id;
    }

    /**
     * The id written to files.
     *
     * @return {@code exact}, {@code hipparchus} or {@code none}
     */
    public String id() {
        return id;
    }

    /** The id, so the kind reads as a word in messages. */
    @Override
    public String toString() {
        return id;
    }
}

package pinn4j.solver.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads an enum constant by its lower-case name, with an error that lists the choices. */
public final class Choices {

    private Choices() {
    }

    /**
     * The lower-case name of a constant, as written on the command line and in files.
     *
     * @param constant the enum constant
     * @return its name in lower case
     */
    public static String id(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The constant whose lower-case name is {@code text}.
     *
     * @param <E> the enum type
     * @param choices the constants allowed, usually {@code values()}
     * @param what the setting's name for the error message, e.g. {@code activation}
     * @param text what the user wrote; case and surrounding blanks do not matter
     * @return the constant
     * @throws IllegalArgumentException listing the choices when none matches
     */
    public static <E extends Enum<E>> E parse(E[] choices, String what, String text) {
        return parse(choices, Choices::id, what, text);
    }

    /**
     * As {@link #parse(Enum[], String, String)}, for constants written otherwise than their lower-case name.
     *
     * @param <E> the enum type
     * @param choices the constants allowed
     * @param id how each constant is written
     * @param what the setting's name for the error message
     * @param text what the user wrote; case and surrounding blanks do not matter
     * @return the constant
     * @throws IllegalArgumentException listing the choices when none matches
     */
    public static <E extends Enum<E>> E parse(E[] choices, Function<E, String> id, String what, String text) {
        for (E choice : choices) {
            if (id.apply(choice).equalsIgnoreCase(text.trim())) {
                return choice;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + text + "'; allowed: "
                + Arrays.stream(choices).map(id).collect(Collectors.joining(", ")));
    }
}

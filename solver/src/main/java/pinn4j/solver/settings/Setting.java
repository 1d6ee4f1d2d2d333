package pinn4j.solver.settings;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One training setting, declared once: its name as written in files, flags ({@code --kebab-case}) and batch
 * axes, the kind of value with its allowed range, its default and one line of documentation. {@link #read}
 * turns what a user wrote (text, a number, a list or a map, as YAML gives it) into the typed value or an error
 * naming the setting, the value and what is allowed.
 *
 * @param name the setting's name, camel case
 * @param kind what values it takes
 * @param defaultText the default, as shown in help and documentation
 * @param doc one line saying what it does
 * @param group where it applies
 */
public record Setting(String name, Kind kind, String defaultText, String doc, Group group) {

    /** Where a setting applies. */
    public enum Group {
        /** The network, the points and the loss. */
        MODEL,
        /** The default plan's shape: which optimizers, how many iterations; not combined with {@code stages}. */
        PLAN,
        /** Every first-order stage that does not set it itself. */
        FIRST_ORDER,
        /** Every second-order stage (L-BFGS or Gauss-Newton) that does not set it itself and uses it. */
        SECOND_ORDER
    }

    /**
     * Validates the declaration.
     *
     * @param name the setting's name, camel case
     * @param kind what values it takes
     * @param defaultText the default, as shown in help and documentation
     * @param doc one line saying what it does
     * @param group where it applies
     * @throws NullPointerException when a part is missing
     */
    public Setting {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(defaultText, "defaultText");
        Objects.requireNonNull(doc, "doc");
        Objects.requireNonNull(group, "group");
    }

    /**
     * The command-line flag of this setting.
     *
     * @return e.g. {@code --adam-iterations}
     */
    public String flag() {
        return "--" + name.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }

    /**
     * Reads a value of this setting.
     *
     * @param value as written: text, a number, a boolean, a list or a map
     * @return the typed value: Long, Double, Boolean, String, List of Long, or Map of String to Double
     * @throws IllegalArgumentException naming the setting, the value and what is allowed
     */
    public Object read(Object value) {
        Object typed = value == null ? null : kind.read(value);
        if (typed == null) {
            throw new IllegalArgumentException(name + " must be " + kind.describe() + ", got " + show(value));
        }
        return typed;
    }

    /**
     * A value as the user wrote it, for messages.
     *
     * @param value the value
     * @return its text, quoted when it is text
     */
    static String show(Object value) {
        return value instanceof String text ? "'" + text + "'" : String.valueOf(value);
    }

    /** What values a setting takes; {@code read} returns null for a value outside them. */
    public sealed interface Kind {

        /**
         * @param value as written
         * @return the typed value, or null when it is not allowed
         */
        Object read(Object value);

        /**
         * @return what is allowed, in words, e.g. "a whole number from 0 to 10000000"
         */
        String describe();

        /**
         * A whole number in a range; text such as {@code 1e3} counts when it is whole, 2.7 does not.
         *
         * @param min the smallest allowed
         * @param max the largest allowed
         */
        record Whole(long min, long max) implements Kind {
            @Override
            public Object read(Object value) {
                BigDecimal number = decimal(value);
                if (number == null) {
                    return null;
                }
                try {
                    long whole = number.stripTrailingZeros().longValueExact();
                    return whole >= min && whole <= max ? whole : null;
                } catch (ArithmeticException e) {
                    return null;
                }
            }

            @Override
            public String describe() {
                return min == Long.MIN_VALUE && max == Long.MAX_VALUE ? "a whole number"
                        : "a whole number from " + min + " to " + max;
            }
        }

        /**
         * A finite real number in a range.
         *
         * @param min the lower bound
         * @param minOpen whether the lower bound itself is excluded
         * @param max the upper bound
         * @param maxOpen whether the upper bound itself is excluded
         */
        record Real(double min, boolean minOpen, double max, boolean maxOpen) implements Kind {
            @Override
            public Object read(Object value) {
                BigDecimal number = decimal(value);
                if (number == null) {
                    return null;
                }
                double x = number.doubleValue();
                boolean above = minOpen ? x > min : x >= min;
                boolean below = maxOpen ? x < max : x <= max;
                return Double.isFinite(x) && above && below ? x : null;
            }

            @Override
            public String describe() {
                if (max == Double.MAX_VALUE) {
                    return "a number " + (minOpen ? "> " : ">= ") + format(min);
                }
                return "a number in " + (minOpen ? "(" : "[") + format(min) + ", " + format(max)
                        + (maxOpen ? ")" : "]");
            }
        }

        /** {@code true} or {@code false}. */
        record Bool() implements Kind {
            @Override
            public Object read(Object value) {
                if (value instanceof Boolean b) {
                    return b;
                }
                String text = String.valueOf(value).trim();
                return text.equals("true") ? Boolean.TRUE : text.equals("false") ? Boolean.FALSE : null;
            }

            @Override
            public String describe() {
                return "true or false";
            }
        }

        /**
         * One of a few names.
         *
         * @param choices the allowed names, lower case
         */
        record Choice(List<String> choices) implements Kind {
            /**
             * Copies the choices.
             *
             * @param choices the allowed names, lower case
             */
            public Choice {
                choices = List.copyOf(choices);
            }

            @Override
            public Object read(Object value) {
                String text = value instanceof String s ? s.trim().toLowerCase(Locale.ROOT) : null;
                return choices.contains(text) ? text : null;
            }

            @Override
            public String describe() {
                return "one of " + String.join(", ", choices);
            }
        }

        /**
         * A list of whole numbers, such as layer widths; text {@code 32,32} is read as a list too.
         *
         * @param minSize fewest entries
         * @param maxSize most entries
         * @param each each entry's range
         */
        record WholeList(int minSize, int maxSize, Whole each) implements Kind {
            @Override
            public Object read(Object value) {
                List<?> items = value instanceof List<?> list ? list
                        : value instanceof String text && !text.isBlank() ? List.of(text.split(",", -1)) : null;
                if (items == null || items.size() < minSize || items.size() > maxSize) {
                    return null;
                }
                List<Long> read = new ArrayList<>();
                for (Object item : items) {
                    Object whole = each.read(item instanceof String s ? s.trim() : item);
                    if (whole == null) {
                        return null;
                    }
                    read.add((Long) whole);
                }
                return List.copyOf(read);
            }

            @Override
            public String describe() {
                return "a list of " + minSize + " to " + maxSize + " whole numbers from " + each.min() + " to "
                        + each.max();
            }
        }

        /**
         * Named numbers, such as loss weights: a map, or text {@code cc=1,phys=10}.
         *
         * @param keys the allowed names
         * @param each each value's range
         */
        record Named(List<String> keys, Real each) implements Kind {
            /**
             * Copies the keys.
             *
             * @param keys the allowed names
             * @param each each value's range
             */
            public Named {
                keys = List.copyOf(keys);
            }

            @Override
            public Object read(Object value) {
                Map<String, Object> entries = new java.util.LinkedHashMap<>();
                if (value instanceof Map<?, ?> map) {
                    map.forEach((k, v) -> entries.put(String.valueOf(k), v));
                } else if (value instanceof String text) {
                    for (String pair : text.split(",", -1)) {
                        int equals = pair.indexOf('=');
                        if (equals < 0) {
                            return null;
                        }
                        entries.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
                    }
                } else {
                    return null;
                }
                Map<String, Double> read = new java.util.LinkedHashMap<>();
                for (Map.Entry<String, Object> entry : entries.entrySet()) {
                    Object number = keys.contains(entry.getKey()) ? each.read(entry.getValue()) : null;
                    if (number == null || read.put(entry.getKey(), (Double) number) != null) {
                        return null;
                    }
                }
                return read.isEmpty() ? null : Map.copyOf(read);
            }

            @Override
            public String describe() {
                return "names from " + String.join(", ", keys) + " each with " + each.describe()
                        + " (e.g. " + keys.get(0) + "=1," + keys.get(1) + "=10)";
            }
        }

        /**
         * Free-form text checked later, such as the stage plan; any non-blank text, list or map passes here.
         *
         * @param description what is allowed, in words
         */
        record Structured(String description) implements Kind {
            @Override
            public Object read(Object value) {
                return value instanceof String text && text.isBlank() ? null : value;
            }

            @Override
            public String describe() {
                return description;
            }
        }
    }

    /** A number as YAML or a flag gives it: a number, or text such as {@code 1e-3} (YAML 1.1 keeps it text). */
    private static BigDecimal decimal(Object value) {
        if (value instanceof Integer || value instanceof Long) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Number number) {
            double x = number.doubleValue();
            return Double.isFinite(x) ? new BigDecimal(x) : null;
        }
        if (value instanceof String text) {
            try {
                return new BigDecimal(text.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static String format(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? String.valueOf((long) x) : String.valueOf(x);
    }
}

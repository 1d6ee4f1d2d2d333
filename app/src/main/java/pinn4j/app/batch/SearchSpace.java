package pinn4j.app.batch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import pinn4j.app.search.Dimension;
import pinn4j.solver.settings.TrainingSettings;

/**
 * A batch's axes as a Bayesian search sees them, and the way between a configuration and a point of that space.
 * A list of numbers is ordinal (its values in increasing order, so that neighbours are near each other, which is
 * what makes {@code [1e-4, 1e-3, 1e-2]} a scale), any other list categorical, a log-uniform or uniform
 * distribution continuous on [0, 1] (in log space for log-uniform), an int-uniform one ordinal over its whole
 * numbers. A configuration's values are those the batch file wrote (a list's own entries), or those its
 * distributions give, so proposed runs have the ids random draws of the same values would.
 */
final class SearchSpace {

    private final List<Axis> axes = new ArrayList<>();

    /**
     * @param axes the batch's axes, training settings only, each a list or a distribution
     */
    SearchSpace(Map<String, Object> axes) {
        axes.forEach((name, spec) -> this.axes.add(spec instanceof List<?> values ? Axis.of(name, values)
                : new Axis(name, null, null, BatchSpec.Distribution.of(name, spec, TrainingSettings.setting(name),
                name))));
    }

    /**
     * @return one dimension per axis, in the axes' order
     */
    List<Dimension> dimensions() {
        return axes.stream().map(Axis::dimension).toList();
    }

    /**
     * The point of a configuration.
     *
     * @param configuration axis name to value, every axis present
     * @return one value per dimension
     */
    List<Double> encode(Map<String, Object> configuration) {
        return axes.stream().map(axis -> axis.encode(configuration.get(axis.name()))).toList();
    }

    /**
     * The configuration of a point.
     *
     * @param point one value per dimension, each admitted by its dimension
     * @return axis name to value, in the axes' order
     */
    Map<String, Object> decode(List<Double> point) {
        Map<String, Object> configuration = new LinkedHashMap<>();
        for (int i = 0; i < axes.size(); i++) {
            configuration.put(axes.get(i).name(), axes.get(i).decode(point.get(i)));
        }
        return configuration;
    }

    /**
     * One axis: a list (values, with {@code order} the indices of the values by increasing number when they are all
     * numbers, null when they are choices) or a distribution.
     */
    private record Axis(String name, List<?> values, int[] order, BatchSpec.Distribution distribution) {

        static Axis of(String name, List<?> values) {
            List<Double> numbers = new ArrayList<>();
            for (Object value : values) {
                Object read = TrainingSettings.setting(name).read(value);
                if (!(read instanceof Number number)) {
                    return new Axis(name, values, null, null);
                }
                numbers.add(number.doubleValue());
            }
            int[] order = IntStream.range(0, values.size()).boxed()
                    .sorted(Comparator.comparingDouble(numbers::get)).mapToInt(Integer::intValue).toArray();
            return new Axis(name, values, order, null);
        }

        Dimension dimension() {
            if (distribution != null) {
                return distribution.kind().equals("int-uniform")
                        ? new Dimension.Ordinal((int) Math.round(distribution.high() - distribution.low()) + 1)
                        : new Dimension.Continuous();
            }
            return order != null ? new Dimension.Ordinal(values.size()) : new Dimension.Categorical(values.size());
        }

        double encode(Object value) {
            if (distribution != null) {
                return distribution.position(((Number) value).doubleValue());
            }
            int index = values.indexOf(value);
            if (index < 0) {
                throw new IllegalArgumentException(name + " has no value " + value);
            }
            return order == null ? index : IntStream.range(0, order.length).filter(k -> order[k] == index)
                    .findFirst().orElseThrow();
        }

        Object decode(double coordinate) {
            if (distribution != null) {
                return distribution.at(coordinate);
            }
            int index = (int) Math.round(coordinate);
            return values.get(order == null ? index : order[index]);
        }
    }
}

package pinn4j.solver.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a first-order update rule remembers after some updates, by parameter position (not by DJL's parameter ids,
 * which are drawn anew for every network): enough for {@link ResumableOptimizer#resume} to go on exactly as the
 * rule would have.
 *
 * @param updates updates taken so far (the step count t of Adam's bias correction and of the learning-rate
 *     schedule), &gt;= 0
 * @param tensors per kind of state (e.g. {@code mean}, {@code variance}), one array per parameter, in order
 * @param scalars per kind of scalar state (Nadam's momentum product), one value per parameter, in order
 */
public record OptimizerState(int updates, Map<String, List<double[]>> tensors, Map<String, double[]> scalars) {

    /**
     * Validates and copies the state.
     *
     * @param updates updates taken so far, &gt;= 0
     * @param tensors per kind of state, one array per parameter
     * @param scalars per kind of scalar state, one value per parameter
     * @throws IllegalArgumentException for a negative count
     */
    public OptimizerState {
        if (updates < 0) {
            throw new IllegalArgumentException("updates must be >= 0, got " + updates);
        }
        Map<String, List<double[]>> tensorCopy = new LinkedHashMap<>();
        tensors.forEach((kind, arrays) -> {
            List<double[]> copies = new ArrayList<>();
            arrays.forEach(array -> copies.add(Objects.requireNonNull(array, kind).clone()));
            tensorCopy.put(kind, List.copyOf(copies));
        });
        Map<String, double[]> scalarCopy = new LinkedHashMap<>();
        scalars.forEach((kind, values) -> scalarCopy.put(kind, values.clone()));
        tensors = Collections.unmodifiableMap(tensorCopy);
        scalars = Collections.unmodifiableMap(scalarCopy);
    }
}

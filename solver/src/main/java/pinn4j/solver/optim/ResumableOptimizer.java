package pinn4j.solver.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.optimizer.Optimizer;

/**
 * A first-order update rule whose state can be read ({@link #state}) and put back ({@link #resume}), so that a
 * stage checkpointed after k updates and resumed takes the very updates it would have taken. DJL's own Adam, AdamW
 * and SGD keep their state private; the rules here keep it in {@link #tensor} and {@link #scalar}, and count
 * updates themselves so that a resumed rule starts at step k + 1.
 */
public abstract class ResumableOptimizer extends Optimizer {

    private final Map<String, Map<String, Map<Device, NDArray>>> tensors = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Double>> scalars = new ConcurrentHashMap<>();
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    /** Saved state by kind and parameter id, taken in when the parameter's first update asks for it. */
    private final Map<String, Map<String, double[]>> pending = new ConcurrentHashMap<>();
    private int begin;
    private int latest;

    /** A rule with DJL's defaults: no gradient rescaling or clipping, no weight decay unless the rule adds it. */
    ResumableOptimizer() {
        super(new Builder());
    }

    /**
     * DJL's count (the step number, the same for every parameter when each is updated once a step), started at the
     * resumed count.
     */
    @Override
    protected int updateCount(String parameterId) {
        int count = counts.merge(parameterId, begin + 1, (old, one) -> old + 1);
        latest = Math.max(latest, count);
        return latest;
    }

    /**
     * A tensor of state for a parameter, made on first use: the resumed values if any, else zeros.
     *
     * @param kind the kind of state, e.g. {@code mean}
     * @param parameterId the parameter
     * @param weight the parameter's values, for shape, type and device
     * @return the state, updated in place by the rule
     */
    protected NDArray tensor(String kind, String parameterId, NDArray weight) {
        return withDefaultState(tensors.computeIfAbsent(kind, k -> new ConcurrentHashMap<>()), parameterId,
                weight.getDevice(), id -> {
                    double[] saved = pending.getOrDefault(kind, Map.of()).get(id);
                    return saved == null ? weight.zerosLike() : weight.getManager().create(saved, weight.getShape())
                            .toType(weight.getDataType(), false);
                });
    }

    /**
     * A scalar of state for a parameter.
     *
     * @param kind the kind of state
     * @param parameterId the parameter
     * @param initial its value before the first update
     * @return its current value
     */
    protected double scalar(String kind, String parameterId, double initial) {
        return scalars.computeIfAbsent(kind, k -> new ConcurrentHashMap<>()).getOrDefault(parameterId, initial);
    }

    /**
     * Sets a scalar of state for a parameter.
     *
     * @param kind the kind of state
     * @param parameterId the parameter
     * @param value its new value
     */
    protected void setScalar(String kind, String parameterId, double value) {
        scalars.computeIfAbsent(kind, k -> new ConcurrentHashMap<>()).put(parameterId, value);
    }

    /**
     * The state after the updates so far, by parameter position.
     *
     * @param parameterIds the parameters' ids, in the order the state is kept
     * @return a copy of the state
     */
    public OptimizerState state(List<String> parameterIds) {
        Map<String, List<double[]>> tensorState = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Map<Device, NDArray>>> kind : new TreeMap<>(tensors)
                .entrySet()) {
            List<double[]> arrays = new ArrayList<>();
            for (String id : parameterIds) {
                Map<Device, NDArray> byDevice = kind.getValue().get(id);
                if (byDevice == null || byDevice.size() != 1) {
                    throw new IllegalStateException("no single " + kind.getKey() + " state for parameter " + id);
                }
                try (NDArray values = byDevice.values().iterator().next().toType(DataType.FLOAT64, true)) {
                    arrays.add(values.toDoubleArray());
                }
            }
            tensorState.put(kind.getKey(), arrays);
        }
        Map<String, double[]> scalarState = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Double>> kind : new TreeMap<>(scalars).entrySet()) {
            scalarState.put(kind.getKey(), parameterIds.stream().mapToDouble(id -> kind.getValue().get(id))
                    .toArray());
        }
        return new OptimizerState(latest, tensorState, scalarState);
    }

    /**
     * Puts back a saved state; call before the first update.
     *
     * @param state what {@link #state} returned in an earlier training of the same network
     * @param parameterIds this network's parameter ids, in the order of the saved state
     * @throws IllegalStateException after an update
     * @throws IllegalArgumentException when the state does not have one entry per parameter
     */
    public void resume(OptimizerState state, List<String> parameterIds) {
        if (!counts.isEmpty()) {
            throw new IllegalStateException("resume before the first update");
        }
        begin = state.updates();
        latest = state.updates();
        state.tensors().forEach((kind, arrays) -> {
            checkCount(kind, arrays.size(), parameterIds.size());
            Map<String, double[]> byId = new ConcurrentHashMap<>();
            for (int p = 0; p < arrays.size(); p++) {
                byId.put(parameterIds.get(p), arrays.get(p));
            }
            pending.put(kind, byId);
        });
        state.scalars().forEach((kind, values) -> {
            checkCount(kind, values.length, parameterIds.size());
            for (int p = 0; p < values.length; p++) {
                setScalar(kind, parameterIds.get(p), values[p]);
            }
        });
    }

    private static void checkCount(String kind, int saved, int parameters) {
        if (saved != parameters) {
            throw new IllegalArgumentException("saved " + kind + " state for " + saved + " parameters, the network"
                    + " has " + parameters);
        }
    }

    /** DJL requires a builder for every optimizer; the settings live in the optimizer itself. */
    static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}

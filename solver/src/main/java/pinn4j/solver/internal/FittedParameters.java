package pinn4j.solver.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import pinn4j.problems.FittedParameter;
import pinn4j.problems.OdeProblem;

/**
 * The fitted parameters of an inverse problem as trainable tensors. Each is trained in an unconstrained coordinate
 * theta, 0 or near it at the initial guess p0, so that parameters of very different size move at a similar rate
 * and their bounds hold by construction:
 * <ul>
 *   <li>no bounds: {@code p = p0 + s theta}, s = |p0| (1 when p0 = 0): a step in theta is a relative change;</li>
 *   <li>a lower bound only: {@code p = min + (p0 - min) exp(theta)}, log space above the bound;</li>
 *   <li>an upper bound only: {@code p = max - (max - p0) exp(theta)};</li>
 *   <li>both: {@code p = min + (max - min) sigmoid(theta)}.</li>
 * </ul>
 */
public final class FittedParameters {

    private final List<FittedParameter> fitted;
    private final double[] initial;
    private final List<Parameter> parameters = new ArrayList<>();

    /**
     * The problem's fitted parameters as tensors at their initial guesses.
     *
     * @param problem the problem; may fit nothing
     * @param manager the training's manager, which owns the tensors
     * @param dataType the training's precision
     */
    public FittedParameters(OdeProblem problem, NDManager manager, DataType dataType) {
        this.fitted = problem.fitted();
        this.initial = new double[fitted.size()];
        for (int i = 0; i < fitted.size(); i++) {
            FittedParameter parameter = fitted.get(i);
            initial[i] = problem.parameters().get(parameter.name());
            NDArray theta = manager.create(new double[] {coordinate(i, initial[i])}, new Shape(1, 1))
                    .toType(dataType, false);
            theta.setRequiresGradient(true);
            parameters.add(Parameter.builder().setName("fitted " + parameter.name()).setType(Parameter.Type.OTHER)
                    .optArray(theta).build());
        }
    }

    /**
     * The trainable coordinates, one (1, 1) tensor per fitted parameter, to be trained with the network's.
     *
     * @return the parameters, in the problem's fitted order
     */
    public List<Parameter> parameters() {
        return parameters;
    }

    /**
     * Whether there is anything to fit.
     *
     * @return true when no parameter is fitted
     */
    public boolean isEmpty() {
        return fitted.isEmpty();
    }

    /**
     * The parameters' values as tensors of shape (1, 1), functions of the coordinates, for one evaluation of the
     * loss (made in the manager the coordinates are attached to at the time).
     *
     * @return the values by name
     */
    public Map<String, NDArray> tensors() {
        Map<String, NDArray> values = new LinkedHashMap<>();
        for (int i = 0; i < fitted.size(); i++) {
            FittedParameter parameter = fitted.get(i);
            NDArray theta = parameters.get(i).getArray();
            double min = parameter.min();
            double max = parameter.max();
            NDArray value;
            if (Double.isFinite(min) && Double.isFinite(max)) {
                value = Scalars.mul(theta.neg().exp().add(1).pow(-1), max - min).add(min);
            } else if (Double.isFinite(min)) {
                value = Scalars.mul(theta.exp(), initial[i] - min).add(min);
            } else if (Double.isFinite(max)) {
                value = Scalars.mul(theta.exp(), initial[i] - max).add(max);
            } else {
                value = Scalars.mul(theta, scale(i)).add(initial[i]);
            }
            values.put(parameter.name(), value);
        }
        return values;
    }

    /**
     * The parameters' current values.
     *
     * @return the values by name, in the fitted order
     */
    public Map<String, Double> values() {
        Map<String, Double> values = new LinkedHashMap<>();
        for (int i = 0; i < fitted.size(); i++) {
            // Read without a conversion op, whose result would stay in the training's manager until it closes.
            NDArray array = parameters.get(i).getArray();
            double theta = array.getDataType() == DataType.FLOAT64 ? array.toDoubleArray()[0] : array.toFloatArray()[0];
            values.put(fitted.get(i).name(), value(i, theta));
        }
        return values;
    }

    /** p(theta) in doubles, the same map as {@link #tensors()}. */
    double value(int i, double theta) {
        double min = fitted.get(i).min();
        double max = fitted.get(i).max();
        if (Double.isFinite(min) && Double.isFinite(max)) {
            return min + (max - min) / (1 + Math.exp(-theta));
        } else if (Double.isFinite(min)) {
            return min + (initial[i] - min) * Math.exp(theta);
        } else if (Double.isFinite(max)) {
            return max + (initial[i] - max) * Math.exp(theta);
        }
        return initial[i] + scale(i) * theta;
    }

    /** theta(p), the inverse of {@link #value}. */
    private double coordinate(int i, double value) {
        double min = fitted.get(i).min();
        double max = fitted.get(i).max();
        if (Double.isFinite(min) && Double.isFinite(max)) {
            double u = (value - min) / (max - min);
            return Math.log(u / (1 - u));
        } else if (Double.isFinite(min) || Double.isFinite(max)) {
            return 0;
        }
        return (value - initial[i]) / scale(i);
    }

    private double scale(int i) {
        return initial[i] == 0 ? 1 : Math.abs(initial[i]);
    }
}

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
 * theta, 0 at the initial guess p0: {@code x = p0 + s theta} with s = |p0| (1 when p0 = 0), so a step in theta is a
 * relative change and parameters of very different size move at a similar rate; bounds hold by folding x into them
 * by reflection: {@code p = min + |x - min|} above a lower bound, {@code max - |max - x|} below an upper one, and a
 * triangle wave between two. The slope |dp/dtheta| is s everywhere, so a parameter never gets stuck: with log space
 * above a bound ({@code p = min + (p0 - min) exp(theta)}) an unknown initial value pulled towards an untrained
 * network's 0 early on ended at 1.6e-6 (truth 0.2), its gradient vanishing with it.
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
            NDArray theta = manager.create(new double[] {0}, new Shape(1, 1))
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
        return tensors(parameters.stream().map(Parameter::getArray).toList());
    }

    /**
     * The values for given coordinates of any shape, element-wise: for per-row copies of the coordinates.
     *
     * @param thetas one tensor of coordinates per parameter, in the order of {@link #parameters()}
     * @return the values by name, each of its coordinates' shape
     */
    public Map<String, NDArray> tensors(List<NDArray> thetas) {
        Map<String, NDArray> values = new LinkedHashMap<>();
        for (int i = 0; i < fitted.size(); i++) {
            FittedParameter parameter = fitted.get(i);
            NDArray theta = thetas.get(i);
            double min = parameter.min();
            double max = parameter.max();
            NDArray x = Scalars.mul(theta, scale(i)).add(initial[i]);
            NDArray value;
            if (Double.isFinite(min) && Double.isFinite(max)) {
                double width = max - min;
                NDArray z = x.sub(min);
                // z - 2w floor(z / 2w): the position within one period of the triangle wave (floor has slope 0).
                NDArray y = z.sub(Scalars.mul(Scalars.div(z, 2 * width).floor(), 2 * width));
                value = y.sub(width).abs().neg().add(width + min);
            } else if (Double.isFinite(min)) {
                value = x.sub(min).abs().add(min);
            } else if (Double.isFinite(max)) {
                value = x.sub(max).abs().neg().add(max);
            } else {
                value = x;
            }
            values.put(parameter.name(), value);
        }
        return values;
    }

    /**
     * The values at given coordinates, without reading tensors: for a member of an ensemble, whose coordinates
     * live in a stacked tensor.
     *
     * @param thetas one coordinate per parameter, in the order of {@link #parameters()}
     * @return the values by name
     */
    public Map<String, Double> values(double[] thetas) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (int i = 0; i < fitted.size(); i++) {
            values.put(fitted.get(i).name(), value(i, thetas[i]));
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
        double x = initial[i] + scale(i) * theta;
        if (Double.isFinite(min) && Double.isFinite(max)) {
            double width = max - min;
            double y = (x - min) - 2 * width * Math.floor((x - min) / (2 * width));
            return min + width - Math.abs(y - width);
        } else if (Double.isFinite(min)) {
            return min + Math.abs(x - min);
        } else if (Double.isFinite(max)) {
            return max - Math.abs(max - x);
        }
        return x;
    }

    private double scale(int i) {
        return initial[i] == 0 ? 1 : Math.abs(initial[i]);
    }
}

package pinn4j.problems;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.hipparchus.ode.OrdinaryDifferentialEquation;

/**
 * A problem as the first-order system Hipparchus integrates. The state stacks, unknown after unknown, each
 * unknown's value and derivatives below its order: {@code [x, x', y, ...]}. The same expressions as the
 * network's residual are evaluated, on doubles.
 */
public final class FirstOrderSystem implements OrdinaryDifferentialEquation {

    private final List<Equation> equations;
    private final int[] offsets;
    private final int dimension;
    /** Per equation, its right-hand side's symbolic partial derivative in each slot of the state. */
    private final Expr[][] partials;

    /**
     * The system of a problem.
     *
     * @param problem the problem, whose equations set the state's layout
     */
    public FirstOrderSystem(OdeProblem problem) {
        this.equations = problem.equations();
        this.offsets = new int[equations.size()];
        int offset = 0;
        for (int i = 0; i < equations.size(); i++) {
            offsets[i] = offset;
            offset += equations.get(i).order();
        }
        this.dimension = offset;
        this.partials = new Expr[equations.size()][dimension];
        for (int i = 0; i < equations.size(); i++) {
            for (Equation slot : equations) {
                for (int order = 0; order < slot.order(); order++) {
                    partials[i][indexOf(slot.unknown(), order)] = Differentiation.partial(
                            equations.get(i).rightHandSide(), new Expr.Derivative(slot.unknown(), order));
                }
            }
        }
    }

    @Override
    public int getDimension() {
        return dimension;
    }

    /**
     * Where the given unknown's derivative of the given order sits in the state.
     *
     * @param unknown the unknown's name
     * @param order the derivative order, below the unknown's equation order
     * @return the index in the state vector
     * @throws IllegalArgumentException when there is no such unknown
     */
    public int indexOf(String unknown, int order) {
        for (int i = 0; i < equations.size(); i++) {
            if (equations.get(i).unknown().equals(unknown)) {
                return offsets[i] + order;
            }
        }
        throw new IllegalArgumentException("no unknown named " + unknown);
    }

    @Override
    public double[] computeDerivatives(double t, double[] y) {
        DoubleAlgebra algebra = bind(t, y);
        double[] yDot = new double[dimension];
        for (int i = 0; i < equations.size(); i++) {
            Equation equation = equations.get(i);
            int last = offsets[i] + equation.order() - 1;
            System.arraycopy(y, offsets[i] + 1, yDot, offsets[i], equation.order() - 1);
            yDot[last] = equation.rightHandSide().evaluate(algebra);
        }
        return yDot;
    }

    /**
     * The Jacobian of {@link #computeDerivatives} in the state, from the right-hand sides' symbolic partial
     * derivatives (see {@link Differentiation}): a row {@code [.., 1, ..]} per lower derivative, whose derivative is
     * the next slot, and each equation's partials in its highest slot's row.
     *
     * @param t the independent variable
     * @param y the state
     * @return {@code J[i][k] = d yDot[i] / d y[k]}
     */
    public double[][] jacobian(double t, double[] y) {
        DoubleAlgebra algebra = bind(t, y);
        double[][] jacobian = new double[dimension][dimension];
        for (int i = 0; i < equations.size(); i++) {
            int last = offsets[i] + equations.get(i).order() - 1;
            for (int row = offsets[i]; row < last; row++) {
                jacobian[row][row + 1] = 1;
            }
            for (int k = 0; k < dimension; k++) {
                jacobian[last][k] = partials[i][k].evaluate(algebra);
            }
        }
        return jacobian;
    }

    /** The state's slots as each unknown's derivatives, for evaluating the right-hand sides. */
    private DoubleAlgebra bind(double t, double[] y) {
        Map<String, double[]> bound = new HashMap<>();
        for (int i = 0; i < equations.size(); i++) {
            Equation equation = equations.get(i);
            double[] derivatives = new double[equation.order()];
            System.arraycopy(y, offsets[i], derivatives, 0, equation.order());
            bound.put(equation.unknown(), derivatives);
        }
        return new DoubleAlgebra(t, bound);
    }
}

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
        Map<String, double[]> bound = new HashMap<>();
        for (int i = 0; i < equations.size(); i++) {
            Equation equation = equations.get(i);
            double[] derivatives = new double[equation.order()];
            System.arraycopy(y, offsets[i], derivatives, 0, equation.order());
            bound.put(equation.unknown(), derivatives);
        }
        DoubleAlgebra algebra = new DoubleAlgebra(t, bound);
        double[] yDot = new double[dimension];
        for (int i = 0; i < equations.size(); i++) {
            Equation equation = equations.get(i);
            int last = offsets[i] + equation.order() - 1;
            System.arraycopy(y, offsets[i] + 1, yDot, offsets[i], equation.order() - 1);
            yDot[last] = equation.rightHandSide().evaluate(algebra);
        }
        return yDot;
    }
}

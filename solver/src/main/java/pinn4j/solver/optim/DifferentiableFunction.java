package pinn4j.solver.optim;

/** A function of many variables that returns its gradient with its value. */
@FunctionalInterface
public interface DifferentiableFunction {

    /**
     * Evaluates the function at {@code x}.
     *
     * @param x the point; must not be modified
     * @param gradient receives the gradient at {@code x}
     * @return the value at {@code x}; may be non-finite, which the line search treats as "too far"
     */
    double valueAndGradient(double[] x, double[] gradient);
}

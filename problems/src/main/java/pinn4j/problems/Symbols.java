package pinn4j.problems;

import java.util.Map;

/**
 * The symbols a right-hand side or exact solution is written with. A lambda receives one instance, is called
 * once, and the expression it returns is the definition (tracing, as JAX does): {@code s -> s.p("k").times(s.u("x"))}.
 */
public final class Symbols {

    private final String variable;
    private final Map<String, Double> parameters;
    private final Map<String, Integer> orders;

    Symbols(String variable, Map<String, Double> parameters, Map<String, Integer> orders) {
        this.variable = variable;
        this.parameters = parameters;
        this.orders = orders;
    }

    /**
     * The independent variable.
     *
     * @return the variable, whatever its name
     */
    public Expr t() {
        return new Expr.Variable(variable);
    }

    /**
     * A named parameter of the problem.
     *
     * @param name the parameter's name
     * @return the parameter
     * @throws IllegalArgumentException when the problem has no such parameter
     */
    public Expr p(String name) {
        Double value = parameters.get(name);
        if (value == null) {
            throw new IllegalArgumentException("unknown parameter '" + name + "'; defined: "
                    + String.join(", ", parameters.keySet()));
        }
        return new Expr.Parameter(name, value);
    }

    /**
     * The unknown itself.
     *
     * @param unknown the unknown's name
     * @return its derivative of order 0
     * @throws IllegalArgumentException when there is no such unknown
     */
    public Expr u(String unknown) {
        return d(unknown, 0);
    }

    /**
     * The {@code order}-th derivative of an unknown.
     *
     * @param unknown the unknown's name
     * @param order the derivative order
     * @return the derivative
     * @throws IllegalArgumentException when there is no such unknown
     */
    public Expr d(String unknown, int order) {
        Integer unknownOrder = orders.get(unknown);
        if (unknownOrder == null) {
            throw new IllegalArgumentException("unknown symbol '" + unknown + "'; unknowns: "
                    + (orders.isEmpty() ? "none here" : String.join(", ", orders.keySet())));
        }
        return new Expr.Derivative(unknown, order);
    }

    /**
     * The constant pi, printed by name.
     *
     * @return {@link Expr#PI}
     */
    public Expr pi() {
        return Expr.PI;
    }

    /**
     * A number.
     *
     * @param value the number
     * @return the constant
     */
    public Expr c(double value) {
        return Expr.constant(value);
    }
}

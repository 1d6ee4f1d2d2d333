package pinn4j.problems;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An ODE problem written once: explicit equations for one or more unknowns, named parameters, the domain, the
 * conditions and, where known, the exact solution. Immutable and validated on construction; build one with
 * {@link #builder()}.
 *
 * @param name a short identifier, used for files and titles
 * @param variable the independent variable's name
 * @param domain where the problem is posed
 * @param parameters every named constant with its value, in declaration order
 * @param equations one per unknown, in the order of the network's outputs
 * @param conditions as many as the system's total order
 * @param exactSolutions per unknown, an expression in the variable alone; empty when not known
 * @param fitted the parameters learned from measured data, each with its bounds; their values in
 *     {@code parameters} are the initial guesses. Empty for a forward problem.
 */
public record OdeProblem(String name, String variable, Domain domain, Map<String, Double> parameters,
                         List<Equation> equations, List<Condition> conditions, Map<String, Expr> exactSolutions,
                         List<FittedParameter> fitted) {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    /**
     * Checks the problem (names, orders, conditions, parameters, exact solutions) and keeps unmodifiable copies.
     *
     * @param name a short identifier, used for files and titles
     * @param variable the independent variable's name
     * @param domain where the problem is posed
     * @param parameters every named constant with its value, in declaration order
     * @param equations one per unknown, in the order of the network's outputs
     * @param conditions as many as the system's total order
     * @param exactSolutions per unknown, an expression in the variable alone; empty when not known
     * @param fitted the parameters learned from measured data, each declared in {@code parameters} with an
     *     initial guess strictly inside its bounds; empty for a forward problem
     * @throws IllegalArgumentException naming what is wrong
     */
    public OdeProblem {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(variable, "variable");
        Objects.requireNonNull(domain, "domain");
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        equations = List.copyOf(equations);
        conditions = List.copyOf(conditions);
        exactSolutions = Collections.unmodifiableMap(new LinkedHashMap<>(exactSolutions));
        fitted = List.copyOf(fitted);
        validate(name, variable, domain, parameters, equations, conditions, exactSolutions);
        validateFitted(name, parameters, conditions, fitted);
    }

    /**
     * A forward problem: no parameter is fitted.
     *
     * @param name a short identifier, used for files and titles
     * @param variable the independent variable's name
     * @param domain where the problem is posed
     * @param parameters every named constant with its value, in declaration order
     * @param equations one per unknown, in the order of the network's outputs
     * @param conditions as many as the system's total order
     * @param exactSolutions per unknown, an expression in the variable alone; empty when not known
     */
    public OdeProblem(String name, String variable, Domain domain, Map<String, Double> parameters,
                      List<Equation> equations, List<Condition> conditions, Map<String, Expr> exactSolutions) {
        this(name, variable, domain, parameters, equations, conditions, exactSolutions, List.of());
    }

    /**
     * A builder for a problem defined in Java.
     *
     * @return a new, empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The same equations posed on another interval with other conditions.
     *
     * @param newDomain the interval
     * @param newConditions the conditions, as many as the total order
     * @return the new problem; the exact solutions are kept
     */
    public OdeProblem withDomainAndConditions(Domain newDomain, List<Condition> newConditions) {
        return new OdeProblem(name, variable, newDomain, parameters, equations, newConditions, exactSolutions,
                fitted);
    }

    /**
     * The same problem with some parameters given other values, everywhere they occur: equations, conditions and
     * exact solutions. Used to solve the problem at fitted or true parameter values.
     *
     * @param values new values by parameter name, each a parameter of this problem
     * @return the problem with those values; fitted parameters stay fitted, the new values their initial guesses
     * @throws IllegalArgumentException when a name is not a parameter, or a value breaks a fitted bound
     */
    public OdeProblem withParameters(Map<String, Double> values) {
        for (String key : values.keySet()) {
            if (!parameters.containsKey(key)) {
                throw new IllegalArgumentException(name + ": no parameter named '" + key + "'; parameters: "
                        + String.join(", ", parameters.keySet()));
            }
        }
        Map<String, Double> newParameters = new LinkedHashMap<>(parameters);
        newParameters.putAll(values);
        List<Equation> newEquations = equations.stream().map(e -> new Equation(e.unknown(), e.order(),
                e.rightHandSide().withParameters(values))).toList();
        List<Condition> newConditions = conditions.stream().map(c -> c.withParameters(values)).toList();
        Map<String, Expr> newExact = new LinkedHashMap<>();
        exactSolutions.forEach((unknown, expr) -> newExact.put(unknown, expr.withParameters(values)));
        return new OdeProblem(name, variable, domain, newParameters, newEquations, newConditions, newExact, fitted);
    }

    /**
     * The same problem as a forward problem, its parameters at their current values.
     *
     * @return the problem with no fitted parameter
     */
    public OdeProblem withoutFitting() {
        return new OdeProblem(name, variable, domain, parameters, equations, conditions, exactSolutions, List.of());
    }

    /**
     * The same problem with these parameters fitted.
     *
     * @param newFitted the fitted parameters, each declared here
     * @return the inverse problem
     * @throws IllegalArgumentException when a fitted parameter is not declared, is fitted twice, has an initial
     *     guess outside its bounds, or is used by no equation or condition
     */
    public OdeProblem withFitted(List<FittedParameter> newFitted) {
        requireUsed(name, parameters, equations, conditions, newFitted);
        return new OdeProblem(name, variable, domain, parameters, equations, conditions, exactSolutions, newFitted);
    }

    /**
     * Whether some parameter is learned from data.
     *
     * @return true for an inverse problem
     */
    public boolean isInverse() {
        return !fitted.isEmpty();
    }

    /**
     * The fitted parameters' names, in order.
     *
     * @return the names
     */
    public List<String> fittedNames() {
        return fitted.stream().map(FittedParameter::name).toList();
    }

    /**
     * The unknowns in output order.
     *
     * @return the unknowns' names
     */
    public List<String> unknowns() {
        return equations.stream().map(Equation::unknown).collect(Collectors.toList());
    }

    /**
     * The order of the named unknown's equation.
     *
     * @param unknown the unknown's name
     * @return the order of its equation
     * @throws IllegalArgumentException when there is no such unknown
     */
    public int orderOf(String unknown) {
        return equations.stream().filter(e -> e.unknown().equals(unknown)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no unknown named " + unknown)).order();
    }

    /**
     * The highest derivative order among the equations.
     *
     * @return the highest order
     */
    public int maxOrder() {
        return equations.stream().mapToInt(Equation::order).max().orElseThrow();
    }

    /**
     * The system's total order: how many conditions it needs.
     *
     * @return the sum of the equations' orders
     */
    public int totalOrder() {
        return equations.stream().mapToInt(Equation::order).sum();
    }

    /**
     * The equations as printed in titles and reports.
     *
     * @return the equations, separated by {@code ; }
     */
    public String equationText() {
        return equations.stream().map(Equation::toString).collect(Collectors.joining("; "));
    }

    /**
     * Whether exact solutions are known.
     *
     * @return true when there is an exact solution for every unknown
     */
    public boolean hasExactSolution() {
        return !exactSolutions.isEmpty();
    }

    /**
     * Whether every condition is a plain value of one derivative at t0, so the problem integrates forward.
     *
     * @return true for an initial-value problem
     */
    public boolean isInitialValueProblem() {
        return conditions.stream().allMatch(c -> c.point() == domain.t0() && c.terms().size() == 1
                && c.terms().get(0).coefficient() == 1);
    }

    private static void validateFitted(String name, Map<String, Double> parameters, List<Condition> conditions,
                                       List<FittedParameter> fitted) {
        Set<String> seen = new HashSet<>();
        for (FittedParameter parameter : fitted) {
            Double initial = parameters.get(parameter.name());
            if (initial == null) {
                throw new IllegalArgumentException(name + ": fitted parameter '" + parameter.name() + "' is not declared;"
                        + " parameters: " + (parameters.isEmpty() ? "none" : String.join(", ", parameters.keySet())));
            }
            if (!seen.add(parameter.name())) {
                throw new IllegalArgumentException(name + ": parameter '" + parameter.name() + "' is fitted twice");
            }
            if (!parameter.admits(initial)) {
                throw new IllegalArgumentException(name + ": the initial guess " + parameter.name() + "="
                        + Expr.format(initial) + " must lie strictly inside its bounds " + parameter.interval());
            }
        }
        for (Condition condition : conditions) {
            Set<String> used = new java.util.TreeSet<>();
            condition.target().collectParameters(used);
            for (String parameter : used) {
                if (!parameters.containsKey(parameter) && !Expr.CONSTANTS.containsKey(parameter)) {
                    throw new IllegalArgumentException(name + ": condition " + condition.label() + " uses '"
                            + parameter + "', which is not a parameter");
                }
            }
        }
    }

    /** Every fitted parameter must be read by an equation or a condition, or the data could not determine it. */
    private static void requireUsed(String name, Map<String, Double> parameters, List<Equation> equations,
                                    List<Condition> conditions, List<FittedParameter> fitted) {
        Set<String> used = new HashSet<>();
        equations.forEach(e -> e.rightHandSide().collectParameters(used));
        conditions.forEach(c -> c.target().collectParameters(used));
        for (FittedParameter parameter : fitted) {
            // An undeclared one is refused by the constructor, with the declared ones listed.
            if (parameters.containsKey(parameter.name()) && !used.contains(parameter.name())) {
                throw new IllegalArgumentException(name + ": fitted parameter '" + parameter.name() + "' is used by no"
                        + " equation or condition, so no data could determine it");
            }
        }
    }

    private static void validate(String name, String variable, Domain domain, Map<String, Double> parameters,
                                 List<Equation> equations, List<Condition> conditions,
                                 Map<String, Expr> exactSolutions) {
        if (name.isBlank()) {
            throw new IllegalArgumentException("problem name must not be blank");
        }
        requireName("variable", variable);
        parameters.forEach((key, value) -> {
            requireName("parameter", key);
            if (value == null || !Double.isFinite(value)) {
                throw new IllegalArgumentException("parameter " + key + " must be a finite number, got " + value);
            }
        });
        if (equations.isEmpty()) {
            throw new IllegalArgumentException(name + ": a problem needs at least one equation");
        }
        Map<String, Integer> orders = new LinkedHashMap<>();
        for (Equation equation : equations) {
            requireName("unknown", equation.unknown());
            if (orders.put(equation.unknown(), equation.order()) != null) {
                throw new IllegalArgumentException(name + ": two equations for unknown " + equation.unknown());
            }
        }
        for (Equation equation : equations) {
            for (Expr.Derivative d : equation.rightHandSide().derivatives()) {
                Integer order = orders.get(d.unknown());
                if (order == null) {
                    throw new IllegalArgumentException(name + ": equation " + equation + " uses unknown symbol "
                            + d.unknown());
                }
                if (d.order() >= order) {
                    throw new IllegalArgumentException(name + ": equation " + equation + " uses " + d + " but "
                            + d.unknown() + " is of order " + order + "; the right-hand side may use derivatives"
                            + " below the order only");
                }
            }
            Optional<ConstantFolding.Defect> defect = ConstantFolding.firstDefect(equation.rightHandSide());
            if (defect.isPresent()) {
                throw new IllegalArgumentException(name + ": " + equation + ": " + defect.get());
            }
        }
        domain.requireDerivativeScale(orders.values().stream().mapToInt(Integer::intValue).max().orElseThrow());
        for (Condition condition : conditions) {
            if (!domain.contains(condition.point())) {
                throw new IllegalArgumentException(name + ": condition " + condition.label() + " is at "
                        + condition.point() + ", outside the domain [" + domain.t0() + ", " + domain.t1() + "]");
            }
            for (Condition.Term term : condition.terms()) {
                Integer order = orders.get(term.unknown());
                if (order == null) {
                    throw new IllegalArgumentException(name + ": condition " + condition.label()
                            + " names unknown symbol " + term.unknown());
                }
                if (term.order() >= order) {
                    throw new IllegalArgumentException(name + ": condition " + condition.label() + " constrains "
                            + Expr.derivativeName(term.unknown(), term.order()) + ", but " + term.unknown()
                            + " is of order " + order + "; conditions may use derivatives below the order only");
                }
            }
        }
        for (int i = 0; i < conditions.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (conditions.get(i).point() == conditions.get(j).point()
                        && conditions.get(i).terms().equals(conditions.get(j).terms())) {
                    throw new IllegalArgumentException(name + ": conditions " + conditions.get(j).label() + " and "
                            + conditions.get(i).label() + " constrain the same quantity");
                }
            }
        }
        int totalOrder = orders.values().stream().mapToInt(Integer::intValue).sum();
        if (conditions.size() != totalOrder) {
            throw new IllegalArgumentException(name + ": the system has total order " + totalOrder + " and needs "
                    + totalOrder + " conditions, got " + conditions.size()
                    + (conditions.size() < totalOrder ? " (missing " : " (extra ")
                    + Math.abs(totalOrder - conditions.size()) + ")");
        }
        for (Map.Entry<String, Expr> exact : exactSolutions.entrySet()) {
            if (!orders.containsKey(exact.getKey())) {
                throw new IllegalArgumentException(name + ": exact solution given for unknown symbol "
                        + exact.getKey());
            }
            if (!exact.getValue().derivatives().isEmpty()) {
                throw new IllegalArgumentException(name + ": the exact solution of " + exact.getKey()
                        + " must be a function of " + variable + " alone, got " + exact.getValue());
            }
        }
        if (!exactSolutions.isEmpty() && !exactSolutions.keySet().equals(orders.keySet())) {
            Set<String> missing = new HashSet<>(orders.keySet());
            missing.removeAll(exactSolutions.keySet());
            throw new IllegalArgumentException(name + ": an exact solution must be given for every unknown or none;"
                    + " missing " + missing);
        }
    }

    /**
     * Checks the name of a variable, parameter or unknown: an identifier (a letter, then letters, digits or
     * {@code _}) that is not one of {@link Expr#RESERVED_NAMES}, which it would hide.
     *
     * @param role what is named: "variable", "parameter" or "unknown"
     * @param name the name
     * @throws IllegalArgumentException naming the role, the name and what is allowed
     */
    public static void requireName(String role, String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException(role + " name must be an identifier (a letter, then letters, digits or"
                    + " _), got '" + name + "'");
        }
        if (Expr.RESERVED_NAMES.contains(name)) {
            throw new IllegalArgumentException(role + " name '" + name + "' is reserved for the "
                    + (Expr.CONSTANTS.containsKey(name) ? "constant " : "function ") + name + "; reserved names: "
                    + String.join(", ", Expr.RESERVED_NAMES));
        }
    }

    /**
     * Builds a problem. Right-hand sides and exact solutions are lambdas over {@link Symbols}, traced once in
     * {@link #build()} after every parameter and unknown is known.
     */
    public static final class Builder {
        private String name;
        private String variable = "t";
        private Domain domain;
        private final Map<String, Double> parameters = new LinkedHashMap<>();
        private final Map<String, Integer> orders = new LinkedHashMap<>();
        private final Map<String, Function<Symbols, Expr>> rightHandSides = new LinkedHashMap<>();
        private final Map<String, Function<Symbols, Expr>> exactSolutions = new LinkedHashMap<>();
        private final List<Function<Symbols, Condition>> tracedConditions = new ArrayList<>();
        private final List<FittedParameter> fitted = new ArrayList<>();

        private Builder() {
        }

        /**
         * Required: the problem's name.
         *
         * @param name a short identifier, used for files and titles
         * @return this builder
         */
        public Builder setName(String name) {
            this.name = name;
            return this;
        }

        /**
         * Required: the domain [t0, t1].
         *
         * @param t0 the start
         * @param t1 the end, greater than {@code t0}
         * @return this builder
         */
        public Builder setDomain(double t0, double t1) {
            this.domain = new Domain(t0, t1);
            return this;
        }

        /**
         * Optional: the variable's name, {@code t} by default.
         *
         * @param variable the name
         * @return this builder
         * @throws IllegalArgumentException when the name is not an identifier or is reserved
         */
        public Builder optVariable(String variable) {
            requireName("variable", variable);
            this.variable = variable;
            return this;
        }

        /**
         * Optional: a named parameter.
         *
         * @param name the parameter's name
         * @param value its value, a finite number
         * @return this builder
         * @throws IllegalArgumentException when the name is not an identifier or is reserved ({@code pi}, {@code e},
         *     the functions' names: see {@link Expr#RESERVED_NAMES})
         */
        public Builder optParameter(String name, double value) {
            requireName("parameter", name);
            parameters.put(name, value);
            return this;
        }

        /**
         * Required, once per unknown: {@code unknown^(order) = rightHandSide(symbols)}.
         *
         * @param unknown the unknown's name
         * @param order the order of its highest derivative, 1 to {@link Equation#MAX_ORDER}
         * @param rightHandSide the right-hand side, traced once in {@link #build()}
         * @return this builder
         */
        public Builder addEquation(String unknown, int order, Function<Symbols, Expr> rightHandSide) {
            requireName("unknown", unknown);
            if (orders.put(unknown, order) != null) {
                throw new IllegalArgumentException("two equations for unknown " + unknown);
            }
            rightHandSides.put(unknown, rightHandSide);
            return this;
        }

        /**
         * Required, as many as the total order.
         *
         * @param condition one condition
         * @return this builder
         */
        public Builder addCondition(Condition condition) {
            Objects.requireNonNull(condition, "condition");
            tracedConditions.add(symbols -> condition);
            return this;
        }

        /**
         * Required, as many as the total order: a condition whose value uses parameters,
         * {@code s -> Condition.derivative("y", 0, 0, s.p("y0"))}.
         *
         * @param condition the condition, traced once in {@link #build()}
         * @return this builder
         */
        public Builder addCondition(Function<Symbols, Condition> condition) {
            Objects.requireNonNull(condition, "condition");
            tracedConditions.add(condition);
            return this;
        }

        /**
         * Optional: learn a declared parameter from measured data, its value the initial guess; no bounds.
         *
         * @param name the parameter's name
         * @return this builder
         */
        public Builder optFittedParameter(String name) {
            fitted.add(FittedParameter.free(name));
            return this;
        }

        /**
         * Optional: learn a declared parameter from measured data within bounds; its value is the initial guess and
         * must lie strictly inside them.
         *
         * @param name the parameter's name
         * @param min the smallest value allowed, or {@code Double.NEGATIVE_INFINITY}
         * @param max the largest value allowed, or {@code Double.POSITIVE_INFINITY}
         * @return this builder
         */
        public Builder optFittedParameter(String name, double min, double max) {
            fitted.add(new FittedParameter(name, min, max));
            return this;
        }

        /**
         * Optional: the exact solution of one unknown, a function of the variable alone.
         *
         * @param unknown the unknown's name
         * @param solution the solution, traced once in {@link #build()}
         * @return this builder
         */
        public Builder optExactSolution(String unknown, Function<Symbols, Expr> solution) {
            exactSolutions.put(unknown, solution);
            return this;
        }

        /**
         * Traces the right-hand sides and exact solutions and checks the problem.
         *
         * @return the problem
         * @throws IllegalArgumentException when a required part is missing or the problem is inconsistent
         */
        public OdeProblem build() {
            if (name == null) {
                throw new IllegalArgumentException("problem name is required (setName)");
            }
            if (domain == null) {
                throw new IllegalArgumentException(name + ": the domain is required (setDomain)");
            }
            Symbols symbols = new Symbols(variable, parameters, orders);
            List<Equation> equations = new ArrayList<>();
            rightHandSides.forEach((unknown, rhs) ->
                    equations.add(new Equation(unknown, orders.get(unknown), rhs.apply(symbols))));
            Symbols variableOnly = new Symbols(variable, parameters, Map.of());
            Map<String, Expr> exact = new LinkedHashMap<>();
            exactSolutions.forEach((unknown, solution) -> exact.put(unknown, solution.apply(variableOnly)));
            List<Condition> conditions = new ArrayList<>();
            for (Function<Symbols, Condition> traced : tracedConditions) {
                // Bound to the declared values, whatever values the condition's own parameters carried.
                conditions.add(traced.apply(variableOnly).withParameters(parameters));
            }
            OdeProblem problem = new OdeProblem(name, variable, domain, parameters, equations, conditions, exact);
            return fitted.isEmpty() ? problem : problem.withFitted(fitted);
        }
    }
}

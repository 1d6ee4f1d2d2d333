package pinn4j.problems;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.hipparchus.analysis.solvers.BrentSolver;

/**
 * The catalogue of built-in problems, each defined with the public {@link OdeProblem#builder()} API and shipped
 * also as {@code examples/NAME.yaml}. Every constant, the domain and the initial values included, is a parameter.
 * Problems whose solution grows away from an equilibrium (logistic growth from a small seed, Lotka-Volterra, SIR,
 * Lorenz) are trained in time windows by default: over the whole interval at once the network settles on the
 * equilibrium, which satisfies the equation everywhere but next to the initial condition.
 */
public final class BuiltinProblems {

    private static final List<BuiltinProblem> ALL = List.of(
            entry("exponential-decay", "exponential decay y' = -r y (exact solution)",
                    defaults("r", 1, "y0", 1, "t0", 0, "t1", 2), BuiltinProblems::exponentialDecay, Map.of()),
            entry("logistic-growth", "logistic growth y' = r y (1 - y/K), Verhulst 1838 (exact solution)",
                    defaults("r", 1, "K", 1, "y0", 0.1, "t0", 0, "t1", 10), BuiltinProblems::logistic,
                    Map.of("windows", 4, "lbfgsIterations", 600)),
            entry("damped-oscillator",
                    "damped harmonic oscillator m x'' + mu x' + k x = 0 (exact solution in every regime)",
                    defaults("m", 1, "mu", 4, "k", 400, "x0", 1, "v0", 0, "t0", 0, "t1", 1),
                    p -> DampedHarmonicOscillator.of(p.get("m"), p.get("mu"), p.get("k"), p.get("x0"), p.get("v0"),
                            p.get("t0"), p.get("t1")), Map.of()),
            entry("driven-oscillator", "driven damped oscillator m x'' + mu x' + k x = F cos(W t) (exact solution)",
                    defaults("m", 1, "mu", 1, "k", 4, "F", 1, "W", 1.5, "x0", 0, "v0", 0, "t0", 0, "t1", 10),
                    BuiltinProblems::drivenOscillator, Map.of()),
            entry("pendulum", "nonlinear pendulum theta'' = -(g/L) sin(theta)",
                    defaults("g", 9.81, "L", 1, "theta0", 1, "omega0", 0, "t0", 0, "t1", 5),
                    BuiltinProblems::pendulum, Map.of()),
            entry("duffing", "Duffing oscillator x'' + delta x' + alpha x + beta x^3 = gamma cos(omega t)",
                    defaults("delta", 0.2, "alpha", -1, "beta", 1, "gamma", 0.3, "omega", 1.2, "x0", 1, "v0", 0,
                            "t0", 0, "t1", 5), BuiltinProblems::duffing, Map.of()),
            entry("van-der-pol", "Van der Pol oscillator x'' = mu (1 - x^2) x' - x, mu = 1",
                    defaults("mu", 1, "x0", 2, "v0", 0, "t0", 0, "t1", 5), BuiltinProblems::vanDerPol, Map.of()),
            entry("mathieu", "Mathieu equation x'' + (a - 2 q cos(2 t)) x = 0",
                    defaults("a", 1, "q", 0.2, "x0", 1, "v0", 0, "t0", 0, "t1", 5), BuiltinProblems::mathieu,
                    Map.of()),
            entry("lotka-volterra", "Lotka-Volterra predator-prey system",
                    defaults("a", 1.5, "b", 1, "c", 3, "d", 1, "x0", 5, "y0", 5, "t0", 0, "t1", 5),
                    BuiltinProblems::lotkaVolterra, Map.of("windows", 5, "lbfgsIterations", 800)),
            entry("sir", "SIR epidemic, Kermack and McKendrick 1927",
                    defaults("beta", 1.5, "gamma", 0.5, "S0", 0.99, "I0", 0.01, "R0", 0, "t0", 0, "t1", 20),
                    BuiltinProblems::sir, Map.of("windows", 5, "lbfgsIterations", 1000)),
            entry("lorenz", "Lorenz system (sigma = 10, rho = 28, beta = 8/3) on a short horizon",
                    defaults("sigma", 10, "rho", 28, "beta", 8.0 / 3, "x0", 1, "y0", 1, "z0", 1, "t0", 0, "t1", 1),
                    BuiltinProblems::lorenz, Map.of("windows", 5, "lbfgsIterations", 1000)),
            entry("poisson", "1-D Poisson boundary-value problem u'' = -pi^2 sin(pi x), u(0) = u(1) = 0 (exact)",
                    defaults(), p -> poisson(), Map.of()),
            entry("bratu", "Bratu boundary-value problem u'' + lambda exp(u) = 0, u(0) = u(1) = 0, lower branch"
                    + " (exact)", defaults("lambda", 1), BuiltinProblems::bratu, Map.of()),
            entry("cantilever-beam", "Euler-Bernoulli cantilever beam u'''' = -q, clamped at 0, free at 1 (exact)",
                    defaults("q", 1), BuiltinProblems::cantileverBeam, Map.of()));

    private BuiltinProblems() {
    }

    /**
     * Every built-in problem, in the order of listings.
     *
     * @return the problems, unmodifiable
     */
    public static List<BuiltinProblem> all() {
        return ALL;
    }

    /**
     * The built-in problem called {@code name}.
     *
     * @param name a name such as {@code exponential-decay}
     * @return the problem, or empty when there is none by that name
     */
    public static Optional<BuiltinProblem> find(String name) {
        return ALL.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** y' = -r y, y(t0) = y0; y = y0 exp(-r (t - t0)). */
    static OdeProblem exponentialDecay(Map<String, Double> p) {
        double t0 = p.get("t0");
        return OdeProblem.builder().setName("exponential-decay").setDomain(t0, p.get("t1"))
                .optParameter("r", p.get("r")).optParameter("y0", p.get("y0"))
                .addEquation("y", 1, s -> s.p("r").neg().times(s.u("y")))
                .addCondition(s -> Condition.derivative("y", 0, t0, s.p("y0")))
                .optExactSolution("y", s -> Expr.exp(s.p("r").neg().times(s.t().minus(t0))).times(s.p("y0")))
                .build();
    }

    /** Verhulst's logistic equation y' = r y (1 - y/K); y = K / (1 + (K/y0 - 1) exp(-r (t - t0))). */
    static OdeProblem logistic(Map<String, Double> p) {
        double t0 = p.get("t0");
        return OdeProblem.builder().setName("logistic-growth").setDomain(t0, p.get("t1"))
                .optParameter("r", p.get("r")).optParameter("K", p.get("K")).optParameter("y0", p.get("y0"))
                .addEquation("y", 1, s -> s.p("r").times(s.u("y")).times(s.c(1).minus(s.u("y").div(s.p("K")))))
                .addCondition(s -> Condition.derivative("y", 0, t0, s.p("y0")))
                .optExactSolution("y", s -> s.p("K").div(Expr.exp(s.p("r").neg().times(s.t().minus(t0)))
                        .times(s.p("K").div(s.p("y0")).minus(1)).plus(1)))
                .build();
    }

    /**
     * m x'' + mu x' + k x = F cos(W t): the steady response A cos(W t) + B sin(W t), with
     * A = F (k - m W^2) / D, B = F mu W / D, D = (k - m W^2)^2 + (mu W)^2, plus the free oscillation that meets the
     * initial conditions (see {@link DampedHarmonicOscillator}).
     */
    static OdeProblem drivenOscillator(Map<String, Double> p) {
        double m = p.get("m");
        double mu = p.get("mu");
        double k = p.get("k");
        double f = p.get("F");
        double w = p.get("W");
        double t0 = p.get("t0");
        if (!(m > 0)) {
            throw new IllegalArgumentException("m must be > 0, got m=" + m);
        }
        double d = (k - m * w * w) * (k - m * w * w) + (mu * w) * (mu * w);
        double a = f * (k - m * w * w) / d;
        double b = f * mu * w / d;
        double steadyX0 = a * Math.cos(w * t0) + b * Math.sin(w * t0);
        double steadyV0 = -a * w * Math.sin(w * t0) + b * w * Math.cos(w * t0);
        return OdeProblem.builder().setName("driven-oscillator").setDomain(t0, p.get("t1"))
                .optParameter("m", m).optParameter("mu", mu).optParameter("k", k).optParameter("F", f)
                .optParameter("W", w)
                .addEquation("x", 2, s -> s.p("F").times(Expr.cos(s.p("W").times(s.t()))).minus(s.p("mu")
                        .times(s.d("x", 1))).minus(s.p("k").times(s.u("x"))).div(s.p("m")))
                .addCondition(Condition.value("x", t0, p.get("x0")))
                .addCondition(Condition.derivative("x", 1, t0, p.get("v0")))
                .optExactSolution("x", s -> Expr.cos(s.t().times(w)).times(a).plus(Expr.sin(s.t().times(w)).times(b))
                        .plus(DampedHarmonicOscillator.exact(s.t().minus(t0), m, mu, k, p.get("x0") - steadyX0,
                                p.get("v0") - steadyV0)))
                .build();
    }

    /** The frictionless pendulum of length L: theta'' = -(g/L) sin(theta). No closed form (elliptic functions). */
    static OdeProblem pendulum(Map<String, Double> p) {
        return secondOrder("pendulum", "theta", p, List.of("g", "L"), "theta0", "omega0",
                s -> s.p("g").div(s.p("L")).neg().times(Expr.sin(s.u("theta"))));
    }

    /** Duffing's forced oscillator with cubic stiffness (Duffing 1918); with alpha &lt; 0 a double well. */
    static OdeProblem duffing(Map<String, Double> p) {
        return secondOrder("duffing", "x", p, List.of("delta", "alpha", "beta", "gamma", "omega"), "x0", "v0",
                s -> s.p("gamma").times(Expr.cos(s.p("omega").times(s.t()))).minus(s.p("delta").times(s.d("x", 1)))
                        .minus(s.p("alpha").times(s.u("x"))).minus(s.p("beta").times(s.u("x").pow(3))));
    }

    /** Van der Pol's relaxation oscillator (van der Pol 1926). */
    static OdeProblem vanDerPol(Map<String, Double> p) {
        return secondOrder("van-der-pol", "x", p, List.of("mu"), "x0", "v0",
                s -> s.p("mu").times(s.c(1).minus(s.u("x").pow(2))).times(s.d("x", 1)).minus(s.u("x")));
    }

    /** Mathieu's equation (Mathieu 1868), a parametrically excited oscillator. */
    static OdeProblem mathieu(Map<String, Double> p) {
        return secondOrder("mathieu", "x", p, List.of("a", "q"), "x0", "v0",
                s -> s.p("a").minus(s.c(2).times(s.p("q")).times(Expr.cos(s.c(2).times(s.t())))).neg().times(s.u("x")));
    }

    /** Predator and prey (Lotka 1925, Volterra 1926): x' = a x - b x y, y' = -c y + d x y. */
    static OdeProblem lotkaVolterra(Map<String, Double> p) {
        double t0 = p.get("t0");
        return OdeProblem.builder().setName("lotka-volterra").setDomain(t0, p.get("t1"))
                .optParameter("a", p.get("a")).optParameter("b", p.get("b")).optParameter("c", p.get("c"))
                .optParameter("d", p.get("d"))
                .addEquation("x", 1, s -> s.p("a").times(s.u("x")).minus(s.p("b").times(s.u("x")).times(s.u("y"))))
                .addEquation("y", 1, s -> s.p("c").neg().times(s.u("y")).plus(s.p("d").times(s.u("x")).times(s.u("y"))))
                .addCondition(Condition.value("x", t0, p.get("x0")))
                .addCondition(Condition.value("y", t0, p.get("y0")))
                .build();
    }

    /** The SIR epidemic model (Kermack and McKendrick 1927), fractions of a population. */
    static OdeProblem sir(Map<String, Double> p) {
        double t0 = p.get("t0");
        return OdeProblem.builder().setName("sir").setDomain(t0, p.get("t1"))
                .optParameter("beta", p.get("beta")).optParameter("gamma", p.get("gamma"))
                .addEquation("S", 1, s -> s.p("beta").neg().times(s.u("S")).times(s.u("I")))
                .addEquation("I", 1, s -> s.p("beta").times(s.u("S")).times(s.u("I")).minus(s.p("gamma").times(s.u("I"))))
                .addEquation("R", 1, s -> s.p("gamma").times(s.u("I")))
                .addCondition(Condition.value("S", t0, p.get("S0")))
                .addCondition(Condition.value("I", t0, p.get("I0")))
                .addCondition(Condition.value("R", t0, p.get("R0")))
                .build();
    }

    /** Lorenz's convection model (Lorenz 1963); chaotic, hence the short horizon. */
    static OdeProblem lorenz(Map<String, Double> p) {
        double t0 = p.get("t0");
        return OdeProblem.builder().setName("lorenz").setDomain(t0, p.get("t1"))
                .optParameter("sigma", p.get("sigma")).optParameter("rho", p.get("rho"))
                .optParameter("beta", p.get("beta"))
                .addEquation("x", 1, s -> s.p("sigma").times(s.u("y").minus(s.u("x"))))
                .addEquation("y", 1, s -> s.u("x").times(s.p("rho").minus(s.u("z"))).minus(s.u("y")))
                .addEquation("z", 1, s -> s.u("x").times(s.u("y")).minus(s.p("beta").times(s.u("z"))))
                .addCondition(Condition.value("x", t0, p.get("x0")))
                .addCondition(Condition.value("y", t0, p.get("y0")))
                .addCondition(Condition.value("z", t0, p.get("z0")))
                .build();
    }

    /** u'' = -pi^2 sin(pi x), u(0) = u(1) = 0: the classic PINN test, u = sin(pi x). */
    static OdeProblem poisson() {
        return OdeProblem.builder().setName("poisson").optVariable("x").setDomain(0, 1)
                .addEquation("u", 2, s -> s.pi().pow(2).neg().times(Expr.sin(s.pi().times(s.t()))))
                .addCondition(Condition.value("u", 0, 0))
                .addCondition(Condition.value("u", 1, 0))
                .optExactSolution("u", s -> Expr.sin(s.pi().times(s.t())))
                .build();
    }

    /**
     * Bratu's problem u'' + lambda exp(u) = 0, u(0) = u(1) = 0 (Bratu 1914). For lambda below about 3.51 it has two
     * solutions, u = -2 log(cosh((x - 1/2) theta/2) / cosh(theta/4)) with theta = sqrt(2 lambda) cosh(theta/4); the
     * lower branch takes the smaller root theta.
     */
    static OdeProblem bratu(Map<String, Double> p) {
        double lambda = p.get("lambda");
        double theta = bratuTheta(lambda);
        return OdeProblem.builder().setName("bratu").optVariable("x").setDomain(0, 1)
                .optParameter("lambda", lambda)
                .addEquation("u", 2, s -> s.p("lambda").neg().times(Expr.exp(s.u("u"))))
                .addCondition(Condition.value("u", 0, 0))
                .addCondition(Condition.value("u", 1, 0))
                .optExactSolution("u", s -> Expr.log(Expr.cosh(s.t().minus(0.5).times(theta / 2))
                        .div(Math.cosh(theta / 4))).times(-2))
                .build();
    }

    /** The smaller root of theta = sqrt(2 lambda) cosh(theta/4). */
    static double bratuTheta(double lambda) {
        if (!(lambda > 0)) {
            throw new IllegalArgumentException("lambda must be > 0, got lambda=" + lambda);
        }
        double c = Math.sqrt(2 * lambda);
        // g(theta) = theta - c cosh(theta/4) is negative at 0 and largest where sinh(theta/4) = 4/c.
        double peak = 4 * Math.log(4 / c + Math.sqrt(16 / (c * c) + 1));
        double atPeak = peak - c * Math.cosh(peak / 4);
        if (atPeak < 0) {
            throw new IllegalArgumentException("Bratu's problem has no solution for lambda > 3.5138, got lambda="
                    + lambda);
        }
        return new BrentSolver(1e-15).solve(200, theta -> theta - c * Math.cosh(theta / 4), 0, peak);
    }

    /** A cantilever of unit length under uniform load q (EI = 1): u = -q (x^4/24 - x^3/6 + x^2/4). */
    static OdeProblem cantileverBeam(Map<String, Double> p) {
        return OdeProblem.builder().setName("cantilever-beam").optVariable("x").setDomain(0, 1)
                .optParameter("q", p.get("q"))
                .addEquation("u", 4, s -> s.p("q").neg())
                .addCondition(Condition.value("u", 0, 0))
                .addCondition(Condition.derivative("u", 1, 0, 0))
                .addCondition(Condition.derivative("u", 2, 1, 0))
                .addCondition(Condition.derivative("u", 3, 1, 0))
                .optExactSolution("u", s -> s.t().pow(4).div(24).minus(s.t().pow(3).div(6)).plus(s.t().pow(2).div(4))
                        .times(s.p("q")).neg())
                .build();
    }

    /**
     * {@code unknown'' = rhs} on [t0, t1] with {@code unknown(t0)} and {@code unknown'(t0)} taken from the named
     * constants, and the listed constants as the equation's parameters.
     */
    private static OdeProblem secondOrder(String name, String unknown, Map<String, Double> p, List<String> parameters,
                                          String initialValue, String initialSlope,
                                          Function<Symbols, Expr> rightHandSide) {
        double t0 = p.get("t0");
        OdeProblem.Builder builder = OdeProblem.builder().setName(name).setDomain(t0, p.get("t1"));
        parameters.forEach(parameter -> builder.optParameter(parameter, p.get(parameter)));
        return builder.addEquation(unknown, 2, rightHandSide)
                .addCondition(Condition.value(unknown, t0, p.get(initialValue)))
                .addCondition(Condition.derivative(unknown, 1, t0, p.get(initialSlope)))
                .build();
    }

    private static BuiltinProblem entry(String name, String summary, Map<String, Double> defaults,
                                        Function<Map<String, Double>, OdeProblem> factory,
                                        Map<String, Object> training) {
        return new BuiltinProblem(name, summary, defaults, factory, training);
    }

    private static Map<String, Double> defaults(Object... namesAndValues) {
        Map<String, Double> defaults = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            defaults.put((String) namesAndValues[i], ((Number) namesAndValues[i + 1]).doubleValue());
        }
        return defaults;
    }
}

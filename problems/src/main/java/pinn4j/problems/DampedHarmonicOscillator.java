package pinn4j.problems;

/**
 * The damped harmonic oscillator {@code m x'' + mu x' + k x = 0}, {@code x(t0) = x0}, {@code x'(t0) = v0}, in
 * explicit form {@code x'' = -(mu/m)*x' - (k/m)*x}, with its exact solution in all three regimes. With
 * {@code gamma = mu/(2m)}, {@code omega0^2 = k/m} and {@code s = t - t0}:
 * <ul>
 *   <li>under-damped ({@code gamma < omega0}), {@code w = sqrt(omega0^2 - gamma^2)}:
 *       {@code x = exp(-gamma s) (x0 cos(w s) + (v0 + gamma x0)/w sin(w s))};</li>
 *   <li>critically damped ({@code gamma = omega0}): {@code x = exp(-gamma s) (x0 + (v0 + gamma x0) s)};</li>
 *   <li>over-damped, {@code r1,2 = -gamma +- sqrt(gamma^2 - omega0^2)}:
 *       {@code x = A exp(r1 s) + B exp(r2 s)}, {@code A = (v0 - r2 x0)/(r1 - r2)}, {@code B = x0 - A}.</li>
 * </ul>
 */
public final class DampedHarmonicOscillator {

    /** Relative closeness of gamma^2 to omega0^2 below which the critical formula is used. */
    private static final double CRITICAL_TOLERANCE = 1e-12;

    /** The three damping regimes. */
    public enum Regime {
        /** {@code gamma < omega0}: oscillation under a decaying envelope. */
        UNDER_DAMPED,
        /** {@code gamma = omega0}: the fastest return without oscillation. */
        CRITICALLY_DAMPED,
        /** {@code gamma > omega0}: the sum of two decaying exponentials. */
        OVER_DAMPED
    }

    private DampedHarmonicOscillator() {
    }

    /**
     * The regime of {@code m x'' + mu x' + k x = 0}.
     *
     * @param m the mass
     * @param mu the damping coefficient
     * @param k the spring constant
     * @return the regime
     */
    public static Regime regime(double m, double mu, double k) {
        double gamma = mu / (2 * m);
        double discriminant = gamma * gamma - k / m;
        if (Math.abs(discriminant) <= CRITICAL_TOLERANCE * Math.max(gamma * gamma, Math.abs(k / m))) {
            return Regime.CRITICALLY_DAMPED;
        }
        return discriminant < 0 ? Regime.UNDER_DAMPED : Regime.OVER_DAMPED;
    }

    /**
     * The oscillator with the given constants, named {@code damped-oscillator}.
     *
     * @param m the mass, positive
     * @param mu the damping coefficient
     * @param k the spring constant
     * @param x0 the position at {@code t0}
     * @param v0 the velocity at {@code t0}
     * @param t0 the start of the domain
     * @param t1 the end of the domain
     * @return the problem, with its exact solution
     */
    public static OdeProblem of(double m, double mu, double k, double x0, double v0, double t0, double t1) {
        if (!(m > 0)) {
            throw new IllegalArgumentException("m must be > 0, got m=" + m);
        }
        return OdeProblem.builder()
                .setName("damped-oscillator")
                .setDomain(t0, t1)
                .optParameter("m", m).optParameter("mu", mu).optParameter("k", k)
                .optParameter("x0", x0).optParameter("v0", v0).optParameter("t0", t0).optParameter("t1", t1)
                .addEquation("x", 2, s -> s.p("mu").div(s.p("m")).neg().times(s.d("x", 1))
                        .minus(s.p("k").div(s.p("m")).times(s.u("x"))))
                .addCondition(s -> Condition.derivative("x", 0, t0, s.p("x0")))
                .addCondition(Condition.derivative("x", 1, t0, v0))
                .optExactSolution("x", s -> exact(s.t().minus(t0), m, mu, k, x0, v0))
                .build();
    }

    /**
     * The solution of {@code m x'' + mu x' + k x = 0} with {@code x = x0}, {@code x' = v0} where {@code s = 0}, as an
     * expression in {@code s}.
     */
    static Expr exact(Expr s, double m, double mu, double k, double x0, double v0) {
        double gamma = mu / (2 * m);
        double omega0Squared = k / m;
        Expr decay = Expr.exp(s.times(-gamma));
        switch (regime(m, mu, k)) {
            case UNDER_DAMPED: {
                double w = Math.sqrt(omega0Squared - gamma * gamma);
                Expr phase = s.times(w);
                return decay.times(Expr.cos(phase).times(x0).plus(Expr.sin(phase).times((v0 + gamma * x0) / w)));
            }
            case CRITICALLY_DAMPED:
                return decay.times(s.times(v0 + gamma * x0).plus(x0));
            default: {
                double root = Math.sqrt(gamma * gamma - omega0Squared);
                double r1 = -gamma + root;
                double r2 = -gamma - root;
                double a = (v0 - r2 * x0) / (r1 - r2);
                return Expr.exp(s.times(r1)).times(a).plus(Expr.exp(s.times(r2)).times(x0 - a));
            }
        }
    }
}

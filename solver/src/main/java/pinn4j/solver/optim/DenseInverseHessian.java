package pinn4j.solver.optim;

import static pinn4j.solver.optim.Vectors.dot;

import java.util.Arrays;

/**
 * The dense n x n inverse-Hessian approximation of {@link SelfScaledQuasiNewton}, updated by a member of the
 * self-scaled Broyden class (the formulas are on that class).
 *
 * <p>The matrix is a plain row-major {@code double[]} worked on by Java loops, not a tensor of the engine: at
 * n = 2209 an iteration (two products H v and the rank-two update) took 9-10 ms in Java against 24-26 ms on PyTorch
 * (float64, one thread, DJL 0.35.1). The work is bound by memory traffic, and DJL exposes no fused rank-two update
 * ({@code addr_}/{@code addmm_}): the engine had to build the n x n update in a temporary and then scale and add it
 * in two more passes, where one Java loop reads and writes H once. The Java version also keeps no native memory.
 */
final class DenseInverseHessian implements LineSearchDescent.InverseHessian {

    private final SelfScaledQuasiNewton.Update update;
    private final int n;
    /** H row by row; the identity whenever {@code identity} is set. */
    private final double[] matrix;
    private boolean identity = true;

    /**
     * The identity of dimension n.
     *
     * @throws IllegalArgumentException when n x n does not fit in one array
     */
    DenseInverseHessian(int n, SelfScaledQuasiNewton.Update update) {
        if ((long) n * n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a dense inverse Hessian of dimension " + n
                    + " does not fit in one array (n^2 > 2^31); use L-BFGS");
        }
        this.update = update;
        this.n = n;
        this.matrix = new double[n * n];
        setIdentity();
    }

    @Override
    public void direction(double[] g, double[] d) {
        if (identity) {
            for (int i = 0; i < n; i++) {
                d[i] = -g[i];
            }
            return;
        }
        double[] hg = times(g);
        for (int i = 0; i < n; i++) {
            d[i] = -hg[i];
        }
    }

    @Override
    public double[][] save() {
        return new double[][] {matrix.clone(), {identity ? 1 : 0}};
    }

    @Override
    public void restore(double[][] memory) {
        System.arraycopy(memory[0], 0, matrix, 0, matrix.length);
        identity = memory[1][0] == 1;
    }

    @Override
    public boolean isIdentity() {
        return identity;
    }

    @Override
    public void reset() {
        if (!identity) {
            setIdentity();
            identity = true;
        }
    }

    @Override
    public void update(double[] s, double[] y, double sBs) {
        double sy = dot(s, y);
        // The same rounding-aware curvature test as L-BFGS's; a dense H cannot skip a pair and stay consistent
        // with the direction it gave, so it restarts instead.
        if (!(sy > 1e-10 * Math.sqrt(dot(s, s) * dot(y, y)))) {
            reset();
            return;
        }
        double[] hy = identity ? y.clone() : times(y);
        double yHy = dot(y, hy);
        double rho = 1 / sy;
        double h = yHy * rho;
        double b = sBs * rho;
        // a >= 0 by Cauchy-Schwarz; a = 0 (s parallel to H y, always so when n = 1) makes v = 0, where every
        // member of the class gives the same H and theta = 0 avoids dividing by a.
        double a = Math.max(0, b * h - 1);
        double theta = update == SelfScaledQuasiNewton.Update.SSBFGS || a == 0 ? 0 : broydenTheta(a, b, h);
        double sigma = 1 + theta * a;
        double tau = identity ? h / sigma : laterTau(theta, sigma, b);
        double phi = (1 - theta) / sigma;
        // H/tau - (H y y^T H)/(tau y.Hy) + (phi y.Hy / tau) v v^T + rho s s^T, v = rho s - H y / y.Hy, expanded in
        // s s^T, (s (Hy)^T + Hy s^T) and Hy (Hy)^T so that one pass over H applies it.
        double ss = phi * yHy * rho * rho / tau + rho;
        double sh = -phi * rho / tau;
        double hh = (phi - 1) / (tau * yHy);
        if (!(tau > 0) || !Double.isFinite(1 / tau) || !Double.isFinite(ss) || !Double.isFinite(sh)
                || !Double.isFinite(hh)) {
            reset();
            return;
        }
        double inverseTau = 1 / tau;
        for (int i = 0; i < n; i++) {
            int row = i * n;
            double sCoefficient = ss * s[i] + sh * hy[i];
            double hyCoefficient = sh * s[i] + hh * hy[i];
            for (int j = 0; j < n; j++) {
                matrix[row + j] = matrix[row + j] * inverseTau + sCoefficient * s[j] + hyCoefficient * hy[j];
            }
        }
        identity = false;
    }

    /** Urbán et al.'s theta: (1 - b) / b clipped to [theta-, theta+]. */
    private static double broydenTheta(double a, double b, double h) {
        double c = Math.sqrt(a / (1 + a));
        double rhoMinus = Math.min(1, h * (1 - c));
        double thetaMinus = (rhoMinus - 1) / a;
        double thetaPlus = 1 / rhoMinus;
        return Math.max(thetaMinus, Math.min(thetaPlus, (1 - b) / b));
    }

    /** The scaling after the first update since a (re)start; for theta = 0 it is min(1, 1/b). */
    private double laterTau(double theta, double sigma, double b) {
        double bScale = Math.min(1, 1 / b);
        double sigmaRoot = n > 1 ? Math.pow(sigma, 1.0 / (1 - n)) : 1;
        return theta <= 0 ? Math.min(bScale * sigmaRoot, sigma) : bScale * Math.min(sigmaRoot, 1 / theta);
    }

    private double[] times(double[] v) {
        double[] product = new double[n];
        for (int i = 0; i < n; i++) {
            int row = i * n;
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += matrix[row + j] * v[j];
            }
            product[i] = sum;
        }
        return product;
    }

    private void setIdentity() {
        Arrays.fill(matrix, 0);
        for (int i = 0; i < n; i++) {
            matrix[i * n + i] = 1;
        }
    }
}

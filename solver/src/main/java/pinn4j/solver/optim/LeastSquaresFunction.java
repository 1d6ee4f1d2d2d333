package pinn4j.solver.optim;

/**
 * A vector of residuals r(x) and its Jacobian, the objective {@code L(x) = sum_i r_i(x)^2} of {@link GaussNewton}.
 * Weights belong inside the residuals ({@code r_i = sqrt(w_i) e_i}).
 */
@FunctionalInterface
public interface LeastSquaresFunction {

    /**
     * The residuals at a point with their Jacobian, which every step of {@link GaussNewton} starts from.
     *
     * @param x the point; must not be modified
     * @return r(x) and J(x); non-finite entries are allowed and make the point unusable
     */
    Residuals evaluate(double[] x);

    /**
     * The objective alone, for trial points and line searches. The default evaluates the Jacobian too and
     * discards it; override when the residuals are much cheaper on their own (no backward pass), and return the
     * same value {@link #evaluate} would give.
     *
     * @param x the point; must not be modified
     * @return {@code sum_i r_i(x)^2}; may be non-finite, which counts as a failed trial
     */
    default double value(double[] x) {
        return evaluate(x).value();
    }

    /**
     * Residuals r (R of them) and their Jacobian {@code J_ip = d r_i / d x_p} (R x P), row-major in one array:
     * {@code J_ip = jacobian[i * P + p]}, which is what {@code NDArray.toDoubleArray()} of an (R, P) array gives.
     * Both arrays are copied in and out.
     *
     * @param values the residuals r_i
     * @param jacobian the Jacobian, row-major, R * P entries
     */
    record Residuals(double[] values, double[] jacobian) {

        /**
         * Copies and checks the shapes.
         *
         * @param values the residuals r_i, at least one
         * @param jacobian the Jacobian, row-major, a positive multiple of {@code values.length} entries
         * @throws IllegalArgumentException when the Jacobian has no whole number of rows of length P &gt;= 1
         */
        public Residuals {
            if (values.length == 0 || jacobian.length == 0 || jacobian.length % values.length != 0) {
                throw new IllegalArgumentException("the Jacobian must have R * P entries, P >= 1, for R = "
                        + values.length + " residuals; got " + jacobian.length);
            }
            values = values.clone();
            jacobian = jacobian.clone();
        }

        /** @return a copy of the residuals */
        @Override
        public double[] values() {
            return values.clone();
        }

        /** @return a copy of the row-major Jacobian */
        @Override
        public double[] jacobian() {
            return jacobian.clone();
        }

        /**
         * The number of variables.
         *
         * @return P, the length of a Jacobian row
         */
        public int columns() {
            return jacobian.length / values.length;
        }

        /**
         * The objective.
         *
         * @return {@code sum_i r_i^2}
         */
        public double value() {
            double sum = 0;
            for (double value : values) {
                sum += value * value;
            }
            return sum;
        }

        /** The residuals without a copy, for the optimizer, which only reads them. */
        double[] sharedValues() {
            return values;
        }

        /** The Jacobian without a copy (a few megabytes for a PINN), for the optimizer, which only reads it. */
        double[] sharedJacobian() {
            return jacobian;
        }
    }
}

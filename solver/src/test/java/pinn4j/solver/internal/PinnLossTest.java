package pinn4j.solver.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pinn4j.problems.Condition;
import pinn4j.problems.Domain;
import pinn4j.problems.Expr;
import pinn4j.problems.FittedParameter;
import pinn4j.problems.Observations;
import pinn4j.problems.OdeProblem;
import pinn4j.solver.Activation;
import pinn4j.solver.LossTerm;
import pinn4j.solver.LossWeights;

/**
 * The loss assembly: every term of a small network on a coupled system, against the same terms computed by hand in
 * plain Java from the network's closed form; the weights; and the parameter gradient of the weighted total against
 * central differences.
 */
class PinnLossTest {

    private static final double K = 9;
    private static final double C = 0.7;
    private static final double[] OBSERVED_T = {0.1, 0.35, 0.8};
    private static final double[] OBSERVED_Y = {0.3, -0.1, 0.25};

    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = Engines.pytorch().newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /**
     * x'' = -k x + y sin(t), y' = x' - c y^2 / (1 + t) on [0, 2], with a plain condition, a combination of two
     * derivatives at the far end and a combination of two unknowns sharing the first condition's point.
     */
    private static OdeProblem coupled() {
        return OdeProblem.builder().setName("coupled").setDomain(0, 2).optParameter("k", K).optParameter("c", C)
                .addEquation("x", 2, s -> s.p("k").neg().times(s.u("x")).plus(s.u("y").times(Expr.sin(s.t()))))
                .addEquation("y", 1, s -> s.d("x", 1).minus(s.p("c").times(s.u("y").pow(2)).div(s.c(1).plus(s.t()))))
                .addCondition(Condition.value("x", 0, 1))
                .addCondition(new Condition(2, List.of(new Condition.Term(0.5, "x", 0),
                        new Condition.Term(-2, "x", 1)), 0.3))
                .addCondition(new Condition(0, List.of(new Condition.Term(1, "y", 0),
                        new Condition.Term(3, "x", 1)), 0.2))
                .build();
    }

    private static List<Observations> data() {
        return List.of(new Observations("y", OBSERVED_T, OBSERVED_Y));
    }

    /** d^k tanh / dz^k for k = 0..2. */
    private static double[] tanhDerivatives(double z) {
        double h = Math.tanh(z);
        double q = 1 - h * h;
        return new double[] {h, q, -2 * h * q};
    }

    /**
     * The network with one hidden layer of width 3 in closed form: u_o(t) = sum_j v_oj tanh(a_j s + b_j) + c_o with
     * s = t - 1 (the domain [0, 2] mapped to [-1, 1]), so u_o^(k) = sum_j v_oj a_j^k tanh^(k)(a_j s + b_j).
     *
     * @return {@code [k][o]}: the k-th derivative of output o at t, k = 0..2
     */
    private static double[][] byHand(double[] a, double[] b, double[][] v, double[] c, double t) {
        double[][] u = new double[3][2];
        for (int o = 0; o < 2; o++) {
            u[0][o] = c[o];
            for (int j = 0; j < a.length; j++) {
                double[] sigma = tanhDerivatives(a[j] * (t - 1) + b[j]);
                for (int k = 0; k <= 2; k++) {
                    u[k][o] += v[o][j] * Math.pow(a[j], k) * sigma[k];
                }
            }
        }
        return u;
    }

    @Test
    void everyTermEqualsTheSameTermComputedByHand() {
        OdeProblem problem = coupled();
        PinnLoss loss = new PinnLoss(problem, new LossWeights(2, 3, 5), false, data());
        loss.placeObservations(manager, DataType.FLOAT64);
        assertEquals(List.of("x(0) = 1", "0.5*x(2) - 2*x'(2) = 0.3", "y(0) + 3*x'(0) = 0.2", "residual x",
                "residual y", "data y"), loss.terms().stream().map(LossTerm::name).toList());
        // Without residual scaling the weights are w_cc for each condition, w_phys per residual and w_data.
        assertArrayEquals(new double[] {2, 2, 2, 3, 3, 5}, loss.weights(), 0);

        double[] collocation = problem.domain().grid(7);
        double[] batch = loss.batch(collocation);
        // Collocation points, then the distinct condition points in order of first use (0, 2), then the data.
        assertArrayEquals(new double[] {0, 1 / 3.0, 2 / 3.0, 1, 4 / 3.0, 5 / 3.0, 2, 0, 2, 0.1, 0.35, 0.8}, batch,
                1e-15);

        double[] a = {0.8, -1.3, 0.45};
        double[] b = {0.2, 0.5, -0.7};
        double[][] v = {{1.1, -0.6, 0.9}, {-0.4, 0.75, 0.3}};
        double[] c = {0.15, -0.25};
        TaylorMlp network = new TaylorMlp(List.of(3), 2, Activation.TANH, 0, 2);
        network.initialize(manager, DataType.FLOAT64, new Shape(1, 1));
        // weight0 (3, 1), bias0 (3), weight1 (2, 3) row by row, bias1 (2).
        new ParameterVector(network.orderedParameters()).write(new double[] {a[0], a[1], a[2], b[0], b[1], b[2],
            v[0][0], v[0][1], v[0][2], v[1][0], v[1][1], v[1][2], c[0], c[1]});
        NDArray points = manager.create(batch, new Shape(batch.length, 1));
        double[] terms = loss.evaluate(network, java.util.Map.of(), points, collocation.length).toDoubleArray();

        double[][] at0 = byHand(a, b, v, c, 0);
        double[][] at2 = byHand(a, b, v, c, 2);
        double[] expected = new double[6];
        expected[0] = Math.pow(at0[0][0] - 1, 2);
        expected[1] = Math.pow(0.5 * at2[0][0] - 2 * at2[1][0] - 0.3, 2);
        expected[2] = Math.pow(at0[0][1] + 3 * at0[1][0] - 0.2, 2);
        for (double t : collocation) {
            double[][] u = byHand(a, b, v, c, t);
            double x = u[0][0];
            double y = u[0][1];
            expected[3] += Math.pow(u[2][0] - (-K * x + y * Math.sin(t)), 2) / collocation.length;
            expected[4] += Math.pow(u[1][1] - (u[1][0] - C * y * y / (1 + t)), 2) / collocation.length;
        }
        for (int i = 0; i < OBSERVED_T.length; i++) {
            expected[5] += Math.pow(byHand(a, b, v, c, OBSERVED_T[i])[0][1] - OBSERVED_Y[i], 2);
        }
        for (int i = 0; i < expected.length; i++) {
            // Measured: the conditions and the data term equal to the last bit, the residuals 2e-16 relative apart
            // (float64 rounding of the same sums in another order); the terms are 0.075 to 84.
            assertEquals(expected[i], terms[i], 1e-13 * Math.abs(expected[i]), loss.terms().get(i).name());
            assertTrue(expected[i] > 1e-3, "term " + i + " must not be trivially small: " + expected[i]);
        }
    }

    @Test
    void residualWeightsAreDividedByEachEquationsOmegaToItsOrder() {
        // x'' = -k x + y sin t: the rate of x is sqrt(k) = 3, that of y (gap 2) sqrt(max |sin t|) < 1, so 3^2 = 9.
        // y' = x' - c y^2/(1 + t): x' gives rate 1, and y's rate 2 c y/(1 + t) is 0 at the starting state y = 0
        // (no condition gives y(0) alone), so omega = 1 and the scale is 1.
        // ResidualScale takes the rates from central differences of the right-hand side: 1e-9 is their rounding.
        PinnLoss loss = new PinnLoss(coupled(), new LossWeights(2, 3, 5), true, data());
        assertArrayEquals(new double[] {2, 2, 2, 3 / 9.0, 3, 5}, loss.weights(), 1e-9);
    }

    @Test
    void gradientOfTheWeightedTotalMatchesCentralDifferences() {
        // Measured: largest component 27.4, worst |autograd - differences| 2.3e-9, i.e. 8e-11 of it (truncation
        // h^2 f'''/6 and rounding eps f/h); 1e-8 relative leaves a hundredfold headroom, and a wrong term (a factor,
        // a sign, a missing weight) would be off by the order of the gradient itself.
        double[] gradient = checkGradient(coupled(), data());
        assertEquals(6 + 6 + 36 + 6 + 12 + 2, gradient.length);
    }

    /**
     * The coupled system with k fitted (it enters the equation of x), x0 fitted between bounds (the value of the
     * first condition, x(0) = x0) and c fitted above a lower bound; measured through both unknowns at different
     * times, as a file with empty cells gives them.
     */
    private static OdeProblem fittedCoupled() {
        OdeProblem plain = coupled();
        List<Condition> conditions = new ArrayList<>(plain.conditions());
        conditions.set(0, Condition.derivative("x", 0, 0, new Expr.Parameter("x0", 1.2)));
        Map<String, Double> parameters = new LinkedHashMap<>(plain.parameters());
        parameters.put("x0", 1.2);
        return new OdeProblem("fitted", "t", plain.domain(), parameters, plain.equations(), conditions, Map.of())
                .withFitted(List.of(FittedParameter.free("k"), new FittedParameter("x0", 0, 2),
                        new FittedParameter("c", 0.1, Double.POSITIVE_INFINITY)));
    }

    private static List<Observations> partialData() {
        return List.of(new Observations("x", new double[] {0.2, 1.5}, new double[] {0.8, -0.4}),
                new Observations("y", OBSERVED_T, OBSERVED_Y));
    }

    @Test
    void gradientInTheFittedParametersMatchesCentralDifferences() {
        // The fitted coordinates enter through the equation, a condition's value and the bounded maps; the same
        // tolerance as above.
        double[] gradient = checkGradient(fittedCoupled(), partialData());
        assertEquals(6 + 6 + 36 + 6 + 12 + 2 + 3, gradient.length);
        for (int i = gradient.length - 3; i < gradient.length; i++) {
            assertTrue(Math.abs(gradient[i]) > 1e-3, "fitted coordinate " + i + " must have a gradient: " + gradient[i]);
        }
    }

    @Test
    void dataTermsSumEachSeriesOverTheMeasurementsInTheDomain() {
        OdeProblem problem = fittedCoupled();
        List<Observations> data = partialData();
        try (NDManager scope = manager.newSubManager()) {
            TaylorMlp network = new TaylorMlp(List.of(5), 2, Activation.TANH, 0, 2);
            Engines.withSeed(5, () -> network.initialize(scope, DataType.FLOAT64, new Shape(1, 1)));
            FittedParameters fitted = new FittedParameters(problem, scope, DataType.FLOAT64);
            for (Domain window : List.of(problem.domain(), new Domain(0, 0.5), new Domain(1, 2))) {
                List<Condition> inside = window.equals(problem.domain()) ? problem.conditions()
                        : List.of(Condition.value("x", window.t0(), 0), Condition.derivative("x", 1, window.t0(), 0),
                        Condition.value("y", window.t0(), 0));
                PinnLoss loss = new PinnLoss(problem.withDomainAndConditions(window, inside), new LossWeights(1, 1, 1),
                        false, data);
                loss.placeObservations(scope, DataType.FLOAT64);
                double[] collocation = window.grid(5);
                double[] batch = loss.batch(collocation);
                NDArray points = scope.create(batch, new Shape(batch.length, 1));
                double[] terms = loss.evaluate(network, fitted.tensors(), points, collocation.length).toDoubleArray();
                for (int j = 0; j < data.size(); j++) {
                    Observations series = data.get(j);
                    int column = problem.unknowns().indexOf(series.unknown());
                    double expected = 0;
                    for (int i = 0; i < series.t().length; i++) {
                        if (window.contains(series.t()[i])) {
                            NDArray at = scope.create(new double[] {series.t()[i]}, new Shape(1, 1));
                            double value = network.derivatives(at, 0)[0].toDoubleArray()[column];
                            expected += Math.pow(value - series.values()[i], 2);
                        }
                    }
                    // A series with no measurement in the window keeps its term, at exactly 0.
                    assertEquals(expected, terms[terms.length - data.size() + j], 1e-14 * Math.max(1, expected),
                            series.unknown() + " on " + window);
                }
            }
        }
    }

    @Test
    void residualVectorSquaresToTheTotalAndItsJacobianMatchesCentralDifferences() {
        checkResidualsAndJacobian(coupled(), List.of());
        checkResidualsAndJacobian(coupled(), data());
        checkResidualsAndJacobian(fittedCoupled(), partialData());
    }

    /** A loss with weights 2, 3, 5 and a 2-6-6-2 network on 9 collocation points, for the gradient checks. */
    private record Setup(PinnLoss loss, TaylorMlp network, FittedParameters fitted, ParameterVector vector,
                         double[] collocation, NDArray points) {
        static Setup of(OdeProblem problem, List<Observations> data) {
            PinnLoss loss = new PinnLoss(problem, new LossWeights(2, 3, 5), true, data);
            loss.placeObservations(manager, DataType.FLOAT64);
            TaylorMlp network = new TaylorMlp(List.of(6, 6), 2, Activation.TANH, 0, 2);
            Engines.withSeed(11, () -> network.initialize(manager, DataType.FLOAT64, new Shape(1, 1)));
            FittedParameters fitted = new FittedParameters(problem, manager, DataType.FLOAT64);
            List<Parameter> parameters = new ArrayList<>(network.orderedParameters());
            parameters.addAll(fitted.parameters());
            double[] collocation = problem.domain().grid(9);
            double[] batch = loss.batch(collocation);
            return new Setup(loss, network, fitted, new ParameterVector(parameters), collocation,
                    manager.create(batch, new Shape(batch.length, 1)));
        }
    }

    /**
     * r and J of {@link ResidualJacobian}: sum r^2 against the weighted total, 2 J^T r against the ordinary backward
     * pass's gradient, every entry of J against central differences of r.
     */
    private static void checkResidualsAndJacobian(OdeProblem problem, List<Observations> observations) {
        Setup setup = Setup.of(problem, observations);
        double[] weights = setup.loss().weights();
        ParameterVector vector = setup.vector();
        int collocationCount = setup.collocation().length;
        double[] residualBatch = setup.loss().residualBatch(setup.collocation());
        NDArray rows = manager.create(residualBatch, new Shape(residualBatch.length, 1));
        ResidualJacobian jacobian = new ResidualJacobian(Engines.pytorch(), setup.network(), setup.fitted(),
                setup.loss());
        double[] x = vector.read();
        vector.clearGradients();
        double[] r;
        double[] j;
        try (NDManager scope = manager.newSubManager()) {
            NDList both = jacobian.evaluate(scope, rows, collocationCount, weights);
            r = both.get(0).toDoubleArray();
            j = both.get(1).toDoubleArray();
        }
        int p = x.length;
        assertEquals(residualBatch.length * p, j.length);
        // Sum of squares: the same quantity by another assembly, so rounding alone (measured: equal to the last bit).
        double total = totalAt(vector, x, setup.loss(), setup.network(), setup.fitted(), setup.points(),
                collocationCount, weights);
        assertEquals(total, dot(r, r), 1e-13 * total);
        // 2 J^T r is the gradient of the weighted total that the ordinary backward pass gives (the same derivatives
        // summed in another order; measured 1.4e-14 of the largest component, 30).
        vector.write(x);
        double[] gradient = gradientAt(vector, setup, weights);
        double largest = 0;
        double worst = 0;
        for (int c = 0; c < p; c++) {
            double sum = 0;
            for (int i = 0; i < r.length; i++) {
                sum += 2 * j[i * p + c] * r[i];
            }
            largest = Math.max(largest, Math.abs(gradient[c]));
            worst = Math.max(worst, Math.abs(sum - gradient[c]));
        }
        // Every entry of J against central differences of r (measured 3.0e-9 of the largest entry, 7.3: truncation
        // h^2 r'''/6 and rounding; a row or column out of place is off by the order of the entries themselves).
        double h = 1e-5;
        double largestEntry = 0;
        double worstEntry = 0;
        for (int c = 0; c < p; c++) {
            double[] shifted = x.clone();
            shifted[c] = x[c] + h;
            double[] up = residualsAt(vector, shifted, jacobian, rows, collocationCount, weights);
            shifted[c] = x[c] - h;
            double[] down = residualsAt(vector, shifted, jacobian, rows, collocationCount, weights);
            for (int i = 0; i < r.length; i++) {
                largestEntry = Math.max(largestEntry, Math.abs(j[i * p + c]));
                double e = Math.abs((up[i] - down[i]) / (2 * h) - j[i * p + c]);
                worstEntry = Math.max(worstEntry, e);
            }
        }
        vector.write(x);
        assertTrue(largest > 1, "the gradient must not be trivially small: " + largest);
        assertTrue(worst <= 1e-12 * largest, "worst |2 J^T r - gradient| " + worst + " of " + largest);
        assertTrue(worstEntry <= 1e-8 * largestEntry, "worst |J - central difference| " + worstEntry + " of "
                + largestEntry);
    }

    private static double[] residualsAt(ParameterVector vector, double[] x, ResidualJacobian jacobian, NDArray rows,
                                        int collocationCount, double[] weights) {
        vector.write(x);
        try (NDManager scope = manager.newSubManager()) {
            return jacobian.evaluate(scope, rows, collocationCount, weights).get(0).toDoubleArray();
        }
    }

    private static double[] gradientAt(ParameterVector vector, Setup setup, double[] weights) {
        vector.clearGradients();
        try (NDManager scope = manager.newSubManager();
             GradientCollector collector = Engines.pytorch().newGradientCollector()) {
            for (Parameter parameter : setup.fitted().parameters()) {
                scope.tempAttachAll(parameter.getArray());
            }
            NDArray terms = setup.loss().evaluate(setup.network(), setup.fitted().tensors(), setup.points(),
                    setup.collocation().length);
            scope.tempAttachAll(terms);
            collector.backward(terms.mul(scope.create(weights)).sum());
        }
        return vector.takeGradients();
    }

    @Test
    void membersEvaluatedTogetherGiveEachMembersOwnTermsAndGradients() {
        // Three networks of the coupled system with fitted parameters, measured data and a condition combining two
        // unknowns: their stacked evaluation against each one's own.
        OdeProblem problem = fittedCoupled();
        PinnLoss loss = new PinnLoss(problem, new LossWeights(2, 3, 5), true, partialData());
        loss.placeObservations(manager, DataType.FLOAT64);
        double[] weights = loss.weights();
        double[] collocation = problem.domain().grid(9);
        double[] batch = loss.batch(collocation);
        NDArray points = manager.create(batch, new Shape(batch.length, 1));
        int members = 3;
        List<TaylorMlp> networks = new ArrayList<>();
        List<FittedParameters> fitted = new ArrayList<>();
        double[][] terms = new double[members][];
        double[][] gradients = new double[members][];
        for (int k = 0; k < members; k++) {
            TaylorMlp network = new TaylorMlp(List.of(6, 6), 2, Activation.TANH, 0, 2);
            long seed = 20 + k;
            Engines.withSeed(seed, () -> network.initialize(manager, DataType.FLOAT64, new Shape(1, 1)));
            FittedParameters own = new FittedParameters(problem, manager, DataType.FLOAT64);
            // Members start their fitted coordinates at different values, as they do once trained a while.
            for (Parameter parameter : own.parameters()) {
                parameter.getArray().set(new double[] {0.1 * (k + 1)});
            }
            networks.add(network);
            fitted.add(own);
            Setup setup = new Setup(loss, network, own, vectorOf(network, own), collocation, points);
            terms[k] = termsAt(setup);
            gradients[k] = gradientAt(setup.vector(), setup, weights);
        }
        List<NDArray> stacked = new ArrayList<>();
        for (int p = 0; p < networks.get(0).orderedParameters().size(); p++) {
            int index = p;
            stacked.add(NDArrays.stack(new NDList(networks.stream()
                    .map(n -> n.orderedParameters().get(index).getArray()).toList())));
        }
        List<NDArray> thetas = new ArrayList<>();
        for (int f = 0; f < problem.fitted().size(); f++) {
            int index = f;
            thetas.add(NDArrays.concat(new NDList(fitted.stream()
                    .map(own -> own.parameters().get(index).getArray()).toList())));
        }
        for (NDArray array : stacked) {
            array.setRequiresGradient(true);
        }
        for (NDArray theta : thetas) {
            theta.setRequiresGradient(true);
        }
        double[] together;
        try (GradientCollector collector = Engines.pytorch().newGradientCollector()) {
            NDArray all = loss.evaluateMembers(networks.get(0), stacked, fitted.get(0).tensors(thetas), points,
                    collocation.length);
            assertEquals(new Shape(members, weights.length), all.getShape());
            together = all.toDoubleArray();
            collector.backward(all.mul(manager.create(weights)).sum());
        }
        for (int k = 0; k < members; k++) {
            for (int t = 0; t < weights.length; t++) {
                // The same sums of the same products, so rounding alone (measured: 2e-16 relative at most).
                assertEquals(terms[k][t], together[k * weights.length + t], 1e-13 * Math.abs(terms[k][t]),
                        "member " + k + ", term " + loss.terms().get(t).name());
            }
            double[] gradient = new double[gradients[k].length];
            int offset = 0;
            for (NDArray array : stacked) {
                double[] slice = array.getGradient().get(k).toDoubleArray();
                System.arraycopy(slice, 0, gradient, offset, slice.length);
                offset += slice.length;
            }
            for (NDArray theta : thetas) {
                gradient[offset++] = theta.getGradient().toDoubleArray()[k];
            }
            assertArrayEquals(gradients[k], gradient, 1e-12 * Arrays.stream(gradients[k]).map(Math::abs).max()
                    .orElseThrow(), "member " + k);
        }
    }

    private static ParameterVector vectorOf(TaylorMlp network, FittedParameters fitted) {
        List<Parameter> parameters = new ArrayList<>(network.orderedParameters());
        parameters.addAll(fitted.parameters());
        return new ParameterVector(parameters);
    }

    private static double[] termsAt(Setup setup) {
        try (NDManager scope = manager.newSubManager()) {
            for (Parameter parameter : setup.fitted().parameters()) {
                scope.tempAttachAll(parameter.getArray());
            }
            NDArray terms = setup.loss().evaluate(setup.network(), setup.fitted().tensors(), setup.points(),
                    setup.collocation().length);
            scope.tempAttachAll(terms);
            return terms.toDoubleArray();
        }
    }

    /** The gradient of the weighted total by autograd, checked against central differences of the total. */
    private static double[] checkGradient(OdeProblem problem, List<Observations> data) {
        Setup setup = Setup.of(problem, data);
        PinnLoss loss = setup.loss();
        double[] weights = loss.weights();
        TaylorMlp network = setup.network();
        FittedParameters fitted = setup.fitted();
        ParameterVector vector = setup.vector();
        double[] collocation = setup.collocation();
        NDArray points = setup.points();
        NDArray weightVector = manager.create(weights);
        Engine engine = Engines.pytorch();

        double[] x = vector.read();
        vector.clearGradients();
        double total;
        try (NDManager scope = manager.newSubManager();
             GradientCollector collector = engine.newGradientCollector()) {
            for (Parameter parameter : fitted.parameters()) {
                scope.tempAttachAll(parameter.getArray());
            }
            NDArray terms = loss.evaluate(network, fitted.tensors(), points, collocation.length);
            scope.tempAttachAll(terms);
            total = dot(weights, terms.toDoubleArray());
            collector.backward(terms.mul(weightVector).sum());
        }
        double[] gradient = vector.takeGradients();

        double h = 1e-5;
        double largest = 0;
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            double[] shifted = x.clone();
            shifted[i] = x[i] + h;
            double up = totalAt(vector, shifted, loss, network, fitted, points, collocation.length, weights);
            shifted[i] = x[i] - h;
            double down = totalAt(vector, shifted, loss, network, fitted, points, collocation.length, weights);
            double difference = (up - down) / (2 * h);
            largest = Math.max(largest, Math.abs(gradient[i]));
            worst = Math.max(worst, Math.abs(difference - gradient[i]));
        }
        vector.write(x);
        assertEquals(total, totalAt(vector, x, loss, network, fitted, points, collocation.length, weights), 0,
                "the loss without a gradient collector is the same");
        assertTrue(largest > 1, "the gradient must not be trivially small: " + largest);
        assertTrue(worst <= 1e-8 * largest, "worst |autograd - central difference| " + worst + " of " + largest);
        return gradient;
    }

    private static double totalAt(ParameterVector vector, double[] x, PinnLoss loss, TaylorMlp network,
                                  FittedParameters fitted, NDArray points, int collocationCount, double[] weights) {
        vector.write(x);
        try (NDManager scope = manager.newSubManager()) {
            for (Parameter parameter : fitted.parameters()) {
                scope.tempAttachAll(parameter.getArray());
            }
            NDArray terms = loss.evaluate(network, fitted.tensors(), points, collocationCount);
            scope.tempAttachAll(terms);
            return dot(weights, terms.toDoubleArray());
        }
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}

package pinn4j.solver.internal;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import pinn4j.problems.Condition;
import pinn4j.problems.Equation;
import pinn4j.problems.Observations;
import pinn4j.problems.OdeProblem;
import pinn4j.problems.ResidualScale;
import pinn4j.solver.LossTerm;
import pinn4j.solver.LossWeights;

/**
 * The PINN loss of a problem: one term per condition, {@code (sum_i c_i u_i^(k_i)(p) - value)^2}, and one per
 * equation, the mean over collocation points of {@code (u^(n) - f(t, u, ...))^2}. One forward pass serves both:
 * the condition points ride at the end of the batch, after the collocation points.
 */
public final class PinnLoss {

    private final OdeProblem problem;
    private final List<LossTerm> terms = new ArrayList<>();
    private final double[] conditionPoints;
    private final int[] conditionSlots;
    private final List<Observations> data;
    private final List<NDArray> observedValues = new ArrayList<>();

    /**
     * @param problem the problem
     * @param weights w_cc and w_phys
     * @param scaleResiduals whether each residual term's weight is divided by its equation's {@link ResidualScale}
     *     omega^n. Not by its square, which would put residual and conditions on exactly the same scale: on the
     *     default oscillator that leaves the conditions so dominant that training ends near u = 0 (relative error
     *     0.2 after 2000 Adam and 2500 L-BFGS evaluations), against 1e-4 with omega^n.
     * @param data observed values of unknowns, each adding a data term; empty for none
     * @throws IllegalArgumentException when observations name a variable that is not an unknown of the problem
     */
    public PinnLoss(OdeProblem problem, LossWeights weights, boolean scaleResiduals, List<Observations> data) {
        this.problem = problem;
        List<Double> distinct = new ArrayList<>();
        conditionSlots = new int[problem.conditions().size()];
        for (int i = 0; i < conditionSlots.length; i++) {
            Condition condition = problem.conditions().get(i);
            int slot = distinct.indexOf(condition.point());
            if (slot < 0) {
                slot = distinct.size();
                distinct.add(condition.point());
            }
            conditionSlots[i] = slot;
            terms.add(new LossTerm(condition.label(), LossTerm.Kind.CONDITION, weights.conditions()));
        }
        conditionPoints = distinct.stream().mapToDouble(Double::doubleValue).toArray();
        double[] scales = scaleResiduals ? ResidualScale.of(problem) : null;
        for (int i = 0; i < problem.equations().size(); i++) {
            Equation equation = problem.equations().get(i);
            String name = problem.equations().size() == 1 ? "residual" : "residual " + equation.unknown();
            double scale = scales == null ? 1 : scales[i];
            terms.add(new LossTerm(name, LossTerm.Kind.PHYSICS, weights.physics() / scale));
        }
        this.data = List.copyOf(data);
        for (Observations observations : this.data) {
            if (!problem.unknowns().contains(observations.unknown())) {
                throw new IllegalArgumentException("observations of '" + observations.unknown() + "', which is not"
                        + " an unknown of " + problem.name() + "; unknowns: " + problem.unknowns());
            }
            terms.add(new LossTerm("data " + observations.unknown() + " (" + observations.t().length + " points)",
                    LossTerm.Kind.DATA, weights.data()));
        }
    }

    /**
     * The loss terms: conditions, then residuals, then data.
     *
     * @return the terms, in the order of {@link #evaluate}'s vector
     */
    public List<LossTerm> terms() {
        return terms;
    }

    /**
     * Every term's weight in L_total.
     *
     * @return the weights, in {@link #terms()} order
     */
    public double[] weights() {
        return terms.stream().mapToDouble(LossTerm::weight).toArray();
    }

    /**
     * The observed values as tensors, made once in a manager that outlives training.
     *
     * @param manager the training's manager
     * @param dataType the training's precision
     */
    public void placeObservations(ai.djl.ndarray.NDManager manager, ai.djl.ndarray.types.DataType dataType) {
        for (Observations observations : data) {
            double[] values = observations.values();
            observedValues.add(manager.create(values, new ai.djl.ndarray.types.Shape(values.length, 1))
                    .toType(dataType, false));
        }
    }

    /**
     * The batch for the given collocation points: those points, then the distinct condition points, then every
     * observation point.
     *
     * @param collocation the collocation points
     * @return the points to evaluate the network at, in that order
     */
    public double[] batch(double[] collocation) {
        int size = collocation.length + conditionPoints.length;
        for (Observations observations : data) {
            size += observations.t().length;
        }
        double[] batch = new double[size];
        System.arraycopy(collocation, 0, batch, 0, collocation.length);
        System.arraycopy(conditionPoints, 0, batch, collocation.length, conditionPoints.length);
        int offset = collocation.length + conditionPoints.length;
        for (Observations observations : data) {
            double[] t = observations.t();
            System.arraycopy(t, 0, batch, offset, t.length);
            offset += t.length;
        }
        return batch;
    }

    /**
     * Every term as one vector, in {@link #terms()} order.
     *
     * @param network the network
     * @param batch the points from {@link #batch}, shape (n, 1)
     * @param collocationCount how many of them are collocation points
     * @return the unweighted terms, shape (terms)
     */
    public NDArray evaluate(TaylorMlp network, NDArray batch, int collocationCount) {
        NDArray[] derivatives = network.derivatives(batch, problem.maxOrder());
        TensorAlgebra algebra = new TensorAlgebra(batch, problem.unknowns(), derivatives);
        NDList values = new NDList(terms.size());
        for (int i = 0; i < conditionSlots.length; i++) {
            Condition condition = problem.conditions().get(i);
            NDArray combination = null;
            for (Condition.Term term : condition.terms()) {
                NDArray value = algebra.column(term.unknown(), term.order())
                        .get(new NDIndex(collocationCount + conditionSlots[i], 0));
                NDArray scaled = term.coefficient() == 1 ? value : Scalars.mul(value, term.coefficient());
                combination = combination == null ? scaled : combination.add(scaled);
            }
            values.add(combination.sub(condition.value()).square());
        }
        NDIndex collocationRows = new NDIndex().addSliceDim(0, collocationCount);
        for (Equation equation : problem.equations()) {
            NDArray residual = algebra.column(equation.unknown(), equation.order())
                    .sub(algebra.evaluate(equation.rightHandSide()));
            values.add(residual.get(collocationRows).square().mean());
        }
        int offset = collocationCount + conditionPoints.length;
        for (int j = 0; j < data.size(); j++) {
            int count = Math.toIntExact(observedValues.get(j).getShape().get(0));
            NDArray predicted = algebra.column(data.get(j).unknown(), 0)
                    .get(new NDIndex().addSliceDim(offset, offset + count));
            values.add(predicted.sub(observedValues.get(j)).square().mean());
            offset += count;
        }
        return NDArrays.stack(values);
    }
}

package pinn4j.solver.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import pinn4j.problems.Condition;
import pinn4j.problems.Domain;
import pinn4j.problems.Equation;
import pinn4j.problems.Observations;
import pinn4j.problems.OdeProblem;
import pinn4j.problems.ResidualScale;
import pinn4j.solver.LossTerm;
import pinn4j.solver.LossWeights;
import pinn4j.solver.Regularization;

/**
 * The PINN loss of a problem: one term per condition, {@code (sum_i c_i u_i^(k_i)(p) - value)^2}, one per
 * equation, the mean over collocation points of {@code (u^(n) - f(t, u, ...))^2}, and one per measured unknown, the
 * sum of {@code (u(t_j) - measured_j)^2}: each measurement counts as a condition does, so more measurements weigh
 * more, as in a likelihood. (With the mean, 40 samples of the oscillator weigh as one condition against the
 * residual, and a fit of mu and k from guesses 1 and 100 ends at mu = 6.6, against 4.0001 with the sum.) One forward pass serves all: the condition points and then the
 * measurement points ride at the end of the batch, after the collocation points. Fitted parameters enter the
 * equations and the conditions' values as trained tensors. Penalties on the network's weights, when asked for
 * ({@link Regularization}), come last.
 */
public final class PinnLoss {

    private static final String L1 = "l1";
    private static final String L2 = "l2";

    private final OdeProblem problem;
    private final LossWeights lossWeights;
    private final boolean scaleResiduals;
    private final List<LossTerm> terms = new ArrayList<>();
    private final double[] conditionPoints;
    private final int[] conditionSlots;
    private final boolean[] fittedTargets;
    private final List<Series> data = new ArrayList<>();
    private final List<NDArray> observedValues = new ArrayList<>();
    /** The same values as rows (1, count), to broadcast over members. */
    private final List<NDArray> observedRows = new ArrayList<>();

    /**
     * @param problem the problem
     * @param weights w_cc and w_phys
     * @param scaleResiduals whether each residual term's weight is divided by its equation's {@link ResidualScale}
     *     omega^n. Not by its square, which would put residual and conditions on exactly the same scale: on the
     *     default oscillator that leaves the conditions so dominant that training ends near u = 0 (relative error
     *     0.2 after 2000 Adam and 2500 L-BFGS evaluations), against 1e-4 with omega^n.
     * @param measurements observed values of unknowns, each adding a data term {@code data NAME} with the points that lie in
     *     the problem's domain (a time window's, when training in windows: a window without any keeps the term, at
     *     0, so that every window has the same terms); empty for none
     * @throws IllegalArgumentException when observations name a variable that is not an unknown of the problem
     */
    public PinnLoss(OdeProblem problem, LossWeights weights, boolean scaleResiduals, List<Observations> measurements) {
        this(problem, weights, scaleResiduals, measurements, Regularization.NONE);
    }

    /**
     * The loss with penalties on the weights: after the data terms, a term {@code l1} and a term {@code l2} when
     * their coefficients are above 0, weighted by them.
     *
     * @param problem the problem
     * @param weights w_cc and w_phys
     * @param scaleResiduals whether each residual term's weight is divided by its equation's {@link ResidualScale}
     * @param measurements observed values of unknowns; empty for none
     * @param regularization the penalties' coefficients (its dropout is the trainer's business)
     * @throws IllegalArgumentException when observations name a variable that is not an unknown of the problem
     */
    public PinnLoss(OdeProblem problem, LossWeights weights, boolean scaleResiduals, List<Observations> measurements,
                    Regularization regularization) {
        this.problem = problem;
        this.lossWeights = weights;
        this.scaleResiduals = scaleResiduals;
        List<Double> distinct = new ArrayList<>();
        conditionSlots = new int[problem.conditions().size()];
        fittedTargets = new boolean[conditionSlots.length];
        Set<String> fittedNames = new HashSet<>(problem.fittedNames());
        for (int i = 0; i < conditionSlots.length; i++) {
            Condition condition = problem.conditions().get(i);
            Set<String> used = new HashSet<>();
            condition.target().collectParameters(used);
            used.retainAll(fittedNames);
            fittedTargets[i] = !used.isEmpty();
            int slot = distinct.indexOf(condition.point());
            if (slot < 0) {
                slot = distinct.size();
                distinct.add(condition.point());
            }
            conditionSlots[i] = slot;
            terms.add(new LossTerm(condition.label(), LossTerm.Kind.CONDITION, weights.conditions()));
        }
        conditionPoints = distinct.stream().mapToDouble(Double::doubleValue).toArray();
        double[] residualWeights = residualWeights(problem.parameters());
        for (int i = 0; i < problem.equations().size(); i++) {
            Equation equation = problem.equations().get(i);
            String name = problem.equations().size() == 1 ? "residual" : "residual " + equation.unknown();
            terms.add(new LossTerm(name, LossTerm.Kind.PHYSICS, residualWeights[i]));
        }
        for (Observations observations : measurements) {
            if (!problem.unknowns().contains(observations.unknown())) {
                throw new IllegalArgumentException("observations of '" + observations.unknown() + "', which is not"
                        + " an unknown of " + problem.name() + "; unknowns: " + problem.unknowns());
            }
            data.add(Series.inside(observations, problem.domain()));
            terms.add(new LossTerm("data " + observations.unknown(), LossTerm.Kind.DATA, weights.data()));
        }
        if (regularization.l1() > 0) {
            terms.add(new LossTerm(L1, LossTerm.Kind.PENALTY, regularization.l1()));
        }
        if (regularization.l2() > 0) {
            terms.add(new LossTerm(L2, LossTerm.Kind.PENALTY, regularization.l2()));
        }
    }

    /**
     * The residual terms' weights at the given parameter values: w_phys, divided by each equation's
     * {@link ResidualScale} when scaling is on. The trainer asks again as fitted parameters move, since the scale is
     * a property of the equation at its current parameters.
     *
     * @param values parameter values by name (fitted ones at their current estimates)
     * @return one weight per equation
     */
    public double[] residualWeights(Map<String, Double> values) {
        double[] scales = scaleResiduals ? ResidualScale.of(problem.withoutFitting().withParameters(values)) : null;
        double[] weights = new double[problem.equations().size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = lossWeights.physics() / (scales == null ? 1 : scales[i]);
        }
        return weights;
    }

    /**
     * Every term's weight with the residual terms' weights replaced.
     *
     * @param residualWeights one per equation, from {@link #residualWeights}
     * @return the weights, in {@link #terms()} order
     */
    public double[] weightsWith(double[] residualWeights) {
        double[] weights = weights();
        System.arraycopy(residualWeights, 0, weights, conditionSlots.length, residualWeights.length);
        return weights;
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
    public void placeObservations(NDManager manager, DataType dataType) {
        for (Series series : data) {
            NDArray column = series.values().length == 0 ? null : manager.create(series.values(),
                    new Shape(series.values().length, 1)).toType(dataType, false);
            observedValues.add(column);
            observedRows.add(column == null ? null : column.reshape(1, series.values().length));
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
        int size = collocation.length + conditionPoints.length + data.stream().mapToInt(s -> s.t().length).sum();
        double[] batch = new double[size];
        System.arraycopy(collocation, 0, batch, 0, collocation.length);
        System.arraycopy(conditionPoints, 0, batch, collocation.length, conditionPoints.length);
        int offset = collocation.length + conditionPoints.length;
        for (Series series : data) {
            System.arraycopy(series.t(), 0, batch, offset, series.t().length);
            offset += series.t().length;
        }
        return batch;
    }

    /**
     * Every term as one vector, in {@link #terms()} order.
     *
     * @param network the network
     * @param fitted the fitted parameters' values by name, each (1, 1); empty for a forward problem
     * @param batch the points from {@link #batch}, shape (n, 1)
     * @param collocationCount how many of them are collocation points
     * @return the unweighted terms, shape (terms)
     */
    public NDArray evaluate(TaylorMlp network, Map<String, NDArray> fitted, NDArray batch,
                            int collocationCount) {
        return evaluate(network, fitted, batch, collocationCount, List.of());
    }

    /**
     * The same with dropout masks on the hidden layers (see {@link TaylorMlp#derivatives(NDArray, int, List)}).
     *
     * @param network the network
     * @param fitted the fitted parameters' values by name, each (1, 1); empty for a forward problem
     * @param batch the points from {@link #batch}, shape (n, 1)
     * @param collocationCount how many of them are collocation points
     * @param masks one per hidden layer, (n, width); empty for none
     * @return the unweighted terms, shape (terms)
     */
    public NDArray evaluate(TaylorMlp network, Map<String, NDArray> fitted, NDArray batch,
                            int collocationCount, List<NDArray> masks) {
        NDArray[] derivatives = network.derivatives(batch, problem.maxOrder(), masks);
        NDArray[] misfits = misfits(new TensorAlgebra(batch, problem.unknowns(), derivatives, fitted), Rows.SINGLE,
                new int[problem.equations().size()], collocationCount, conditionRows(collocationCount),
                collocationCount + conditionPoints.length, observedValues);
        return terms(misfits, derivatives[0], Rows.SINGLE, network.weightArrays());
    }

    /**
     * The terms of K networks of the same shape at once, one row per member, for training an ensemble in one pass:
     * the members' parameters are stacked along a first axis and go through the layers as batched products; every
     * member sees the same measurements, and the same points or its own.
     *
     * @param network the network whose shape the members share (its own parameters are not used)
     * @param members the members' parameters in {@link TaylorMlp#orderedParameters()} order, each (K, ...)
     * @param fitted the fitted parameters' values by name, each (K, 1); empty for a forward problem
     * @param batch the points from {@link #batch}, shape (n, 1), or each member's, (K, n, 1)
     * @param collocationCount how many of them are collocation points
     * @return the unweighted terms, shape (K, terms)
     */
    public NDArray evaluateMembers(TaylorMlp network, List<NDArray> members, Map<String, NDArray> fitted,
                                   NDArray batch, int collocationCount) {
        NDArray[] derivatives = network.derivativesOfMembers(batch, problem.maxOrder(), members);
        Shape shape = batch.getShape();
        NDArray points = shape.dimension() == 3 ? batch.reshape(shape.get(0), shape.get(1))
                : batch.reshape(1, shape.get(0));
        NDArray[] misfits = misfits(new TensorAlgebra(points, problem.unknowns(), derivatives, fitted), Rows.MEMBERS,
                new int[problem.equations().size()], collocationCount, conditionRows(collocationCount),
                collocationCount + conditionPoints.length, observedRows);
        List<NDArray> weightMatrices = IntStream.range(0, members.size() / 2).mapToObj(l -> members.get(2 * l))
                .toList();
        return terms(misfits, derivatives[0], Rows.MEMBERS, weightMatrices);
    }

    /**
     * The terms from the misfits: a condition's square, the mean square of an equation's residuals, the sum of a
     * measured unknown's squares; 0 for a measured unknown without measurements here (a time window without any),
     * so that every window has the same terms; the penalties from the weight matrices.
     */
    private NDArray terms(NDArray[] misfits, NDArray values, Rows rows, List<NDArray> weightMatrices) {
        NDList list = new NDList(terms.size());
        for (int i = 0; i < misfits.length; i++) {
            if (terms.get(i).kind() == LossTerm.Kind.PENALTY) {
                NDArray penalty = null;
                for (NDArray w : weightMatrices) {
                    NDArray part = rows.total(terms.get(i).name().equals(L1) ? w.abs() : w.square());
                    penalty = penalty == null ? part : penalty.add(part);
                }
                list.add(penalty);
                continue;
            }
            if (misfits[i] == null) {
                list.add(rows.zero(values));
                continue;
            }
            NDArray squared = misfits[i].square();
            LossTerm.Kind kind = terms.get(i).kind();
            list.add(kind == LossTerm.Kind.CONDITION ? squared : rows.reduce(squared,
                    kind == LossTerm.Kind.PHYSICS));
        }
        return rows.stack(list);
    }

    /**
     * The points for {@link #residuals}: each equation's own copy of the collocation points, then every condition's
     * point, then every observation point, so that each residual has a row of its own.
     *
     * @param collocation the collocation points
     * @return the points, one per residual
     */
    public double[] residualBatch(double[] collocation) {
        int equations = problem.equations().size();
        double[] measured = data.stream().flatMapToDouble(series -> Arrays.stream(series.t())).toArray();
        double[] rows = new double[equations * collocation.length + conditionSlots.length + measured.length];
        for (int e = 0; e < equations; e++) {
            System.arraycopy(collocation, 0, rows, e * collocation.length, collocation.length);
        }
        int offset = equations * collocation.length;
        for (int i = 0; i < conditionSlots.length; i++) {
            rows[offset + i] = problem.conditions().get(i).point();
        }
        System.arraycopy(measured, 0, rows, offset + conditionSlots.length, measured.length);
        return rows;
    }

    /**
     * The loss as a sum of squares: a vector r with {@code sum r_i^2 = sum_k w_k term_k}, each equation's residuals
     * times sqrt(w / n), then the conditions' misfits times sqrt(w), then the measurements' misfits times sqrt(w):
     * r_i is computed from row i of {@link #residualBatch} alone. With parameter copies per row (see
     * {@link TaylorMlp#derivativesPerRow}) one backward pass through {@code sum r_i} gives the Jacobian of r.
     *
     * @param network the network
     * @param copies the network's parameters, one copy per row
     * @param fitted the fitted parameters' values by name, each (rows, 1), one copy per row; empty for a forward
     *     problem
     * @param rows the points from {@link #residualBatch}, shape (rows, 1)
     * @param collocationCount how many collocation points each equation has
     * @param weights every term's weight, in {@link #terms()} order
     * @return r, shape (rows)
     */
    public NDArray residuals(TaylorMlp network, List<NDArray> copies, Map<String, NDArray> fitted, NDArray rows,
                             int collocationCount, double[] weights) {
        NDArray[] derivatives = network.derivativesPerRow(rows, problem.maxOrder(), copies);
        int equations = problem.equations().size();
        int[] equationRows = IntStream.range(0, equations).map(e -> e * collocationCount).toArray();
        int[] conditionRows = IntStream.range(0, conditionSlots.length).map(i -> equations * collocationCount + i)
                .toArray();
        NDArray[] misfits = misfits(new TensorAlgebra(rows, problem.unknowns(), derivatives, fitted), Rows.SINGLE,
                equationRows, collocationCount, conditionRows, equations * collocationCount + conditionSlots.length,
                observedValues);
        // In the rows' order (equations, conditions, data), so that r_i comes from row i's copy.
        NDList scaled = new NDList(misfits.length);
        for (LossTerm.Kind kind : List.of(LossTerm.Kind.PHYSICS, LossTerm.Kind.CONDITION, LossTerm.Kind.DATA)) {
            for (int i = 0; i < misfits.length; i++) {
                if (terms.get(i).kind() == kind && misfits[i] != null) {
                    double perRow = kind == LossTerm.Kind.PHYSICS ? weights[i] / collocationCount : weights[i];
                    scaled.add(Scalars.mul(misfits[i].reshape(-1), Math.sqrt(perRow)));
                }
            }
        }
        return NDArrays.concat(scaled);
    }

    /** The rows of {@link #batch} at which each condition is evaluated. */
    private int[] conditionRows(int collocationCount) {
        return Arrays.stream(conditionSlots).map(slot -> collocationCount + slot).toArray();
    }

    /**
     * Every term's misfits before squaring, in {@link #terms()} order: a condition's one value, an equation's
     * residual at its collocation rows, a measured unknown's differences at its observation rows (null when it has
     * none in the domain).
     */
    private NDArray[] misfits(TensorAlgebra algebra, Rows rows, int[] equationRows, int collocationCount,
                              int[] conditionRows, int dataOffset, List<NDArray> observed) {
        NDArray[] misfits = new NDArray[terms.size()];
        for (int i = 0; i < conditionSlots.length; i++) {
            Condition condition = problem.conditions().get(i);
            int row = conditionRows[i];
            NDArray combination = null;
            for (Condition.Term term : condition.terms()) {
                NDArray value = rows.at(algebra.column(term.unknown(), term.order()), row);
                NDArray scaled = term.coefficient() == 1 ? value : Scalars.mul(value, term.coefficient());
                combination = combination == null ? scaled : combination.add(scaled);
            }
            misfits[i] = fittedTargets[i]
                    ? combination.sub(rows.target(condition.target().evaluate(algebra).tensor(), row))
                    : combination.sub(condition.value());
        }
        int next = conditionSlots.length;
        for (int e = 0; e < problem.equations().size(); e++) {
            Equation equation = problem.equations().get(e);
            NDArray residual = algebra.column(equation.unknown(), equation.order())
                    .sub(algebra.evaluate(equation.rightHandSide()));
            misfits[next++] = rows.range(residual, equationRows[e], equationRows[e] + collocationCount);
        }
        int offset = dataOffset;
        for (int j = 0; j < data.size(); j++) {
            int count = data.get(j).t().length;
            if (count > 0) {
                misfits[next] = rows.range(algebra.column(data.get(j).unknown(), 0), offset, offset + count)
                        .sub(observed.get(j));
            }
            next++;
            offset += count;
        }
        return misfits;
    }

    /** How a column's rows are picked: points along the first axis, or along the second for members. */
    private enum Rows {
        /** Columns (n, 1). */
        SINGLE {
            @Override
            NDArray at(NDArray column, int row) {
                return column.get(new NDIndex(row, 0));
            }

            @Override
            NDArray range(NDArray column, int from, int to) {
                return column.get(new NDIndex().addSliceDim(from, to));
            }

            @Override
            NDArray target(NDArray target, int row) {
                return target.size() == 1 ? target.reshape() : at(target, row);
            }

            @Override
            NDArray reduce(NDArray squares, boolean mean) {
                return mean ? squares.mean() : squares.sum();
            }

            @Override
            NDArray zero(NDArray values) {
                return values.get(new NDIndex(0, 0)).mul(0);
            }

            @Override
            NDArray stack(NDList terms) {
                return NDArrays.stack(terms);
            }

            @Override
            NDArray total(NDArray weight) {
                return weight.sum();
            }
        },
        /** Columns (members, n); a target in fitted parameters alone is (members, 1). */
        MEMBERS {
            @Override
            NDArray at(NDArray column, int row) {
                return column.get(new NDIndex().addAllDim().addIndices(row));
            }

            @Override
            NDArray range(NDArray column, int from, int to) {
                return column.get(new NDIndex().addAllDim().addSliceDim(from, to));
            }

            @Override
            NDArray target(NDArray target, int row) {
                return target.getShape().get(1) == 1 ? target.reshape(-1) : at(target, row);
            }

            @Override
            NDArray reduce(NDArray squares, boolean mean) {
                return mean ? squares.mean(new int[] {1}) : squares.sum(new int[] {1});
            }

            @Override
            NDArray zero(NDArray values) {
                return values.get(new NDIndex().addAllDim().addIndices(0, 0)).mul(0);
            }

            @Override
            NDArray stack(NDList terms) {
                return NDArrays.stack(terms, 1);
            }

            @Override
            NDArray total(NDArray weight) {
                return weight.sum(new int[] {1, 2});
            }
        };

        abstract NDArray at(NDArray column, int row);

        abstract NDArray range(NDArray column, int from, int to);

        abstract NDArray target(NDArray target, int row);

        /** Each network's mean or sum over the points. */
        abstract NDArray reduce(NDArray squares, boolean mean);

        /** A 0 term that keeps the graph's shape: one per network, from the networks' values. */
        abstract NDArray zero(NDArray values);

        /** The terms side by side: (terms), or (members, terms). */
        abstract NDArray stack(NDList terms);

        /** Each network's sum of a weight matrix's entries: (out, in) to a scalar, (members, out, in) to (members). */
        abstract NDArray total(NDArray weight);
    }

    /** One measured unknown's points and values that lie in the problem's domain (a window's, in time windows). */
    private record Series(String unknown, double[] t, double[] values) {
        static Series inside(Observations observations, Domain domain) {
            double[] t = observations.t();
            double[] values = observations.values();
            int[] kept = IntStream.range(0, t.length).filter(i -> domain.contains(t[i])).toArray();
            return new Series(observations.unknown(), Arrays.stream(kept).mapToDouble(i -> t[i]).toArray(),
                    Arrays.stream(kept).mapToDouble(i -> values[i]).toArray());
        }
    }
}

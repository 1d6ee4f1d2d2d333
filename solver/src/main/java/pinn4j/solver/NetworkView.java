package pinn4j.solver;

import java.util.List;
import java.util.stream.IntStream;

import pinn4j.problems.Domain;

/** Evaluates a network at points, during training (to watch it) or after. */
public interface NetworkView {

    /**
     * The network's value and derivatives at the given points.
     *
     * @param t the points
     * @param order the highest derivative wanted, 0 for the values alone
     * @return {@code [k][unknown][i]}: the k-th derivative of each unknown at {@code t[i]}, k = 0..order
     */
    double[][][] evaluate(double[] t, int order);

    /**
     * Networks that each answer on their own window of the domain (consecutive, in order): a point goes to the last
     * window starting at or before it, and every window's points are evaluated together.
     *
     * @param windows the windows' domains, consecutive and in order
     * @param networks one network per window, in the same order
     * @param outputs the number of unknowns
     * @return one view over the whole domain; the single network itself when there is one
     */
    static NetworkView piecewise(List<Domain> windows, List<NetworkView> networks, int outputs) {
        if (networks.size() == 1) {
            return networks.get(0);
        }
        return (t, order) -> {
            double[][][] result = new double[order + 1][outputs][t.length];
            int[] windowOf = new int[t.length];
            for (int i = 0; i < t.length; i++) {
                for (int w = 1; w < windows.size(); w++) {
                    if (t[i] >= windows.get(w).t0()) {
                        windowOf[i] = w;
                    }
                }
            }
            for (int w = 0; w < networks.size(); w++) {
                int window = w;
                int[] mine = IntStream.range(0, t.length).filter(i -> windowOf[i] == window).toArray();
                if (mine.length == 0) {
                    continue;
                }
                double[][][] values = networks.get(w).evaluate(IntStream.of(mine).mapToDouble(i -> t[i]).toArray(),
                        order);
                for (int k = 0; k <= order; k++) {
                    for (int u = 0; u < outputs; u++) {
                        for (int j = 0; j < mine.length; j++) {
                            result[k][u][mine[j]] = values[k][u][j];
                        }
                    }
                }
            }
            return result;
        };
    }
}

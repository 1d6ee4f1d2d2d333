package pinn4j.solver.internal;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The PyTorch engine as pinn4j uses it: offline (the native library comes from the pytorch-native-cpu jar, never
 * a download) and one intra-op thread, the fastest on small networks (two threads were 5-8 times slower at width
 * 64 on 2 cores). Both can be overridden with the usual system properties before first use.
 */
public final class Engines {

    private static final Object RANDOM_SEED_LOCK = new Object();

    private Engines() {
    }

    /**
     * The configured PyTorch engine.
     *
     * @return the engine, offline and with one thread unless the system properties say otherwise
     */
    public static synchronized Engine pytorch() {
        setDefault("ai.djl.offline", "true");
        setDefault("ai.djl.pytorch.num_threads", "1");
        setDefault("ai.djl.pytorch.num_interop_threads", "1");
        return Engine.getEngine("PyTorch");
    }

    /**
     * Runs an action that draws from the engine's global random generator, with the generator seeded first; the
     * lock keeps concurrent trainings from drawing from each other's sequence.
     *
     * @param seed the seed of the generator
     * @param action what draws from it, such as a network's initialization
     */
    public static void withSeed(long seed, Runnable action) {
        synchronized (RANDOM_SEED_LOCK) {
            pytorch().setRandomSeed(Long.hashCode(seed));
            action.run();
        }
    }

    /**
     * Clears an array's accumulated gradient; PyTorch adds into it on every backward pass.
     *
     * @param array a PyTorch array with a gradient attached
     */
    public static void zeroGradient(NDArray array) {
        JniUtils.zeroGrad((PtNDArray) array);
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}

package pinn4j.solver.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;

/** Lockstep L-BFGS must reproduce separate runs exactly while making one batched call per round. */
class LockstepTest {

    private static final LbfgsOptions OPTIONS = LbfgsOptions.defaults(5000).withMaxEvaluations(20000);

    private static final List<DifferentiableFunction> FUNCTIONS = List.of(
            LbfgsTest::rosenbrock, LbfgsTest::rosenbrock, LbfgsTest::quadratic, LbfgsTest::rosenbrock);

    private static List<double[]> starts() {
        double[] chained = new double[10];
        for (int i = 0; i < chained.length; i++) {
            chained[i] = i % 2 == 0 ? -1.2 : 1;
        }
        return List.of(new double[] {-1.2, 1}, new double[] {2.5, -0.5}, new double[8], chained);
    }

    /** Evaluates each active member with its own function, as a batched network would, and logs every call. */
    private static final class Recording implements Lockstep.BatchedFunction {
        final List<boolean[]> activeLog = new ArrayList<>();
        final List<double[][]> pointLog = new ArrayList<>();
        final List<Thread> callers = new ArrayList<>();

        @Override
        public double[] evaluate(double[][] points, boolean[] active, double[][] gradients) {
            activeLog.add(active.clone());
            double[][] copies = new double[points.length][];
            for (int k = 0; k < points.length; k++) {
                copies[k] = points[k].clone();
            }
            pointLog.add(copies);
            callers.add(Thread.currentThread());
            double[] values = new double[points.length];
            for (int k = 0; k < points.length; k++) {
                if (active[k]) {
                    values[k] = FUNCTIONS.get(k).valueAndGradient(points[k], gradients[k]);
                }
            }
            return values;
        }
    }

    private static void assertSameResult(LbfgsResult expected, LbfgsResult actual, String member) {
        assertArrayEquals(expected.point(), actual.point(), member);
        assertEquals(expected.value(), actual.value(), member);
        assertEquals(expected.gradientNorm(), actual.gradientNorm(), member);
        assertEquals(expected.iterations(), actual.iterations(), member);
        assertEquals(expected.evaluations(), actual.evaluations(), member);
        assertEquals(expected.stopReason(), actual.stopReason(), member);
    }

    /** Every round has exactly the members that had not yet spent their evaluations active. */
    private static void assertActiveUntilFinished(List<boolean[]> log, List<LbfgsResult> results) {
        for (int round = 0; round < log.size(); round++) {
            for (int k = 0; k < results.size(); k++) {
                assertEquals(round < results.get(k).evaluations(), log.get(round)[k], "round " + round + " member " + k);
            }
        }
    }

    private static int maxEvaluations(List<LbfgsResult> results) {
        return results.stream().mapToInt(LbfgsResult::evaluations).max().orElseThrow();
    }

    @Test
    void batchedRunIsIdenticalToSeparateRunsWithOneCallPerRound() {
        Recording batched = new Recording();
        Lockstep.Result<LbfgsResult> run = Lockstep.run(batched, starts(),
                (k, f, x0) -> new Lbfgs(OPTIONS).minimize(f, x0));
        List<LbfgsResult> results = run.results();
        int sum = 0;
        for (int k = 0; k < 4; k++) {
            LbfgsResult alone = new Lbfgs(OPTIONS).minimize(FUNCTIONS.get(k), starts().get(k));
            assertSameResult(alone, results.get(k), "member " + k);
            sum += alone.evaluations();
            System.out.printf("member %d: %d iterations, %d evaluations, f = %.3e, %s%n", k, alone.iterations(),
                    alone.evaluations(), alone.value(), alone.stopReason());
        }
        System.out.printf("rounds %d, member evaluations %d%n", run.rounds(), sum);
        assertEquals(maxEvaluations(results), run.rounds());
        assertEquals(run.rounds(), batched.activeLog.size());
        assertTrue(results.stream().mapToInt(LbfgsResult::evaluations).min().orElseThrow() < run.rounds(),
                "some member must finish early for the active flags to mean anything");
        assertActiveUntilFinished(batched.activeLog, results);
        assertTrue(batched.callers.stream().allMatch(t -> t == Thread.currentThread()));
        // A finished member's row holds its last trial point, which has the member's dimension.
        double[][] last = batched.pointLog.get(batched.pointLog.size() - 1);
        for (int k = 0; k < 4; k++) {
            assertEquals(starts().get(k).length, last[k].length);
        }
        assertTrue(results.get(0).value() < 1e-18 && results.get(3).value() < 1e-15);
    }

    @Test
    void listenerStopsOneMemberWhileTheOthersRunOn() {
        IntFunction<Lbfgs.IterationListener> listener = k -> it -> k != 1 || it.iteration() < 5;
        Recording batched = new Recording();
        List<LbfgsResult> results = Lockstep.run(batched, starts(),
                (k, f, x0) -> new Lbfgs(OPTIONS).minimize(f, x0, listener.apply(k))).results();
        for (int k = 0; k < 4; k++) {
            assertSameResult(new Lbfgs(OPTIONS).minimize(FUNCTIONS.get(k), starts().get(k), listener.apply(k)),
                    results.get(k), "member " + k);
        }
        assertEquals(StopReason.STOPPED_BY_LISTENER, results.get(1).stopReason());
        assertEquals(5, results.get(1).iterations());
        assertActiveUntilFinished(batched.activeLog, results);
    }

    @Test
    void coordinatorTasksRunOnTheCallingThreadInMemberOrderWithoutAddingRounds() {
        Thread caller = Thread.currentThread();
        List<String> log = new ArrayList<>(); // Not thread-safe on purpose: only the caller may touch it.
        Lockstep.Result<LbfgsResult> run = Lockstep.run(new Recording(), starts(),
                (k, f, x0) -> new Lbfgs(OPTIONS).minimize(f, x0, it -> f.onCoordinator(() -> {
                    assertSame(caller, Thread.currentThread());
                    log.add(k + ":" + it.iteration());
                    return k != 2 || it.iteration() < 3;
                })));
        Lockstep.Result<LbfgsResult> plain = Lockstep.run(new Recording(), starts(),
                (k, f, x0) -> new Lbfgs(OPTIONS).minimize(f, x0, it -> k != 2 || it.iteration() < 3));
        assertEquals(plain.rounds(), run.rounds());
        for (int k = 0; k < 4; k++) {
            assertSameResult(plain.results().get(k), run.results().get(k), "member " + k);
        }
        // An iteration's task runs right after the round of its last evaluation, in member order within a round.
        List<int[]> expected = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            int member = k;
            new Lbfgs(OPTIONS).minimize(FUNCTIONS.get(k), starts().get(k), it -> {
                expected.add(new int[] {it.evaluations(), member, it.iteration()});
                return member != 2 || it.iteration() < 3;
            });
        }
        expected.sort(Comparator.<int[]>comparingInt(e -> e[0]).thenComparingInt(e -> e[1]));
        assertEquals(expected.stream().map(e -> e[1] + ":" + e[2]).toList(), log);
        assertEquals(38 + 25 + 3 + 77, log.size()); // member 2 stopped at its third iteration
    }

    @Test
    void exceptionFromTheBatchedFunctionPropagatesAndEndsEveryMember() {
        List<Thread> members = Collections.synchronizedList(new ArrayList<>());
        RuntimeException failure = new IllegalArgumentException("engine failed");
        Recording recording = new Recording();
        Lockstep.BatchedFunction failing = (points, active, gradients) -> {
            if (recording.activeLog.size() == 7) {
                throw failure;
            }
            return recording.evaluate(points, active, gradients);
        };
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> Lockstep.run(failing, starts(),
                (k, f, x0) -> {
                    members.add(Thread.currentThread());
                    return new Lbfgs(OPTIONS).minimize(f, x0);
                }));
        assertSame(failure, thrown);
        assertEquals(4, members.size());
        members.forEach(t -> assertFalse(t.isAlive(), t.getName()));
        assertEquals(7, recording.activeLog.size());
    }

    @Test
    void exceptionFromAMemberPropagatesWithItsCauseAndEndsEveryMember() {
        List<Thread> members = Collections.synchronizedList(new ArrayList<>());
        RuntimeException failure = new ArithmeticException("member 2 diverged");
        Recording recording = new Recording();
        CompletionException thrown = assertThrows(CompletionException.class, () -> Lockstep.run(recording, starts(),
                (k, f, x0) -> {
                    members.add(Thread.currentThread());
                    return new Lbfgs(OPTIONS).minimize(f, x0, it -> {
                        if (k == 2 && it.iteration() == 3) {
                            throw failure;
                        }
                        return true;
                    });
                }));
        assertSame(failure, thrown.getCause());
        assertTrue(thrown.getMessage().contains("member 2"), thrown.getMessage());
        members.forEach(t -> assertFalse(t.isAlive(), t.getName()));
        // Member 2 failed after its fourth evaluation's iteration: no round after the one that served it.
        int fourth = new Lbfgs(OPTIONS).minimize(LbfgsTest::quadratic, new double[8],
                it -> it.iteration() < 3).evaluations();
        assertEquals(fourth, recording.activeLog.size());
    }

    @Test
    void memberMayFinishWithoutEvaluating() {
        Recording recording = new Recording();
        Lockstep.Result<LbfgsResult> run = Lockstep.run(recording, starts(), (k, f, x0) -> k == 1
                ? new LbfgsResult(x0, Double.NaN, 0, 0, 0, StopReason.MAX_ITERATIONS)
                : new Lbfgs(OPTIONS).minimize(f, x0));
        assertArrayEquals(starts().get(1), run.results().get(1).point());
        assertEquals(maxEvaluations(run.results()), run.rounds());
        assertActiveUntilFinished(recording.activeLog, run.results());
        recording.pointLog.forEach(points -> assertArrayEquals(starts().get(1), points[1]));

        Lockstep.Result<String> idle = Lockstep.run((points, active, gradients) -> {
            throw new AssertionError("no member evaluates");
        }, starts(), (k, f, x0) -> "member " + k);
        assertEquals(List.of("member 0", "member 1", "member 2", "member 3"), idle.results());
        assertEquals(0, idle.rounds());
    }

    @Test
    void callingAMemberFunctionFromAnotherThreadFailsInsteadOfDeadlocking() throws Exception {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Lockstep.run(new Recording(), starts().subList(0, 1), (k, f, x0) -> {
            Thread other = new Thread(() -> {
                try {
                    f.valueAndGradient(x0, new double[x0.length]);
                } catch (Throwable e) {
                    seen.set(e);
                }
            });
            other.start();
            try {
                other.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return null;
        });
        assertInstanceOf(IllegalStateException.class, seen.get());
    }

    @Test
    void identicalAcrossRunsWhateverTheScheduling() {
        List<List<String>> taskLogs = new ArrayList<>();
        List<List<boolean[]>> activeLogs = new ArrayList<>();
        List<List<LbfgsResult>> results = new ArrayList<>();
        for (int repeat = 0; repeat < 5; repeat++) {
            Recording recording = new Recording();
            List<String> tasks = new ArrayList<>();
            results.add(Lockstep.run(recording, starts(), (k, f, x0) -> {
                // Random delays before each post shuffle the order in which the members arrive.
                DifferentiableFunction jittered = (x, g) -> {
                    LockSupport.parkNanos(ThreadLocalRandom.current().nextInt(20_000));
                    return f.valueAndGradient(x, g);
                };
                return new Lbfgs(OPTIONS).minimize(jittered, x0, it -> f.onCoordinator(
                        () -> tasks.add(k + ":" + it.iteration() + ":" + it.value())));
            }).results());
            taskLogs.add(tasks);
            activeLogs.add(recording.activeLog);
        }
        for (int repeat = 1; repeat < 5; repeat++) {
            assertEquals(taskLogs.get(0), taskLogs.get(repeat));
            assertEquals(activeLogs.get(0).size(), activeLogs.get(repeat).size());
            for (int round = 0; round < activeLogs.get(0).size(); round++) {
                assertArrayEquals(activeLogs.get(0).get(round), activeLogs.get(repeat).get(round));
            }
            for (int k = 0; k < 4; k++) {
                assertSameResult(results.get(0).get(k), results.get(repeat).get(k), "member " + k);
            }
        }
    }
}

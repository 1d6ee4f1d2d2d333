package pinn4j.solver.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Runs K independent minimizations (an ensemble) with their function evaluations gathered into one batched call
 * per round. Each member runs its own, unchanged minimizer (own history, own line search, own stopping) on its
 * own thread, against a {@link Member} function that posts the point and blocks. The calling thread coordinates:
 * once every member still running has posted a point or finished, it makes one {@link BatchedFunction} call for
 * all posted points and releases those members with their values and gradients.
 *
 * <p>Threading: the calling thread is the only one that calls the batched function and the tasks given to
 * {@link Member#onCoordinator}, so an engine that must stay on one thread (DJL's single gradient collector) is
 * safe there. Member threads run the minimizers, hence also their listeners (such as an
 * {@link Lbfgs.IterationListener}); a listener that needs the engine or shared state should hand its work to
 * {@link Member#onCoordinator}. Batched calls and coordinator tasks run only while no member thread is running
 * (each is blocked or has finished).
 *
 * <p>Determinism: the coordinator acts only when no member is running, and handles members in index order, so
 * the sequence of batched calls and tasks depends on the inputs alone, never on thread scheduling. Each member's
 * result is identical to a separate run on the same function provided the batched function computes each
 * member's value and gradient as that member's own function would, independently of the other rows.
 */
public final class Lockstep {

    private Lockstep() {
    }

    /** All members' functions, evaluated together. */
    @FunctionalInterface
    public interface BatchedFunction {
        /**
         * Evaluates the members that asked this round. Every array has one entry per member, so the call can work
         * on a fixed-shape batch; whatever it computes for inactive members is discarded.
         *
         * @param points {@code points[k]} is member k's point when {@code active[k]}; otherwise (member k has
         *     finished) the last point it posted, or its start if it never did; must not be modified
         * @param active which members asked for an evaluation this round (at least one); every other member has
         *     finished
         * @param gradients {@code gradients[k]}, of the length of {@code points[k]}, receives member k's gradient
         *     at every entry when {@code active[k]}; a scratch array otherwise
         * @return one value per member; those of inactive members are ignored
         */
        double[] evaluate(double[][] points, boolean[] active, double[][] gradients);
    }

    /**
     * One member's view of the batched function, given to its minimizer. Both methods must be called from the
     * member's own thread, the one that runs its minimizer; they throw {@link IllegalStateException} otherwise,
     * which beats the deadlock that would follow.
     */
    public interface Member extends DifferentiableFunction {
        /**
         * Posts {@code x} for the next batched call and blocks until that call has filled {@code gradient}.
         *
         * @param x the point; not modified
         * @param gradient receives the gradient at {@code x}
         * @return the value at {@code x}
         */
        @Override
        double valueAndGradient(double[] x, double[] gradient);

        /**
         * Runs a task on the coordinating thread, while no member runs, and waits for its result.
         * Tasks posted at the same time run in member order before the next batched call; they do not add
         * rounds. Use it for listeners that touch the engine or state shared between members.
         *
         * @param task the work to run; an exception it throws stops the whole run and is rethrown by
         *     {@link Lockstep#run}
         * @param <T> the task's result type
         * @return what the task returned
         */
        <T> T onCoordinator(Supplier<T> task);
    }

    /**
     * Minimizes one member; typically {@code (k, f, x0) -> new Lbfgs(options).minimize(f, x0, listener(k))}.
     *
     * @param <R> the minimizer's result type
     */
    @FunctionalInterface
    public interface Minimizer<R> {
        /**
         * Minimizes member {@code member}'s function, on that member's thread.
         *
         * @param member the member's index, 0-based
         * @param function the member's function: evaluations go into the batched calls
         * @param start the member's starting point (a copy)
         * @return the member's result
         */
        R minimize(int member, Member function, double[] start);
    }

    /**
     * What {@link #run} returns.
     *
     * @param results each member's result, in member order (unmodifiable)
     * @param rounds batched calls made: the largest member evaluation count, since every member running posts in
     *     every round; compare with the sum of the members' counts to measure the batching
     * @param <R> the minimizer's result type
     */
    public record Result<R>(List<R> results, int rounds) {

        /**
         * Copies the results.
         *
         * @param results each member's result, in member order
         * @param rounds batched calls made
         */
        public Result {
            results = Collections.unmodifiableList(new ArrayList<>(results));
        }
    }

    /**
     * Runs one minimizer per starting point, batching their evaluations, and waits for all of them. On return or
     * throw, every member thread has ended.
     *
     * @param function evaluates all members at once; called on this thread only
     * @param starts one starting point per member; not modified
     * @param minimizer minimizes one member; called on that member's thread
     * @param <R> the minimizer's result type
     * @return each member's result, with the number of batched calls
     * @throws CompletionException if a member's minimizer threw, with that throwable as cause (the lowest member
     *     index when several threw; the others are suppressed)
     * @throws IllegalStateException if the batched function returned fewer values than members, or this thread
     *     was interrupted (its interrupt flag is then set again)
     * @throws RuntimeException what the batched function or a coordinator task threw, unwrapped; an
     *     {@link Error} likewise
     */
    public static <R> Result<R> run(BatchedFunction function, List<double[]> starts, Minimizer<R> minimizer) {
        return new Run<>(function, starts, minimizer).execute();
    }

    /** A member's position in the protocol; anything but RUNNING means its thread is blocked or has ended. */
    private enum State { RUNNING, EVALUATE, TASK, DONE, FAILED }

    /**
     * One run's members and its coordinator. The fields of the run and its slots are guarded by {@link #lock},
     * except that the coordinator works on the slots outside it while no member runs: the lock's hand-overs
     * order those accesses. Each member waits on its own condition and the coordinator on another, so a round
     * wakes each thread once rather than every thread at every post.
     */
    private static final class Run<R> {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition allBlocked = lock.newCondition();
        private final BatchedFunction function;
        private final Minimizer<R> minimizer;
        private final List<Slot<R>> slots = new ArrayList<>();
        /** Members in state RUNNING. */
        private int running;
        private boolean aborted;

        Run(BatchedFunction function, List<double[]> starts, Minimizer<R> minimizer) {
            this.function = function;
            this.minimizer = minimizer;
            for (double[] start : starts) {
                slots.add(new Slot<>(this, slots.size(), start.clone()));
            }
            running = slots.size();
        }

        Result<R> execute() {
            try {
                for (Slot<R> slot : slots) {
                    slot.thread.start();
                }
                int rounds = 0;
                while (true) {
                    List<Slot<R>> posted = awaitAllBlocked();
                    if (posted.isEmpty()) {
                        break;
                    }
                    if (posted.get(0).state == State.TASK) {
                        for (Slot<R> slot : posted) {
                            slot.task.run();
                        }
                    } else {
                        evaluate(posted);
                        rounds++;
                    }
                    release(posted);
                }
                List<R> results = new ArrayList<>(slots.size());
                for (Slot<R> slot : slots) {
                    results.add(slot.result);
                }
                return new Result<>(results, rounds);
            } finally {
                stopMembers();
            }
        }

        /**
         * Waits until no member is running, then returns the members posting tasks if any, else those posting
         * evaluations (both in member order; empty once all are done). Tasks go first so that an evaluation's
         * round is never split by a member that is still busy with a listener.
         */
        private List<Slot<R>> awaitAllBlocked() {
            lock.lock();
            try {
                while (running > 0) {
                    try {
                        allBlocked.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while waiting for the members", e);
                    }
                }
                rethrowMemberFailure();
                List<Slot<R>> tasks = new ArrayList<>();
                List<Slot<R>> evaluations = new ArrayList<>();
                for (Slot<R> slot : slots) {
                    if (slot.state == State.TASK) {
                        tasks.add(slot);
                    } else if (slot.state == State.EVALUATE) {
                        evaluations.add(slot);
                    }
                }
                return tasks.isEmpty() ? evaluations : tasks;
            } finally {
                lock.unlock();
            }
        }

        private void rethrowMemberFailure() {
            CompletionException failure = null;
            for (Slot<R> slot : slots) {
                if (slot.state != State.FAILED) {
                    continue;
                }
                if (failure == null) {
                    failure = new CompletionException("ensemble member " + slot.index + " failed: "
                            + slot.failure, slot.failure);
                } else {
                    failure.addSuppressed(slot.failure);
                }
            }
            if (failure != null) {
                throw failure;
            }
        }

        /** One batched call, outside the lock: the posting members are blocked and all others have finished. */
        private void evaluate(List<Slot<R>> posted) {
            int count = slots.size();
            double[][] points = new double[count][];
            double[][] gradients = new double[count][];
            boolean[] active = new boolean[count];
            for (Slot<R> slot : slots) {
                points[slot.index] = slot.point;
                gradients[slot.index] = slot.scratch;
            }
            for (Slot<R> slot : posted) {
                active[slot.index] = true;
                gradients[slot.index] = slot.gradient;
            }
            double[] values = function.evaluate(points, active, gradients);
            if (values == null || values.length < count) {
                throw new IllegalStateException("the batched function must return " + count + " values, got "
                        + (values == null ? "null" : values.length));
            }
            for (Slot<R> slot : posted) {
                slot.value = values[slot.index];
            }
        }

        private void release(List<Slot<R>> posted) {
            lock.lock();
            try {
                for (Slot<R> slot : posted) {
                    slot.state = State.RUNNING;
                    running++;
                    slot.served.signal();
                }
            } finally {
                lock.unlock();
            }
        }

        /**
         * Wakes every blocked member into an exception and waits for all threads to end, so that none outlives
         * the run; a member busy in plain arithmetic ends at its next evaluation at the latest.
         */
        private void stopMembers() {
            lock.lock();
            try {
                aborted = true;
                for (Slot<R> slot : slots) {
                    slot.served.signal();
                }
            } finally {
                lock.unlock();
            }
            boolean interrupted = false;
            for (Slot<R> slot : slots) {
                while (slot.thread.isAlive()) {
                    try {
                        slot.thread.join();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        /** Leaves state RUNNING for {@code state}; caller holds the lock. */
        private void block(Slot<R> slot, State state) {
            slot.state = state;
            if (--running == 0) {
                allBlocked.signal();
            }
        }

        /** Posts a request and waits until the coordinator has served it; caller holds the lock. */
        private void post(Slot<R> slot, State request) {
            if (aborted) {
                throw new Aborted();
            }
            block(slot, request);
            while (slot.state != State.RUNNING && !aborted) {
                try {
                    slot.served.await();
                } catch (InterruptedException e) {
                    // Nothing here interrupts members: someone else did, so fail rather than end silently.
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("member " + slot.index + " interrupted", e);
                }
            }
            if (aborted) {
                throw new Aborted();
            }
        }
    }

    /** One member: its thread, its posted request and the coordinator's answer. */
    private static final class Slot<R> implements Member, Runnable {
        private final Run<R> run;
        private final int index;
        private final double[] start;
        private final Thread thread;
        private final Condition served;
        private State state = State.RUNNING;
        /** The last point posted (the start before any), kept so inactive rows of a batch are real points. */
        private double[] point;
        private double[] scratch;
        private double[] gradient;
        private double value;
        private Runnable task;
        private R result;
        private Throwable failure;

        Slot(Run<R> run, int index, double[] start) {
            this.run = run;
            this.index = index;
            this.start = start;
            this.point = start.clone();
            this.scratch = new double[start.length];
            this.served = run.lock.newCondition();
            // Daemon: a member stuck in its own code can never keep the JVM alive.
            this.thread = new Thread(this, "lockstep-member-" + index);
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            R minimized = null;
            Throwable thrown = null;
            try {
                minimized = run.minimizer.minimize(index, this, start.clone());
            } catch (Aborted e) {
                return;
            } catch (Throwable e) {
                thrown = e;
            }
            run.lock.lock();
            try {
                result = minimized;
                failure = thrown;
                run.block(this, thrown == null ? State.DONE : State.FAILED);
            } finally {
                run.lock.unlock();
            }
        }

        @Override
        public double valueAndGradient(double[] x, double[] gradient) {
            checkThread();
            run.lock.lock();
            try {
                point = x.clone();
                if (scratch.length != x.length) {
                    scratch = new double[x.length];
                }
                this.gradient = gradient;
                run.post(this, State.EVALUATE);
                this.gradient = null;
                return value;
            } finally {
                run.lock.unlock();
            }
        }

        @Override
        public <T> T onCoordinator(Supplier<T> work) {
            checkThread();
            AtomicReference<T> box = new AtomicReference<>();
            run.lock.lock();
            try {
                task = () -> box.set(work.get());
                run.post(this, State.TASK);
                task = null;
            } finally {
                run.lock.unlock();
            }
            return box.get();
        }

        private void checkThread() {
            if (Thread.currentThread() != thread) {
                throw new IllegalStateException("member " + index + "'s function called from "
                        + Thread.currentThread().getName() + ", not from its own thread");
            }
        }
    }

    /** Unwinds a member's minimizer once the run has stopped; never seen by callers. */
    private static final class Aborted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Aborted() {
            super("lockstep run stopped", null, false, false);
        }
    }
}

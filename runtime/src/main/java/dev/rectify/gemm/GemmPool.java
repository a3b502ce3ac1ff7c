package dev.rectify.gemm;

import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The threads {@link Gemm} splits its work over: a fixed pool of daemon threads plus the calling
 * thread, which always takes part. The number of threads changes speed, never results (see {@link
 * Gemm}).
 *
 * <p>Between calls the workers spin for {@link #SPIN_NANOS} before they park, and so does the
 * caller waiting for them, as OpenMP runtimes do (GOMP_SPINCOUNT, KMP_BLOCKTIME): a training step
 * makes a dozen parallel calls a few hundred microseconds apart, and waking a parked thread takes
 * tens of microseconds each time, which a thread pool with a blocking queue paid on every call.
 *
 * <p>The common pool has one thread per available processor, or as many as the system property
 * {@code rectify.gemm.threads} says; {@link #setCommonThreads(int)} resizes it (a trainer's {@code
 * --threads} option). A private pool is for tests and benchmarks:
 *
 * <pre>{@code
 * try (GemmPool pool = new GemmPool(2)) {
 *   Gemm.sgemm(pool, false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n, null);
 * }
 * }</pre>
 */
public final class GemmPool implements AutoCloseable {
  private static final String THREADS_PROPERTY = "rectify.gemm.threads";
  private static final AtomicInteger POOL_IDS = new AtomicInteger();

  /**
   * How long an idle worker polls for the next call, and a caller for its workers, before parking:
   * long enough to bridge the gaps between the parallel calls of one training step (the serial work
   * between two GEMMs), short enough that an idle pool gives its cores back at once.
   */
  static final long SPIN_NANOS = 200_000;

  private static volatile GemmPool common;

  private final int threads;
  private final Worker[] workers; // threads - 1 of them

  /** Held by the one call whose tasks the workers run; a concurrent call runs on its caller. */
  private final AtomicBoolean engaged = new AtomicBoolean();

  /** The call the workers are to join, or null. */
  private volatile Call current;

  private long calls; // numbers the calls; written only by the thread that holds engaged

  private volatile boolean closed;

  /** A pool running {@code threads} tasks at once (the caller plus {@code threads - 1} workers). */
  public GemmPool(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    this.threads = threads;
    int id = POOL_IDS.incrementAndGet();
    workers = new Worker[threads - 1];
    for (int i = 0; i < workers.length; i++) {
      workers[i] = new Worker(this, "rectify-gemm-" + id + "-" + (i + 1));
      workers[i].start();
    }
  }

  /** The shared pool {@link Gemm#sgemm} uses by default, created on first use. */
  public static GemmPool common() {
    GemmPool pool = common;
    if (pool == null) {
      synchronized (GemmPool.class) {
        pool = common;
        if (pool == null) {
          pool = new GemmPool(Integer.getInteger(THREADS_PROPERTY, defaultThreads()));
          common = pool;
        }
      }
    }
    return pool;
  }

  /**
   * Replaces the common pool by one of {@code threads} threads and shuts the old one down; calls
   * already running on the old pool finish (on fewer threads if need be).
   */
  public static synchronized void setCommonThreads(int threads) {
    GemmPool old = common;
    if (old != null && old.threads == threads) {
      return;
    }
    common = new GemmPool(threads);
    if (old != null) {
      old.close();
    }
  }

  private static int defaultThreads() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** How many tasks run at once, the caller included. */
  public int threads() {
    return threads;
  }

  /**
   * Runs {@code body} on {@code parts} contiguous ranges that cover {@code [0, length)} in order,
   * as {@link #parallelFor} runs tasks: range t is {@code [t·length/parts, (t+1)·length/parts)}, so
   * the ranges depend on {@code parts} only, never on which thread takes them.
   */
  public void parallelForRanges(int length, int parts, Range body) {
    parallelFor(
        parts,
        t -> body.run((int) ((long) t * length / parts), (int) ((long) (t + 1) * length / parts)));
  }

  /** A task of {@link #parallelForRanges}: indices {@code [from, to)}. */
  @FunctionalInterface
  public interface Range {
    void run(int from, int to);
  }

  /**
   * Runs {@code body} for every index in {@code [0, tasks)}, on the caller and the workers, and
   * returns when all are done; the first exception a task throws is rethrown here (a checked one in
   * a {@link CompletionException}). Which thread runs which index is not fixed, so tasks must write
   * disjoint data and their results must not depend on the thread (a convolution's samples). A call
   * from inside a worker (nested parallelism, such as a GEMM inside a task) runs everything on that
   * worker rather than waiting for threads that may all be busy waiting for it; so does a call from
   * another thread while one call has the workers.
   */
  public void parallelFor(int tasks, IntConsumer body) {
    boolean inline =
        Math.min(threads, tasks) <= 1
            || closed
            || Thread.currentThread() instanceof Worker
            || !engaged.compareAndSet(false, true);
    if (inline) {
      for (int t = 0; t < tasks; t++) {
        body.accept(t);
      }
      return;
    }
    Call call = new Call(++calls, tasks, body);
    try {
      current = call;
      for (Worker w : workers) {
        if (w.parked) { // read after the write of current: see Worker.nextCall
          LockSupport.unpark(w);
        }
      }
      call.drain();
      call.awaitDone();
    } finally {
      current = null; // the workers must not keep the body's arrays reachable
      engaged.set(false);
    }
    call.rethrowFailure();
  }

  /**
   * One parallelFor call. Tasks are claimed from a counter and counted down when done, so the
   * caller waits for the work, not for the workers: one that arrives late finds nothing left.
   */
  private static final class Call {
    private final long id;
    private final int tasks;
    private final IntConsumer body;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger unfinished;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile Thread parkedCaller;

    Call(long id, int tasks, IntConsumer body) {
      this.id = id;
      this.tasks = tasks;
      this.body = body;
      this.unfinished = new AtomicInteger(tasks);
    }

    void drain() {
      for (int t = next.getAndIncrement(); t < tasks; t = next.getAndIncrement()) {
        try {
          body.accept(t);
        } catch (Throwable e) { // even a checked one thrown sneakily: the task still counts as done
          failure.compareAndSet(null, e);
        } finally {
          if (unfinished.decrementAndGet() == 0) {
            Thread caller = parkedCaller; // read after the decrement: see awaitDone
            if (caller != null) {
              LockSupport.unpark(caller);
            }
          }
        }
      }
    }

    /**
     * Spins, then parks, until every task is done, even when interrupted: returning early would
     * leave workers writing into the caller's arrays. The interrupt is re-asserted afterwards.
     */
    void awaitDone() {
      long spinUntil = System.nanoTime() + SPIN_NANOS;
      while (unfinished.get() > 0 && System.nanoTime() < spinUntil) {
        Thread.onSpinWait();
      }
      if (unfinished.get() == 0) {
        return;
      }
      parkedCaller = Thread.currentThread();
      boolean interrupted = false;
      while (unfinished.get() > 0) { // read after the write of parkedCaller
        LockSupport.park(this);
        interrupted |= Thread.interrupted();
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    void rethrowFailure() {
      Throwable f = failure.get();
      if (f instanceof RuntimeException) {
        throw (RuntimeException) f;
      } else if (f instanceof Error) {
        throw (Error) f;
      } else if (f != null) {
        throw new CompletionException(f);
      }
    }
  }

  /**
   * Stops the workers once their current work is done; later calls run on the caller only, and a
   * call running now finishes on the threads it still has.
   */
  @Override
  public void close() {
    closed = true;
    for (Worker w : workers) {
      LockSupport.unpark(w);
    }
  }

  @Override
  public String toString() {
    return "GemmPool[" + threads + " threads]";
  }

  /**
   * A pool thread: joins each call the pool publishes until the pool is closed. Being a Worker also
   * marks the thread, so that nested calls run inline (see {@link #parallelFor}).
   */
  private static final class Worker extends Thread {
    private final GemmPool pool;

    /** Set while parked (or about to park), so that a new call knows to unpark this thread. */
    volatile boolean parked;

    Worker(GemmPool pool, String name) {
      super(name);
      this.pool = pool;
      setDaemon(true);
    }

    @Override
    public void run() {
      long done = 0;
      Call call;
      while ((call = nextCall(done)) != null) {
        call.drain();
        done = call.id;
        call = null; // not reachable from here while this thread waits for the next call
        Thread.interrupted(); // an interrupt a task left behind is not the next call's business
      }
    }

    /**
     * The next call after call number {@code done}, or null once the pool is closed: polled for
     * {@link #SPIN_NANOS}, then waited for parked. {@code parked} is written before {@code current}
     * is read, and the caller writes {@code current} before it reads {@code parked} (all volatile),
     * so either this thread sees the new call or the caller sees it parked and unparks it.
     */
    private Call nextCall(long done) {
      long spinUntil = System.nanoTime() + SPIN_NANOS;
      while (true) {
        Call call = pool.current;
        if (call != null && call.id != done) {
          return call;
        }
        if (pool.closed) {
          return null;
        }
        if (System.nanoTime() < spinUntil) {
          Thread.onSpinWait();
        } else {
          parked = true;
          call = pool.current;
          if (call == null || call.id == done) {
            if (pool.closed) {
              parked = false;
              return null;
            }
            LockSupport.park(this);
            // A task may have left this thread interrupted (re-asserting an interrupt it caught);
            // park would then return at once, every time, and the wait would spin for ever.
            Thread.interrupted();
          }
          parked = false;
        }
      }
    }
  }
}

package dev.rectify.gemm;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * The threads {@link Gemm} splits its work over: a fixed pool of daemon threads plus the calling
 * thread, which always takes part. The number of threads changes speed, never results (see {@link
 * Gemm}).
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

  private static volatile GemmPool common;

  private final int threads;
  private final ExecutorService helpers; // threads - 1 workers; null when single-threaded

  /** A pool running {@code threads} tasks at once (the caller plus {@code threads - 1} workers). */
  public GemmPool(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    this.threads = threads;
    if (threads == 1) {
      helpers = null;
    } else {
      int id = POOL_IDS.incrementAndGet();
      AtomicInteger workerIds = new AtomicInteger();
      helpers =
          Executors.newFixedThreadPool(
              threads - 1,
              r -> new Worker(r, "rectify-gemm-" + id + "-" + workerIds.incrementAndGet()));
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
   * Runs {@code body} for every index in {@code [0, tasks)}, on the caller and the workers, and
   * returns when all are done; the first exception a task throws is rethrown here. Which thread
   * runs which index is not fixed, so tasks must write disjoint data and their results must not
   * depend on the thread (a convolution's samples). A call from inside a worker (nested
   * parallelism, such as a GEMM inside a task) runs everything on that worker rather than waiting
   * for threads that may all be busy waiting for it.
   */
  public void parallelFor(int tasks, IntConsumer body) {
    int extra = Math.min(threads, tasks) - 1;
    if (extra <= 0 || Thread.currentThread() instanceof Worker) {
      for (int t = 0; t < tasks; t++) {
        body.accept(t);
      }
      return;
    }
    // Tasks are claimed from a counter and counted down when done, so the caller waits for the
    // work, not for helpers: one that starts late (its pool busy elsewhere) finds nothing left.
    AtomicInteger next = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(tasks);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable drain =
        () -> {
          for (int t = next.getAndIncrement(); t < tasks; t = next.getAndIncrement()) {
            try {
              body.accept(t);
            } catch (RuntimeException | Error e) {
              failure.compareAndSet(null, e);
            } finally {
              done.countDown();
            }
          }
        };
    try {
      for (int i = 0; i < extra; i++) {
        helpers.execute(drain);
      }
    } catch (RejectedExecutionException closed) {
      // The pool was shut down under us (setCommonThreads): the caller does the rest alone.
    }
    drain.run();
    awaitUninterruptibly(done);
    Throwable f = failure.get();
    if (f instanceof RuntimeException) {
      throw (RuntimeException) f;
    } else if (f != null) {
      throw (Error) f;
    }
  }

  /**
   * Waits for the helpers even when interrupted: returning early would leave them writing into the
   * caller's arrays. The interrupt is re-asserted afterwards.
   */
  private static void awaitUninterruptibly(CountDownLatch done) {
    boolean interrupted = false;
    while (true) {
      try {
        done.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the workers once their current work is done; later calls run on the caller only. */
  @Override
  public void close() {
    if (helpers != null) {
      helpers.shutdown();
    }
  }

  @Override
  public String toString() {
    return "GemmPool[" + threads + " threads]";
  }

  /** Marks pool threads, so that nested calls run inline (see {@link #parallelFor}). */
  private static final class Worker extends Thread {
    Worker(Runnable r, String name) {
      super(r, name);
      setDaemon(true);
    }
  }
}

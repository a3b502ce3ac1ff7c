package dev.rectify.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class GemmPoolTest {

  @Test
  void run_executesEveryTaskExactlyOnce() {
    try (GemmPool pool = new GemmPool(3)) {
      AtomicIntegerArray counts = new AtomicIntegerArray(100);
      pool.parallelFor(100, counts::incrementAndGet);
      for (int t = 0; t < 100; t++) {
        assertEquals(1, counts.get(t), "task " + t);
      }
    }
  }

  /**
   * Each call's two tasks meet at a barrier, so a call completes only if a worker runs one of them
   * beside the caller. The sleep before each call is far longer than the workers' spin, so they
   * have parked and must be woken: a lost wake-up times the barrier out.
   */
  @Test
  void parkedWorkers_areWokenForTheNextCall() throws InterruptedException {
    try (GemmPool pool = new GemmPool(2)) {
      for (int call = 0; call < 20; call++) {
        TimeUnit.NANOSECONDS.sleep(GemmPool.SPIN_NANOS * 10);
        meetThenRun(pool, () -> {}, () -> {});
      }
    }
  }

  /**
   * A two-task call whose tasks meet at a barrier before going on, so that a worker runs one of
   * them beside the caller (a worker that never comes times the barrier out): then {@code onCaller}
   * on the caller and {@code onWorker} on the worker.
   */
  private static void meetThenRun(GemmPool pool, Runnable onCaller, Runnable onWorker) {
    Thread caller = Thread.currentThread();
    CyclicBarrier meet = new CyclicBarrier(2);
    pool.parallelFor(
        2,
        t -> {
          try {
            meet.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
            throw new AssertionError("no worker joined the call", e);
          }
          (Thread.currentThread() == caller ? onCaller : onWorker).run();
        });
  }

  /**
   * A task that leaves its worker interrupted (re-asserting an interrupt it caught) must not make
   * the worker's wait for the next call spin: park returns at once on an interrupted thread. The
   * idle worker's CPU time over 200 ms tells the two apart: about 0 when parked, most of it when
   * spinning. (Its thread state cannot: a thread spinning through park calls shows WAITING too.)
   */
  @Test
  void workerLeftInterrupted_parksWhenIdle() throws InterruptedException {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    assumeTrue(threads.isThreadCpuTimeSupported(), "no per-thread CPU time here");
    try (GemmPool pool = new GemmPool(2)) {
      AtomicReference<Thread> worker = new AtomicReference<>();
      meetThenRun(
          pool,
          () -> {},
          () -> {
            worker.set(Thread.currentThread());
            Thread.currentThread().interrupt();
          });
      long id = worker.get().getId();
      TimeUnit.MILLISECONDS.sleep(20); // past the spin
      long before = threads.getThreadCpuTime(id);
      TimeUnit.MILLISECONDS.sleep(200);
      long cpuMillis = (threads.getThreadCpuTime(id) - before) / 1_000_000;
      assertTrue(cpuMillis < 40, "the idle worker used " + cpuMillis + " ms of CPU in 200 ms");
    }
  }

  /** A failure on a worker reaches the caller; a checked one (thrown sneakily) wrapped. */
  @Test
  void failureOnAWorker_isRethrownToTheCaller() {
    try (GemmPool pool = new GemmPool(2)) {
      IllegalStateException boom = new IllegalStateException("boom");
      assertSame(
          boom,
          assertThrows(
              IllegalStateException.class,
              () ->
                  meetThenRun(
                      pool,
                      () -> {},
                      () -> {
                        throw boom;
                      })));
      IOException checked = new IOException("disk");
      CompletionException wrapped =
          assertThrows(
              CompletionException.class,
              () -> meetThenRun(pool, () -> {}, () -> sneakyThrow(checked)));
      assertSame(checked, wrapped.getCause());
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
    throw (T) t;
  }

  /**
   * A caller interrupted while its workers still run waits for them all the same (returning early
   * would leave them writing into its arrays) and keeps its interrupt.
   */
  @Test
  void callerInterruptedWhileWaiting_waitsForTheWorkerAndKeepsTheInterrupt() {
    try (GemmPool pool = new GemmPool(2)) {
      Thread caller = Thread.currentThread();
      AtomicBoolean workerFinished = new AtomicBoolean();
      meetThenRun(
          pool,
          caller::interrupt, // then the caller waits, parked, for the worker
          () -> {
            try {
              TimeUnit.MILLISECONDS.sleep(50); // far beyond the caller's spin
            } catch (InterruptedException e) {
              throw new AssertionError(e);
            }
            workerFinished.set(true);
          });
      assertTrue(workerFinished.get(), "parallelFor returned before the worker's task was done");
      assertTrue(Thread.interrupted(), "the caller's interrupt was lost");
    }
  }

  /** Two threads sharing a pool: one call gets the workers, the other runs on its caller. */
  @Test
  void concurrentCallers_eachRunEveryTaskOnce() throws InterruptedException {
    try (GemmPool pool = new GemmPool(3)) {
      AtomicIntegerArray counts = new AtomicIntegerArray(2 * 16);
      Thread[] callers = new Thread[2];
      for (int c = 0; c < 2; c++) {
        int base = c * 16;
        callers[c] =
            new Thread(
                () -> {
                  for (int call = 0; call < 2000; call++) {
                    pool.parallelFor(16, t -> counts.incrementAndGet(base + t));
                  }
                });
        callers[c].start();
      }
      for (Thread caller : callers) {
        caller.join();
      }
      for (int i = 0; i < counts.length(); i++) {
        assertEquals(2000, counts.get(i), "task " + i);
      }
    }
  }

  @Test
  void nestedCallFromAWorker_runsInlineInsteadOfDeadlocking() {
    try (GemmPool pool = new GemmPool(2)) {
      AtomicIntegerArray inner = new AtomicIntegerArray(4 * 8);
      pool.parallelFor(4, outer -> pool.parallelFor(8, t -> inner.incrementAndGet(outer * 8 + t)));
      for (int i = 0; i < inner.length(); i++) {
        assertEquals(1, inner.get(i));
      }
    }
  }

  @Test
  void taskFailure_isRethrownToTheCaller() {
    try (GemmPool pool = new GemmPool(2)) {
      IllegalStateException boom = new IllegalStateException("boom");
      IllegalStateException thrown =
          assertThrows(
              IllegalStateException.class,
              () ->
                  pool.parallelFor(
                      6,
                      t -> {
                        if (t == 5) {
                          throw boom;
                        }
                      }));
      assertSame(boom, thrown);
    }
  }

  @Test
  void closedPool_stillComputesTheSameBitsOnTheCaller() {
    int n = 160; // 2·160³ flops, above the parallel threshold
    float[] a = new float[n * n];
    float[] b = new float[n * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = (i % 7) * 0.25f - 0.5f;
      b[i] = (i % 11) * 0.125f - 0.6f;
    }
    float[] open = new float[n * n];
    float[] closed = new float[n * n];
    GemmPool pool = new GemmPool(2);
    Gemm.sgemm(pool, false, true, n, n, n, 1f, a, 0, n, b, 0, n, 0f, open, 0, n, null);
    pool.close();
    Gemm.sgemm(pool, false, true, n, n, n, 1f, a, 0, n, b, 0, n, 0f, closed, 0, n, null);
    assertArrayEquals(open, closed);
  }

  @Test
  void nonPositiveThreadCount_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> new GemmPool(0));
  }
}

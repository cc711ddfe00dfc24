package dev.resumable.tus.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.undertow.connector.PooledByteBuffer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The network buffer pool: reuse across threads, a bounded idle set, once-only release. */
class NetworkBuffersTest {
  @Test
  void aBufferGivenBackOnAnotherThreadIsReused() throws Exception {
    NetworkBuffers buffers = new NetworkBuffers(1024, 8);
    PooledByteBuffer taken = buffers.allocate();
    ByteBuffer first = taken.getBuffer();
    first.put((byte) 7);
    Thread releaser = new Thread(taken::close);
    releaser.start();
    releaser.join();
    PooledByteBuffer again = buffers.allocate();
    assertThat(again.getBuffer()).isSameAs(first);
    assertThat(again.getBuffer().position()).as("cleared").isZero();
    assertThat(again.getBuffer().isDirect()).isTrue();
    assertThat(again.getBuffer().capacity()).isEqualTo(1024);
  }

  @Test
  void keepsAtMostMaxIdleBuffers() {
    NetworkBuffers buffers = new NetworkBuffers(512, 4);
    List<PooledByteBuffer> taken = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      taken.add(buffers.allocate());
    }
    taken.forEach(PooledByteBuffer::close);
    assertThat(buffers.idle()).isEqualTo(4);
  }

  @Test
  void givingBackTwiceCountsOnceAndAGivenBackBufferCannotBeUsed() {
    NetworkBuffers buffers = new NetworkBuffers(512, 4);
    PooledByteBuffer taken = buffers.allocate();
    taken.close();
    taken.close();
    assertThat(buffers.idle()).isEqualTo(1);
    assertThat(taken.isOpen()).isFalse();
    assertThatThrownBy(taken::getBuffer).isInstanceOf(IllegalStateException.class);
    PooledByteBuffer a = buffers.allocate();
    PooledByteBuffer b = buffers.allocate();
    assertThat(a.getBuffer()).as("one buffer is never lent twice").isNotSameAs(b.getBuffer());
  }

  @Test
  void noBufferIsLentToTwoHoldersAtOnceUnderConcurrency() throws Exception {
    NetworkBuffers buffers = new NetworkBuffers(64, 16);
    Set<ByteBuffer> lent = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 20_000; i++) {
            PooledByteBuffer pooled = buffers.allocate();
            assertThat(lent.add(pooled.getBuffer())).as("lent twice").isTrue();
            lent.remove(pooled.getBuffer());
            pooled.close();
          }
          return null;
        }));
      }
      for (Future<?> future : futures) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(buffers.idle()).isBetween(1, 16);
  }
}

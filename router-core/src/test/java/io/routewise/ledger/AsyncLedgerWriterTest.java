package io.routewise.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.config.LedgerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AsyncLedgerWriterTest {

    @TempDir
    Path dir;

    @Test
    void writesAFullBatchWithoutWaitingForTheInterval() throws Exception {
        List<Integer> batches = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch written = new CountDownLatch(1);
        try (AsyncLedgerWriter w = new AsyncLedgerWriter(b -> { batches.add(b.size()); written.countDown(); },
                100, 5, Duration.ofSeconds(30))) {
            for (int i = 0; i < 5; i++) {
                w.submit(Rows.row("r" + i).build());
            }
            assertThat(written.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(batches).containsExactly(5);
        }
    }

    @Test
    void writesAPartialBatchWhenTheFlushIntervalPasses() throws Exception {
        CountDownLatch written = new CountDownLatch(1);
        try (AsyncLedgerWriter w = new AsyncLedgerWriter(b -> written.countDown(), 100, 500, Duration.ofMillis(50))) {
            long start = System.nanoTime();
            w.submit(Rows.row("r").build());
            assertThat(written.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void dropsAndCountsRowsWhenTheQueueIsFullWithoutBlockingTheCaller() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AsyncLedgerWriter w = new AsyncLedgerWriter(b -> await(release), 3, 1, Duration.ofMillis(10));
        // The writer takes one row and blocks in the sink; three more fill the queue; the rest are dropped.
        long start = System.nanoTime();
        int accepted = 0;
        for (int i = 0; i < 20; i++) {
            if (w.submit(Rows.row("r" + i).build())) {
                accepted++;
            }
            if (i == 0) {
                awaitEmptyQueue(w); // the writer has taken the first row into the blocked sink
            }
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
        assertThat(accepted).isEqualTo(4);
        assertThat(w.droppedRows()).isEqualTo(16);
        release.countDown();
        w.close();
        assertThat(w.writtenRows()).isEqualTo(4);
    }

    @Test
    void closeDrainsEverythingQueuedIntoTheDatabase() {
        try (Ledger ledger = Ledger.open(new LedgerConfig("jdbc:sqlite:" + dir.resolve("d.db")))) {
            AsyncLedgerWriter w = AsyncLedgerWriter.start(ledger);
            for (int i = 0; i < 1234; i++) {
                assertThat(w.submit(Rows.row("r" + i).build())).isTrue();
            }
            w.close();
            assertThat(Rows.count(ledger, "ledger_rows")).isEqualTo(1234);
            assertThat(w.writtenRows()).isEqualTo(1234);
            assertThat(w.droppedRows()).isZero();
            assertThat(w.submit(Rows.row("late").build())).isFalse();
            assertThat(w.droppedRows()).isEqualTo(1);
        }
    }

    @Test
    void aBatchTheDatabaseRefusesIsCountedAndTheWriterCarriesOn() throws Exception {
        CountDownLatch second = new CountDownLatch(1);
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        AsyncLedgerWriter w = new AsyncLedgerWriter(b -> {
            seen.add(b.get(0).requestId());
            if (b.get(0).requestId().equals("bad")) {
                throw new LedgerException("disk full");
            }
            second.countDown();
        }, 10, 1, Duration.ofMillis(10));
        w.submit(Rows.row("bad").build());
        w.submit(Rows.row("good").build());
        assertThat(second.await(5, TimeUnit.SECONDS)).isTrue();
        w.close();
        assertThat(seen).containsExactly("bad", "good");
        assertThat(w.failedRows()).isEqualTo(1);
        assertThat(w.writtenRows()).isEqualTo(1);
    }

    @Test
    void aRowIsPendingFromSubmitUntilItsBatchIsWritten() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AsyncLedgerWriter w = new AsyncLedgerWriter(b -> await(release), 10, 1, Duration.ofMillis(10));
        w.submit(Rows.row("first").build());
        w.submit(Rows.row("second").build());
        Thread.sleep(100); // "first" is in the sink, "second" queued
        assertThat(w.isPending("first")).isTrue();
        assertThat(w.isPending("second")).isTrue();
        assertThat(w.isPending("other")).isFalse();
        release.countDown();
        w.close();
        assertThat(w.isPending("first")).isFalse();
        assertThat(w.isPending("second")).isFalse();
    }

    private static void awaitEmptyQueue(AsyncLedgerWriter w) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (w.queuedRows() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(20); // past the drain into the sink call
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

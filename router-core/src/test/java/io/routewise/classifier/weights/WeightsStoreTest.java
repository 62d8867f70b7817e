package io.routewise.classifier.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routewise.classifier.RoutingWeights;
import io.routewise.json.Json;
import io.routewise.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightsStoreTest {

    @TempDir
    Path tmp;

    /** Weights whose one model expects {@code easy} on easy prompts. */
    static RoutingWeights weights(double easy) {
        return new RoutingWeights(RoutingWeights.FORMAT_VERSION, List.of("easy", "hard"), 20, "model mean",
                Map.of("gpt-4o-mini", new RoutingWeights.ModelWeights(0.6, 100, 0.0002, 100, Map.of(
                        "easy", new RoutingWeights.ClassWeight(easy, 60),
                        "hard", new RoutingWeights.ClassWeight(0.3, 40)))),
                Json.object().put("eval_run", "r1"));
    }

    @Test
    void aWrittenVersionReadsBackWithItsMetadata() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-21T03:00:00Z"));
        WeightsStore store = new WeightsStore(tmp.resolve("weights"), clock);
        assertThat(store.current()).isEmpty();
        assertThat(store.currentVersion()).isZero();

        StoredWeights written = store.write(weights(0.9), "drift: gpt-4o-mini", "run-1");

        assertThat(written.version()).isEqualTo(new WeightsVersion(1, Instant.parse("2026-11-21T03:00:00Z"),
                "drift: gpt-4o-mini", "run-1", written.version().sha256(), 0, true));
        assertThat(written.version().sha256()).hasSize(64);
        assertThat(tmp.resolve("weights/routing-weights.v0001.json")).isRegularFile();
        StoredWeights read = store.read(1);
        assertThat(read).isEqualTo(written);
        assertThat(read.weights()).isEqualTo(weights(0.9));
        assertThat(store.current()).contains(written);
        // the stored file is an ordinary routing-weights.json
        assertThat(RoutingWeights.read(store.weightsFile(1))).isEqualTo(weights(0.9));
    }

    @Test
    void versionsIncreaseAndEachRecordsTheOneCurrentBefore() {
        WeightsStore store = new WeightsStore(tmp);
        store.write(weights(0.9), "first", null);
        store.write(weights(0.8), "second", "run-2");
        store.activate(1);
        store.write(weights(0.7), "third", "run-3");

        List<WeightsVersion> versions = store.list();
        assertThat(versions).extracting(WeightsVersion::version).containsExactly(1, 2, 3);
        assertThat(versions).extracting(WeightsVersion::parent).containsExactly(0, 1, 1);
        assertThat(versions).extracting(WeightsVersion::current).containsExactly(false, false, true);
        assertThat(versions.get(0).runId()).isNull();
        assertThat(store.read(3).weights()).isEqualTo(weights(0.7));
    }

    @Test
    void rollbackWalksBackToTheTrainingWeightsThenRefuses() {
        WeightsStore store = new WeightsStore(tmp);
        store.write(weights(0.9), "v1", null);
        store.write(weights(0.8), "v2", null);
        store.write(weights(0.7), "v3", null);

        assertThat(store.rollback().version()).isEqualTo(2);
        assertThat(store.currentVersion()).isEqualTo(2);
        assertThat(store.current().orElseThrow().weights()).isEqualTo(weights(0.8));
        assertThat(store.rollback().version()).isEqualTo(1);
        WeightsVersion training = store.rollback();
        assertThat(training).isEqualTo(WeightsVersion.training(true));
        assertThat(store.current()).isEmpty();
        assertThat(store.list()).noneMatch(WeightsVersion::current);

        assertThatThrownBy(store::rollback).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nothing to roll back").hasMessageNotContaining("\n");
        // versions stay for a later activate
        assertThat(store.list()).hasSize(3);
    }

    @Test
    void rollbackOfAnEmptyStoreIsRefusedWithoutCreatingIt() {
        WeightsStore store = new WeightsStore(tmp.resolve("absent"));
        assertThatThrownBy(store::rollback).isInstanceOf(IllegalStateException.class);
        assertThat(tmp.resolve("absent")).doesNotExist();
    }

    @Test
    void activateMovesTheCurrentPointerAndRejectsUnknownVersions() {
        WeightsStore store = new WeightsStore(tmp);
        store.write(weights(0.9), "v1", null);
        store.write(weights(0.8), "v2", null);

        assertThat(store.activate(1)).extracting(WeightsVersion::version, WeightsVersion::current)
                .containsExactly(1, true);
        assertThat(store.current().orElseThrow().weights()).isEqualTo(weights(0.9));
        assertThat(store.activate(0)).isEqualTo(WeightsVersion.training(true));
        assertThat(store.current()).isEmpty();
        assertThatThrownBy(() -> store.activate(7)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no weights version v7 in " + tmp + " (it has v1–v2)");
        assertThatThrownBy(() -> store.read(7)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.currentVersion()).isZero();
    }

    @Test
    void theStampChangesOnEveryChangeOfTheCurrentVersion() {
        WeightsStore store = new WeightsStore(tmp);
        List<String> stamps = new ArrayList<>();
        stamps.add(store.stamp());
        store.write(weights(0.9), "v1", null);
        stamps.add(store.stamp());
        assertThat(store.stamp()).isEqualTo(stamps.get(1));   // no change, same stamp
        store.write(weights(0.8), "v2", null);
        stamps.add(store.stamp());
        store.rollback();
        stamps.add(store.stamp());
        store.activate(2);
        stamps.add(store.stamp());
        store.activate(0);
        stamps.add(store.stamp());

        for (int i = 1; i < stamps.size(); i++) {
            assertThat(stamps.get(i)).as("stamp after change %d", i).isNotEqualTo(stamps.get(i - 1));
        }
    }

    @Test
    void aCorruptVersionFileIsAnErrorNamingIt() throws Exception {
        WeightsStore store = new WeightsStore(tmp);
        store.write(weights(0.9), "v1", null);
        Path file = store.weightsFile(1);
        String json = Files.readString(file);
        Files.writeString(file, json.substring(0, json.length() / 2));

        assertThatThrownBy(store::current).isInstanceOf(WeightsStoreException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("corrupt");
        assertThatThrownBy(() -> store.activate(1)).isInstanceOf(WeightsStoreException.class);
    }

    @Test
    void aCorruptMetadataOrPointerFileIsAnErrorNamingIt() throws Exception {
        WeightsStore store = new WeightsStore(tmp);
        store.write(weights(0.9), "v1", null);
        Files.writeString(tmp.resolve("routing-weights.v0001.meta.json"), "{\"version\": ");
        assertThatThrownBy(store::list).isInstanceOf(WeightsStoreException.class)
                .hasMessageContaining("routing-weights.v0001.meta.json");

        Files.writeString(tmp.resolve("CURRENT"), "latest\n");
        assertThatThrownBy(store::currentVersion).isInstanceOf(WeightsStoreException.class)
                .hasMessageContaining(tmp.resolve("CURRENT").toString()).hasMessageContaining("latest");
    }

    @Test
    void aVersionWhoseMetadataWasNeverWrittenIsNotListedButItsNumberIsNotReused() throws Exception {
        WeightsStore store = new WeightsStore(tmp);
        store.write(weights(0.9), "v1", null);
        Files.writeString(tmp.resolve("routing-weights.v0002.json"), "{");   // a writer died here
        assertThat(store.list()).extracting(WeightsVersion::version).containsExactly(1);
        assertThat(store.write(weights(0.8), "next", null).version().version()).isEqualTo(3);
    }

    @Test
    void concurrentWritersGetDistinctVersions() throws Exception {
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                double easy = 0.5 + i / 100.0;
                // a store object per writer, as two processes would have
                Callable<Integer> write = () -> new WeightsStore(tmp).write(weights(easy), "w", null).version().version();
                results.add(pool.submit(write));
            }
            Set<Integer> versions = new HashSet<>();
            for (Future<Integer> f : results) {
                versions.add(f.get());
            }
            assertThat(versions).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8);
        } finally {
            pool.shutdownNow();
        }
        WeightsStore store = new WeightsStore(tmp);
        assertThat(store.list()).hasSize(writers);
        for (WeightsVersion v : store.list()) {
            assertThat(store.read(v.version()).weights().classes()).containsExactly("easy", "hard");
        }
        assertThat(store.currentVersion()).isEqualTo(8);
    }
}

package io.routewise.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.chat.Message;
import io.routewise.chat.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachedFeaturesTest {

    @TempDir
    Path tmp;

    /** Counts how often it is really asked. */
    private static final class Counting implements FeatureSource {
        final HashedWordFeatures inner;
        final AtomicInteger calls = new AtomicInteger();

        Counting(int buckets) {
            inner = new HashedWordFeatures(buckets);
        }

        @Override
        public float[] features(List<Message> messages) {
            calls.incrementAndGet();
            return inner.features(messages);
        }

        @Override
        public List<String> names() {
            return inner.names();
        }

        @Override
        public Map<String, Object> spec() {
            return inner.spec();
        }
    }

    private static List<Message> ask(String text) {
        return List.of(Message.text(Role.USER, text));
    }

    @Test
    void aSecondRunReadsTheVectorsBackInsteadOfComputingThem() {
        Counting first = new Counting(16);
        CachedFeatures cache = CachedFeatures.in(tmp, first);
        float[] a = cache.features(ask("what is the capital of France"));
        cache.features(ask("what is the capital of France"));
        assertThat(first.calls).hasValue(1);
        cache.save();

        Counting second = new Counting(16);
        CachedFeatures again = CachedFeatures.in(tmp, second);
        assertThat(again.size()).isEqualTo(1);
        assertThat(again.features(ask("what is the capital of France"))).containsExactly(a);
        assertThat(second.calls).hasValue(0);
    }

    @Test
    void anotherFeaturizerNeverReadsTheseVectors() throws Exception {
        CachedFeatures cache = CachedFeatures.in(tmp, new Counting(16));
        cache.features(ask("hello"));
        cache.save();
        Counting other = new Counting(8);
        CachedFeatures otherCache = CachedFeatures.in(tmp, other);
        assertThat(otherCache.size()).isZero();
        assertThat(otherCache.features(ask("hello"))).hasSize(other.names().size());
        try (var files = Files.list(tmp)) {
            assertThat(files.count()).isEqualTo(1);
        }
    }
}

package io.routewise.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ScoreCacheTest {

    private final AtomicInteger scored = new AtomicInteger();

    /** Fresh scores on every call, counted. */
    private Supplier<Scores> scorer() {
        return () -> new Scores(new float[] {scored.incrementAndGet()}, new double[] {0.5});
    }

    @Test
    void theSameFeaturesAndLastTurnAreScoredOnceAndAnsweredFromTheCacheAfter() {
        ScoreCache cache = ScoreCache.ofSize(100);
        float[] features = {0.25f, -1f, 3f};
        Scores first = cache.get(features, "What is 7 + 5?", scorer());
        Scores again = cache.get(features.clone(), "What is 7 + 5?", scorer());

        assertThat(again).isSameAs(first);
        assertThat(scored).hasValue(1);
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(cache.misses()).isEqualTo(1);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void anythingScoringReadsThatDiffersIsScoredAnew() {
        ScoreCache cache = ScoreCache.ofSize(100);
        float[] features = {0.25f, -1f, 3f};
        cache.get(features, "What is 7 + 5?", scorer());

        cache.get(features, "What is 7 + 6?", scorer());
        cache.get(new float[] {0.25f, -1f, Math.nextUp(3f)}, "What is 7 + 5?", scorer());
        cache.get(new float[] {0.25f, -1f, 3f, 0f}, "What is 7 + 5?", scorer());
        cache.get(new float[] {0.25f, -1f}, "What is 7 + 5?", scorer());
        cache.get(features, "What is 7 + 5? ", scorer());

        assertThat(scored).hasValue(6);
        assertThat(cache.hits()).isZero();
    }

    @Test
    void theCacheKeepsAtMostItsSize() {
        ScoreCache cache = ScoreCache.ofSize(50);
        for (int i = 0; i < 1_000; i++) {
            cache.get(new float[] {i}, "prompt " + i, scorer());
        }
        assertThat(cache.size()).isLessThanOrEqualTo(50);
        assertThat(cache.maxEntries()).isEqualTo(50);
    }

    @Test
    void sizeZeroIsNoCacheAndANegativeSizeIsRefused() {
        ScoreCache none = ScoreCache.ofSize(0);
        assertThat(none).isSameAs(ScoreCache.NONE);
        float[] features = {1f};
        Scores first = none.get(features, "hi", scorer());
        Scores second = none.get(features, "hi", scorer());

        assertThat(second).isNotSameAs(first);
        assertThat(scored).hasValue(2);
        assertThat(none.hits()).isZero();
        assertThat(none.misses()).isZero();
        assertThat(none.size()).isZero();
        assertThatThrownBy(() -> ScoreCache.ofSize(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }
}

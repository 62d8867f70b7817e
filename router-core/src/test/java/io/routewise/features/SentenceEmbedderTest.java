package io.routewise.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import ai.djl.util.Utils;

class SentenceEmbedderTest {

    private final SentenceEmbedder embedder = SharedEmbedder.embedder();

    @Test
    void embedsToA384DimensionalUnitVector() {
        float[] v = embedder.embed("The cat sits on the mat.");
        assertThat(v).hasSize(SentenceEmbedder.DIMENSIONS);
        assertThat(norm(v)).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void placesParaphrasesCloserThanUnrelatedSentences() {
        float[] cat = embedder.embed("The cat sits on the mat.");
        float[] paraphrase = embedder.embed("A cat is sitting on a rug.");
        float[] unrelated = embedder.embed("Stock markets fell sharply today.");
        double near = cosine(cat, paraphrase);
        double far = cosine(cat, unrelated);
        assertThat(near).isGreaterThan(far + 0.3);
        assertThat(near).isGreaterThan(0.5);
    }

    @Test
    void embedsTheSameTextToIdenticalVectors() {
        String text = "Explain the difference between a process and a thread.";
        assertThat(embedder.embed(text)).containsExactly(embedder.embed(text));
    }

    @Test
    void concurrentCallersGetTheVectorsOfSequentialCalls() throws Exception {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            texts.add("Request " + i + ": " + "please summarise this paragraph about topic " + i + ". ".repeat(1 + i % 7)
                    + "word ".repeat(i * 9));
        }
        List<float[]> sequential = new ArrayList<>();
        for (String t : texts) {
            sequential.add(embedder.embed(t));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> futures = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                for (String t : texts) {
                    futures.add(pool.submit(() -> embedder.embed(t)));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                assertThat(futures.get(i).get()).as("text %d", i % texts.size())
                        .containsExactly(sequential.get(i % texts.size()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theLoneCallSessionAndThePerThreadSessionsGiveIdenticalVectors() {
        // A lone call runs on a session spread over all cores, concurrent calls on one-thread
        // sessions: the vector must not depend on which one served it.
        for (String text : List.of("Hi", "The cat sits on the mat.", "word ".repeat(300),
                "Solve for x: 3x + 7 = 22. Show each step and explain why it is valid.")) {
            assertThat(embedder.embedWith(true, text)).containsExactly(embedder.embedWith(false, text));
        }
    }

    @Test
    void truncatesToTheTokenBudgetWithoutPadding() {
        String longText = "word ".repeat(400);
        assertThat(embedder.tokenCount(longText)).isEqualTo(128);
        assertThat(embedder.tokenCount("hello world")).isEqualTo(4); // [CLS] hello world [SEP]
        // Everything past the budget is cut, so extra words at the end change nothing.
        assertThat(embedder.embed(longText + " and an entirely different ending about finance"))
                .containsExactly(embedder.embed(longText));
    }

    @Test
    void honoursAConfiguredTokenBudget() {
        try (SentenceEmbedder small = new SentenceEmbedder(16, 1)) {
            assertThat(small.tokenBudget()).isEqualTo(16);
            assertThat(small.tokenCount("word ".repeat(100))).isEqualTo(16);
            assertThat(small.modelSha256()).isEqualTo(embedder.modelSha256());
            // A short text is not affected by the budget: same vector as with budget 128.
            assertThat(small.embed("short prompt")).containsExactly(embedder.embed("short prompt"));
        }
    }

    @Test
    void rejectsATokenBudgetTheModelCannotTake() {
        assertThatThrownBy(() -> new SentenceEmbedder(513, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token budget");
        assertThatThrownBy(() -> new SentenceEmbedder(128, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parallelism");
    }

    @Test
    void runsDjlOfflineAndLoadsNativesFromTheCacheDirectory() {
        // No download was attempted (DJL fetches through URL.openStream, which asks the ProxySelector).
        assertThat(SharedEmbedder.CONNECTIONS_DURING_LOAD).isEmpty();
        // DJL's telemetry (Ec2Utils.callHome) opens its connections with an explicit proxy, so a
        // ProxySelector cannot see them; it returns before connecting when either flag is set.
        assertThat(Utils.isOfflineMode()).isTrue();
        assertThat(System.getProperty("OPT_OUT_TRACKING")).isEqualTo("true");
        Path cache = CacheDirectory.root();
        assertThat(Path.of(System.getProperty("DJL_CACHE_DIR"))).startsWith(cache);
        Path ortNatives = Path.of(System.getProperty("onnxruntime.native.path"));
        assertThat(ortNatives).startsWith(cache);
        assertThat(ortNatives.resolve(System.mapLibraryName("onnxruntime"))).isRegularFile();
        assertThat(Files.exists(cache.resolve("models").resolve(embedder.modelSha256().substring(0, 16))
                .resolve(SentenceEmbedder.MODEL_RESOURCE))).isTrue();
    }

    @Test
    void leavesNoOnnxRuntimeFolderInTmp() throws Exception {
        java.lang.reflect.Field field = Class.forName("ai.onnxruntime.OnnxRuntime").getDeclaredField("tempDirectory");
        field.setAccessible(true);
        Path ortTemp = (Path) field.get(null);
        assertThat(ortTemp.getFileName().toString()).startsWith("onnxruntime-java");
        assertThat(ortTemp).doesNotExist();
    }

    @Test
    void meanPoolsOnlyUnmaskedTokensAndNormalises() {
        int d = SentenceEmbedder.DIMENSIONS;
        float[] tokens = new float[3 * d];
        tokens[0] = 1; // token 0: e0
        tokens[d + 1] = 1; // token 1: e1
        tokens[2 * d + 2] = 100; // token 2 is masked out
        float[] pooled = SentenceEmbedder.poolAndNormalise(tokens, new long[] {1, 1, 0});
        assertThat(pooled[0]).isCloseTo((float) Math.sqrt(0.5), within(1e-6f));
        assertThat(pooled[1]).isCloseTo((float) Math.sqrt(0.5), within(1e-6f));
        assertThat(pooled[2]).isZero();
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot / (norm(a) * norm(b));
    }

    static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}

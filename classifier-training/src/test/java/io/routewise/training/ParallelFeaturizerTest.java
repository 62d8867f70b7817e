package io.routewise.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routewise.chat.Message;
import io.routewise.chat.Role;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ParallelFeaturizerTest {

    /** Counts calls; the vector is the prompt's length and first character. */
    private static class Counting implements FeatureSource {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public float[] features(List<Message> messages) {
            calls.incrementAndGet();
            String t = messages.get(messages.size() - 1).text();
            return new float[] {t.length(), t.charAt(0)};
        }

        @Override
        public List<String> names() {
            return List.of("a_len", "b_first");
        }

        @Override
        public Map<String, Object> spec() {
            return Map.of();
        }
    }

    private static List<Message> prompt(String text) {
        return List.of(Message.text(Role.USER, text));
    }

    @Test
    void featurizesEachDistinctConversationOnceAndKeepsInputOrder() {
        List<List<Message>> convs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            convs.add(prompt("p" + (i % 50)));
        }
        Counting source = new Counting();
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        float[][] out = ParallelFeaturizer.featurize(convs, source, 3, new PrintStream(progress, true, StandardCharsets.UTF_8));

        assertThat(source.calls.get()).isEqualTo(50);
        for (int i = 0; i < 200; i++) {
            assertThat(out[i]).containsExactly(("p" + (i % 50)).length(), 'p');
        }
        assertThat(out[0]).isNotSameAs(out[50]); // duplicates get their own arrays
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("featurizing 200 requests (50 distinct prompts)");
    }

    @Test
    void aVectorOfTheWrongWidthNamesTheRow() {
        FeatureSource bad = new Counting() {
            @Override
            public float[] features(List<Message> messages) {
                return new float[1];
            }
        };
        assertThatThrownBy(() -> ParallelFeaturizer.featurize(List.of(prompt("x")), bad, 1,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
                .hasMessageContaining("returned 1 values for request #0");
    }
}

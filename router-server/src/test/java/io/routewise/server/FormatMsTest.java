package io.routewise.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The overhead header's milliseconds read as the formatter wrote them before. */
class FormatMsTest {

    @Test
    void writesWhatTheFormatterWrites() {
        long[] edges = {0, 1, 499, 500, 501, 999, 1_000, 1_499, 1_500, 9_999_500, 99_999, 100_000, 999_999_499,
                999_999_500, 1_000_500, 12_345_678_901L, -1_234_567};
        for (long nanos : edges) {
            assertThat(ChatCompletionsHandler.formatMs(nanos)).as("%d ns", nanos).isEqualTo(formatter(nanos));
        }
        SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < 200_000; i++) {
            long nanos = random.nextLong(i % 2 == 0 ? 10_000_000L : 100_000_000_000L);
            assertThat(ChatCompletionsHandler.formatMs(nanos)).as("%d ns", nanos).isEqualTo(formatter(nanos));
        }
    }

    private static String formatter(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }
}

package io.routewise.providers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** An echoed API key never leaves the adapter, whole or in part (issue 11, finding 4). */
class KeyRedactionTest {

    private static final String KEY = "sk-LEAKCHECK-1234567890";

    @Test
    void theWholeKeyAndEveryLongEnoughPieceOfItAreRedacted() {
        assertThat(HttpProviderAdapter.redactKey("bad key=" + KEY + ", try again", KEY))
                .isEqualTo("bad key=[redacted], try again");
        // A provider (or a length limit) cut the key short: the piece still goes.
        assertThat(HttpProviderAdapter.redactKey("bad key=" + KEY.substring(0, 17) + "...", KEY))
                .isEqualTo("bad key=[redacted]...");
        assertThat(HttpProviderAdapter.redactKey(KEY + KEY, KEY)).isEqualTo("[redacted][redacted]");
        // Fewer than 8 characters of it are not the key.
        assertThat(HttpProviderAdapter.redactKey("sk-LEAK is a word", KEY)).isEqualTo("sk-LEAK is a word");
    }

    @Test
    void aKeyAtTheEndOfALongMessageIsRedactedBeforeTheMessageIsShortened() {
        String padding = "x".repeat(480);
        byte[] body = ("{\"error\":{\"message\":\"" + padding + " key=" + KEY + "\"}}").getBytes(StandardCharsets.UTF_8);
        String shortenedFirst = HttpProviderAdapter.errorMessage(body);
        assertThat(shortenedFirst).as("cutting first is what leaked").contains("sk-");
        String detail = HttpProviderAdapter.redactKey(HttpProviderAdapter.errorText(body), KEY);
        assertThat(detail).doesNotContain(KEY.substring(0, HttpProviderAdapter.MIN_KEY_PREFIX)).endsWith("key=[redacted]");
    }
}

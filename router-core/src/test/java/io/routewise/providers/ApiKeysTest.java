package io.routewise.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routewise.config.ProviderConfig;
import io.routewise.config.ProviderKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeysTest {

    @TempDir
    Path dir;

    private static ProviderConfig provider(String env, String file) {
        return new ProviderConfig("openai", ProviderKind.OPENAI, "https://api.openai.com/v1", env, file, null, null, null);
    }

    @Test
    void prefersTheEnvironmentVariable() throws IOException {
        Path file = Files.writeString(dir.resolve("key"), "from-file\n");
        assertThat(ApiKeys.resolve(provider("MY_KEY", file.toString()), Map.of("MY_KEY", " from-env ")::get))
                .contains("from-env");
    }

    @Test
    void fallsBackToTheFirstLineOfTheKeyFile() throws IOException {
        Path file = Files.writeString(dir.resolve("key"), "sk-file-key\nsecond line\n");
        assertThat(ApiKeys.resolve(provider("UNSET", file.toString()), Map.<String, String>of()::get))
                .contains("sk-file-key");
    }

    @Test
    void isEmptyWhenNothingIsConfiguredOrSet() {
        assertThat(ApiKeys.resolve(provider(null, null), Map.<String, String>of()::get)).isEmpty();
        assertThat(ApiKeys.resolve(provider("EMPTY", null), Map.of("EMPTY", "  ")::get)).isEmpty();
    }

    @Test
    void namesTheUnreadableKeyFile() {
        String missing = dir.resolve("nope").toString();
        assertThatThrownBy(() -> ApiKeys.resolve(provider(null, missing), Map.<String, String>of()::get))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("api_key_file")
                .hasMessageContaining(missing);
    }
}

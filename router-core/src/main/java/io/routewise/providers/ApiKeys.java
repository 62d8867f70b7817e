package io.routewise.providers;

import io.routewise.config.ProviderConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds a provider's API key: the environment variable named by {@code api_key_env}, else the
 * first line of {@code api_key_file}. The key itself never appears in a message or log; errors
 * name only the variable or the file.
 */
public final class ApiKeys {

    private ApiKeys() {
    }

    /** The key from the process environment or the key file; empty when neither is set. */
    public static Optional<String> resolve(ProviderConfig config) {
        return resolve(config, System::getenv);
    }

    /**
     * The key from {@code env} or the key file.
     *
     * @throws IllegalStateException when {@code api_key_file} is configured but cannot be read
     */
    public static Optional<String> resolve(ProviderConfig config, Function<String, String> env) {
        if (config.apiKeyEnv() != null && !config.apiKeyEnv().isBlank()) {
            String value = env.apply(config.apiKeyEnv());
            if (value != null && !value.isBlank()) {
                return Optional.of(value.trim());
            }
        }
        if (config.apiKeyFile() != null && !config.apiKeyFile().isBlank()) {
            Path file = Path.of(config.apiKeyFile());
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String first = reader.readLine();
                if (first != null && !first.isBlank()) {
                    return Optional.of(first.trim());
                }
            } catch (IOException e) {
                throw new IllegalStateException("provider '" + config.name() + "': cannot read api_key_file "
                        + file + " (" + e.getClass().getSimpleName() + ")", e);
            }
        }
        return Optional.empty();
    }
}

package io.routewise.config;

/**
 * The per-request log line.
 *
 * @param logPrompts include prompt text in request logs (off by default: prompts may hold personal data)
 */
public record LoggingConfig(Boolean logPrompts) {

    public static final LoggingConfig DEFAULT = new LoggingConfig(null);

    public LoggingConfig {
        logPrompts = logPrompts != null && logPrompts;
    }
}

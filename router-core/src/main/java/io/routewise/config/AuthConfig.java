package io.routewise.config;

/**
 * Who may call the router.
 *
 * @param required        every route but {@code /health} and {@code /ready} needs a caller key
 *                        ({@code routewise keys create}); default false
 * @param adminKeyEnv     the environment variable that holds the admin credential (default
 *                        {@code ROUTEWISE_ADMIN_KEY}); it guards {@code /admin/*}, spend across keys and,
 *                        with {@code protectMetrics}, {@code /metrics}
 * @param adminKeyFile    a file whose first line is the admin credential (instead of the variable)
 * @param allowAnonymous  lets the router listen on a non-loopback address without {@code required}
 *                        (otherwise it refuses to start there); default false
 * @param protectMetrics  {@code /metrics} needs the admin credential; default: when {@code required}
 */
public record AuthConfig(Boolean required, String adminKeyEnv, String adminKeyFile, Boolean allowAnonymous,
                         Boolean protectMetrics) {

    public static final String DEFAULT_ADMIN_KEY_ENV = "ROUTEWISE_ADMIN_KEY";
    public static final AuthConfig DEFAULT = new AuthConfig(null, null, null, null, null);

    public AuthConfig {
        required = required != null && required;
        adminKeyEnv = adminKeyEnv == null || adminKeyEnv.isBlank() ? DEFAULT_ADMIN_KEY_ENV : adminKeyEnv;
        allowAnonymous = allowAnonymous != null && allowAnonymous;
        protectMetrics = protectMetrics == null ? required : protectMetrics;
    }
}

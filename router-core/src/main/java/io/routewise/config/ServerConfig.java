package io.routewise.config;

import java.util.List;

/**
 * The HTTP listener.
 *
 * @param maxBodyBytes requests with a larger body get a 413
 * @param corsOrigins  browser origins allowed to call the router (e.g. {@code https://app.example.com});
 *                     empty (the default): no CORS headers at all, so no web page can use a visitor's
 *                     browser to call it
 */
public record ServerConfig(String host, Integer port, Long maxBodyBytes, List<String> corsOrigins) {

    public static final ServerConfig DEFAULT = new ServerConfig(null, null, null, null);

    public ServerConfig {
        host = host == null ? "127.0.0.1" : host;
        port = port == null ? 8080 : port;
        maxBodyBytes = maxBodyBytes == null ? 10L * 1024 * 1024 : maxBodyBytes;
        corsOrigins = corsOrigins == null ? List.of() : List.copyOf(corsOrigins);
    }

    /** Without CORS origins. */
    public ServerConfig(String host, Integer port, Long maxBodyBytes) {
        this(host, port, maxBodyBytes, null);
    }
}

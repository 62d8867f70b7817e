package io.routewise.config;

import java.util.List;

/**
 * The HTTP listener.
 *
 * @param maxBodyBytes requests with a larger body get a 413
 * @param corsOrigins  browser origins allowed to call the router (e.g. {@code https://app.example.com});
 *                     empty (the default): no CORS headers at all, so no web page can use a visitor's
 *                     browser to call it
 * @param scoreCacheEntries how many requests' scores (the model directory's reading of a prompt, most of a
 *                     decision's CPU) the router keeps, so that a prompt seen again is not scored again; 0 turns
 *                     the cache off
 */
public record ServerConfig(String host, Integer port, Long maxBodyBytes, List<String> corsOrigins,
                           Integer scoreCacheEntries) {

    /** The default of {@code server.score_cache_entries}: a few MB. */
    public static final int DEFAULT_SCORE_CACHE_ENTRIES = 10_000;

    public static final ServerConfig DEFAULT = new ServerConfig(null, null, null, null, null);

    public ServerConfig {
        host = host == null ? "127.0.0.1" : host;
        port = port == null ? 8080 : port;
        maxBodyBytes = maxBodyBytes == null ? 10L * 1024 * 1024 : maxBodyBytes;
        corsOrigins = corsOrigins == null ? List.of() : List.copyOf(corsOrigins);
        scoreCacheEntries = scoreCacheEntries == null ? DEFAULT_SCORE_CACHE_ENTRIES : scoreCacheEntries;
    }

    /** Without CORS origins, with the default score cache. */
    public ServerConfig(String host, Integer port, Long maxBodyBytes) {
        this(host, port, maxBodyBytes, null, null);
    }
}

package io.routewise.config;

/**
 * The HTTP listener.
 *
 * @param maxBodyBytes requests with a larger body get a 413
 */
public record ServerConfig(String host, Integer port, Long maxBodyBytes) {

    public static final ServerConfig DEFAULT = new ServerConfig(null, null, null);

    public ServerConfig {
        host = host == null ? "127.0.0.1" : host;
        port = port == null ? 8080 : port;
        maxBodyBytes = maxBodyBytes == null ? 10L * 1024 * 1024 : maxBodyBytes;
    }
}

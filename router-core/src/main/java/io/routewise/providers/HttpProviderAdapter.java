package io.routewise.providers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.ChatResponse;
import io.routewise.chat.StreamEvent;
import io.routewise.config.ModelConfig;
import io.routewise.config.ProviderConfig;
import io.routewise.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Calls one configured provider over HTTP in any {@link ProviderCodec}. Thread-safe; one instance per
 * provider, all sharing Apache HttpClient's blocking client (HTTP/1.1, pooled keep-alive
 * connections). The blocking client does the whole exchange on the calling thread; the JDK client
 * hands every call through its selector thread, which measured twice as slow per call here and
 * capped throughput under concurrency (scripts/bench-overhead).
 *
 * <p>Failures are classified for the dispatcher: 429 is {@code RATE_LIMITED} (with
 * {@code Retry-After}), 5xx {@code SERVER_ERROR}, 408 and silence longer than {@code timeout_ms}
 * {@code TIMEOUT}, other 4xx {@code CLIENT_ERROR} (with the provider's own error message), no
 * connection {@code CONNECTION}, and a stream that ends without its end marker
 * {@code STREAM_INTERRUPTED}. {@code timeout_ms} bounds a whole non-streamed call, and the silence
 * between bytes of a stream. The API key is never put into a message.
 */
public final class HttpProviderAdapter implements ProviderAdapter {

    private static final int MAX_ERROR_BODY_BYTES = 64 * 1024;
    private static final int MAX_ERROR_MESSAGE_CHARS = 500;
    /** After the end marker, how long to wait for the body to end so the connection can be reused. */
    private static final long DRAIN_NANOS = Duration.ofMillis(250).toNanos();
    private static final Map<Integer, CloseableHttpClient> SHARED_CLIENTS = new ConcurrentHashMap<>();
    /** Connections kept per upstream host: enough for every in-flight request of a busy router. */
    private static final int MAX_CONNECTIONS_PER_ROUTE = 1024;
    /** JSON is UTF-8 by definition (RFC 8259); some providers reject a charset parameter. */
    private static final ContentType JSON_CONTENT = ContentType.create("application/json", (java.nio.charset.Charset) null);
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Headers the HTTP client sets itself; configuring them would corrupt the exchange. */
    private static final List<String> RESERVED_HEADERS = List.of("host", "content-length", "connection",
            "transfer-encoding", "content-type", "expect", "upgrade");

    private final ProviderConfig config;
    private final ProviderCodec wire;
    private final CloseableHttpClient client;
    private final String apiKey;
    private final String baseUrl;
    private final long timeoutNanos;
    private final List<Map.Entry<String, String>> headers;
    private final RequestConfig requestConfig;
    private final Map<String, URI> uris = new ConcurrentHashMap<>();

    /** An adapter with the key from the provider's env var or key file, on the shared client. */
    public HttpProviderAdapter(ProviderConfig config, ProviderCodec wire) {
        this(config, wire, sharedClient(config.connectTimeoutMs()), ApiKeys.resolve(config).orElse(null));
    }

    /**
     * @param client the client to call through (its connect timeout applies)
     * @param apiKey the key, or null for a provider that needs none (e.g. a local vLLM)
     */
    public HttpProviderAdapter(ProviderConfig config, ProviderCodec wire, CloseableHttpClient client, String apiKey) {
        if (config.baseUrl() == null || config.baseUrl().isBlank()) {
            throw new IllegalArgumentException("provider '" + config.name() + "' needs a base_url");
        }
        this.config = config;
        this.wire = wire;
        this.client = client;
        this.apiKey = apiKey;
        this.baseUrl = config.baseUrl().endsWith("/")
                ? config.baseUrl().substring(0, config.baseUrl().length() - 1) : config.baseUrl();
        this.timeoutNanos = Duration.ofMillis(config.timeoutMs()).toNanos();
        this.headers = headerList(config, wire, apiKey);
        // The response timeout is the socket read timeout: the longest silence while waiting for
        // the status line or between bytes of the body (a stream's idle timeout).
        this.requestConfig = RequestConfig.custom()
                .setResponseTimeout(Timeout.ofMilliseconds(config.timeoutMs()))
                .build();
    }

    /** The shared HTTP/1.1 client for a connect timeout; clients are pooled per distinct timeout. */
    public static CloseableHttpClient sharedClient(int connectTimeoutMs) {
        return SHARED_CLIENTS.computeIfAbsent(connectTimeoutMs, ms -> HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).build())
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.ofMilliseconds(ms))
                                // A pooled connection idle this long is checked before reuse, so a
                                // provider that closed it does not cost a failed call.
                                .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                                .build())
                        .setMaxConnPerRoute(MAX_CONNECTIONS_PER_ROUTE)
                        .setMaxConnTotal(4 * MAX_CONNECTIONS_PER_ROUTE)
                        .build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableContentCompression()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .setUserAgent("routewise")
                .build());
    }

    /** Whether an API key was found; without one the server may route this provider to the simulator. */
    public boolean hasKey() {
        return apiKey != null;
    }

    public ProviderConfig config() {
        return config;
    }

    @Override
    public ChatResponse complete(ChatRequest request, ModelConfig model) throws ProviderException {
        return complete(request, model, Duration.ofNanos(timeoutNanos));
    }

    /**
     * One non-streamed answer within {@code attemptTimeout}: it bounds the wait for the answer to begin
     * (with {@code timeout_ms}, whichever is shorter) and the whole call.
     */
    @Override
    public ChatResponse complete(ChatRequest request, ModelConfig model, Duration attemptTimeout) throws ProviderException {
        String upstream = model.upstreamModel();
        ChatRequest allowed = request.withExtra(model.allowedExtra(request.extra()));
        ChatRequest plain = allowed.stream() ? allowed.withStream(false, false) : allowed;
        long limitMs = Math.max(1, Math.min(config.timeoutMs(), attemptTimeout.toMillis()));
        long deadline = System.nanoTime() + Math.max(1, attemptTimeout.toNanos());
        HttpPost post = post(plain, upstream, false);
        post.setConfig(limitMs == config.timeoutMs() ? requestConfig
                : RequestConfig.custom().setResponseTimeout(Timeout.ofMilliseconds(limitMs)).build());
        ClassicHttpResponse response = send(post, limitMs);
        int status = response.getCode();
        byte[] body;
        WatchedInputStream in = null;
        try {
            in = new WatchedInputStream(content(response), WatchedInputStream.NONE, deadline, post::cancel);
            body = in.readAllBytes();
        } catch (SocketTimeoutException e) {
            throw timeout("the answer stalled for " + limitMs + " ms", e);
        } catch (IOException e) {
            if (in != null && in.expired()) {
                throw timeout("no complete answer within " + attemptTimeout.toMillis() + " ms", e);
            }
            throw new ProviderException(ProviderException.Kind.CONNECTION, status, null,
                    "provider '" + config.name() + "': connection lost while reading the answer (" + describe(e) + ")", e);
        } finally {
            closeQuietly(in);
            closeQuietly(response);
        }
        if (status / 100 != 2) {
            throw statusError(status, response::getFirstHeader, body);
        }
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new ProviderException(ProviderException.Kind.BAD_RESPONSE, status, null,
                    "provider '" + config.name() + "' answered with invalid JSON", e);
        }
        return wire.decodeResponse(json);
    }

    @Override
    public void stream(ChatRequest request, ModelConfig model, Consumer<StreamEvent> sink) throws ProviderException {
        stream(request, model, sink, null, null);
    }

    /**
     * Streams with a time-to-first-token limit (from sending the request to its first event; null for
     * none) and an idle limit between bytes (null: {@code timeout_ms}).
     */
    @Override
    public void stream(ChatRequest request, ModelConfig model, Consumer<StreamEvent> sink, Duration firstTokenTimeout,
                       Duration idleTimeout) throws ProviderException {
        String upstream = model.upstreamModel();
        HttpPost post = post(request.withExtra(model.allowedExtra(request.extra())).withStream(true, true), upstream, true);
        long idleMs = idleTimeout == null ? config.timeoutMs() : Math.max(1, idleTimeout.toMillis());
        if (idleMs != config.timeoutMs()) {
            post.setConfig(RequestConfig.custom().setResponseTimeout(Timeout.ofMilliseconds(idleMs)).build());
        }
        FirstTokenGuard guard = firstTokenTimeout == null ? null : new FirstTokenGuard(post, firstTokenTimeout);
        try {
            stream(post, sink, guard, idleMs);
        } catch (ProviderException e) {
            if (guard != null && guard.expired()) {
                throw timeout("no first token within " + firstTokenTimeout.toMillis() + " ms", e);
            }
            throw e;
        } finally {
            if (guard != null) {
                guard.disarm();
            }
        }
    }

    private void stream(HttpPost post, Consumer<StreamEvent> sink, FirstTokenGuard guard, long idleMs)
            throws ProviderException {
        ClassicHttpResponse response = send(post, idleMs);
        int status = response.getCode();
        WatchedInputStream in = null;
        try {
            // The socket's read timeout bounds the silence between bytes; the watcher only
            // shortens it while draining a finished stream.
            in = new WatchedInputStream(content(response), WatchedInputStream.NONE, WatchedInputStream.NONE, post::cancel);
            if (status / 100 != 2) {
                byte[] body = in.readNBytes(MAX_ERROR_BODY_BYTES);
                throw statusError(status, response::getFirstHeader, body);
            }
            StreamDecoder decoder = wire.newStreamDecoder();
            SseReader reader = new SseReader(in);
            SseFrame frame;
            while ((frame = reader.next()) != null) {
                for (StreamEvent event : decoder.decode(frame)) {
                    if (guard != null) {
                        guard.disarm();
                    }
                    sink.accept(event);
                }
                if (decoder.done()) {
                    drain(reader, in);
                    return;
                }
            }
            throw new ProviderException(ProviderException.Kind.STREAM_INTERRUPTED, status, null,
                    "provider '" + config.name() + "': the stream ended before its end marker", null);
        } catch (SocketTimeoutException e) {
            throw timeout("the stream was silent for " + idleMs + " ms", e);
        } catch (IOException e) {
            throw new ProviderException(ProviderException.Kind.STREAM_INTERRUPTED, status, null,
                    "provider '" + config.name() + "': the stream broke off (" + describe(e) + ")", e);
        } finally {
            closeQuietly(in);
            closeQuietly(response);
        }
    }

    private static InputStream content(ClassicHttpResponse response) throws IOException {
        HttpEntity entity = response.getEntity();
        return entity == null ? InputStream.nullInputStream() : entity.getContent();
    }

    /**
     * Reads what follows the end marker (normally nothing) so the connection returns to the pool;
     * a server that keeps the stream open is given {@link #DRAIN_NANOS} and then cut off. The
     * answer is complete either way, so a failure here is not the caller's concern.
     */
    private static void drain(SseReader reader, WatchedInputStream in) {
        in.limitIdle(DRAIN_NANOS);
        try {
            while (reader.next() != null) {
                // frames after the end marker carry nothing
            }
        } catch (IOException e) {
            // The connection is closed instead of reused; nothing was lost.
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException e) {
            // Closing a body we are done with; the connection is simply not reused.
        }
    }

    private HttpPost post(ChatRequest request, String upstream, boolean stream) {
        ObjectNode body = wire.encodeRequest(request, upstream);
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialise a request body", e);
        }
        HttpPost post = new HttpPost(uri(upstream, stream));
        post.setConfig(requestConfig);
        for (Map.Entry<String, String> h : headers) {
            post.addHeader(h.getKey(), h.getValue());
        }
        post.setHeader("Accept", stream ? "text/event-stream" : "application/json");
        post.setEntity(new ByteArrayEntity(bytes, JSON_CONTENT));
        return post;
    }

    /** Sends the request and returns once the status line and headers are in; the body is still to read. */
    private ClassicHttpResponse send(HttpPost post, long responseTimeoutMs) throws ProviderException {
        try {
            return client.executeOpen(null, post, null);
        } catch (ConnectTimeoutException e) {
            throw new ProviderException(ProviderException.Kind.CONNECTION, 0, null, "provider '" + config.name()
                    + "': could not connect within " + config.connectTimeoutMs() + " ms", e);
        } catch (SocketTimeoutException e) {
            throw timeout("no response within " + responseTimeoutMs + " ms", e);
        } catch (ConnectException e) {
            throw new ProviderException(ProviderException.Kind.CONNECTION, 0, null,
                    "provider '" + config.name() + "': could not connect to " + baseUrl + " (" + describe(e) + ")", e);
        } catch (IOException e) {
            throw new ProviderException(ProviderException.Kind.CONNECTION, 0, null,
                    "provider '" + config.name() + "': connection failed (" + describe(e) + ")", e);
        } catch (IllegalStateException e) {
            if (!post.isCancelled()) {
                throw e;
            }
            // Cancelled by a timeout guard while the client was still acquiring or using its connection.
            throw new ProviderException(ProviderException.Kind.CONNECTION, 0, null,
                    "provider '" + config.name() + "': the call was cancelled (" + e.getMessage() + ")", e);
        }
    }

    private URI uri(String upstream, boolean stream) {
        String key = stream ? upstream + "\u0000s" : upstream;
        URI uri = uris.get(key);
        if (uri == null) {
            uri = URI.create(baseUrl + wire.requestPath(upstream, stream));
            uris.put(key, uri);
        }
        return uri;
    }

    private ProviderException timeout(String what, Throwable cause) {
        return new ProviderException(ProviderException.Kind.TIMEOUT, 0, null,
                "provider '" + config.name() + "': " + what, cause);
    }

    /**
     * Cancels an exchange whose first stream event has not arrived in time. Disarmed by the first event
     * (or the end of the call); {@link #expired()} then tells the caller the cancellation was a timeout.
     */
    private static final class FirstTokenGuard {
        private final java.util.concurrent.ScheduledFuture<?> timer;
        private final java.util.concurrent.atomic.AtomicInteger state = new java.util.concurrent.atomic.AtomicInteger();
        private static final int ARMED = 0;
        private static final int DISARMED = 1;
        private static final int EXPIRED = 2;

        FirstTokenGuard(HttpPost post, Duration limit) {
            this.timer = WatchedInputStream.after(Math.max(1, limit.toNanos()), () -> {
                if (state.compareAndSet(ARMED, EXPIRED)) {
                    post.cancel();
                }
            });
        }

        void disarm() {
            if (state.compareAndSet(ARMED, DISARMED)) {
                timer.cancel(false);
            }
        }

        boolean expired() {
            return state.get() == EXPIRED;
        }
    }

    private ProviderException statusError(int status, Function<String, Header> responseHeaders, byte[] body) {
        // Redact first, shorten after: cutting first could leave part of an echoed key behind.
        String detail = shorten(redactKey(errorText(body), apiKey));
        String message = "provider '" + config.name() + "' answered HTTP " + status + (detail.isEmpty() ? "" : ": " + detail);
        if (status == 429) {
            Duration retryAfter = retryAfter(headerValue(responseHeaders.apply("retry-after-ms")),
                    headerValue(responseHeaders.apply("retry-after")), Instant.now());
            return new ProviderException(ProviderException.Kind.RATE_LIMITED, status, retryAfter, message, null);
        }
        if (ContentFaults.causedByRequest(status, detail)) {
            // The request's own fault in a 5xx: neither the breaker's business nor worth another model.
            return new ProviderException(ProviderException.Kind.CLIENT_ERROR, status, null, message
                    + " (read as a fault of the request)", null);
        }
        ProviderException.Kind kind = status >= 500 ? ProviderException.Kind.SERVER_ERROR
                : status == 408 ? ProviderException.Kind.TIMEOUT : ProviderException.Kind.CLIENT_ERROR;
        return new ProviderException(kind, status, null, message, null);
    }

    private static String headerValue(Header header) {
        return header == null ? null : header.getValue();
    }

    /** The provider's own error text: {@code error.message} (OpenAI, Anthropic, Gemini), else the raw body, shortened. */
    static String errorMessage(byte[] body) {
        return shorten(errorText(body));
    }

    private static String shorten(String text) {
        return text.length() > MAX_ERROR_MESSAGE_CHARS ? text.substring(0, MAX_ERROR_MESSAGE_CHARS) + "..." : text;
    }

    /** The provider's own error text, whole (up to the bytes read of the body). */
    static String errorText(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        String text = new String(body, 0, Math.min(body.length, MAX_ERROR_BODY_BYTES), StandardCharsets.UTF_8).trim();
        try {
            JsonNode json = Json.MAPPER.readTree(text);
            JsonNode error = json == null ? null : json.get("error");
            if (error != null && error.isObject() && error.path("message").isTextual()) {
                text = error.get("message").textValue();
            } else if (error != null && error.isTextual()) {
                text = error.textValue();
            } else if (json != null && json.path("message").isTextual()) {
                text = json.get("message").textValue();
            }
        } catch (IOException notJson) {
            // Not JSON (e.g. an HTML page from a proxy): the raw text is the best we have.
        }
        return text;
    }

    /** How long a piece of a key must be to count as the key (shorter runs are too likely by chance). */
    static final int MIN_KEY_PREFIX = 8;

    /**
     * Some providers echo the key they were given in their error text; never pass it on, not even in
     * part: every run of text that starts like the key for at least {@value #MIN_KEY_PREFIX} characters
     * (the whole key, or a piece of it cut off by the provider or by a length limit) becomes {@code [redacted]}.
     */
    static String redactKey(String text, String key) {
        if (key == null || key.length() < MIN_KEY_PREFIX || text.isEmpty()) {
            return text;
        }
        String head = key.substring(0, MIN_KEY_PREFIX);
        int at = text.indexOf(head);
        if (at < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        while (at >= 0) {
            int end = at + MIN_KEY_PREFIX;
            while (end < text.length() && end - at < key.length() && text.charAt(end) == key.charAt(end - at)) {
                end++;
            }
            out.append(text, from, at).append("[redacted]");
            from = end;
            at = text.indexOf(head, from);
        }
        return out.append(text, from, text.length()).toString();
    }

    /**
     * How long to wait before retrying: {@code retry-after-ms} (OpenAI) if present, else
     * {@code Retry-After} as seconds or as an HTTP date; null when absent or unreadable.
     */
    static Duration retryAfter(String millisHeader, String header, Instant now) {
        if (millisHeader != null) {
            try {
                return Duration.ofMillis(Math.max(0, Math.round(Double.parseDouble(millisHeader.trim()))));
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        try {
            double seconds = Double.parseDouble(value);
            return seconds < 0 ? Duration.ZERO : Duration.ofMillis(Math.round(seconds * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant when = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(now, when);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static List<Map.Entry<String, String>> headerList(ProviderConfig config, ProviderCodec wire, String apiKey) {
        List<Map.Entry<String, String>> list = new ArrayList<>();
        list.addAll(config.headers().entrySet());
        if (apiKey != null) {
            list.addAll(wire.authHeaders(apiKey).entrySet());
        }
        for (Map.Entry<String, String> h : list) {
            String value = h.getValue();
            if (!HEADER_NAME.matcher(h.getKey()).matches() || RESERVED_HEADERS.contains(h.getKey().toLowerCase(java.util.Locale.ROOT))
                    || value == null || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                // The value is left out of the message: it may be the key.
                throw new IllegalArgumentException("provider '" + config.name() + "': a configured header ("
                        + headerNames(config) + ") or the API key is not allowed as an HTTP header;"
                        + " remove headers the HTTP client sets itself and check the key for stray characters");
            }
        }
        return List.copyOf(list);
    }

    private static String headerNames(ProviderConfig config) {
        return String.join(", ", config.headers().keySet());
    }
}

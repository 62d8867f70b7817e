package io.routewise.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routewise.chat.InvalidRequestException;
import io.routewise.chat.RoutingOptions;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/** Reads what a client sent: the JSON body (within the size limit) and the routing headers. */
final class RequestBodies {

    private static final ObjectMapper JSON = io.routewise.json.Json.MAPPER;

    private RequestBodies() {
    }

    /**
     * The body as a JSON tree.
     *
     * @throws InvalidRequestException 413 over the limit, 400 when empty or not JSON
     */
    static JsonNode readJson(Context ctx, long maxBytes) {
        byte[] body = readBody(ctx, maxBytes);
        if (body.length == 0) {
            throw new InvalidRequestException(400, "The request body is empty; send a JSON object.", null, "invalid_json");
        }
        try {
            // One JSON value and nothing after it: "{...}{...}" is not a request body.
            JsonNode node = JSON.reader().with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new InvalidRequestException(400, "The request body is empty; send a JSON object.", null, "invalid_json");
            }
            return node;
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            String where = loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
            throw new InvalidRequestException(400, "We could not parse the JSON body of your request" + where + ": "
                    + describe(e), null, "invalid_json");
        } catch (IOException e) {
            throw new InvalidRequestException(400, "Could not read the request body: " + e.getMessage(), null, "invalid_json");
        }
    }

    /** Longest parser detail repeated to the caller. */
    private static final int MAX_DETAIL_CHARS = 200;

    /**
     * What went wrong, in the caller's terms: the parser's own sentence without its internals (no
     * {@code StreamReadConstraints}, {@code [Source: ...]} or feature names), one line, shortened.
     */
    static String describe(JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException) {
            return "the body exceeds a parser limit (nesting depth, or the length of a number, string or name).";
        }
        String detail = String.valueOf(e.getOriginalMessage());
        int nl = detail.indexOf('\n');
        if (nl >= 0) {
            detail = detail.substring(0, nl);
        }
        detail = detail.replaceAll("\\s*\\[Source:.*", "")
                .replaceAll("\\s*\\((?:[^()]*(?:Feature|Constraints|JsonParser|JsonReadFeature)[^()]*)\\)", "")
                .strip();
        return detail.length() > MAX_DETAIL_CHARS ? detail.substring(0, MAX_DETAIL_CHARS) + "..." : detail;
    }

    /** Most bytes of a refused body read and thrown away so that its sender hears the 413. */
    static final long MAX_DRAIN_BYTES = 8L * 1024 * 1024;

    /**
     * Reads and discards what is left of a body the router refuses (up to {@link #MAX_DRAIN_BYTES}): a
     * connection closed with unread bytes is reset by the kernel, and a client still uploading would
     * lose the 413 in the reset. A larger body is not worth reading; its sender may see a reset.
     */
    private static void drain(Context ctx, long declared) {
        if (declared > MAX_DRAIN_BYTES) {
            return;
        }
        // Only what arrives within a short while, and never a blocking read: a client that announced a
        // body and sends none must not hold this thread.
        long until = System.nanoTime() + DRAIN_WAIT.toNanos();
        try {
            InputStream in = ctx.req().getInputStream();
            byte[] sink = new byte[64 * 1024];
            long read = 0;
            while (read < declared && System.nanoTime() < until) {
                int available = in.available();
                if (available <= 0) {
                    Thread.sleep(2);
                    continue;
                }
                int n = in.read(sink, 0, (int) Math.min(sink.length, available));
                if (n < 0) {
                    return;
                }
                read += n;
            }
        } catch (IOException | RuntimeException e) {
            // the client went away or sent less than it said: nothing left to protect
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How long a refused body is read for at most. */
    private static final java.time.Duration DRAIN_WAIT = java.time.Duration.ofMillis(500);

    private static byte[] readBody(Context ctx, long maxBytes) {
        String declared = ctx.header("Content-Length");
        if (declared != null) {
            try {
                long length = Long.parseLong(declared.trim());
                if (length > maxBytes) {
                    drain(ctx, length);
                    throw tooLarge(maxBytes);
                }
            } catch (NumberFormatException e) {
                throw new InvalidRequestException(400, "Content-Length is not a number.", null, "invalid_header");
            }
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (body.length > maxBytes) {
                drain(ctx, MAX_DRAIN_BYTES);
                throw tooLarge(maxBytes);
            }
            return body;
        } catch (IOException e) {
            throw new InvalidRequestException(400, "Could not read the request body: " + e.getMessage(), null, "invalid_body");
        }
    }

    private static InvalidRequestException tooLarge(long maxBytes) {
        return new InvalidRequestException(413, "The request body is larger than this router's limit of " + maxBytes
                + " bytes (server.max_body_bytes).", null, "request_too_large");
    }

    /** Routing knobs from {@code x-routewise-*} headers; the body's {@code routewise} object wins over these. */
    static RoutingOptions routingHeaders(Context ctx) {
        Double quality = number(ctx, "x-routewise-quality-target", 0, 1);
        Double margin = number(ctx, "x-routewise-quality-margin", 0, 1);
        Double price = number(ctx, "x-routewise-usd-per-quality-point", 0, Double.MAX_VALUE);
        if (price != null && price == 0) {
            throw InvalidRequestException.badField("x-routewise-usd-per-quality-point",
                    "x-routewise-usd-per-quality-point must be greater than 0.");
        }
        Double maxCost = number(ctx, "x-routewise-max-cost-usd", 0, Double.MAX_VALUE);
        Double budget = number(ctx, "x-routewise-latency-budget-ms", 1, Long.MAX_VALUE);
        String pool = ctx.header("x-routewise-pool");
        if (pool != null && !pool.equals("interactive") && !pool.equals("batch")) {
            throw InvalidRequestException.badField("x-routewise-pool", "x-routewise-pool must be 'interactive' or 'batch'.");
        }
        if (quality == null && margin == null && price == null && maxCost == null && budget == null && pool == null) {
            return RoutingOptions.NONE;
        }
        return new RoutingOptions(quality, maxCost, budget == null ? null : budget.longValue(), pool, margin, price);
    }

    private static Double number(Context ctx, String header, double min, double max) {
        String raw = ctx.header(header);
        if (raw == null) {
            return null;
        }
        try {
            double v = Double.parseDouble(raw.trim());
            if (!(v >= min && v <= max)) {
                throw InvalidRequestException.badField(header, header + " must be between " + fmt(min) + " and "
                        + fmt(max) + " (got " + raw + ").");
            }
            return v;
        } catch (NumberFormatException e) {
            throw InvalidRequestException.badField(header, header + " must be a number (got '" + raw + "').");
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}

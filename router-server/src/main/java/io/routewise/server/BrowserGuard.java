package io.routewise.server;

import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Keeps web pages from using a visitor's browser to call the router. A browser sends a cross-site
 * POST without asking first only with a "simple" content type (form data or plain text), so a POST
 * with a body that is not declared JSON is refused (415). CORS answers are given only to origins
 * listed in {@code server.cors_origins}; without any, the router sends no CORS headers and browsers
 * keep every other site's scripts from reading its answers.
 */
final class BrowserGuard {

    private final Set<String> origins;

    BrowserGuard(List<String> origins) {
        this.origins = Set.copyOf(origins);
    }

    /** The refusal of a request, or null to let it through (CORS headers added for allowed origins). */
    ApiError check(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin != null && origins.contains(origin)) {
            ctx.header("Access-Control-Allow-Origin", origin);
            ctx.header("Vary", "Origin");
        }
        if ("POST".equals(ctx.method().name())) {
            String type = ctx.header("Content-Type");
            if (type != null && !json(type)) {
                return new ApiError(415, "Request bodies must be JSON: send 'Content-Type: application/json' (got '"
                        + shorten(type) + "').", "invalid_request_error", "content-type", "unsupported_media_type", null);
            }
        }
        return null;
    }

    /** {@code OPTIONS}: a CORS preflight answered for allowed origins only. */
    void preflight(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin != null && origins.contains(origin)) {
            ctx.header("Access-Control-Allow-Origin", origin);
            ctx.header("Vary", "Origin");
            ctx.header("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
            ctx.header("Access-Control-Allow-Headers", "Authorization, Content-Type, x-api-key, x-request-id, "
                    + "x-routewise-quality-target, x-routewise-quality-margin, x-routewise-max-cost-usd, "
                    + "x-routewise-latency-budget-ms, x-routewise-pool, x-routewise-usd-per-quality-point");
            ctx.header("Access-Control-Max-Age", "600");
        }
        ctx.status(204);
    }

    private static boolean json(String contentType) {
        String base = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return base.equals("application/json") || (base.startsWith("application/") && base.endsWith("+json"));
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }
}

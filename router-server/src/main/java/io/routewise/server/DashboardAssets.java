package io.routewise.server;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's static files ({@code /ui/}), served from the jar: the page, its script and style,
 * and uPlot (the charts, from its WebJar). A fixed list of names, so no path reaches anything else;
 * nothing is fetched from the internet. The files carry no data: the page reads the
 * {@code /admin/dashboard/*} endpoints with the admin credential the operator types in.
 */
final class DashboardAssets {

    private static final String UPLOT = "/META-INF/resources/webjars/uplot/1.6.30/dist/";

    /** Served name → classpath resource and content type. */
    private static final Map<String, String[]> FILES = Map.of(
            "index.html", new String[] {"/io/routewise/ui/index.html", "text/html; charset=utf-8"},
            "app.js", new String[] {"/io/routewise/ui/app.js", "text/javascript; charset=utf-8"},
            "app.css", new String[] {"/io/routewise/ui/app.css", "text/css; charset=utf-8"},
            "uPlot.iife.min.js", new String[] {UPLOT + "uPlot.iife.min.js", "text/javascript; charset=utf-8"},
            "uPlot.min.css", new String[] {UPLOT + "uPlot.min.css", "text/css; charset=utf-8"});

    private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();

    private DashboardAssets() {
    }

    /** Whether a path is one of the dashboard's files (open without credentials). */
    static boolean isAsset(String path) {
        if (path.equals("/") || path.equals("/ui") || path.equals("/ui/")) {
            return true;
        }
        return path.startsWith("/ui/") && FILES.containsKey(path.substring(4));
    }

    static void serve(Context ctx) {
        if (ctx.path().equals("/ui")) {
            ctx.redirect("/ui/"); // the page's relative links need the slash
            return;
        }
        String name = ctx.path().equals("/ui/") ? "index.html" : ctx.path().substring(4);
        String[] file = FILES.get(name);
        if (file == null) {
            RouterHttp.sendError(ctx, ApiError.notFound("No dashboard file '" + name + "'."));
            return;
        }
        byte[] body = CACHE.computeIfAbsent(name, n -> read(file[0]));
        ctx.contentType(file[1])
                .header("Cache-Control", "no-cache")
                .header("X-Content-Type-Options", "nosniff")
                // Only the router's own scripts and API, no inline script, no framing by other sites (inline styles are
                // allowed: the evaluation reports the page opens carry their own).
                .header("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
                        + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'")
                .result(body);
    }

    private static byte[] read(String resource) {
        try (InputStream in = DashboardAssets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("dashboard file missing from the jar: " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

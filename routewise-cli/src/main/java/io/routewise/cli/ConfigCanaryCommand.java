package io.routewise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.auth.AdminCredential;
import io.routewise.config.RoutewiseConfig;
import io.routewise.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code routewise config canary FILE --percent P [--by key|request]} and {@code canary status | promote |
 * abort}: a candidate config serving a share of a running router's traffic, through its admin API
 * ({@code /admin/config/canary}; the admin credential comes from the config's {@code auth} section).
 */
@Command(name = "canary", mixinStandardHelpOptions = true,
        subcommands = {ConfigCanaryCommand.Status.class, ConfigCanaryCommand.Promote.class, ConfigCanaryCommand.Abort.class},
        description = {"Serve a candidate config to a share of a running router's traffic beside the stable one.",
                "  routewise config canary FILE --percent P [--by key|request]   start",
                "  routewise config canary status | promote | abort"})
final class ConfigCanaryCommand implements Callable<Integer> {

    /** Where the router's admin API is, and the credential it wants. */
    static final class Admin {
        @Mixin
        ConfigOption config;

        @Option(names = "--url", paramLabel = "URL",
                description = "The router (default: http://127.0.0.1:<server.port of the config>).")
        String url;

        JsonNode call(CommandLine cmd, String method, String path, String body) {
            RoutewiseConfig cfg = config.load();
            String base = url != null ? url.replaceAll("/+$", "") : "http://127.0.0.1:" + cfg.server().port();
            String key = AdminCredential.presentable(cfg.auth(), System.getenv()).orElseThrow(() ->
                    new CommandLine.ParameterException(cmd, "no admin credential: set " + cfg.auth().adminKeyEnv()
                            + " (or auth.admin_key_file) as the router has it"));
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                    .header("authorization", "Bearer " + key).header("content-type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            HttpResponse<String> response;
            try {
                response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (ConnectException e) {
                throw new CommandLine.ParameterException(cmd, "no router answers at " + base + " (is it running? pass --url)");
            } catch (IOException e) {
                throw new CommandLine.ParameterException(cmd, base + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CommandLine.ParameterException(cmd, "interrupted");
            }
            JsonNode json;
            try {
                json = Json.MAPPER.readTree(response.body());
            } catch (IOException e) {
                throw new CommandLine.ParameterException(cmd, base + path + " answered " + response.statusCode()
                        + " with something that is not JSON");
            }
            if (response.statusCode() >= 400) {
                throw new CommandLine.ParameterException(cmd, json.path("error").path("message").asText(
                        "the router answered " + response.statusCode()));
            }
            return json;
        }
    }

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "The candidate config.")
    Path file;

    @Option(names = "--percent", paramLabel = "P", description = "The candidate's share of traffic, (0, 100].")
    Double percent;

    @Option(names = "--by", paramLabel = "key|request", defaultValue = "request",
            description = "Sticky per caller key, or per request id (default: ${DEFAULT-VALUE}).")
    String by;

    @Option(names = "--abort-error-margin", paramLabel = "M", defaultValue = "0.05",
            description = "Abort when the candidate's error rate exceeds the stable one's by more than M (default: ${DEFAULT-VALUE}).")
    double abortMargin;

    @Option(names = "--min-requests", paramLabel = "N", defaultValue = "200",
            description = "... once each side has served N requests (default: ${DEFAULT-VALUE}).")
    long minRequests;

    @Mixin
    Admin admin;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (file == null || percent == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give the candidate FILE and --percent P, or one of status, promote, abort");
        }
        ObjectNode body = Json.object();
        body.put("config", Files.readString(file, StandardCharsets.UTF_8));
        body.put("percent", percent);
        body.put("by", by);
        body.put("abort_error_margin", abortMargin);
        body.put("min_requests", minRequests);
        JsonNode status = admin.call(spec.commandLine(), "POST", "/admin/config/canary", body.toString());
        spec.commandLine().getErr().printf("routewise: canary %s serves %s %% of traffic (by %s) beside %s; "
                        + "routewise config canary status compares them%n", status.path("candidate_version").asText(),
                status.path("percent").asText(), status.path("by").asText(), status.path("stable_version").asText());
        return 0;
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Compare the canary with the stable config.")
    static final class Status implements Callable<Integer> {
        @Mixin
        Admin admin;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            print(spec.commandLine().getOut(), admin.call(spec.commandLine(), "GET", "/admin/config/canary", null));
            return 0;
        }
    }

    @Command(name = "promote", mixinStandardHelpOptions = true,
            description = "Make the canary the stable config (written to the router's config file and applied).")
    static final class Promote implements Callable<Integer> {
        @Mixin
        Admin admin;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            JsonNode r = admin.call(spec.commandLine(), "POST", "/admin/config/canary/promote", "{}");
            spec.commandLine().getErr().printf("routewise: config %s is stable now (was %s)%n", r.path("version").asText(),
                    r.path("previous_version").asText());
            return 0;
        }
    }

    @Command(name = "abort", mixinStandardHelpOptions = true, description = "Stop the canary; the stable config serves everything.")
    static final class Abort implements Callable<Integer> {
        @Mixin
        Admin admin;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            admin.call(spec.commandLine(), "POST", "/admin/config/canary/abort", "{}");
            spec.commandLine().getErr().println("routewise: canary aborted; the stable config serves every request");
            return 0;
        }
    }

    static void print(PrintWriter out, JsonNode s) {
        if (!s.path("active").asBoolean()) {
            out.printf("no canary is running (stable %s)%s%n", s.path("stable_version").asText(),
                    s.hasNonNull("last_end") ? "; the last one ended: " + s.get("last_end").asText() : "");
            out.flush();
            return;
        }
        out.printf("canary %s: %s %% of traffic by %s since %s, beside stable %s%n%n", s.path("candidate_version").asText(),
                s.path("percent").asText(), s.path("by").asText(), s.path("started_at").asText(),
                s.path("stable_version").asText());
        JsonNode a = s.path("ledger").path("stable");
        JsonNode b = s.path("ledger").path("candidate");
        row(out, "", "stable", "candidate");
        row(out, "requests (live)", s.at("/live/stable/requests").asText(), s.at("/live/candidate/requests").asText());
        row(out, "error rate (live)", pct(s.at("/live/stable/error_rate")), pct(s.at("/live/candidate/error_rate")));
        row(out, "requests (ledger)", a.path("requests").asText(), b.path("requests").asText());
        row(out, "error rate", pct(a.path("error_rate")), pct(b.path("error_rate")));
        row(out, "answered by a fallback", pct(a.path("fallback_share")), pct(b.path("fallback_share")));
        row(out, "latency p50 / p95 ms", a.path("p50_latency_ms").asText("-") + " / " + a.path("p95_latency_ms").asText("-"),
                b.path("p50_latency_ms").asText("-") + " / " + b.path("p95_latency_ms").asText("-"));
        row(out, "cost per success", String.format(java.util.Locale.ROOT, "$%.6f", a.path("cost_per_success_usd").asDouble()),
                String.format(java.util.Locale.ROOT, "$%.6f", b.path("cost_per_success_usd").asDouble()));
        TreeSet<String> models = new TreeSet<>();
        a.path("served_by").fieldNames().forEachRemaining(models::add);
        b.path("served_by").fieldNames().forEachRemaining(models::add);
        for (String m : models) {
            row(out, "  served by " + m, share(a, m), share(b, m));
        }
        out.flush();
    }

    private static String share(JsonNode side, String model) {
        long total = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = side.path("served_by").fields(); it.hasNext(); ) {
            total += it.next().getValue().asLong();
        }
        return total == 0 ? "-" : pct(side.path("served_by").path(model).asDouble(0) / total);
    }

    private static String pct(JsonNode v) {
        return pct(v.asDouble());
    }

    private static String pct(double v) {
        return String.format(java.util.Locale.ROOT, "%.1f %%", 100 * v);
    }

    private static void row(PrintWriter out, String label, String a, String b) {
        out.printf("%-28s %16s %16s%n", label, a, b);
    }
}

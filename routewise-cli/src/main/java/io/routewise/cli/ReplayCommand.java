package io.routewise.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.RoutingOptions;
import io.routewise.classifier.RequestClassifier;
import io.routewise.config.ConfigLoader;
import io.routewise.config.RoutewiseConfig;
import io.routewise.json.AtomicFiles;
import io.routewise.json.Json;
import io.routewise.policy.RouteDecision;
import io.routewise.policy.RoutingEngine;
import io.routewise.training.LineProblem;
import io.routewise.training.LoggedResponse;
import io.routewise.training.TrafficLog;
import io.routewise.training.TrafficLogReader;
import io.routewise.training.TrafficRecord;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code routewise replay}: what a config change does to routing, before any canary. Every logged
 * request is routed under the baseline config and under the candidate, without calling a provider,
 * and the two are compared: the share of requests per model, the requests whose model changed, the
 * expected cost and expected quality (the model's predictions), and, where the log recorded an outcome
 * for the chosen model, the observed quality. Health and budgets play no part (there is no live state
 * offline): this is the decision the configs make on their own.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Route logged requests under a baseline and a candidate config, without calling any provider, "
                + "and compare: model shares, changed decisions, expected cost and quality, and observed quality where "
                + "the log has outcomes.",
                "Logs: traffic-log JSONL (a ledger export, or any log with messages; gzip accepted). Malformed lines are "
                        + "reported with their line and skipped."})
final class ReplayCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "CANDIDATE", required = true, description = "The config to try.")
    Path candidate;

    @Option(names = "--baseline", paramLabel = "CURRENT",
            description = "The config to compare with (default: ./routewise.yaml if present, else the shipped default).")
    Path baseline;

    @Option(names = "--logs", paramLabel = "FILE", required = true, arity = "1..*", description = "Traffic logs to replay.")
    List<Path> logs;

    @Option(names = "--model", paramLabel = "DIR", description = "Model directory (default: models/default).")
    Path model = io.routewise.server.RouterLauncher.DEFAULT_MODEL_DIR;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the comparison as JSON.")
    Path json;

    @Option(names = "--limit", paramLabel = "N", description = "Replay at most N requests (default: all).")
    Integer limit;

    /** What one config did over the replayed requests. */
    private static final class Side {
        final Map<String, Integer> byModel = new TreeMap<>();
        int unrouted;
        double expectedCost;
        double expectedQuality;
        double observed;
        int observedCount;

        void add(RouteDecision d, TrafficRecord r) {
            if (!d.routed()) {
                unrouted++;
                return;
            }
            byModel.merge(d.model(), 1, Integer::sum);
            expectedCost += d.expectedCostUsd();
            expectedQuality += d.expectedQuality();
            for (LoggedResponse response : r.responses()) {
                if (response.model().equals(d.model()) && response.hasOutcome()) {
                    observed += response.outcome();
                    observedCount++;
                    break;
                }
            }
        }

        int routed() {
            return byModel.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    @Override
    public Integer call() throws Exception {
        if (limit != null && limit < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be at least 1");
        }
        RoutewiseConfig after = ConfigLoader.load(candidate);
        RoutewiseConfig before = baseline != null ? ConfigLoader.load(baseline)
                : java.nio.file.Files.isRegularFile(Path.of("routewise.yaml")) ? ConfigLoader.load(Path.of("routewise.yaml"))
                : ConfigLoader.loadDefault();
        PrintWriter err = spec.commandLine().getErr();
        Side was = new Side();
        Side now = new Side();
        int requests = 0;
        int changed = 0;
        int skipped = 0;
        Map<String, Integer> moves = new TreeMap<>();
        try (RequestClassifier classifier = RequestClassifier.load(model)) {
            RoutingEngine baseEngine = RoutingEngine.forCatalog(classifier, before, List.of());
            RoutingEngine candidateEngine = RoutingEngine.forCatalog(classifier, after, List.of());
            replay:
            for (Path log : logs) {
                TrafficLog read = TrafficLogReader.read(log);
                for (LineProblem p : read.problems()) {
                    err.println("routewise: skipped " + p);
                    skipped++;
                }
                for (TrafficRecord r : read.records()) {
                    if (limit != null && requests >= limit) {
                        break replay;
                    }
                    ChatRequest request = ChatRequest.of("auto", r.messages());
                    RouteDecision a = baseEngine.decide(request, r.requestId(), RoutingOptions.NONE);
                    RouteDecision b = candidateEngine.decide(request, r.requestId(), RoutingOptions.NONE);
                    was.add(a, r);
                    now.add(b, r);
                    requests++;
                    if (!java.util.Objects.equals(a.model(), b.model())) {
                        changed++;
                        moves.merge(a.model() + " -> " + b.model(), 1, Integer::sum);
                    }
                }
            }
        }
        if (requests == 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--logs: no request could be read from "
                    + logs + (skipped > 0 ? " (" + skipped + " malformed lines)" : ""));
        }
        print(spec.commandLine().getOut(), before, after, was, now, requests, changed, moves);
        if (json != null) {
            AtomicFiles.write(json, Json.MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(report(before, after, was, now, requests, changed, skipped, moves))
                    .getBytes(StandardCharsets.UTF_8));
        }
        return 0;
    }

    private static void print(PrintWriter out, RoutewiseConfig before, RoutewiseConfig after, Side was, Side now,
                              int requests, int changed, Map<String, Integer> moves) {
        out.printf("replayed %d requests: baseline %s, candidate %s%n%n", requests, before.version(), after.version());
        out.printf("%-28s %10s %10s%n", "model (share of requests)", "baseline", "candidate");
        TreeSet<String> models = new TreeSet<>(was.byModel.keySet());
        models.addAll(now.byModel.keySet());
        for (String m : models) {
            out.printf("%-28s %9.1f%% %9.1f%%%n", m, 100.0 * was.byModel.getOrDefault(m, 0) / requests,
                    100.0 * now.byModel.getOrDefault(m, 0) / requests);
        }
        if (was.unrouted + now.unrouted > 0) {
            out.printf("%-28s %9.1f%% %9.1f%%%n", "(no model can serve)", 100.0 * was.unrouted / requests,
                    100.0 * now.unrouted / requests);
        }
        out.printf("%n%-28s %10d (%.1f%%)%n", "decisions that changed", changed, 100.0 * changed / requests);
        moves.entrySet().stream().sorted((x, y) -> y.getValue() - x.getValue()).limit(5)
                .forEach(e -> out.printf("  %-44s %6d%n", e.getKey(), e.getValue()));
        out.printf("%-28s %10s %10s%n", "expected cost, total", usd(was.expectedCost), usd(now.expectedCost));
        out.printf("%-28s %10s %10s%n", "expected cost per request", usd(was.expectedCost / Math.max(1, was.routed())),
                usd(now.expectedCost / Math.max(1, now.routed())));
        out.printf("%-28s %10.4f %10.4f%n", "expected quality (mean)", was.expectedQuality / Math.max(1, was.routed()),
                now.expectedQuality / Math.max(1, now.routed()));
        out.printf("%-28s %10s %10s%n", "observed quality (logged)", observed(was), observed(now));
        out.flush();
    }

    private static String observed(Side s) {
        return s.observedCount == 0 ? "n/a" : String.format(Locale.ROOT, "%.4f (n=%d)", s.observed / s.observedCount,
                s.observedCount);
    }

    private static String usd(double v) {
        return String.format(Locale.ROOT, "$%.4f", v);
    }

    private static ObjectNode report(RoutewiseConfig before, RoutewiseConfig after, Side was, Side now, int requests,
                                     int changed, int skipped, Map<String, Integer> moves) {
        ObjectNode root = Json.object();
        root.put("requests", requests);
        root.put("skipped_lines", skipped);
        root.put("changed", changed);
        root.set("baseline", side(before, was));
        root.set("candidate", side(after, now));
        ObjectNode m = root.putObject("moves");
        moves.forEach(m::put);
        return root;
    }

    private static ObjectNode side(RoutewiseConfig config, Side s) {
        ObjectNode out = Json.object();
        out.put("config_version", config.version());
        ObjectNode models = out.putObject("requests_by_model");
        s.byModel.forEach(models::put);
        out.put("unrouted", s.unrouted);
        out.put("expected_cost_usd", s.expectedCost);
        out.put("expected_quality_mean", s.expectedQuality / Math.max(1, s.routed()));
        if (s.observedCount > 0) {
            out.put("observed_quality_mean", s.observed / s.observedCount);
        } else {
            out.putNull("observed_quality_mean");
        }
        out.put("observed_count", s.observedCount);
        ArrayNode ignored = out.putArray("notes");
        ignored.add("health and budgets are not part of an offline decision");
        return out;
    }
}

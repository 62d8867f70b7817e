package io.routewise.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.InvalidRequestException;
import io.routewise.chat.RoutingOptions;
import io.routewise.classifier.RequestClassifier;
import io.routewise.config.ConfigLoader;
import io.routewise.json.Json;
import io.routewise.json.JsonLines;
import io.routewise.policy.RouteDecision;
import io.routewise.policy.RoutingEngine;
import io.routewise.providers.openai.OpenAiApiCodec;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code routewise route}: routing decisions for logged requests, offline. One decision line (the
 * format of {@code POST /v1/route}) per usable input line, in input order.
 */
@Command(name = "route", mixinStandardHelpOptions = true,
        description = {"Decide where each logged request would be routed, without calling any provider.",
                "Input: traffic-log JSONL (gzip accepted); only request_id and messages are read.",
                "Output: one JSON decision per input line, in order. Malformed lines are reported and skipped.",
                "Without --config the candidates are the models in the routing weights, priced at their "
                        + "observed mean cost; with --config, the catalog's enabled models at list price."})
final class RouteCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = Json.MAPPER;
    /** Decisions in flight at most; bounds memory on big inputs while keeping both threads busy. */
    private static final int WINDOW = 256;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR", description = "Model directory (default: models/default).")
    Path model = io.routewise.server.RouterLauncher.DEFAULT_MODEL_DIR;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Route among this config's catalog (default: the routing weights' models at observed cost).")
    Path config;

    @Option(names = "--input", paramLabel = "FILE", required = true, description = "Traffic-log JSONL (.gz accepted).")
    Path input;

    @Option(names = "--output", paramLabel = "FILE", required = true, description = "Where to write the decisions (JSONL).")
    Path output;

    @Option(names = "--quality-target", paramLabel = "Q",
            description = "An absolute expected quality to reach, 0..1 (default: routing.quality_target of the config; "
                    + "unset, the quality margin decides).")
    Double qualityTarget;

    @Option(names = "--quality-margin", paramLabel = "M",
            description = "Good enough = within M of the best candidate's expected quality, 0..1 (default: "
                    + "routing.quality_margin of the config, else 0.05). --quality-target wins when both are given.")
    Double qualityMargin;

    @Option(names = "--usd-per-quality-point", paramLabel = "USD",
            description = "Instead of a threshold, what one whole point of expected quality is worth per request: the "
                    + "model with the highest expected quality - expected cost / USD (a target wins over it, it over a margin).")
    Double usdPerQualityPoint;

    @Option(names = "--threads", paramLabel = "N", description = "Decisions computed in parallel (default: 2).")
    int threads = 2;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (qualityTarget != null && !(qualityTarget >= 0 && qualityTarget <= 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--quality-target must be between 0 and 1 (got "
                    + qualityTarget + ")");
        }
        if (qualityMargin != null && !(qualityMargin >= 0 && qualityMargin <= 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--quality-margin must be between 0 and 1 (got "
                    + qualityMargin + ")");
        }
        if (usdPerQualityPoint != null && !(usdPerQualityPoint > 0 && Double.isFinite(usdPerQualityPoint))) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--usd-per-quality-point must be a positive "
                    + "number (got " + usdPerQualityPoint + ")");
        }
        if (threads < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be at least 1 (got " + threads + ")");
        }
        if (!Files.isRegularFile(input)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--input " + input + ": no such file");
        }
        PrintStream err = System.err;
        // The config first: a bad config fails in milliseconds, before the model loads.
        var cfg = config == null ? null : ConfigLoader.load(config);
        long start = System.nanoTime();
        try (RequestClassifier classifier = RequestClassifier.load(model)) {
            RoutingEngine engine = cfg == null
                    ? RoutingEngine.fromWeights(classifier, null, qualityMargin)
                    : RoutingEngine.forCatalog(classifier, cfg, java.util.List.of());
            RoutingOptions options = new RoutingOptions(qualityTarget, null, null, null, qualityMargin, usdPerQualityPoint);
            Summary summary = route(engine, options, err);
            double seconds = (System.nanoTime() - start) / 1e9;
            err.printf(Locale.ROOT, "routewise: %d decisions written to %s in %.1f s (%d lines skipped)%s%n",
                    summary.decided, output, seconds, summary.skipped, summary.shares());
        }
        return 0;
    }

    private Summary route(RoutingEngine engine, RoutingOptions options, PrintStream err)
            throws IOException, InterruptedException {
        Summary summary = new Summary();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "route");
            t.setDaemon(true);
            return t;
        });
        ArrayDeque<Future<RouteDecision>> inFlight = new ArrayDeque<>();
        try (BufferedReader in = JsonLines.open(input);
             BufferedWriter out = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
            String line;
            long lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                Parsed parsed;
                try {
                    parsed = parse(line, lineNo);
                } catch (InvalidRequestException e) {
                    err.println("routewise: " + input + ":" + lineNo + ": " + e.getMessage() + " (skipped)");
                    summary.skipped++;
                    continue;
                }
                Parsed p = parsed;
                inFlight.add(pool.submit(() -> engine.decide(p.request, p.requestId, options)));
                if (inFlight.size() >= WINDOW) {
                    write(inFlight.poll(), out, summary);
                }
            }
            while (!inFlight.isEmpty()) {
                write(inFlight.poll(), out, summary);
            }
        } finally {
            pool.shutdownNow();
        }
        return summary;
    }

    private record Parsed(String requestId, ChatRequest request) {
    }

    /** A traffic-log line as a request: its messages (and tools, response_format, max_tokens if logged). */
    private Parsed parse(String line, long lineNo) {
        JsonNode root;
        try {
            root = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException(400, "not valid JSON (" + e.getOriginalMessage() + ")", null, "invalid_json");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRequestException(400, "not a JSON object", null, "invalid_json");
        }
        ObjectNode body = Json.object();
        body.put("model", "auto");
        for (String field : new String[] {"messages", "tools", "response_format", "max_tokens"}) {
            if (root.has(field)) {
                body.set(field, root.get(field));
            }
        }
        if (!body.has("messages")) {
            throw new InvalidRequestException(400, "'messages' is missing", "messages", "missing_field");
        }
        JsonNode id = root.get("request_id");
        String requestId = id != null && id.isValueNode() && !id.isNull() ? id.asText() : input + ":" + lineNo;
        return new Parsed(requestId, OpenAiApiCodec.INSTANCE.decodeRequest(body, null));
    }

    private static void write(Future<RouteDecision> next, BufferedWriter out, Summary summary)
            throws IOException, InterruptedException {
        RouteDecision d;
        try {
            d = next.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        }
        out.write(JSON.writeValueAsString(d));
        out.newLine();
        summary.decided++;
        summary.byModel.merge(d.model() == null ? "(none)" : d.model(), 1L, Long::sum);
    }

    /** Counts for the closing line. */
    private static final class Summary {
        long decided;
        long skipped;
        final Map<String, Long> byModel = new TreeMap<>();

        String shares() {
            if (decided == 0) {
                return "";
            }
            StringBuilder s = new StringBuilder("; models:");
            byModel.forEach((m, n) -> s.append(String.format(Locale.ROOT, " %s %.1f%%", m, 100.0 * n / decided)));
            return s.toString();
        }
    }
}

package io.routewise.server;

import io.routewise.config.ConfigException;
import io.routewise.config.ConfigLoader;
import io.routewise.config.RoutewiseConfig;
import io.routewise.config.RoutingConfig;
import io.routewise.ledger.ConfigHistory;
import io.routewise.dispatch.Dispatcher;
import io.routewise.policy.RoutingEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a changed config to a running router without a restart and without failing a request in
 * flight: the file is read and validated in full; a file with any problem is refused (the config in
 * force stays, every problem is logged, counted and kept for {@code GET /admin/config}); a valid one
 * becomes the next {@link Serving} snapshot: catalog, prices, capabilities, fallbacks, hot standby,
 * routing knobs, pools, budgets, providers and their limits, retries, time limits and breakers,
 * prompt logging. Providers, breakers, health and latency state of deployments that did not change
 * carry over ({@link ProviderStack#reconfigure}). Requests in flight finish on the snapshot they
 * started with.
 *
 * <p>What only a restart can change ({@code server}, {@code ledger}, {@code auth}, {@code evaluation},
 * {@code routing.health}, {@code routing.latency}, {@code routing.rate_limit_backoff}) keeps its
 * running value, and the result and the log say so.
 *
 * <p>Triggers: the file changing on disk (checked every {@code pollMillis}), {@code SIGHUP}
 * ({@link RunningRouter#reloadOnHangup()}), and {@code POST /admin/config/reload}.
 */
final class ConfigReloader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigReloader.class);

    /** How a reload ended. */
    enum Status { APPLIED, UNCHANGED, REFUSED }

    /**
     * One reload's outcome.
     *
     * @param version       the version in force afterwards
     * @param candidate     the version of the file that was read (null when it could not be read)
     * @param problems      why it was refused, each as file:line:col: key path: message
     * @param restartNeeded the settings that changed but keep their running value until a restart
     */
    record Result(Status status, String source, String version, String previousVersion, String candidate,
                  List<String> problems, List<String> restartNeeded, Instant at) {
    }

    private final Path file;
    private final ServingState serving;
    private final ProviderStack stack;
    private final WeightsReloader weights;
    private final RouterMetrics metrics;
    private final ConfigHistory history;
    private final Clock clock;
    private final ScheduledExecutorService watcher;
    private volatile Result lastApplied;
    private volatile java.util.function.Consumer<Serving> onApplied = s -> { };
    private volatile Result lastRefused;
    private volatile String lastSeenVersion;

    /**
     * @param file the config file the router was started from, or null (the built-in default: nothing to reload)
     */
    ConfigReloader(Path file, ServingState serving, ProviderStack stack, WeightsReloader weights, RouterMetrics metrics,
                   ConfigHistory history, Clock clock) {
        this.file = file;
        this.serving = serving;
        this.stack = stack;
        this.weights = weights;
        this.metrics = metrics;
        this.history = history;
        this.clock = clock;
        String version = serving.current().config().version();
        this.lastSeenVersion = version;
        this.lastApplied = new Result(Status.APPLIED, "start", version, null, version, List.of(), List.of(), clock.instant());
        this.watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "routewise-config-watch");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts watching the file (when there is one) for changes. */
    ConfigReloader watch(long pollMillis) {
        if (file != null) {
            watcher.scheduleWithFixedDelay(this::poll, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /**
     * Keeps this router on the config the other replicas of its ledger apply: every {@code pollMillis} the
     * newest history entry is read, and one recorded since this router started (by a reload, rollback or
     * canary promotion anywhere; routers starting do not count) that is not the config in force is applied
     * here too, and written over this router's config file so a restart keeps it.
     */
    ConfigReloader followReplicas(long pollMillis) {
        if (history != null) {
            lastSyncedId = history.newest().map(ConfigHistory.Entry::id).orElse(0L);
            watcher.scheduleWithFixedDelay(this::sync, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    private volatile long lastSyncedId;

    /** Applies the newest config another replica applied, if this router is not on it. */
    synchronized Result sync() {
        try {
            java.util.Optional<ConfigHistory.Entry> newest = history.newest();
            if (newest.isEmpty() || newest.get().id() <= lastSyncedId || "start".equals(newest.get().source())) {
                return null;
            }
            ConfigHistory.Entry entry = newest.get();
            lastSyncedId = entry.id();
            if (entry.version().equals(serving.current().config().version())) {
                return null;
            }
            String text = history.content(entry.version()).orElse(null);
            if (text == null) {
                return null;
            }
            RoutewiseConfig candidate;
            try {
                candidate = ConfigLoader.parse(text, "config " + entry.version() + " of another replica");
            } catch (ConfigException e) {
                return refuse("replica", entry.version(), e.problems().stream().map(p -> p.render(e.source())).toList());
            }
            Result r = apply(candidate, text, "replica");
            if (r.status() == Status.APPLIED && file != null) {
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                io.routewise.json.AtomicFiles.write(file, bytes);
                lastSeenVersion = ConfigLoader.versionOf(bytes);
            }
            return r;
        } catch (IOException | RuntimeException e) {
            LOG.warn("config sync with the other replicas: {}", e.getMessage());
            return null;
        }
    }

    Path file() {
        return file;
    }

    /** Also tells {@code listener} about every config applied (the evaluation job, the metrics). */
    ConfigReloader onApplied(java.util.function.Consumer<Serving> listener) {
        this.onApplied = listener;
        return this;
    }

    Result lastApplied() {
        return lastApplied;
    }

    /** The last refused reload, or null when none was refused since the last one applied. */
    Result lastRefused() {
        return lastRefused;
    }

    private void poll() {
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (!ConfigLoader.versionOf(bytes).equals(lastSeenVersion)) {
                reload("file");
            }
        } catch (IOException e) {
            // A file mid-rename or briefly missing: look again next time.
        } catch (RuntimeException e) {
            LOG.warn("config watch: {}", e.getMessage());
        }
    }

    /**
     * Reads the file again and applies it.
     *
     * @param source what asked: {@code file}, {@code signal}, {@code admin}, {@code rollback}
     */
    synchronized Result reload(String source) {
        if (file == null) {
            return refuse(source, null, List.of("this router was started from the built-in config; start it with "
                    + "--config FILE (or a ./routewise.yaml) to reload one"));
        }
        String text;
        RoutewiseConfig candidate;
        try {
            byte[] bytes = Files.readAllBytes(file);
            lastSeenVersion = ConfigLoader.versionOf(bytes);
            text = new String(bytes, StandardCharsets.UTF_8);
            candidate = ConfigLoader.load(file);
        } catch (ConfigException e) {
            return refuse(source, lastSeenVersion, e.problems().stream().map(p -> p.render(e.source())).toList());
        } catch (IOException e) {
            return refuse(source, null, List.of(file + ": cannot read the file (" + e.getMessage() + ")"));
        }
        return apply(candidate, text, source);
    }

    /** Applies a config already read and validated ({@code text} is its file's content, for the history). */
    synchronized Result apply(RoutewiseConfig candidate, String text, String source) {
        RoutewiseConfig running = serving.current().config();
        if (candidate.version().equals(running.version())) {
            Result r = new Result(Status.UNCHANGED, source, running.version(), running.version(), candidate.version(),
                    List.of(), List.of(), clock.instant());
            metrics.recordConfigReload("unchanged");
            return r;
        }
        List<String> restartNeeded = new ArrayList<>();
        RoutewiseConfig effective = keepingRestartOnly(candidate, running, restartNeeded);
        try {
            serving.replace(s -> {
                Dispatcher dispatcher = stack.reconfigure(effective);
                RoutingEngine engine = weights.engineFor(effective);
                return Serving.of(effective, engine, dispatcher);
            });
        } catch (ConfigException e) {
            return refuse(source, candidate.version(), e.problems().stream().map(p -> p.render(describeFile())).toList());
        } catch (RuntimeException e) {
            LOG.warn("config {} could not be applied", candidate.version(), e);
            return refuse(source, candidate.version(), List.of(describeFile() + ": could not be applied: " + e.getMessage()));
        }
        if (serving.canary() != null && !"canary".equals(source)) {
            abortCanary("a reload (" + source + ") replaced the stable config it was compared with");
        }
        Result r = new Result(Status.APPLIED, source, effective.version(), running.version(), candidate.version(),
                List.of(), List.copyOf(restartNeeded), clock.instant());
        lastApplied = r;
        lastRefused = null;
        metrics.recordConfigReload("applied");
        onApplied.accept(serving.current());
        if (history != null) {
            history.record(effective.version(), text, source, r.at());
        }
        LOG.info("config {} applied from {} (was {}){}", effective.version(), source, running.version(),
                restartNeeded.isEmpty() ? "" : "; these changed but need a restart to take effect: "
                        + String.join(", ", restartNeeded));
        return r;
    }

    /**
     * Starts serving {@code text} to a share of the traffic beside the stable config. A canary may change
     * models, prices, routing knobs, rules, fallbacks and logging; providers and budgets are shared state
     * and must stay as they are (change them with a reload). Restart-only sections keep their running values.
     *
     * @return {@code APPLIED} (started) or {@code REFUSED} with every problem
     */
    synchronized Result startCanary(String text, Canary.Settings settings) {
        RoutewiseConfig candidate;
        try {
            candidate = ConfigLoader.parse(text, "the canary config");
        } catch (ConfigException e) {
            return refuse("canary", null, e.problems().stream().map(p -> p.render(e.source())).toList());
        }
        Serving stable = serving.current();
        RoutewiseConfig running = stable.config();
        List<String> problems = new ArrayList<>();
        if (!candidate.providers().equals(running.providers())) {
            problems.add("providers: a canary shares the providers of the stable config; change providers with a reload");
        }
        if (!candidate.budgets().equals(running.budgets())) {
            problems.add("budgets: a canary shares the money of the stable config; change budgets with a reload");
        }
        if (candidate.version().equals(running.version())) {
            problems.add("the canary config is the stable config (version " + running.version() + ")");
        }
        if (!problems.isEmpty()) {
            return refuse("canary", candidate.version(), problems);
        }
        List<String> restartNeeded = new ArrayList<>();
        RoutewiseConfig effective = keepingRestartOnly(candidate, running, restartNeeded);
        Serving next;
        try {
            next = Serving.of(effective, weights.engineFor(effective), stable.dispatcher());
        } catch (RuntimeException e) {
            return refuse("canary", candidate.version(), List.of("the canary config could not be applied: " + e.getMessage()));
        }
        serving.canary(new Canary(next, text, settings, running.version(), clock.instant()));
        metrics.recordConfigReload("canary_started");
        LOG.info("canary {} serves {} % of traffic (by {}) beside {}", effective.version(), settings.percent(),
                settings.by().name().toLowerCase(java.util.Locale.ROOT), running.version());
        return new Result(Status.APPLIED, "canary", running.version(), running.version(), effective.version(), List.of(),
                List.copyOf(restartNeeded), clock.instant());
    }

    /** Makes the canary the stable config: its text replaces the config file (when there is one) and is applied. */
    synchronized Result promoteCanary() {
        Canary c = serving.canary();
        if (c == null) {
            return refuse("canary", null, List.of("no canary is running"));
        }
        if (file != null) {
            try {
                io.routewise.json.AtomicFiles.write(file, c.text.getBytes(StandardCharsets.UTF_8));
                lastSeenVersion = ConfigLoader.versionOf(c.text.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                return refuse("canary", c.candidate.config().version(), List.of(file + ": cannot write the promoted "
                        + "config (" + e.getMessage() + "); the canary keeps running"));
            }
        }
        serving.canary(null);
        RoutewiseConfig promoted = ConfigLoader.parse(c.text, file == null ? "the canary config" : file.toString());
        return apply(promoted, c.text, "canary");
    }

    /** Stops the canary; every request is served by the stable config again. */
    synchronized boolean abortCanary(String reason) {
        Canary c = serving.canary();
        if (c == null) {
            return false;
        }
        serving.canary(null);
        metrics.recordConfigReload("canary_aborted");
        lastCanaryEnd = reason;
        LOG.warn("canary {} aborted: {}", c.candidate.config().version(), reason);
        return true;
    }

    /** Why the last canary ended, or null. */
    String lastCanaryEnd() {
        return lastCanaryEnd;
    }

    private volatile String lastCanaryEnd;

    /** Counts a finished request for a running canary, aborting it when its error rate is clearly worse. */
    void recordOutcome(Serving used, int status) {
        Canary c = serving.canary();
        if (c == null) {
            return;
        }
        String abort = c.record(used == c.candidate, status >= 500);
        if (abort != null) {
            abortCanary(abort);
        }
    }

    private Result refuse(String source, String candidateVersion, List<String> problems) {
        String running = serving.current().config().version();
        Result r = new Result(Status.REFUSED, source, running, running, candidateVersion, List.copyOf(problems), List.of(),
                clock.instant());
        lastRefused = r;
        metrics.recordConfigReload("refused");
        LOG.warn("config reload ({}) refused, keeping {}:\n  {}", source, running, String.join("\n  ", problems));
        return r;
    }

    private String describeFile() {
        return file == null ? "the config" : file.toString();
    }

    /**
     * The candidate with the running values of what only a restart can change; each of those that differs
     * is named in {@code restartNeeded}.
     */
    static RoutewiseConfig keepingRestartOnly(RoutewiseConfig candidate, RoutewiseConfig running, List<String> restartNeeded) {
        note(restartNeeded, "server", candidate.server(), running.server());
        note(restartNeeded, "ledger", candidate.ledger(), running.ledger());
        note(restartNeeded, "auth", candidate.auth(), running.auth());
        note(restartNeeded, "evaluation", candidate.evaluation(), running.evaluation());
        RoutingConfig r = candidate.routing();
        RoutingConfig was = running.routing();
        note(restartNeeded, "routing.health", r.health(), was.health());
        note(restartNeeded, "routing.latency", r.latency(), was.latency());
        note(restartNeeded, "routing.rate_limit_backoff", r.rateLimitBackoff(), was.rateLimitBackoff());
        RoutingConfig routing = r.withStartOnlyPartsOf(was);
        return new RoutewiseConfig(running.server(), candidate.providers(), candidate.models(), routing, candidate.budgets(),
                running.ledger(), candidate.logging(), running.evaluation(), running.auth(), candidate.version());
    }

    private static void note(List<String> out, String key, Object candidate, Object running) {
        if (!Objects.equals(candidate, running)) {
            out.add(key);
        }
    }

    @Override
    public void close() {
        watcher.shutdownNow();
    }
}

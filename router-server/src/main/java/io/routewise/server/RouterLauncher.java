package io.routewise.server;

import io.routewise.classifier.RequestClassifier;
import io.routewise.config.ProviderConfig;
import io.routewise.config.RoutewiseConfig;
import io.routewise.eval.EvalJob;
import io.routewise.config.EvalSchedule;
import io.routewise.ledger.BudgetCandidateFilter;
import io.routewise.ledger.ConfigHistory;
import io.routewise.ledger.LedgerRuntime;
import io.routewise.policy.CandidateFilter;
import io.routewise.resilience.HealthScreen;
import io.routewise.resilience.Resilience;
import java.time.Clock;
import java.time.Duration;
import io.routewise.providers.openai.OpenAiApiCodec;
import io.routewise.auth.AdminCredential;
import io.routewise.auth.CallerKeyAuthenticator;
import io.routewise.auth.CallerKeyStore;
import io.routewise.auth.KeyBudgets;
import io.routewise.config.AuthConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Puts a router together from a validated config and a model directory: the routing classifier
 * (loaded first, so a missing or corrupt model fails before anything starts), providers (real, or
 * the simulator standing in for those without a key), the dispatcher, the routing engine, the HTTP
 * layer; then starts it.
 */
public final class RouterLauncher {

    /**
     * Start-up choices that override the config.
     *
     * @param host         listen address, or null for {@code server.host}
     * @param port         listen port, or null for {@code server.port} (0 picks a free one)
     * @param simulateAll  answer every provider from the simulator, keys or not
     * @param modelDir     the model directory {@code model: "auto"} routes with
     * @param insecureNoAuth listen on a non-loopback address without caller keys ({@code --insecure-no-auth})
     */
    /**
     * @param configFile the file the config was read from, watched and reloaded on change, SIGHUP and
     *                   {@code POST /admin/config/reload}; null when it came from elsewhere (nothing to reload)
     * @param warmup     how long to score built-in prompts before listening ({@link DecisionWarmup}); zero: none
     */
    public record Options(String host, Integer port, boolean simulateAll, Path modelDir, boolean insecureNoAuth,
                          Path configFile, Duration warmup) {
        public static final Options DEFAULT = new Options(null, null, false, null);

        public Options {
            modelDir = modelDir == null ? DEFAULT_MODEL_DIR : modelDir;
            warmup = warmup == null ? Duration.ZERO : warmup;
            if (warmup.isNegative()) {
                throw new IllegalArgumentException("the warm-up cannot be negative: " + warmup);
            }
        }

        public Options(String host, Integer port, boolean simulateAll, Path modelDir, boolean insecureNoAuth) {
            this(host, port, simulateAll, modelDir, insecureNoAuth, null, null);
        }

        /** These options, reloading {@code file}. */
        public Options withConfigFile(Path file) {
            return new Options(host, port, simulateAll, modelDir, insecureNoAuth, file, warmup);
        }

        /** These options, warming the decision path for {@code duration} before listening. */
        public Options withWarmup(Duration duration) {
            return new Options(host, port, simulateAll, modelDir, insecureNoAuth, configFile, duration);
        }

        /** Options with the default model directory. */
        public Options(String host, Integer port, boolean simulateAll) {
            this(host, port, simulateAll, null);
        }

        public Options(String host, Integer port, boolean simulateAll, Path modelDir) {
            this(host, port, simulateAll, modelDir, false);
        }
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RouterLauncher.class);

    /**
     * Refuses to listen beyond this machine with nobody's key checked, unless the operator said so
     * (then warns at every start).
     *
     * @throws io.routewise.config.ConfigException naming {@code auth.required}
     */
    static void checkExposure(String host, AuthConfig auth, boolean insecureNoAuth) {
        if (auth.required() || loopback(host)) {
            return;
        }
        if (auth.allowAnonymous() || insecureNoAuth) {
            LOG.warn("listening on {} without caller keys (auth.required is false): anyone who can reach this port can "
                    + "spend this router's provider accounts", host);
            return;
        }
        throw new io.routewise.config.ConfigException("the config", io.routewise.config.ConfigProblem.at("auth.required",
                "the router would listen on " + host + " with no caller keys checked, so anyone who can reach it could "
                + "spend your provider accounts: set auth.required: true and create keys (routewise keys create), listen "
                + "on 127.0.0.1, or accept the risk with --insecure-no-auth (auth.allow_anonymous: true)"), null);
    }

    static boolean loopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** How often the config file is checked for changes. */
    static final long CONFIG_POLL_MILLIS = 2_000;

    /** How often the ledger's config history is checked for a config another replica applied. */
    static final long REPLICA_SYNC_MILLIS = 5_000;

    /** Records the config a router starts with, when its text is known (its file, or the built-in default). */
    private static void recordStart(ConfigHistory history, RoutewiseConfig config, Path file) {
        try {
            byte[] bytes = null;
            if (file != null) {
                bytes = java.nio.file.Files.readAllBytes(file);
            } else {
                try (java.io.InputStream in = io.routewise.config.ConfigLoader.class.getResourceAsStream(
                        io.routewise.config.ConfigLoader.DEFAULT_RESOURCE)) {
                    bytes = in == null ? null : in.readAllBytes();
                }
            }
            if (bytes != null && io.routewise.config.ConfigLoader.versionOf(bytes).equals(config.version())) {
                history.record(config.version(), new String(bytes, java.nio.charset.StandardCharsets.UTF_8), "start",
                        java.time.Instant.now());
            }
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warn("the starting config was not recorded in the config history: {}", e.getMessage());
        }
    }

    /** {@code models/default}, relative to the working directory (the launcher runs from the repository root). */
    public static final Path DEFAULT_MODEL_DIR = io.routewise.config.InstallPaths.resolve(Path.of("models", "default"));

    private RouterLauncher() {
    }

    /**
     * Loads {@code options.modelDir()} and starts a router with it; closing the router closes the model.
     *
     * @throws io.routewise.classifier.ModelDirectoryException when the model directory is missing or corrupt
     * @throws io.routewise.features.FeatureSpecMismatchException when its classifier needs other features
     */
    public static RunningRouter start(RoutewiseConfig config, Options options) {
        // Before the seconds the model takes to load: an unsafe listen address is refused at once.
        checkExposure(options.host() != null ? options.host() : config.server().host(), config.auth(),
                options.insecureNoAuth());
        RequestClassifier classifier = RequestClassifier.load(options.modelDir(),
                io.routewise.classifier.ScoreCache.ofSize(config.server().scoreCacheEntries()));
        try {
            return start(config, options, classifier, true);
        } catch (RuntimeException e) {
            classifier.close();
            throw e;
        }
    }

    /** Starts a router with a loaded classifier the caller owns ({@code options.modelDir()} is not read). */
    public static RunningRouter start(RoutewiseConfig config, Options options, RequestClassifier classifier) {
        return start(config, options, classifier, false);
    }

    private static RunningRouter start(RoutewiseConfig config, Options options, RequestClassifier classifier,
                                       boolean ownsClassifier) {
        String host = options.host() != null ? options.host() : config.server().host();
        checkExposure(host, config.auth(), options.insecureNoAuth());
        AdminCredential admin;
        try {
            admin = AdminCredential.load(config.auth(), System.getenv());
        } catch (IllegalArgumentException e) {
            throw new io.routewise.config.ConfigException("the config", io.routewise.config.ConfigProblem.at(
                    "auth.admin_key_env", e.getMessage()), null);
        }
        ProviderStack stack = ProviderStack.open(config, options.simulateAll(), admin::matches);
        WeightsReloader reloader = null;
        EvalScheduler scheduler = null;
        ConfigReloader configs = null;
        try {
            Resilience resilience = stack.resilience();
            LedgerRuntime ledger = stack.ledger();
            // Both screens are always there: a reload may add budgets to a config that had none.
            List<CandidateFilter> filters = List.of(new HealthScreen(resilience), new BudgetCandidateFilter(ledger.budgets()));
            EvalJob evalJob = new EvalJob(config, stack.dispatcher(), ledger.attempts(), ledger.ledger(),
                    classifier.weights(), Clock.systemUTC()).predictingWith(classifier);
            EvalMetrics evalMetrics = new EvalMetrics(evalJob.store());
            reloader = new WeightsReloader(classifier, config, filters, ledger.answerLengths(), evalJob.weightsStore(),
                    evalMetrics::refresh);
            WeightsReloader weights = reloader;
            RouterMetrics metrics = new RouterMetrics();
            metrics.bind(resilience, config.providers().stream().map(ProviderConfig::name).toList());
            metrics.bind(ledger.writer());
            metrics.bind(classifier.scoreCache());
            metrics.bind(ledger.budgets());
            metrics.bind(evalMetrics, weights::version);
            evalMetrics.refresh();
            // Caller keys live in the ledger database; the budgets they carry join the configured ones.
            CallerKeyStore keyStore = new CallerKeyStore(ledger.ledger());
            CallerKeyAuthenticator keyCheck = new CallerKeyAuthenticator(keyStore, Clock.systemUTC());
            ledger.budgets().keyBudgets(new KeyBudgets(keyCheck));
            // On a ledger other machines share, per-key and per-provider rates hold across the replicas.
            io.routewise.ledger.SharedRateBuckets sharedRates = io.routewise.ledger.SharedRateBuckets.worthSharing(
                    ledger.ledger()) ? new io.routewise.ledger.SharedRateBuckets(ledger.ledger(), Clock.systemUTC()) : null;
            if (sharedRates != null) {
                resilience.shareLimits(sharedRates::tryTake);
                // ... and they route with one routing-weights version.
                weights.shareWith(new WeightsReplicaSync(evalJob.weightsStore(),
                        new io.routewise.ledger.SharedWeights(ledger.ledger()), Clock.systemUTC()));
            }
            AccessControl access = new AccessControl(config.auth(), admin, keyStore, keyCheck, sharedRates);
            ServingState serving = new ServingState(Serving.of(config, weights.engineFor(config), stack.dispatcher()));
            weights.attach(serving);
            ConfigHistory history = new ConfigHistory(ledger.ledger());
            recordStart(history, config, options.configFile());
            configs = new ConfigReloader(options.configFile(), serving, stack, weights, metrics, history, Clock.systemUTC());
            metrics.bindConfigVersion(() -> serving.current().config().version());
            configs.onApplied(applied -> {
                evalJob.follow(applied.config(), applied.dispatcher());
                metrics.bindGauges(resilience, applied.config().providers().stream().map(ProviderConfig::name).toList());
            });
            Gateway gateway = new Gateway(serving, OpenAiApiCodec.INSTANCE, metrics, new RequestLog(), ledger, access, configs,
                    new RecentDecisions());
            int port = options.port() != null ? options.port() : config.server().port();
            // The model is loaded before the server listens; /ready turns true once everything has
            // started and false again when the router starts closing (load balancers drain it).
            AtomicBoolean ready = new AtomicBoolean();
            DashboardHandlers dashboard = new DashboardHandlers(gateway, evalJob.store(), evalJob.weightsStore(), history,
                    Path.of(config.evaluation().reportDir()));
            if (!options.warmup().isZero()) {
                LOG.info("warming the decision path: scoring built-in prompts for {} ms before listening "
                        + "(serve --warmup-seconds 0 skips it)", options.warmup().toMillis());
                DecisionWarmup.Result warmed = DecisionWarmup.run(classifier, options.warmup());
                LOG.info("decision path warmed: {} prompts scored in {} ms", warmed.scored(), warmed.took().toMillis());
            }
            RouterHttp http = new RouterHttp(gateway, ready::get, dashboard).start(host, port);
            resilience.startHealthChecks();
            weights.start();
            configs.watch(CONFIG_POLL_MILLIS).followReplicas(REPLICA_SYNC_MILLIS);
            if (config.evaluation().scheduled()) {
                scheduler = new EvalScheduler(EvalSchedule.parse(config.evaluation().schedule()), evalJob,
                        Clock.systemUTC(), () -> {
                            weights.reload();
                            evalMetrics.refresh();
                        }).start();
            }
            ready.set(true);
            return new RunningRouter(http, stack, serving, host, ownsClassifier ? classifier : null, ready, weights,
                    scheduler, evalJob, admin.configured(), configs);
        } catch (RuntimeException e) {
            if (scheduler != null) {
                scheduler.close();
            }
            if (configs != null) {
                configs.close();
            }
            if (reloader != null) {
                reloader.close();
            }
            stack.close();
            throw e;
        }
    }
}

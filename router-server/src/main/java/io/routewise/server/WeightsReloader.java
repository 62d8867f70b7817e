package io.routewise.server;

import io.routewise.classifier.RequestClassifier;
import io.routewise.config.RoutewiseConfig;
import io.routewise.classifier.weights.StoredWeights;
import io.routewise.classifier.weights.WeightsStore;
import io.routewise.policy.AnswerLengths;
import io.routewise.policy.CandidateFilter;
import io.routewise.policy.RoutingEngine;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the routing engine on the current routing weights without a restart: every
 * {@code evaluation.reload_interval_s} it checks {@code evaluation.weights_dir} (a cheap stamp), and
 * when the current version changed (a recalibration, or {@code routewise weights rollback}) it builds
 * an engine on the new weights (the model directory's own for version 0) and swaps it in. Requests
 * in flight finish on the engine they started with. Weights that do not fit the classifier are
 * refused with a warning and the engine in use is kept.
 */
final class WeightsReloader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WeightsReloader.class);

    private final RequestClassifier classifier;
    private final List<CandidateFilter> filters;
    private final AnswerLengths answerLengths;
    private final WeightsStore store;
    private final long reloadIntervalS;
    private final ScheduledExecutorService poller;
    private final Runnable afterPoll;
    private volatile StoredWeights weights;
    private volatile ServingState serving;
    private volatile String stamp;
    private volatile int version;

    /**
     * @param answerLengths each model's mean answer length (the ledger's), which engines price candidates at
     * @param afterPoll     also run on every poll (e.g. refreshing evaluation metrics), errors logged
     */
    WeightsReloader(RequestClassifier classifier, RoutewiseConfig config, List<CandidateFilter> filters,
                    AnswerLengths answerLengths, WeightsStore store, Runnable afterPoll) {
        this.classifier = classifier;
        this.answerLengths = answerLengths;
        this.afterPoll = afterPoll;
        this.filters = List.copyOf(filters);
        this.store = store;
        this.reloadIntervalS = config.evaluation().reloadIntervalS();
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "routewise-weights-reload");
            t.setDaemon(true);
            return t;
        });
        // An unusable stored version leaves the model directory's own weights in use.
        load();
    }

    /** Routes {@code serving}'s requests from now on: new weights replace its engine. */
    WeightsReloader attach(ServingState state) {
        this.serving = state;
        return this;
    }

    /** Starts polling the weights directory. */
    WeightsReloader start() {
        poller.scheduleWithFixedDelay(this::poll, reloadIntervalS, reloadIntervalS, TimeUnit.SECONDS);
        return this;
    }

    /** An engine for {@code config} on the weights in use (the model directory's own for version 0). */
    RoutingEngine engineFor(RoutewiseConfig config) {
        StoredWeights w = weights;
        return RoutingEngine.forCatalog(classifier, w == null ? classifier.weights() : w.weights(),
                w == null ? null : "w" + w.version().version(), config, filters, answerLengths);
    }

    /** The weights version routed with (0: the model directory's own). */
    int version() {
        return version;
    }

    /** Keeps this router's weights in step with the other replicas of a shared ledger (checked on each poll). */
    WeightsReloader shareWith(WeightsReplicaSync replicas) {
        this.replicas = replicas;
        return this;
    }

    private volatile WeightsReplicaSync replicas;

    private void poll() {
        WeightsReplicaSync sync = replicas;
        if (sync != null) {
            try {
                sync.sync();
            } catch (RuntimeException e) {
                LOG.warn("cannot sync routing weights with the other replicas: {}", e.getMessage());
            }
        }
        try {
            if (!Objects.equals(store.stamp(), stamp)) {
                reload();
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot check routing weights in {}: {}", store.dir(), e.getMessage());
        }
        afterPoll.run();
    }

    /**
     * Loads the store's current version now (what the poller does on a change) and routes with it.
     *
     * @return whether the engine now routes with it
     */
    synchronized boolean reload() {
        if (!load()) {
            return false;
        }
        ServingState state = serving;
        if (state != null) {
            state.replace(s -> s.withEngine(engineFor(s.config())));
        }
        return true;
    }

    /** Reads the store's current version, refusing weights whose classes are not the classifier's. */
    private boolean load() {
        String newStamp = store.stamp();
        try {
            Optional<StoredWeights> current = store.current();
            if (current.isPresent() && !current.get().weights().classes().equals(classifier.labels())) {
                throw new IllegalArgumentException("routing weights v" + current.get().version().version()
                        + " have classes " + current.get().weights().classes() + ", the classifier " + classifier.labels());
            }
            int newVersion = current.map(w -> w.version().version()).orElse(0);
            if (newVersion != version) {
                LOG.info("routing weights {} loaded (was {})", label(newVersion), label(version));
            }
            weights = current.orElse(null);
            version = newVersion;
            return true;
        } catch (RuntimeException e) {
            LOG.warn("routing weights in {} not loaded, keeping {}: {}", store.dir(), label(version), e.getMessage());
            return false;
        } finally {
            stamp = newStamp;
        }
    }

    private static String label(int version) {
        return version == 0 ? "of the model directory" : "v" + version;
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}

package io.routewise.server;

import io.routewise.classifier.RequestClassifier;
import io.routewise.config.RoutewiseConfig;
import io.routewise.classifier.weights.StoredWeights;
import io.routewise.classifier.weights.WeightsStore;
import io.routewise.policy.CandidateFilter;
import io.routewise.policy.RoutingEngine;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
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
final class WeightsReloader implements Supplier<RoutingEngine>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WeightsReloader.class);

    private final RequestClassifier classifier;
    private final RoutewiseConfig config;
    private final List<CandidateFilter> filters;
    private final WeightsStore store;
    private final AtomicReference<RoutingEngine> engine = new AtomicReference<>();
    private final ScheduledExecutorService poller;
    private final Runnable afterPoll;
    private volatile String stamp;
    private volatile int version;

    /** @param afterPoll also run on every poll (e.g. refreshing evaluation metrics), errors logged */
    WeightsReloader(RequestClassifier classifier, RoutewiseConfig config, List<CandidateFilter> filters,
                    WeightsStore store, Runnable afterPoll) {
        this.classifier = classifier;
        this.afterPoll = afterPoll;
        this.config = config;
        this.filters = List.copyOf(filters);
        this.store = store;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "routewise-weights-reload");
            t.setDaemon(true);
            return t;
        });
        if (!reload()) {
            // The stored current version is unusable: start on the model directory's own weights.
            engine.set(RoutingEngine.forCatalog(classifier, config, filters));
        }
    }

    /** Starts polling the weights directory. */
    WeightsReloader start() {
        long every = config.evaluation().reloadIntervalS();
        poller.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.SECONDS);
        return this;
    }

    @Override
    public RoutingEngine get() {
        return engine.get();
    }

    /** The weights version routed with (0: the model directory's own). */
    int version() {
        return version;
    }

    private void poll() {
        try {
            if (!Objects.equals(store.stamp(), stamp)) {
                reload();
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot check routing weights in {}: {}", config.evaluation().weightsDir(), e.getMessage());
        }
        afterPoll.run();
    }

    /**
     * Loads the store's current version now (what the poller does on a change).
     *
     * @return whether the engine now routes with it
     */
    synchronized boolean reload() {
        String newStamp = store.stamp();
        try {
            Optional<StoredWeights> current = store.current();
            RoutingEngine next = current.isPresent()
                    ? RoutingEngine.forCatalog(classifier, current.get().weights(), "w" + current.get().version().version(),
                    config, filters)
                    : RoutingEngine.forCatalog(classifier, config, filters);
            int newVersion = current.map(w -> w.version().version()).orElse(0);
            RoutingEngine previous = engine.getAndSet(next);
            if (previous != null && newVersion != version) {
                LOG.info("routing weights {} loaded (was {})", label(newVersion), label(version));
            }
            version = newVersion;
            return true;
        } catch (RuntimeException e) {
            LOG.warn("routing weights in {} not loaded, keeping {}: {}", config.evaluation().weightsDir(), label(version),
                    e.getMessage());
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

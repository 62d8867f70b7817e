package io.routewise.server;

import io.routewise.classifier.weights.WeightsStore;
import io.routewise.classifier.weights.WeightsVersion;
import io.routewise.ledger.SharedWeights;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the routing-weight versions of replicas on one PostgreSQL ledger in step. The ledger holds every
 * version and the current one; each router's weights folder is its local copy. On each poll: a change of
 * the shared current version (made by any replica) is adopted here, its files copied into the folder if
 * missing; a change made here (a recalibration, {@code routewise weights rollback | activate}) is
 * published, its versions first. The weights reloader then routes with whatever the folder says.
 */
final class WeightsReplicaSync {

    private static final Logger LOG = LoggerFactory.getLogger(WeightsReplicaSync.class);

    private final WeightsStore store;
    private final SharedWeights shared;
    private final Clock clock;
    private long lastSeq = -1;
    private int lastPublished = -1;

    WeightsReplicaSync(WeightsStore store, SharedWeights shared, Clock clock) {
        this.store = store;
        this.shared = shared;
        this.clock = clock;
    }

    /** One round; returns true when this router's current version changed to follow another replica. */
    synchronized boolean sync() {
        Optional<SharedWeights.Current> db = shared.current();
        int local = store.currentVersion();
        if (db.isPresent() && db.get().seq() != lastSeq) {
            lastSeq = db.get().seq();
            int version = db.get().version();
            lastPublished = version;
            if (version == local) {
                return false;
            }
            if (version > 0 && store.files(version).isEmpty()) {
                SharedWeights.Version v = shared.version(version).orElseThrow(() -> new IllegalStateException(
                        "the ledger names weights v" + version + " current but does not hold it"));
                store.importVersion(version, v.meta().getBytes(StandardCharsets.UTF_8),
                        v.weights().getBytes(StandardCharsets.UTF_8));
            }
            store.activate(version);
            LOG.info("routing weights: following the other replicas to {}", version == 0 ? "the model directory's own" : "v" + version);
            return true;
        }
        if (local != lastPublished) {
            for (WeightsVersion v : store.list()) {
                byte[][] files = store.files(v.version()).orElseThrow();
                boolean stored = shared.put(new SharedWeights.Version(v.version(), new String(files[0], StandardCharsets.UTF_8),
                        new String(files[1], StandardCharsets.UTF_8)));
                if (!stored) {
                    LOG.warn("routing weights v{} here differ from the v{} the other replicas share; not published",
                            v.version(), v.version());
                    lastPublished = local;
                    return false;
                }
            }
            lastSeq = shared.setCurrent(local, clock.instant());
            lastPublished = local;
            LOG.info("routing weights: {} published to the other replicas", local == 0 ? "the model directory's own" : "v" + local);
        }
        return false;
    }
}

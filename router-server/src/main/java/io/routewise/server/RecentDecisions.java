package io.routewise.server;

import io.routewise.dispatch.Attempt;
import io.routewise.policy.ExcludedModel;
import io.routewise.policy.RouteDecision;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last routed requests of this process, newest first, for the dashboard's decision table: what the
 * router chose and why, what it expected, and what happened. Bounded (a fixed number of entries, each
 * with bounded lists), so no caller can grow it; the ledger keeps the durable record.
 */
final class RecentDecisions {

    /** Entries kept. */
    static final int CAPACITY = 500;
    /** Reasons, fallbacks, skips and set-aside models kept per entry. */
    private static final int LIST_LIMIT = 20;

    /**
     * One routed request.
     *
     * @param served          the model that answered, or null
     * @param skipped         deployments passed over without a call, as {@code model (cause)}
     * @param failed          calls that failed, as {@code model (kind)}
     * @param setAside        candidates the decision set aside, as {@code model (cause)}
     */
    record Entry(String requestId, Instant at, String path, int status, String chosen, String served,
                 double expectedQuality, double expectedCostUsd, String topClass, String task, List<String> reasons,
                 List<String> fallbacks, List<String> skipped, List<String> failed, List<String> setAside,
                 double totalMs, Double costUsd) {
    }

    private final Deque<Entry> entries = new ArrayDeque<>();

    /** Keeps a finished request that went through a routing decision; others are ignored. */
    void record(RequestLog.Entry e, Instant at) {
        RouteDecision d = e.decision();
        if (d == null) {
            return;
        }
        List<String> skipped = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        List<Attempt> attempts = e.answered().attempts();
        if (attempts != null) {
            for (Attempt a : attempts) {
                if (a.skipped()) {
                    add(skipped, a.model() + " (" + a.skip().cause().tag() + ")");
                } else if (a.error() != null) {
                    add(failed, a.model() + " (" + a.error().kind().name().toLowerCase(java.util.Locale.ROOT) + ")");
                }
            }
        }
        List<String> setAside = new ArrayList<>();
        for (ExcludedModel x : d.setAside()) {
            add(setAside, x.model() + " (" + x.cause() + ")");
        }
        List<String> fallbacks = new ArrayList<>();
        d.fallbacks().forEach(f -> add(fallbacks, f.model()));
        Entry entry = new Entry(e.requestId(), at, e.path(), e.status(), d.model(), e.answered().model(),
                d.expectedQuality(), d.expectedCostUsd(), d.topClass(), d.task(), limit(d.reasons()), fallbacks, skipped,
                failed, setAside, e.totalMs(), e.answered().costUsd());
        synchronized (entries) {
            entries.addFirst(entry);
            while (entries.size() > CAPACITY) {
                entries.removeLast();
            }
        }
    }

    /** The entries, newest first. */
    List<Entry> list() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    private static void add(List<String> list, String value) {
        if (list.size() < LIST_LIMIT) {
            list.add(value);
        }
    }

    private static List<String> limit(List<String> values) {
        return values == null ? List.of() : List.copyOf(values.subList(0, Math.min(values.size(), LIST_LIMIT)));
    }
}

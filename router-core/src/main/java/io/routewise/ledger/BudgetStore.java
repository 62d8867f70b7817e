package io.routewise.ledger;

import io.routewise.config.BudgetConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Budgets in the ledger database: per budget and calendar period (UTC) one {@code budget_spend} row
 * with what was spent and what calls in flight have reserved, in whole micro-dollars so that sums and
 * the cap comparison are exact.
 *
 * <p>Admission ({@link #reserve}) adds the call's estimate to every budget it falls under with one
 * conditional {@code UPDATE ... WHERE spent + reserved + estimate <= cap} per budget, all in one
 * transaction: the database, not a read-then-write in this process, decides, so replicas sharing a
 * PostgreSQL ledger cannot overspend together (SQLite serialises writers; the same statements hold in
 * one process). {@link #reconcile} moves the reservation to spent at the actual cost. Reservations of
 * calls that never settle (a crashed replica) expire: a sweep returns their amounts, on open and then
 * every minute.
 */
public final class BudgetStore implements AutoCloseable {

    /** How long a reservation lives without being settled; longer than any call. */
    public static final Duration DEFAULT_RESERVATION_TTL = Duration.ofMinutes(10);
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(BudgetStore.class);

    private final Ledger ledger;
    private volatile List<BudgetConfig> budgets;
    private final Duration reservationTtl;
    private final Clock clock;
    private final String clampReserved;
    private ScheduledExecutorService sweeper;
    private final java.util.Map<String, java.util.concurrent.Semaphore> queues = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile WaitListener waitListener = (took, admitted) -> { };
    /** Callers of this process waiting in a budget's line now. */
    private final java.util.concurrent.atomic.AtomicInteger waiters = new java.util.concurrent.atomic.AtomicInteger();
    /** Budgets that caller keys carry themselves (e.g. {@code routewise keys create --budget-usd}), by ledger id. */
    private volatile java.util.function.Function<String, List<BudgetConfig>> keyBudgets = k -> List.of();

    /** A store without a background sweeper (call {@link #expireReservations} yourself); for tests. */
    public BudgetStore(Ledger ledger, List<BudgetConfig> budgets, Duration reservationTtl, Clock clock) {
        this.ledger = ledger;
        this.budgets = List.copyOf(budgets);
        this.reservationTtl = reservationTtl;
        this.clock = clock;
        this.clampReserved = ledger.dialect().greatest("0", "reserved_micros - ?");
    }

    /** The budgets of a config against a ledger: sweeps expired reservations now and every minute. */
    public static BudgetStore open(Ledger ledger, List<BudgetConfig> budgets) {
        BudgetStore store = new BudgetStore(ledger, budgets, DEFAULT_RESERVATION_TTL, Clock.systemUTC());
        store.expireReservations();
        store.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "routewise-budget-sweeper");
            t.setDaemon(true);
            return t;
        });
        store.sweeper.scheduleWithFixedDelay(store::sweepQuietly, SWEEP_EVERY.toMillis(), SWEEP_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        return store;
    }

    public List<BudgetConfig> budgets() {
        return budgets;
    }

    /**
     * Adds the budgets caller keys carry: for a target's key id, {@code source} gives its budgets (scope
     * {@code key}, name the key id), enforced like configured ones.
     */
    public void keyBudgets(java.util.function.Function<String, List<BudgetConfig>> source) {
        this.keyBudgets = source;
    }

    /**
     * Replaces the configured budgets (a config reload). Money spent and reserved stays in the ledger,
     * keyed by budget scope, name and period, so a budget that is kept keeps its spend; a new cap applies
     * to the next admission.
     */
    public void setBudgets(List<BudgetConfig> newBudgets) {
        budgets = List.copyOf(newBudgets);
    }

    /** The budgets a target falls under. */
    public List<BudgetConfig> applicable(BudgetTarget target) {
        List<BudgetConfig> out = new ArrayList<>();
        if (target.apiKeyId() != null) {
            out.addAll(keyBudgets.apply(target.apiKeyId()));
        }
        for (BudgetConfig b : budgets) {
            String subject = switch (b.scope()) {
                case "provider" -> target.provider();
                case "model" -> target.model();
                case "key" -> target.apiKeyId();
                default -> null;
            };
            if (subject != null && subject.equals(b.name())) {
                out.add(b);
            }
        }
        return out;
    }

    /**
     * {@link #reserve(BudgetTarget, double)}, waiting up to {@code maxWait} when the estimate does not fit
     * only because of calls in flight (spent + estimate within the cap, spent + reserved + estimate not):
     * their reservations settle, usually below their estimates, and leave room. Waiters for one budget take
     * turns in arrival order (a fair queue per budget in this process; a new caller joins the queue when
     * there is one instead of overtaking it); the database still decides each attempt, so replicas on one
     * PostgreSQL ledger cannot overspend together, though across replicas there is no common order. At most
     * {@value #MAX_WAITERS} callers wait per budget (each holds a request thread); more are refused at once.
     *
     * @throws BudgetExceededException when spent money leaves no room, the wait runs out, or the queue is full
     */
    public Reservation reserve(BudgetTarget target, double estimateUsd, Duration maxWait) {
        if (maxWait.isZero() || maxWait.isNegative()) {
            return reserve(target, estimateUsd);
        }
        long deadline = System.nanoTime() + maxWait.toNanos();
        // Nobody waits in this process (the usual case): no line to join, so no need to look for one.
        BudgetConfig waitingFor = waiters.get() == 0 ? null : budgetWithWaiters(target);
        if (waitingFor == null) {
            try {
                return reserve(target, estimateUsd);
            } catch (BudgetExceededException e) {
                if (!e.inFlightOnly()) {
                    throw e;
                }
                waitingFor = e.budget();
            }
        }
        return waitInLine(waitingFor, target, estimateUsd, deadline);
    }

    /** Most callers waiting per budget in this process; each holds a request thread while it waits. */
    static final int MAX_WAITERS = 64;

    private Reservation waitInLine(BudgetConfig budget, BudgetTarget target, double estimateUsd, long deadline) {
        long start = System.nanoTime();
        java.util.concurrent.Semaphore queue = queues.computeIfAbsent(queueKey(budget),
                k -> new java.util.concurrent.Semaphore(1, true));
        if (queue.getQueueLength() >= MAX_WAITERS) {
            waitListener.waited(Duration.ZERO, false);
            return reserve(target, estimateUsd); // refused unless it fits right now
        }
        boolean admitted = false;
        // The ticket is the caller's place in line on every router sharing the ledger; this process's fair
        // queue keeps its own waiters in the same order and polls the database one at a time.
        long ticket = enqueue(holdFor(budget, clock.instant()), estimateUsd, deadline);
        waiters.incrementAndGet();
        try {
            if (!queue.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                Reservation r = reserve(target, estimateUsd, ticket); // one last try: the wait is over
                admitted = true;
                return r;
            }
            try {
                long sleepMillis = 2;
                while (true) {
                    try {
                        Reservation r = reserve(target, estimateUsd, ticket);
                        admitted = true;
                        return r;
                    } catch (BudgetExceededException e) {
                        long left = deadline - System.nanoTime();
                        if (!e.inFlightOnly() || left <= 0) {
                            throw e;
                        }
                        Thread.sleep(Math.min(sleepMillis, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left))));
                        sleepMillis = Math.min(10, sleepMillis * 2); // only the line's head polls, so keep it brisk
                    }
                }
            } finally {
                queue.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Reservation r = reserve(target, estimateUsd, ticket);
            admitted = true;
            return r;
        } finally {
            waiters.decrementAndGet();
            dequeue(ticket);
            waitListener.waited(Duration.ofNanos(System.nanoTime() - start), admitted);
        }
    }

    /**
     * Takes a place in line for a budget period: its ticket. Younger calls are admitted only if they fit
     * beside the amounts of every older waiter, so a waiter's room is kept for it.
     */
    private long enqueue(Reservation.Hold h, double amountUsd, long deadlineNanos) {
        long expires = clock.millis() + TimeUnit.NANOSECONDS.toMillis(Math.max(0, deadlineNanos - System.nanoTime()))
                + WAITER_GRACE.toMillis();
        try (Connection c = ledger.connection(); PreparedStatement ps = c.prepareStatement("INSERT INTO budget_waiters "
                + "(scope, name, period, period_start, amount_micros, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                new String[] {"ticket"})) {
            bindKey(ps, h, 1);
            ps.setLong(5, Micros.of(amountUsd));
            ps.setLong(6, expires);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot queue for budget " + h.name() + ": " + e.getMessage(), e);
        }
    }

    private void dequeue(long ticket) {
        try (Connection c = ledger.connection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM budget_waiters WHERE ticket = ?")) {
            ps.setLong(1, ticket);
            ps.executeUpdate();
        } catch (SQLException e) {
            // the row expires by itself
            LOG.warn("budgets: cannot leave the waiting line ({}); its place expires by itself", e.getMessage());
        }
    }

    /** How long past its wait a waiter's place is kept, should its router die without leaving the line. */
    private static final Duration WAITER_GRACE = Duration.ofSeconds(5);

    /** A budget of this target that callers of this process are waiting for now, or null. */
    private BudgetConfig budgetWithWaiters(BudgetTarget target) {
        for (BudgetConfig b : applicable(target)) {
            java.util.concurrent.Semaphore q = queues.get(queueKey(b));
            if (q != null && (q.hasQueuedThreads() || q.availablePermits() == 0)) {
                return b;
            }
        }
        return null;
    }

    private static String queueKey(BudgetConfig b) {
        return b.scope() + "\u0000" + b.name() + "\u0000" + b.period();
    }

    /** Told how long each wait for room took and whether it ended admitted (for metrics). */
    @FunctionalInterface
    public interface WaitListener {
        void waited(Duration took, boolean admitted);
    }

    public void onWait(WaitListener listener) {
        this.waitListener = listener;
    }

    /**
     * Reserves {@code estimateUsd} against every budget the target falls under, or none.
     *
     * @throws BudgetExceededException naming the first budget the estimate does not fit in
     * @throws LedgerException         when the database fails
     */
    public Reservation reserve(BudgetTarget target, double estimateUsd) {
        return reserve(target, estimateUsd, Long.MAX_VALUE);
    }

    /**
     * {@link #reserve(BudgetTarget, double)} for the holder of a place in line: admitted only if the estimate
     * fits beside what is spent, reserved, and wanted by every caller with an older ticket still waiting for
     * the same budget period (on any router sharing the ledger); a caller without a ticket
     * ({@code Long.MAX_VALUE}) leaves room for every waiter.
     */
    private Reservation reserve(BudgetTarget target, double estimateUsd, long ticket) {
        if (!(estimateUsd >= 0) || Double.isInfinite(estimateUsd)) {
            throw new IllegalArgumentException("estimateUsd must be a finite amount >= 0 (got " + estimateUsd + ")");
        }
        Instant now = clock.instant();
        Map<Reservation.Hold, BudgetConfig> holds = new TreeMap<>();
        for (BudgetConfig b : applicable(target)) {
            holds.put(holdFor(b, now), b);
        }
        Reservation reservation = new Reservation(UUID.randomUUID().toString(), estimateUsd,
                new ArrayList<>(holds.keySet()), now.plus(reservationTtl));
        if (holds.isEmpty()) {
            return reservation;
        }
        try (Connection c = ledger.connection()) {
            c.setAutoCommit(false);
            try {
                for (Map.Entry<Reservation.Hold, BudgetConfig> e : holds.entrySet()) {
                    if (!reserveIn(c, e.getKey(), e.getValue(), estimateUsd, ticket, now.toEpochMilli())) {
                        c.rollback();
                        throw refused(c, e.getKey(), e.getValue(), estimateUsd);
                    }
                    insertHold(c, reservation, e.getKey());
                }
                c.commit();
                return reservation;
            } catch (SQLException | RuntimeException ex) {
                c.rollback();
                throw ex;
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot reserve budget: " + e.getMessage(), e);
        }
    }

    private boolean reserveIn(Connection c, Reservation.Hold h, BudgetConfig b, double amount, long ticket, long now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO budget_spend (scope, name, period, period_start, "
                + "cap_micros, spent_micros, reserved_micros) VALUES (?, ?, ?, ?, ?, 0, 0) ON CONFLICT DO NOTHING")) {
            bindKey(ps, h, 1);
            ps.setLong(5, Micros.of(b.usd()));
            ps.executeUpdate();
        }
        // The one statement that decides: the row is changed only if the estimate still fits.
        try (PreparedStatement ps = c.prepareStatement("UPDATE budget_spend SET reserved_micros = reserved_micros + ?, "
                + "cap_micros = ? WHERE scope = ? AND name = ? AND period = ? AND period_start = ? "
                + "AND spent_micros + reserved_micros + ? + COALESCE((SELECT SUM(w.amount_micros) FROM budget_waiters w "
                + "WHERE w.scope = ? AND w.name = ? AND w.period = ? AND w.period_start = ? AND w.ticket < ? "
                + "AND w.expires_at > ?), 0) <= ?")) {
            long micros = Micros.of(amount);
            ps.setLong(1, micros);
            ps.setLong(2, Micros.of(b.usd()));
            bindKey(ps, h, 3);
            ps.setLong(7, micros);
            bindKey(ps, h, 8);
            ps.setLong(12, ticket);
            ps.setLong(13, now);
            ps.setLong(14, Micros.of(b.usd()));
            return ps.executeUpdate() == 1;
        }
    }

    private void insertHold(Connection c, Reservation r, Reservation.Hold h) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO budget_reservations (scope, name, period, "
                + "period_start, id, amount_micros, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            bindKey(ps, h, 1);
            ps.setString(5, r.id());
            ps.setLong(6, Micros.of(r.amountUsd()));
            ps.setLong(7, r.expiresAt().toEpochMilli());
            ps.executeUpdate();
        }
    }

    private BudgetExceededException refused(Connection c, Reservation.Hold h, BudgetConfig b, double amount)
            throws SQLException {
        double[] used = usage(c, h);
        // Only the calls in flight stand in the way when the spent money alone leaves room for this call.
        boolean inFlightOnly = Micros.of(used[0]) + Micros.of(amount) <= Micros.of(b.usd());
        return new BudgetExceededException(b, String.format(Locale.ROOT,
                "budget %s is exhausted for %s: $%.4f spent and $%.4f reserved by calls in flight; this call's "
                        + "estimate of $%.4f does not fit", b.label(), h.periodStart(), used[0], used[1], amount),
                inFlightOnly);
    }

    /**
     * Settles a reservation at the call's actual cost: its holds leave {@code reserved} and the actual
     * cost is added to {@code spent}. A reservation that already expired only adds the actual cost.
     * Settle each reservation once.
     */
    public void reconcile(Reservation reservation, double actualUsd) {
        if (reservation.holds().isEmpty()) {
            return;
        }
        if (!(actualUsd >= 0) || Double.isInfinite(actualUsd)) {
            throw new IllegalArgumentException("actualUsd must be a finite amount >= 0 (got " + actualUsd + ")");
        }
        try (Connection c = ledger.connection()) {
            c.setAutoCommit(false);
            try {
                for (Reservation.Hold h : reservation.holds()) {
                    boolean held = deleteHold(c, reservation.id(), h);
                    settle(c, h, held ? Micros.of(reservation.amountUsd()) : 0, Micros.of(actualUsd));
                }
                c.commit();
            } catch (SQLException | RuntimeException ex) {
                c.rollback();
                throw ex;
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot settle budget reservation " + reservation.id() + ": " + e.getMessage(), e);
        }
    }

    /** Returns a reservation whose call spent nothing (refused before it was sent). */
    public void release(Reservation reservation) {
        reconcile(reservation, 0);
    }

    private boolean deleteHold(Connection c, String id, Reservation.Hold h) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM budget_reservations WHERE scope = ? AND name = ? "
                + "AND period = ? AND period_start = ? AND id = ?")) {
            bindKey(ps, h, 1);
            ps.setString(5, id);
            return ps.executeUpdate() == 1;
        }
    }

    private void settle(Connection c, Reservation.Hold h, long unreserve, long spend) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE budget_spend SET reserved_micros = " + clampReserved
                + ", spent_micros = spent_micros + ? WHERE scope = ? AND name = ? AND period = ? AND period_start = ?")) {
            ps.setLong(1, unreserve);
            ps.setLong(2, spend);
            bindKey(ps, h, 3);
            ps.executeUpdate();
        }
    }

    /**
     * Returns the amounts of reservations past their expiry to their budgets.
     *
     * @return how many holds expired
     */
    public int expireReservations() {
        long now = clock.millis();
        try (Connection c = ledger.connection()) {
            c.setAutoCommit(false);
            try {
                List<Object[]> expired = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT scope, name, period, period_start, id, "
                        + "amount_micros FROM budget_reservations WHERE expires_at < ? "
                        + "ORDER BY scope, name, period, period_start")) {
                    ps.setLong(1, now);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            expired.add(new Object[] {new Reservation.Hold(rs.getString(1), rs.getString(2),
                                    rs.getString(3), rs.getString(4)), rs.getString(5), rs.getLong(6)});
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM budget_waiters WHERE expires_at < ?")) {
                    ps.setLong(1, now);
                    ps.executeUpdate();
                }
                int count = 0;
                for (Object[] e : expired) {
                    Reservation.Hold h = (Reservation.Hold) e[0];
                    // Only the sweeper (or reconcile) whose DELETE removes the hold returns its amount.
                    if (deleteHold(c, (String) e[1], h)) {
                        settle(c, h, (Long) e[2], 0);
                        count++;
                    }
                }
                c.commit();
                return count;
            } catch (SQLException | RuntimeException ex) {
                c.rollback();
                throw ex;
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot expire budget reservations: " + e.getMessage(), e);
        }
    }

    private void sweepQuietly() {
        try {
            int n = expireReservations();
            if (n > 0) {
                LOG.warn("budgets: returned {} expired reservations (calls that never settled)", n);
            }
        } catch (RuntimeException e) {
            LOG.error("budgets: expiry sweep failed (retried in {} s): {}", SWEEP_EVERY.toSeconds(), e.getMessage());
        }
    }

    /** The worst status over the budgets a target falls under (for routing: SOFT prefers others, HARD excludes). */
    public BudgetStatus status(BudgetTarget target) {
        return worst(applicable(target));
    }

    /** The worst status over the budgets with this scope and name (both periods). */
    public BudgetStatus status(String scope, String name) {
        List<BudgetConfig> matching = new ArrayList<>();
        for (BudgetConfig b : budgets) {
            if (b.scope().equals(scope) && b.name().equals(name)) {
                matching.add(b);
            }
        }
        return worst(matching);
    }

    private BudgetStatus worst(List<BudgetConfig> list) {
        if (list.isEmpty()) {
            return BudgetStatus.OK;
        }
        Instant now = clock.instant();
        BudgetStatus worst = BudgetStatus.OK;
        try (Connection c = ledger.connection()) {
            for (BudgetConfig b : list) {
                Reservation.Hold h = holdFor(b, now);
                double[] used = usage(c, h);
                double total = used[0] + used[1];
                BudgetStatus.Level level = Micros.of(total) >= Micros.of(b.usd()) ? BudgetStatus.Level.HARD
                        : total >= b.softThreshold() * b.usd() ? BudgetStatus.Level.SOFT : BudgetStatus.Level.OK;
                if (level.compareTo(worst.level()) > 0) {
                    String reason = String.format(Locale.ROOT, "budget %s: $%.4f of $%.2f used in %s (%.0f %%)%s",
                            b.label(), total, b.usd(), h.periodStart(), 100 * total / b.usd(),
                            level == BudgetStatus.Level.HARD ? ", at the cap" : ", past the soft threshold");
                    worst = new BudgetStatus(level, reason, b);
                }
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot read budget status: " + e.getMessage(), e);
        }
        return worst;
    }

    /** {spent, reserved} of a budget period (0, 0 before its first reservation). */
    private static double[] usage(Connection c, Reservation.Hold h) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT spent_micros, reserved_micros FROM budget_spend "
                + "WHERE scope = ? AND name = ? AND period = ? AND period_start = ?")) {
            bindKey(ps, h, 1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new double[] {Micros.toUsd(rs.getLong(1)), Micros.toUsd(rs.getLong(2))}
                        : new double[] {0, 0};
            }
        }
    }

    /** Spent and reserved in a budget's current period. */
    public BudgetUsage usage(BudgetConfig budget) {
        Reservation.Hold h = holdFor(budget, clock.instant());
        try (Connection c = ledger.connection()) {
            double[] u = usage(c, h);
            return new BudgetUsage(budget, h.periodStart(), u[0], u[1]);
        } catch (SQLException e) {
            throw new LedgerException("cannot read budget usage: " + e.getMessage(), e);
        }
    }

    /** The budget's period containing {@code at}: {@code 2026-11-21} for a day, {@code 2026-11} for a month (UTC). */
    static Reservation.Hold holdFor(BudgetConfig b, Instant at) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        String start = "month".equals(b.period()) ? day.toString().substring(0, 7) : day.toString();
        return new Reservation.Hold(b.scope(), b.name(), b.period(), start);
    }

    private static void bindKey(PreparedStatement ps, Reservation.Hold h, int from) throws SQLException {
        ps.setString(from, h.scope());
        ps.setString(from + 1, h.name());
        ps.setString(from + 2, h.period());
        ps.setString(from + 3, h.periodStart());
    }

    /** Stops the sweeper; the ledger stays open. */
    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
    }
}

package io.routewise.eval.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.eval.EvalOutcome;
import io.routewise.json.Json;
import io.routewise.ledger.Ledger;
import io.routewise.ledger.LedgerException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The evaluation's tables in the ledger database ({@code V2__evaluation.sql}): runs, per-prompt
 * results, the baseline run of every (model, task, complexity) cell, and the lease that lets one
 * evaluation run at a time across every process sharing the database (SQLite or PostgreSQL alike).
 * Thread-safe; every method uses its own pooled connection.
 */
public final class EvalStore {

    private static final String LOCK = "evaluation";
    private static final String RUN_COLUMNS = "run_id, slot, trigger_kind, status, started_at, finished_at, sets, "
            + "sets_sha256, models, prompts, estimated_usd, budget_usd, spent_usd, drift, weights_version, "
            + "report_path, message";
    private static final String RESULT_COLUMNS = "run_id, model, item_id, provider, task, complexity, passed, error, "
            + "latency_ms, input_tokens, output_tokens, cost_usd, detail";

    private final Ledger ledger;
    private final Clock clock;

    public EvalStore(Ledger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    // ---- the lease -----------------------------------------------------------------------------

    /**
     * Takes the evaluation lease for {@code lease} when it is free or its holder let it expire (a
     * crashed process cannot block evaluations for longer than its lease).
     *
     * @return whether {@code holder} now holds it
     */
    public boolean tryLock(String holder, Duration lease) {
        long now = clock.millis();
        return update("UPDATE eval_lock SET holder = ?, expires_at = ? WHERE name = ? "
                + "AND (holder IS NULL OR holder = ? OR expires_at < ?)", holder, now + lease.toMillis(), LOCK, holder, now) == 1;
    }

    /** Extends the lease {@code holder} holds; false when it has lost it. */
    public boolean renewLock(String holder, Duration lease) {
        return update("UPDATE eval_lock SET expires_at = ? WHERE name = ? AND holder = ?",
                clock.millis() + lease.toMillis(), LOCK, holder) == 1;
    }

    /** Releases the lease if {@code holder} holds it. */
    public void unlock(String holder) {
        update("UPDATE eval_lock SET holder = NULL, expires_at = 0 WHERE name = ? AND holder = ?", LOCK, holder);
    }

    // ---- runs ----------------------------------------------------------------------------------

    /** Whether a run was already started for this scheduled slot (by any replica). */
    public boolean slotTaken(String slot) {
        return query("SELECT 1 FROM eval_runs WHERE slot = ?", rs -> rs.next(), slot);
    }

    /** Records a new run (normally {@link EvalRunStatus#RUNNING}, or {@link EvalRunStatus#REFUSED}). */
    public void insertRun(EvalRun run) {
        update("INSERT INTO eval_runs (" + RUN_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                run.runId(), run.slot(), run.trigger(), run.status().dbName(), run.startedAt().toEpochMilli(),
                run.finishedAt() == null ? null : run.finishedAt().toEpochMilli(), json(run.sets()), run.setsSha256(),
                json(run.models()), run.prompts(), run.estimatedUsd(), run.budgetUsd(), run.spentUsd(),
                run.drift() == null ? null : run.drift().toString(), run.weightsVersion(), run.reportPath(),
                run.message());
    }

    /** Ends a run: its status, spend and message, stamped now. */
    public void finishRun(String runId, EvalRunStatus status, double spentUsd, String message) {
        update("UPDATE eval_runs SET status = ?, finished_at = ?, spent_usd = ?, message = ? WHERE run_id = ?",
                status.dbName(), clock.millis(), spentUsd, message, runId);
    }

    /** Records what a finished run concluded: its drift summary, the weights version it wrote, its report. */
    public void recordConclusions(String runId, JsonNode drift, Integer weightsVersion, String reportPath) {
        update("UPDATE eval_runs SET drift = ?, weights_version = ?, report_path = ? WHERE run_id = ?",
                drift == null ? null : drift.toString(), weightsVersion, reportPath, runId);
    }

    public Optional<EvalRun> run(String runId) {
        List<EvalRun> runs = query("SELECT " + RUN_COLUMNS + " FROM eval_runs WHERE run_id = ?", EvalStore::runs, runId);
        return runs.stream().findFirst();
    }

    /** The most recent runs, newest first. */
    public List<EvalRun> recentRuns(int limit) {
        return query("SELECT " + RUN_COLUMNS + " FROM eval_runs ORDER BY started_at DESC, run_id DESC LIMIT ?",
                EvalStore::runs, limit);
    }

    /** The most recent completed runs, oldest first (the order recalibration and charts want). */
    public List<EvalRun> completedRuns(int limit) {
        List<EvalRun> newestFirst = query("SELECT " + RUN_COLUMNS + " FROM eval_runs WHERE status = ? "
                + "ORDER BY started_at DESC, run_id DESC LIMIT ?", EvalStore::runs, EvalRunStatus.COMPLETED.dbName(), limit);
        List<EvalRun> oldestFirst = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    /**
     * Marks runs left {@code running} by a process that died as failed, so they never look
     * current. Called with the lease held: no live run can be among them.
     *
     * @return how many were marked
     */
    public int failAbandonedRuns() {
        return update("UPDATE eval_runs SET status = ?, finished_at = ?, message = ? WHERE status = ?",
                EvalRunStatus.FAILED.dbName(), clock.millis(), "abandoned: its process stopped before it finished",
                EvalRunStatus.RUNNING.dbName());
    }

    // ---- results -------------------------------------------------------------------------------

    /** Stores per-prompt results in one transaction. */
    public void insertResults(Collection<EvalOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        inTransaction("cannot store evaluation results", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO eval_results (" + RESULT_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (EvalOutcome o : outcomes) {
                    ps.setString(1, o.runId());
                    ps.setString(2, o.model());
                    ps.setString(3, o.itemId());
                    ps.setString(4, o.provider());
                    ps.setString(5, o.task());
                    ps.setString(6, o.complexity());
                    ps.setBoolean(7, o.passed());
                    ps.setString(8, o.error());
                    ps.setLong(9, o.latencyMs());
                    ps.setLong(10, o.inputTokens());
                    ps.setLong(11, o.outputTokens());
                    ps.setDouble(12, o.costUsd());
                    ps.setString(13, o.detail());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** Every result of a run. */
    public List<EvalOutcome> results(String runId) {
        return query("SELECT " + RESULT_COLUMNS + " FROM eval_results WHERE run_id = ? ORDER BY model, item_id",
                EvalStore::outcomes, runId);
    }

    // ---- baselines -----------------------------------------------------------------------------

    /** A cell's baseline: the run it is compared with, and whether someone pinned it. */
    public record Baseline(String model, String task, String complexity, String runId, boolean pinned) {
    }

    /** Every cell's baseline. */
    public List<Baseline> baselines() {
        return query("SELECT model, task, complexity, run_id, pinned FROM eval_baselines ORDER BY model, task, complexity",
                rs -> {
                    List<Baseline> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new Baseline(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getBoolean(5)));
                    }
                    return out;
                });
    }

    /**
     * Makes {@code runId} the baseline of every cell it has results for and that has no baseline yet
     * (the first accepted run of each cell).
     *
     * @return how many cells it became the baseline of
     */
    public int adoptAsBaselineWhereMissing(String runId) {
        return update("INSERT INTO eval_baselines (model, task, complexity, run_id, pinned, set_at) "
                + "SELECT DISTINCT r.model, r.task, r.complexity, r.run_id, ?, ? FROM eval_results r "
                + "WHERE r.run_id = ? AND NOT EXISTS (SELECT 1 FROM eval_baselines b WHERE b.model = r.model "
                + "AND b.task = r.task AND b.complexity = r.complexity)", false, clock.millis(), runId);
    }

    /**
     * Pins {@code runId} as the baseline of every cell it has results for, for the given models (all
     * when empty), replacing what was there.
     *
     * @return how many cells now point at it
     * @throws IllegalArgumentException when the run does not exist or is not completed
     */
    public int pinBaseline(String runId, Collection<String> models) {
        EvalRun run = run(runId).orElseThrow(() -> new IllegalArgumentException("no evaluation run '" + runId + "'"));
        if (run.status() != EvalRunStatus.COMPLETED) {
            throw new IllegalArgumentException("run '" + runId + "' is " + run.status().dbName()
                    + "; only a completed run can be a baseline");
        }
        return inTransaction("cannot pin the baseline", c -> {
            List<String[]> cells = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT DISTINCT model, task, complexity FROM eval_results WHERE run_id = ?")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (models.isEmpty() || models.contains(rs.getString(1))) {
                            cells.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                        }
                    }
                }
            }
            for (String[] cell : cells) {
                try (PreparedStatement del = c.prepareStatement(
                        "DELETE FROM eval_baselines WHERE model = ? AND task = ? AND complexity = ?")) {
                    del.setString(1, cell[0]);
                    del.setString(2, cell[1]);
                    del.setString(3, cell[2]);
                    del.executeUpdate();
                }
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO eval_baselines "
                        + "(model, task, complexity, run_id, pinned, set_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                    ins.setString(1, cell[0]);
                    ins.setString(2, cell[1]);
                    ins.setString(3, cell[2]);
                    ins.setString(4, runId);
                    ins.setBoolean(5, true);
                    ins.setLong(6, clock.millis());
                    ins.executeUpdate();
                }
            }
            return cells.size();
        });
    }

    /**
     * The baseline outcomes of the given models: for every cell, the results of that cell's baseline
     * run, leaving out {@code excludeRunId} (a run is never its own baseline).
     */
    public List<EvalOutcome> baselineOutcomes(Collection<String> models, String excludeRunId) {
        List<EvalOutcome> all = query("SELECT r.run_id, r.model, r.item_id, r.provider, r.task, r.complexity, r.passed, "
                + "r.error, r.latency_ms, r.input_tokens, r.output_tokens, r.cost_usd, r.detail FROM eval_results r "
                + "JOIN eval_baselines b ON b.model = r.model AND b.task = r.task AND b.complexity = r.complexity "
                + "AND b.run_id = r.run_id WHERE r.run_id <> ? ORDER BY r.model, r.item_id",
                EvalStore::outcomes, excludeRunId);
        if (models.isEmpty()) {
            return all;
        }
        return all.stream().filter(o -> models.contains(o.model())).toList();
    }

    /** Per completed run (oldest first) and model: answered prompts and how many passed. */
    public record PassCount(String runId, String model, long answered, long passed, long errors) {
        public double passRate() {
            return answered == 0 ? 0 : (double) passed / answered;
        }
    }

    /** Pass counts of the given runs, by run and model. */
    public Map<String, List<PassCount>> passCountsByModel(List<String> runIds) {
        Map<String, List<PassCount>> byModel = new LinkedHashMap<>();
        for (String runId : runIds) {
            List<PassCount> counts = query("SELECT model, SUM(CASE WHEN error IS NULL THEN 1 ELSE 0 END), "
                    + "SUM(CASE WHEN error IS NULL AND passed THEN 1 ELSE 0 END), "
                    + "SUM(CASE WHEN error IS NULL THEN 0 ELSE 1 END) FROM eval_results WHERE run_id = ? "
                    + "GROUP BY model ORDER BY model", rs -> {
                        List<PassCount> out = new ArrayList<>();
                        while (rs.next()) {
                            out.add(new PassCount(runId, rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
                        }
                        return out;
                    }, runId);
            for (PassCount pc : counts) {
                byModel.computeIfAbsent(pc.model(), m -> new ArrayList<>()).add(pc);
            }
        }
        return byModel;
    }

    // ---- plumbing ------------------------------------------------------------------------------

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} on one connection in one transaction: committed, or rolled back on failure. */
    private <T> T inTransaction(String what, Work<T> work) {
        try (Connection c = ledger.connection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new LedgerException(what + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> T query(String sql, Reader<T> reader, Object... args) {
        try (Connection c = ledger.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                return reader.read(rs);
            }
        } catch (SQLException e) {
            throw new LedgerException("evaluation store query failed: " + e.getMessage(), e);
        }
    }

    private int update(String sql, Object... args) {
        try (Connection c = ledger.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new LedgerException("evaluation store update failed: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a == null) {
                // untyped: PostgreSQL infers the column type (a VARCHAR null is refused for a number column)
                ps.setNull(i + 1, Types.NULL);
            } else if (a instanceof Boolean b) {
                ps.setBoolean(i + 1, b);
            } else if (a instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else if (a instanceof Long n) {
                ps.setLong(i + 1, n);
            } else if (a instanceof Double d) {
                ps.setDouble(i + 1, d);
            } else {
                ps.setString(i + 1, a.toString());
            }
        }
    }

    private static List<EvalRun> runs(ResultSet rs) throws SQLException {
        List<EvalRun> out = new ArrayList<>();
        while (rs.next()) {
            long finished = rs.getLong(6);
            Instant finishedAt = rs.wasNull() ? null : Instant.ofEpochMilli(finished);
            int weights = rs.getInt(15);
            Integer weightsVersion = rs.wasNull() ? null : weights;
            String drift = rs.getString(14);
            out.add(new EvalRun(rs.getString(1), rs.getString(2), rs.getString(3), EvalRunStatus.fromDb(rs.getString(4)),
                    Instant.ofEpochMilli(rs.getLong(5)), finishedAt, list(rs.getString(7)), rs.getString(8),
                    list(rs.getString(9)), rs.getInt(10), rs.getDouble(11), rs.getDouble(12), rs.getDouble(13),
                    drift == null ? null : tree(drift), weightsVersion, rs.getString(16), rs.getString(17)));
        }
        return out;
    }

    private static List<EvalOutcome> outcomes(ResultSet rs) throws SQLException {
        List<EvalOutcome> out = new ArrayList<>();
        while (rs.next()) {
            out.add(new EvalOutcome(rs.getString(1), rs.getString(3), rs.getString(2), rs.getString(4), rs.getString(5),
                    rs.getString(6), rs.getBoolean(7), rs.getString(8), rs.getLong(9), rs.getLong(10), rs.getLong(11),
                    rs.getDouble(12), rs.getString(13)));
        }
        return out;
    }

    private static String json(List<String> values) {
        try {
            return Json.MAPPER.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> list(String json) {
        try {
            return Json.MAPPER.readValue(json, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new LedgerException("eval_runs holds a malformed list: " + json, e);
        }
    }

    private static JsonNode tree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new LedgerException("eval_runs holds malformed drift JSON", e);
        }
    }
}

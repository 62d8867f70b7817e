package io.routewise.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.function.Predicate;

/**
 * Outcomes of served requests ({@code POST /v1/feedback}); the traffic-log export carries the latest
 * score of a request as its answer's {@code outcome}.
 */
public final class FeedbackStore {

    private final Ledger ledger;
    private final Clock clock;
    private final Predicate<String> pendingWrite;

    /**
     * @param pendingWrite true for a request id whose ledger row is still on its way to the database
     *                     (e.g. {@link AsyncLedgerWriter#isPending}), so feedback right after the answer is not refused
     */
    public FeedbackStore(Ledger ledger, Clock clock, Predicate<String> pendingWrite) {
        this.ledger = ledger;
        this.clock = clock;
        this.pendingWrite = pendingWrite;
    }

    /** Records feedback from the application. */
    public void record(String requestId, double score) {
        record(requestId, score, "api");
    }

    /**
     * Records a score in [0, 1] for a served request.
     *
     * @throws IllegalArgumentException when the score is outside [0, 1] or the id is blank
     * @throws UnknownRequestException  when the ledger has no such request
     */
    public void record(String requestId, double score, String source) {
        record(requestId, score, source, null);
    }

    /**
     * {@link #record(String, double, String)} for a request of one caller only: a request of another
     * caller (or of nobody) is as unknown as one that never happened.
     *
     * @param owner the caller's ledger id ({@code api_key_id}), or null for any request
     */
    public void record(String requestId, double score, String source, String owner) {
        if (requestId == null || requestId.isBlank()) {
            throw new IllegalArgumentException("request_id is required");
        }
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score must be a number in [0, 1] (got " + score + ")");
        }
        try (Connection c = ledger.connection()) {
            // Pending first, then the database: a row leaves the writer only after it is committed.
            if (owner != null) {
                // An owner is checked on the committed row: wait (briefly) for one still in the writer.
                for (int i = 0; i < 50 && pendingWrite.test(requestId); i++) {
                    sleep();
                }
                if (!known(c, requestId, owner)) {
                    throw new UnknownRequestException(requestId);
                }
            } else if (!pendingWrite.test(requestId) && !known(c, requestId, null)) {
                throw new UnknownRequestException(requestId);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO feedback (request_id, score, ts, source) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, requestId);
                ps.setDouble(2, score);
                ps.setLong(3, clock.millis());
                ps.setString(4, source);
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot record feedback: " + e.getMessage(), e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the ledger has a row of this request (of this owner, when not null). */
    static boolean known(Connection c, String requestId, String owner) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM ledger_rows WHERE request_id = ?"
                + (owner == null ? "" : " AND api_key_id = ?") + " LIMIT 1")) {
            ps.setString(1, requestId);
            if (owner != null) {
                ps.setString(2, owner);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}

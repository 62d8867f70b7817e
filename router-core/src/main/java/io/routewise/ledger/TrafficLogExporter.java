package io.routewise.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.routewise.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the ledger as a traffic log (JSONL, one request per line, the format {@code routewise train}
 * reads): {@code request_id}, {@code source: "routewise"}, {@code created_at} (the first attempt's time),
 * {@code routed_class} (the router's predicted class, for routed requests), {@code messages}, and {@code responses}
 * with one entry per attempt that answered ({@code model}, {@code cost_usd}, {@code input_tokens},
 * {@code output_tokens}, {@code latency_ms}, and {@code outcome}: the request's latest feedback score,
 * on the answer that was served, absent when there is none). Failed attempts are not answers and are
 * left out.
 *
 * <p>Training needs the prompt, so a request is written only when its prompt was logged
 * ({@code logging.log_prompts}); the others are counted in {@link Summary#withoutPrompt()}. Prompt
 * text passes through the redactor again on the way out, so patterns added since also apply.
 */
public final class TrafficLogExporter {

    /**
     * What an export wrote and skipped.
     *
     * @param requests        lines written
     * @param responses       answers written across them
     * @param withoutPrompt   requests skipped: their prompt was not logged
     * @param withoutAnswer   requests skipped: every attempt failed
     * @param withFeedback    written requests that carry an outcome
     */
    public record Summary(long requests, long responses, long withoutPrompt, long withoutAnswer, long withFeedback) {
    }

    private static final String ROWS = "SELECT request_id, model, cost_usd, input_tokens, output_tokens, latency_ms, "
            + "status, error, messages, ts, classes FROM ledger_rows WHERE ts >= ? AND ts < ? ORDER BY request_id, ts, id";
    private static final String FEEDBACK = "SELECT f.request_id, f.score FROM feedback f WHERE f.request_id IN "
            + "(SELECT request_id FROM ledger_rows WHERE ts >= ? AND ts < ?) ORDER BY f.ts, f.id";

    private final Ledger ledger;
    private final PromptRedactor redactor;

    public TrafficLogExporter(Ledger ledger, PromptRedactor redactor) {
        this.ledger = ledger;
        this.redactor = redactor;
    }

    /**
     * Exports attempts between {@code since} (inclusive) and {@code until} (exclusive), either null for
     * no bound. A request whose attempts straddle a bound is exported with the attempts inside it.
     */
    public Summary export(Instant since, Instant until, Writer out) {
        long from = since == null ? Long.MIN_VALUE : since.toEpochMilli();
        long to = until == null ? Long.MAX_VALUE : until.toEpochMilli();
        try (Connection c = ledger.connection()) {
            Map<String, Double> outcomes = outcomes(c, from, to);
            c.setAutoCommit(false); // PostgreSQL streams a result set only inside a transaction
            try (PreparedStatement ps = c.prepareStatement(ROWS)) {
                ps.setFetchSize(500);
                ps.setLong(1, from);
                ps.setLong(2, to);
                Counter counter = new Counter();
                try (ResultSet rs = ps.executeQuery()) {
                    List<Attempt> group = new ArrayList<>();
                    while (rs.next()) {
                        Attempt a = new Attempt(rs.getString(1), rs.getString(2), rs.getDouble(3), rs.getInt(4),
                                rs.getInt(5), rs.getLong(6), rs.getString(7), rs.getString(8), rs.getString(9),
                                rs.getLong(10), rs.getString(11));
                        if (!group.isEmpty() && !group.get(0).requestId.equals(a.requestId)) {
                            writeRequest(group, outcomes, out, counter);
                            group.clear();
                        }
                        group.add(a);
                    }
                    if (!group.isEmpty()) {
                        writeRequest(group, outcomes, out, counter);
                    }
                }
                c.commit();
                out.flush();
                return counter.summary();
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot read the ledger for export: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the traffic log: " + e.getMessage(), e);
        }
    }

    private static Map<String, Double> outcomes(Connection c, long from, long to) throws SQLException {
        Map<String, Double> latest = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(FEEDBACK)) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    latest.put(rs.getString(1), rs.getDouble(2)); // ordered by time: the last one wins
                }
            }
        }
        return latest;
    }

    private void writeRequest(List<Attempt> attempts, Map<String, Double> outcomes, Writer out, Counter counter)
            throws IOException {
        String messages = null;
        List<Attempt> answers = new ArrayList<>();
        for (Attempt a : attempts) {
            if (messages == null && a.messages != null) {
                messages = a.messages;
            }
            if (a.error == null && a.status.startsWith("2")) {
                answers.add(a);
            }
        }
        if (messages == null) {
            counter.withoutPrompt++;
            return;
        }
        if (answers.isEmpty()) {
            counter.withoutAnswer++;
            return;
        }
        ObjectNode line = Json.object();
        String requestId = attempts.get(0).requestId;
        line.put("request_id", requestId);
        line.put("source", "routewise");
        line.put("created_at", Instant.ofEpochMilli(attempts.get(0).ts).toString());
        String topClass = LedgerRow.topClass(attempts.get(0).classes);
        if (topClass != null) {
            line.put("routed_class", topClass); // what the router predicted, for analysis; training ignores it
        }
        line.set("messages", redactMessages(Json.MAPPER.readTree(messages)));
        ArrayNode responses = line.putArray("responses");
        Double outcome = outcomes.get(requestId);
        for (int i = 0; i < answers.size(); i++) {
            Attempt a = answers.get(i);
            ObjectNode r = responses.addObject();
            r.put("model", a.model);
            if (outcome != null && i == answers.size() - 1) {
                r.put("outcome", outcome); // the served answer is the last one that succeeded
            }
            r.put("cost_usd", a.costUsd);
            r.put("input_tokens", a.inputTokens);
            r.put("output_tokens", a.outputTokens);
            r.put("latency_ms", a.latencyMs);
        }
        out.write(Json.MAPPER.writeValueAsString(line));
        out.write('\n');
        counter.requests++;
        counter.responses += answers.size();
        if (outcome != null) {
            counter.withFeedback++;
        }
    }

    private JsonNode redactMessages(JsonNode messages) throws JsonProcessingException {
        if (redactor.isEmpty() || !messages.isArray()) {
            return messages;
        }
        for (JsonNode m : messages) {
            JsonNode content = m.get("content");
            if (content != null && content.isTextual()) {
                ((ObjectNode) m).set("content", TextNode.valueOf(redactor.redact(content.asText())));
            } else if (content != null && content.isArray()) {
                for (JsonNode part : content) {
                    if (part.path("text").isTextual()) {
                        ((ObjectNode) part).put("text", redactor.redact(part.get("text").asText()));
                    }
                }
            }
        }
        return messages;
    }

    private record Attempt(String requestId, String model, double costUsd, int inputTokens, int outputTokens,
                           long latencyMs, String status, String error, String messages, long ts, String classes) {
    }

    private static final class Counter {
        long requests;
        long responses;
        long withoutPrompt;
        long withoutAnswer;
        long withFeedback;

        Summary summary() {
            return new Summary(requests, responses, withoutPrompt, withoutAnswer, withFeedback);
        }
    }
}

package io.routewise.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.chat.Message;
import io.routewise.chat.Role;
import io.routewise.json.Json;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Spend, feedback and export on either database; subclasses open the ledger. */
abstract class LedgerQueriesContract {

    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    static final String PROMPT = PromptLog.messagesJson(List.of(Message.text(Role.SYSTEM, "be brief"),
            Message.text(Role.USER, "my card is 4111111111111111, why was it declined?")), true, PromptRedactor.NONE);

    Ledger ledger;
    FeedbackStore feedback;

    abstract Ledger openLedger();

    @BeforeEach
    void open() {
        ledger = openLedger();
        feedback = new FeedbackStore(ledger, Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC), id -> false);
        ledger.insert(List.of(
                // r1: gpt-4o timed out, the fallback mini answered; prompt logged.
                Rows.row("r1").ts(T0).model("gpt-4o").status("TIMEOUT").error("timed out").costUsd(0)
                        .apiKeyId("key_a").messages(PROMPT).build(),
                Rows.row("r1").ts(T0.plusMillis(900)).model("gpt-4o-mini").fallbackIndex(1).costUsd(0.002)
                        .inputTokens(40).outputTokens(12).latencyMs(800).apiKeyId("key_a").messages(PROMPT).build(),
                // r2: answered by claude, prompt not logged, estimated cost.
                Rows.row("r2").ts(T0.plusSeconds(60)).provider("anthropic").model("claude").costUsd(0.01)
                        .costEstimated(true).apiKeyId("key_b").build(),
                // r3: next day, routed by auto, answered, prompt logged.
                Rows.row("r3").ts(T0.plusSeconds(86_400)).model("gpt-4o-mini").costUsd(0.003).apiKeyId("key_a")
                        .inputTokens(100).outputTokens(50).decisionId("r3")
                        .classes("{\"top\":\"easy.chat\",\"probabilities\":{\"easy.chat\":0.9}}")
                        .messages(PROMPT).build(),
                // r4: every attempt failed.
                Rows.row("r4").ts(T0.plusSeconds(120)).model("gpt-4o").status("503").error("overloaded")
                        .costUsd(0).messages(PROMPT).build()));
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    @Test
    void answerLengthsAreTheMeanOfEachModelsSuccessfulCalls() {
        java.util.List<LedgerRow> rows = new java.util.ArrayList<>();
        for (int i = 0; i < AnswerLengthHistory.MIN_CALLS; i++) {
            rows.add(Rows.row("long-" + i).ts(T0.plusSeconds(i)).model("reasoner").outputTokens(1000 + 100 * i).build());
        }
        rows.add(Rows.row("long-failed").ts(T0).model("reasoner").status("503").error("overloaded").outputTokens(90_000)
                .build());
        ledger.insert(rows);
        AnswerLengthHistory history = AnswerLengthHistory.readOnce(ledger);
        assertThat(history.mean("reasoner")).hasValue(1450); // 1,000..1,900 in steps of 100
        assertThat(history.mean("gpt-4o-mini")).isEmpty(); // two calls: too few
    }

    @Test
    void spendGroupsCostRequestsAndAttemptsByProviderModelOrKeyWithinTheWindow() {
        var byProvider = new SpendQuery(ledger).spend(SpendQuery.GroupBy.PROVIDER, T0, T0.plusSeconds(3600));
        assertThat(byProvider).extracting(SpendQuery.SpendRow::group).containsExactly("anthropic", "openai");
        SpendQuery.SpendRow openai = byProvider.get(1);
        assertThat(openai.requests()).isEqualTo(2); // r1 and r4; r3 is the next day
        assertThat(openai.attempts()).isEqualTo(3);
        assertThat(openai.costUsd()).isCloseTo(0.002, within(1e-12));
        assertThat(byProvider.get(0).estimatedRows()).isEqualTo(1);

        var byKey = new SpendQuery(ledger).spend(SpendQuery.GroupBy.KEY, null, null);
        assertThat(byKey).filteredOn(r -> "key_a".equals(r.group())).singleElement()
                .satisfies(r -> assertThat(r.costUsd()).isCloseTo(0.005, within(1e-12)));
        var byModel = new SpendQuery(ledger).spend(SpendQuery.GroupBy.MODEL, T0.plusSeconds(86_400), null);
        assertThat(byModel).extracting(SpendQuery.SpendRow::group).containsExactly("gpt-4o-mini");
        assertThatThrownBy(() -> SpendQuery.GroupBy.parse("team")).hasMessageContaining("provider, model or key");
    }

    @Test
    void feedbackIsRecordedForKnownRequestsOnlyAndWithinZeroToOne() {
        feedback.record("r1", 0.75);
        assertThat(Rows.count(ledger, "feedback")).isEqualTo(1);
        assertThatThrownBy(() -> feedback.record("nope", 1.0))
                .isInstanceOf(UnknownRequestException.class).hasMessageContaining("no request with id 'nope'");
        assertThatThrownBy(() -> feedback.record("r1", 1.5)).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> feedback.record("r1", Double.NaN)).hasMessageContaining("[0, 1]");
        new FeedbackStore(ledger, Clock.systemUTC(), "queued"::equals).record("queued", 1.0);
        assertThat(Rows.count(ledger, "feedback")).isEqualTo(2);
    }

    @Test
    void exportWritesRequestsWithLoggedPromptsAndAnswersCarryingTheLatestFeedback() throws Exception {
        feedback.record("r1", 0.2);
        feedback.record("r1", 1.0);
        StringWriter out = new StringWriter();
        TrafficLogExporter.Summary summary = new TrafficLogExporter(ledger, PromptRedactor.of(List.of("\\d{13,16}")))
                .export(null, null, out);
        assertThat(summary).isEqualTo(new TrafficLogExporter.Summary(2, 2, 1, 1, 1));
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(2);
        JsonNode r1 = Json.MAPPER.readTree(lines.get(0));
        assertThat(r1.get("request_id").asText()).isEqualTo("r1");
        assertThat(r1.at("/messages/1/content").asText()).isEqualTo("my card is [REDACTED], why was it declined?");
        assertThat(r1.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(r1.get("responses")).hasSize(1);
        JsonNode answer = r1.at("/responses/0");
        assertThat(answer.get("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(answer.get("outcome").asDouble()).isEqualTo(1.0);
        assertThat(answer.get("cost_usd").asDouble()).isCloseTo(0.002, within(1e-12));
        assertThat(answer.get("input_tokens").asInt()).isEqualTo(40);
        assertThat(answer.get("latency_ms").asLong()).isEqualTo(800);
        assertThat(r1.get("created_at").asText()).isEqualTo(T0.toString());
        assertThat(r1.has("routed_class")).isFalse();
        JsonNode r3 = Json.MAPPER.readTree(lines.get(1));
        assertThat(r3.at("/responses/0").has("outcome")).isFalse();
        assertThat(r3.get("routed_class").asText()).isEqualTo("easy.chat");
    }

    @Test
    void exportHonoursSinceAndUntil() {
        StringWriter out = new StringWriter();
        var summary = new TrafficLogExporter(ledger, PromptRedactor.NONE)
                .export(T0.plusSeconds(3600), T0.plusSeconds(2 * 86_400), out);
        assertThat(summary.requests()).isEqualTo(1);
        assertThat(out.toString()).contains("\"request_id\":\"r3\"").doesNotContain("\"r1\"");
    }

    @Test
    void seriesBucketSpendByTimeAndCountSuccessesAndRoutedRows() {
        LedgerSeries series = new LedgerSeries(ledger);
        var byProvider = series.spend(SpendQuery.GroupBy.PROVIDER, 3_600_000L, null, null);
        // Day one, hour 10: r1, r2, r4 (openai 0.002 over r1 and r4, anthropic 0.01); day two: r3.
        assertThat(byProvider).extracting(LedgerSeries.Point::bucketStart, LedgerSeries.Point::group)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(T0, "anthropic"),
                        org.assertj.core.groups.Tuple.tuple(T0, "openai"),
                        org.assertj.core.groups.Tuple.tuple(T0.plusSeconds(86_400), "openai"));
        assertThat(byProvider.get(1).costUsd()).isCloseTo(0.002, within(1e-12));
        assertThat(byProvider.get(1).requests()).isEqualTo(2);
        var daily = series.spend(SpendQuery.GroupBy.KEY, 86_400_000L, T0, T0.plusSeconds(3600));
        assertThat(daily).extracting(LedgerSeries.Point::group).containsExactlyInAnyOrder(null, "key_a", "key_b"); // NULL sorts first or last by database

        var perSuccess = series.costPerSuccess(null, null);
        LedgerSeries.ModelCost mini = perSuccess.stream().filter(m -> m.model().equals("gpt-4o-mini")).findFirst().orElseThrow();
        assertThat(mini.successes()).isEqualTo(2);
        assertThat(mini.perSuccess()).isCloseTo(0.0025, within(1e-12));
        LedgerSeries.ModelCost big = perSuccess.stream().filter(m -> m.model().equals("gpt-4o")).findFirst().orElseThrow();
        assertThat(big.attempts()).isEqualTo(2);
        assertThat(big.successes()).isZero();
        assertThat(big.perSuccess()).isNull();

        var routed = series.autoRows(null, null, 10);
        assertThat(routed).singleElement().satisfies(r -> {
            assertThat(r.requestId()).isEqualTo("r3");
            assertThat(r.ok()).isTrue();
            assertThat(r.inputTokens()).isEqualTo(100);
            assertThat(r.classes()).contains("easy.chat");
        });
        assertThatThrownBy(() -> series.spend(SpendQuery.GroupBy.MODEL, 0, null, null)).hasMessageContaining("bucket");
    }
}

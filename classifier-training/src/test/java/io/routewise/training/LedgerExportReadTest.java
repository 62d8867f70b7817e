package io.routewise.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.chat.Message;
import io.routewise.chat.Role;
import io.routewise.config.LedgerConfig;
import io.routewise.ledger.FeedbackStore;
import io.routewise.ledger.Ledger;
import io.routewise.ledger.LedgerRow;
import io.routewise.ledger.PromptLog;
import io.routewise.ledger.PromptRedactor;
import io.routewise.ledger.TrafficLogExporter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger's traffic-log export is what the trainer reads: every exported line parses, nothing is lost. */
class LedgerExportReadTest {

    @TempDir
    Path dir;

    @Test
    void theTrainerReadsALedgerExportWithOutcomesCostsAndPrompts() throws Exception {
        Path out = dir.resolve("traffic.jsonl");
        try (Ledger ledger = Ledger.open(new LedgerConfig("jdbc:sqlite:" + dir.resolve("ledger.db")))) {
            String prompt = PromptLog.messagesJson(List.of(Message.text(Role.USER, "sort a list in python")), true,
                    PromptRedactor.NONE);
            ledger.insert(List.of(
                    row("a").model("small").costUsd(0.0001).inputTokens(8).outputTokens(50).messages(prompt).build(),
                    row("b").model("large").costUsd(0.002).inputTokens(8).outputTokens(60).messages(prompt).build(),
                    row("c").model("large").costUsd(0.002).build())); // prompt not logged
            new FeedbackStore(ledger, Clock.systemUTC(), id -> false).record("a", 0.0);
            new FeedbackStore(ledger, Clock.systemUTC(), id -> false).record("b", 1.0);
            try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                TrafficLogExporter.Summary s = new TrafficLogExporter(ledger, PromptRedactor.NONE).export(null, null, w);
                assertThat(s.requests()).isEqualTo(2);
                assertThat(s.withoutPrompt()).isEqualTo(1);
            }
        }
        TrafficLog log = TrafficLogReader.read(out);
        assertThat(log.problems()).isEmpty();
        assertThat(log.records()).extracting(TrafficRecord::requestId).containsExactly("a", "b");
        TrafficRecord b = log.records().get(1);
        assertThat(b.messages().get(0).text()).isEqualTo("sort a list in python");
        LoggedResponse answer = b.responses().get(0);
        assertThat(answer.model()).isEqualTo("large");
        assertThat(answer.outcome()).isEqualTo(1.0);
        assertThat(answer.costUsd()).isEqualTo(0.002);
        assertThat(answer.outputTokens()).isEqualTo(60L);
        assertThat(log.records().get(0).responses().get(0).outcome()).isEqualTo(0.0);
    }

    private static LedgerRow.Builder row(String id) {
        return LedgerRow.builder().requestId(id).ts(Instant.parse("2026-11-20T10:00:00Z")).provider("sim")
                .latencyMs(100).status("200");
    }
}

package io.routewise.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.chat.Usage;
import io.routewise.config.BudgetConfig;
import io.routewise.config.ConfigLoader;
import io.routewise.config.LedgerConfig;
import io.routewise.config.LoggingConfig;
import io.routewise.config.ModelConfig;
import io.routewise.config.RoutewiseConfig;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerRuntimeTest {

    @TempDir
    Path dir;

    @Test
    void aRuntimeFromTheConfigRecordsAttemptsAndServesSpendFeedbackAndExport() {
        RoutewiseConfig shipped = ConfigLoader.loadDefault();
        ModelConfig model = shipped.models().get(0);
        RoutewiseConfig config = new RoutewiseConfig(shipped.server(), shipped.providers(), shipped.models(),
                shipped.routing(), List.of(new BudgetConfig("model", model.id(), "month", 100.0)),
                new LedgerConfig("jdbc:sqlite:" + dir.resolve("rt.db"), 100, 50, 10, List.of("secret\\w*")),
                new LoggingConfig(true), shipped.evaluation(), shipped.version());
        StringWriter export = new StringWriter();
        try (LedgerRuntime rt = LedgerRuntime.start(config)) {
            BudgetTarget target = new BudgetTarget(model.provider(), model.id(), "key_x");
            var admission = rt.attempts().admit(target, model, AttemptLedgerTest.REQUEST
                    .withModel(model.id()));
            rt.attempts().settle(admission, LedgerRow.builder().requestId("req-1").status("200").latencyMs(10)
                    .configVersion(config.version()), new Usage(100, 10, 0), null, true);
            // Feedback right away: the row may still be in the writer, and is accepted either way.
            rt.feedback().record("req-1", 1.0);
            rt.writer().close(); // drain before reading back
            assertThat(rt.spend().spend(SpendQuery.GroupBy.MODEL, null, null))
                    .singleElement().satisfies(r -> assertThat(r.group()).isEqualTo(model.id()));
            assertThat(rt.exporter().export(null, null, export).withFeedback()).isEqualTo(1);
        }
        assertThat(export.toString()).contains("\"outcome\":1.0");
    }
}

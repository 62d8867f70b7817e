package io.routewise.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.json.Json;
import io.routewise.policy.RouteDecision;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LedgerRowTest {

    @Test
    void takesDecisionIdClassesAndVersionsFromTheRoutingDecision() throws Exception {
        Map<String, Float> probabilities = new LinkedHashMap<>();
        probabilities.put("code", 0.75f);
        probabilities.put("chat", 0.25f);
        RouteDecision d = new RouteDecision("req-9", "gpt-4o-mini", "openai", 0.9, 0.001, 0.8, probabilities, "code",
                null, List.of(), List.of(), "cfg123", "model456");
        LedgerRow row = Rows.row("req-9").decision(d).build();
        assertThat(row.decisionId()).isEqualTo("req-9");
        assertThat(row.configVersion()).isEqualTo("cfg123");
        assertThat(row.modelVersion()).isEqualTo("model456");
        var classes = Json.MAPPER.readTree(row.classes());
        assertThat(classes.get("top").asText()).isEqualTo("code");
        assertThat(classes.at("/probabilities/code").asDouble()).isEqualTo(0.75);
        assertThat(classes.at("/probabilities/chat").asDouble()).isEqualTo(0.25);
    }

    @Test
    void aRowSucceededOnlyWith2xxAndNoError() {
        assertThat(Rows.row("a").build().succeeded()).isTrue();
        assertThat(Rows.row("a").status("TIMEOUT").error("timed out").build().succeeded()).isFalse();
        assertThat(Rows.row("a").status("503").build().succeeded()).isFalse();
    }
}

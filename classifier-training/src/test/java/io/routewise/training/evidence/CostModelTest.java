package io.routewise.training.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.routewise.chat.Message;
import io.routewise.chat.Role;
import io.routewise.training.LoggedResponse;
import io.routewise.training.TrafficRecord;
import io.routewise.training.TrainingInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostModelTest {

    @TempDir
    Path tmp;

    private PriceTable prices() throws IOException {
        Path csv = tmp.resolve("prices.csv");
        Files.writeString(csv, "model,input_usd_per_1M,output_usd_per_1M,price_source\n"
                + "m,2.0,4.0,test\n"
                + "cheap,0.1,0.1,test\n");
        return PriceTable.read(csv);
    }

    /** A 400-character prompt: 100 input tokens at 4 characters per token. */
    private static TrafficRecord request(String source, LoggedResponse... responses) {
        return new TrafficRecord("r", source, null, null, List.of(Message.text(Role.USER, "x".repeat(400))),
                List.of(responses), "mem", 1);
    }

    @Test
    void estimatesFromPricesPromptCharactersAndLoggedOutputTokens() throws IOException {
        LoggedResponse resp = new LoggedResponse("m", 1.0, null, null, 50L, null);
        CostModel.Cost cost = CostModel.fit(prices(), List.of()).realised(request("s", resp), resp);
        // 100 x $2/1M + 50 x $4/1M
        assertThat(cost.usd()).isCloseTo(4e-4, within(1e-15));
        assertThat(cost.logged()).isFalse();
    }

    @Test
    void assumesTheDefaultOutputTokensWhenNoneWereLoggedAnywhere() throws IOException {
        LoggedResponse resp = new LoggedResponse("m", 1.0, null, null, null, null);
        CostModel model = CostModel.fit(prices(), List.of());
        // 100 x $2/1M + 200 x $4/1M
        assertThat(model.realised(request("s", resp), resp).usd()).isCloseTo(1e-3, within(1e-15));
        assertThat(model.predicted(request("s", resp), resp)).isCloseTo(1e-3, within(1e-15));
    }

    @Test
    void usesTheModelsMeanOutputTokensOnTheSameDataSetsTrainingPart() throws IOException {
        List<TrafficRecord> training = List.of(
                request("s", new LoggedResponse("m", 1.0, 0.5, 10L, 80L, null)),
                request("s", new LoggedResponse("m", 1.0, 0.5, 10L, 120L, null)),
                request("other", new LoggedResponse("m", 1.0, 0.5, 10L, 5000L, null)));
        CostModel model = CostModel.fit(prices(), training);
        LoggedResponse resp = new LoggedResponse("m", 1.0, null, null, null, null);
        assertThat(model.expectedOutputTokens("s", "m")).isEqualTo(100);
        // 100 x $2/1M + 100 x $4/1M
        assertThat(model.realised(request("s", resp), resp).usd()).isCloseTo(6e-4, within(1e-15));
    }

    @Test
    void prefersLoggedCostsAndLoggedInputTokens() throws IOException {
        CostModel model = CostModel.fit(prices(), List.of());
        LoggedResponse logged = new LoggedResponse("m", 1.0, 0.25, 10L, 10L, null);
        assertThat(model.realised(request("s", logged), logged)).isEqualTo(new CostModel.Cost(0.25, true));
        LoggedResponse tokens = new LoggedResponse("m", 1.0, null, 1000L, 0L, null);
        assertThat(model.realised(request("s", tokens), tokens).usd()).isCloseTo(2e-3, within(1e-15));
        // The policy's prediction never looks at the answer's own length.
        assertThat(model.predicted(request("s", tokens), tokens)).isCloseTo((1000 * 2.0 + 200 * 4.0) / 1e6, within(1e-15));
    }

    @Test
    void aModelWithNeitherPriceNorLoggedCostHasNoCost() throws IOException {
        LoggedResponse resp = new LoggedResponse("unpriced", 1.0, null, null, null, null);
        CostModel model = CostModel.fit(prices(), List.of());
        assertThat(model.realised(request("s", resp), resp)).isNull();
        assertThat(model.predicted(request("s", resp), resp)).isNull();
    }

    @Test
    void readsTheSharedPriceTableLayoutAndRejectsABrokenOne() throws IOException {
        assertThat(prices().price("m")).contains(new PriceTable.Price(2.0, 4.0));
        Path noColumn = tmp.resolve("bad.csv");
        Files.writeString(noColumn, "model,input_usd_per_1M\nm,1\n");
        assertThatThrownBy(() -> PriceTable.read(noColumn)).isInstanceOf(TrainingInputException.class)
                .hasMessageContaining("output_usd_per_1M");
        Path badNumber = tmp.resolve("bad2.csv");
        Files.writeString(badNumber, "model,input_usd_per_1M,output_usd_per_1M\nm,1,lots\n");
        assertThatThrownBy(() -> PriceTable.read(badNumber)).isInstanceOf(TrainingInputException.class)
                .hasMessageContaining("bad2.csv:2");
    }
}

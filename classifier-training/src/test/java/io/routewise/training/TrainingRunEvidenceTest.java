package io.routewise.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.classifier.ModelCard;
import io.routewise.json.Json;
import io.routewise.training.evidence.Evidence;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evidence step at the end of a training run: evidence.json, the plot, and the card's summary. */
class TrainingRunEvidenceTest {

    @TempDir
    Path tmp;

    @Test
    void aMissingPriceTableIsRejectedBeforeTraining() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TrainingOptions.of(List.of(tmp.resolve("t.jsonl")),
                tmp.resolve("m"), 0.2, 1).withPrices(tmp.resolve("nope.csv")))
                .isInstanceOf(TrainingInputException.class).hasMessageContaining("nope.csv");
    }

    @Test
    void aTrainingRunWritesTheEvidenceThePlotAndTheCardSummary() throws IOException {
        Path log = SyntheticTraffic.write(tmp.resolve("traffic.jsonl"), 300, 5);
        Path prices = tmp.resolve("prices.csv");
        Files.writeString(prices, "model,input_usd_per_1M,output_usd_per_1M\nsmall,0.1,0.1\n");
        Path dir = tmp.resolve("model");
        TrainingOptions options = TrainingOptions.of(List.of(log), dir, 0.3, 7).withPrices(prices);
        assertThat(options.command()).endsWith(" --prices " + prices);

        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            TrainingRun.run(options, new HashedWordFeatures(16), new PrintStream(new ByteArrayOutputStream(), true,
                    StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
        }

        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("routing evidence on the held-out part").contains("router (best quality")
                .contains("task oracle (true task labels):").contains("nearest-neighbour baseline").contains("AIQ");
        JsonNode evidence = Json.MAPPER.readTree(dir.resolve(Evidence.FILE).toFile());
        JsonNode set = evidence.get("data_sets").get(0);
        assertThat(set.get("source").asText()).isEqualTo(Evidence.NO_SOURCE);
        assertThat(set.get("cost_quality").get("router")).hasSize(Evidence.defaultMargins().size());
        assertThat(set.get("cost_quality").get("neighbour_baseline")).isNotEmpty();
        assertThat(set.get("cost_quality").get("request_oracle")).isNotEmpty();
        // The synthetic log carries a cost for every response: nothing is estimated.
        assertThat(set.get("estimated_costs").asLong()).isZero();

        BufferedImage png = ImageIO.read(dir.resolve(Evidence.PLOT_FILE).toFile());
        assertThat(png).isNotNull();

        ModelCard card = ModelCard.read(dir.resolve(ModelCard.FILE_NAME));
        JsonNode summary = card.metrics().get("evidence");
        assertThat(summary.get("file").asText()).isEqualTo(Evidence.FILE);
        assertThat(summary.get("plot").asText()).isEqualTo(Evidence.PLOT_FILE);
        JsonNode headline = summary.get("data_sets").get(Evidence.NO_SOURCE).get("router").get("match");
        assertThat(headline.get("summary").asText()).isNotBlank();
        assertThat(card.metrics().get("held_out")).isNotEmpty();
    }
}

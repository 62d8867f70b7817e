package io.routewise.training.complexity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.routewise.chat.Message;
import io.routewise.chat.Role;
import io.routewise.classifier.OnnxClassifier;
import io.routewise.classifier.TierPrior;
import io.routewise.training.HashedWordFeatures;
import io.routewise.training.TrainingInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TierPriorStepTest {

    private static final HashedWordFeatures FEATURES = new HashedWordFeatures(32);

    @TempDir
    Path tmp;

    /** Easy prompts share greeting words, hard ones proof words; two sources. */
    private Path prompts() throws IOException {
        List<String> lines = new ArrayList<>();
        String[] easy = {"hello", "thanks", "hi", "capital", "spell"};
        String[] hard = {"prove", "theorem", "derive", "architecture", "consensus"};
        for (int i = 0; i < 120; i++) {
            String src = i % 2 == 0 ? "one" : "two";
            lines.add("{\"source\":\"" + src + "\",\"complexity\":\"easy\",\"prompt\":\"" + easy[i % 5] + " " + easy[(i + 2) % 5]
                    + " item " + i + "\"}");
            lines.add("{\"source\":\"" + src + "\",\"complexity\":\"hard\",\"prompt\":\"" + hard[i % 5] + " " + hard[(i + 3) % 5]
                    + " lemma " + i + " and more words in a longer request\"}");
        }
        Path file = tmp.resolve("labelled.jsonl");
        Files.write(file, lines);
        return file;
    }

    private static float[] features(String text) {
        return FEATURES.features(List.of(Message.text(Role.USER, text)));
    }

    @Test
    void writesAHeadWhoseOnnxGraphAgreesAndAPriorThatMeansWhatTheLabelsSay() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path dir = tmp.resolve("model");
        TierPrior prior = TierPriorStep.run(List.of(prompts()), FEATURES, 1, Map.of(1, -0.5, 2, 0.2, 3, 1.0), dir, 3, 5,
                new PrintStream(out, true));
        assertThat(dir.resolve(TierPriorStep.FILE_NAME)).exists();
        assertThat(prior.details().path("onnx_vs_java_max_abs_diff").asDouble()).isLessThan(1e-4);
        // The labels' meaning: an average easy prompt, a tier-1 model right 98 %; an average hard one, tier 3 right 50 %.
        assertThat(prior.expected(1, prior.easeOfEasy())).isCloseTo(0.98, within(1e-9));
        assertThat(prior.expected(3, prior.easeOfHard())).isCloseTo(0.5, within(1e-9));
        assertThat(prior.easeOfEasy()).isGreaterThan(prior.easeOfHard());
        try (OnnxClassifier head = OnnxClassifier.open(dir.resolve(TierPriorStep.FILE_NAME), "input", "output",
                List.of(TierPrior.EASE), FEATURES.names().size())) {
            double easy = head.probabilities(features("hello thanks there"))[0];
            double hard = head.probabilities(features("prove the theorem and derive the lemma in a longer request"))[0];
            assertThat(easy).isGreaterThan(hard + 0.3);
        }
        assertThat(prior.details().path("evaluation").path("leave_one_source_out")).hasSize(2);
        assertThat(out.toString()).contains("complexity head");
    }

    @Test
    void withoutTierAbilitiesThereIsNoPriorAndNothingIsWritten() throws IOException {
        Path dir = tmp.resolve("none");
        assertThat(TierPriorStep.run(List.of(prompts()), FEATURES, 1, Map.of(), dir, 3, 5, new PrintStream(
                new ByteArrayOutputStream()))).isNull();
        assertThat(dir.resolve(TierPriorStep.FILE_NAME)).doesNotExist();
    }

    @Test
    void promptsOfOneLevelOnlyCannotTeachAnything() throws IOException {
        Path file = tmp.resolve("easy-only.jsonl");
        Files.writeString(file, "{\"prompt\":\"hi\",\"complexity\":\"easy\"}\n{\"prompt\":\"hey\",\"complexity\":\"easy\"}\n");
        assertThatThrownBy(() -> TierPriorStep.run(List.of(file), FEATURES, 1, Map.of(1, 0.0, 3, 1.0), tmp.resolve("m"), 3, 5,
                new PrintStream(new ByteArrayOutputStream())))
                .isInstanceOf(TrainingInputException.class).hasMessageContaining("at least two complexity levels");
    }
}

package io.routewise.training.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.Message;
import io.routewise.chat.Role;
import io.routewise.classifier.ModelCard;
import io.routewise.classifier.ModelDirectoryException;
import io.routewise.classifier.RequestClassifier;
import io.routewise.classifier.TierPrior;
import io.routewise.features.Featurizer;
import io.routewise.features.InstructionFeatures;
import io.routewise.features.StaticEmbedder;
import io.routewise.features.StaticEmbeddingTable;
import io.routewise.json.Json;
import io.routewise.training.FeatureSource;
import io.routewise.training.SyntheticTraffic;
import io.routewise.training.TierPriorFeatures;
import io.routewise.training.TrainingOptions;
import io.routewise.training.TrainingRun;
import io.routewise.training.TrainingSummary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A refined static table serves the outcome model while the tier prior keeps the distilled one: training
 * writes both, the prior is trained on the distilled table's features and names that file with its hash in
 * the card, and serving reads a request's ease through it (the last user turn alone), refusing a directory
 * whose prior table is missing or not the one recorded.
 */
class TierPriorTableTest {

    private static final int DIMS = 16;
    private static final int BUDGET = 64;
    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    @TempDir
    static Path tmp;
    static StaticFeatureSource refining;
    static TrainingSummary trained;
    static TrainingSummary noPrior;

    /**
     * Made-up "whole prompt" vectors a refinement can learn: the sum of a random vector per word, which the
     * distilled rows (random piece vectors) do not give.
     */
    static final StaticFeatureSource.SentenceVectors WHOLE_TEXT = new StaticFeatureSource.SentenceVectors() {
        @Override
        public List<float[]> embed(List<String> texts, PrintStream progress) {
            return texts.stream().map(t -> {
                float[] v = new float[384];
                for (String word : t.split("\\W+")) {
                    Random r = new Random(word.hashCode());
                    for (int i = 0; i < v.length; i++) {
                        v[i] += (float) r.nextGaussian();
                    }
                }
                return v;
            }).toList();
        }

        @Override
        public void close() {
        }
    };

    @BeforeAll
    static void train() throws IOException {
        refining = new StaticFeatureSource(DIMS, BUDGET, p -> StaticFeatureSourceTest.randomPieces(), WHOLE_TEXT, 60);
        Path dir = Files.createDirectories(tmp.resolve("trained"));
        // The synthetic log with model names the default tiers know (1, 2 and 3), so training fits a tier prior.
        Path log = SyntheticTraffic.write(dir.resolve("synthetic.jsonl"), 240, 5);
        Path tiered = dir.resolve("traffic.jsonl");
        Files.writeString(tiered, Files.readString(log).replace("\"small\"", "\"llama-3.1-8b-instruct\"")
                .replace("\"mid\"", "\"llama-3.1-nemotron-51b-instruct\"").replace("\"large\"", "\"gpt-4-1106-preview\""));
        TrainingOptions options = TrainingOptions.of(List.of(tiered), dir.resolve("model"), 0.25, 3)
                .withComplexityPrompts(List.of(complexityPrompts()));
        trained = TrainingRun.run(options, refining, QUIET);
        noPrior = TrainingRun.run(TrainingOptions.of(List.of(tiered), dir.resolve("no-prior"), 0.25, 3), refining, QUIET);
    }

    @AfterAll
    static void close() {
        refining.close();
    }

    @Test
    void aRefiningFitWritesTheDistilledTableForThePriorAndNamesItWithItsHash() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("fit"));
        String[] words = {"prove", "lemma", "hello", "capital", "France", "derive", "thanks", "river", "theorem", "city"};
        Random random = new Random(3);
        List<List<Message>> corpus = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < 5; w++) {
                text.append(words[random.nextInt(words.length)]).append(' ');
            }
            corpus.add(List.of(Message.text(Role.USER, text.toString().strip())));
        }
        FeatureSource fitted = refining.fittedOn(corpus, dir, QUIET);
        TierPriorFeatures prior = fitted.tierPriorFeatures();
        Path distilled = dir.resolve(StaticEmbeddingTable.DISTILLED_FILE_NAME);
        assertThat(prior.embeddingFile()).isEqualTo(StaticEmbeddingTable.DISTILLED_FILE_NAME);
        List<Message> prompt = List.of(Message.text(Role.USER, "hello, prove the capital lemma"));
        try (StaticEmbedder distilledTable = StaticEmbedder.load(distilled, BUDGET);
             StaticEmbedder refinedTable = StaticEmbedder.load(dir.resolve(StaticEmbeddingTable.FILE_NAME), BUDGET)) {
            assertThat(prior.embeddingSha256()).isEqualTo(distilledTable.modelSha256()).isNotEqualTo(refinedTable.modelSha256());
            String text = "hello, prove the capital lemma";
            assertThat(Arrays.copyOf(prior.source().features(prompt), DIMS)).containsExactly(distilledTable.embed(text));
            assertThat(Arrays.copyOf(fitted.features(prompt), DIMS)).containsExactly(refinedTable.embed(text));
            assertThat(refinedTable.embed(text)).isNotEqualTo(distilledTable.embed(text));
        }
    }

    @Test
    void aDistillingFitHasNoSecondTableAndRemovesAStaleOne() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("distil-only"));
        Files.writeString(dir.resolve(StaticEmbeddingTable.DISTILLED_FILE_NAME), "left by an earlier refined training");
        try (StaticFeatureSource distilling = new StaticFeatureSource(DIMS, BUDGET, p -> StaticFeatureSourceTest.randomPieces())) {
            FeatureSource fitted = distilling.fittedOn(List.of(List.of(Message.text(Role.USER, "hi"))), dir, QUIET);
            assertThat(fitted.tierPriorFeatures().embeddingFile()).isNull();
            assertThat(fitted.tierPriorFeatures().source()).isSameAs(fitted);
        }
        assertThat(dir.resolve(StaticEmbeddingTable.DISTILLED_FILE_NAME)).doesNotExist();
    }

    @Test
    void trainingRecordsThePriorsOwnTableAndKeepsItOnlyWhenAPriorReadsIt() throws IOException {
        TierPrior prior = ModelCard.read(trained.outDir().resolve(ModelCard.FILE_NAME)).outcomeModel().tierPrior();
        assertThat(prior).isNotNull();
        assertThat(prior.embeddingFile()).isEqualTo(StaticEmbeddingTable.DISTILLED_FILE_NAME);
        try (StaticEmbedder distilled = StaticEmbedder.load(trained.outDir().resolve(prior.embeddingFile()), BUDGET)) {
            assertThat(prior.embeddingSha256()).isEqualTo(distilled.modelSha256());
        }
        assertThat(prior.details().path("embedding").asText()).contains(StaticEmbeddingTable.DISTILLED_FILE_NAME);
        // Without complexity prompts there is no prior, and no second table.
        assertThat(ModelCard.read(noPrior.outDir().resolve(ModelCard.FILE_NAME)).outcomeModel().tierPrior()).isNull();
        assertThat(noPrior.outDir().resolve(StaticEmbeddingTable.DISTILLED_FILE_NAME)).doesNotExist();
        assertThat(noPrior.outDir().resolve(StaticEmbeddingTable.FILE_NAME)).isRegularFile();
    }

    @Test
    void servingReadsTheEaseOfTheLastUserTurnThroughThePriorsOwnTable() throws IOException {
        Path dir = trained.outDir();
        String question = "prove the theorem and derive the lemma in a longer request";
        ChatRequest request = ChatRequest.of("auto", List.of(Message.text(Role.SYSTEM, "You are terse."),
                Message.text(Role.USER, "hello"), Message.text(Role.ASSISTANT, "Hi."), Message.text(Role.USER, question)));
        ChatRequest plain = ChatRequest.of("auto", List.of(Message.text(Role.USER, question)));
        try (RequestClassifier classifier = RequestClassifier.load(dir);
             Featurizer distilled = new Featurizer(StaticEmbedder.load(dir.resolve(StaticEmbeddingTable.DISTILLED_FILE_NAME),
                     BUDGET))) {
            assertThat(classifier.outcomeModel().readsEase()).isTrue();
            double[] outcomes = classifier.score(request).outcomes();
            double ease = outcomes[outcomes.length - 1];
            // one block: the instruction's inputs are zeros
            assertThat(ease).isCloseTo(classifier.outcomeModel().ease(InstructionFeatures.extend(
                    distilled.featurizeAlone(question), null, DIMS)), within(1e-6));
            float[] refinedAlone = InstructionFeatures.extend(classifier.featurizer().featurizeAlone(question), null,
                    DIMS);
            assertThat(ease).isNotCloseTo(classifier.outcomeModel().ease(refinedAlone), within(1e-6));
            // The same question alone, and a caller's own vector (routewise evaluate): the same ease.
            double[] alone = classifier.score(plain).outcomes();
            assertThat(alone[alone.length - 1]).isCloseTo(ease, within(1e-6));
            double[] fromVector = classifier.score(classifier.featurizer().featurize(request), question).outcomes();
            assertThat(fromVector[fromVector.length - 1]).isCloseTo(ease, within(1e-6));
        }
    }

    @Test
    void aPromptWithSomethingPastedIsReadWithItsInstructionsInputs() throws IOException {
        Path dir = trained.outDir();
        TierPrior prior = ModelCard.read(dir.resolve(ModelCard.FILE_NAME)).outcomeModel().tierPrior();
        assertThat(prior.readsInstruction()).isTrue();
        assertThat(prior.details().path("instruction_features").asText()).contains("labelled prompts have one");
        String instruction = "hello thanks, one line please";
        String pasted = "prove the theorem and derive the lemma in a longer request about the consensus architecture";
        String turn = instruction + "\n\n" + pasted;
        try (RequestClassifier classifier = RequestClassifier.load(dir);
             Featurizer distilled = new Featurizer(StaticEmbedder.load(dir.resolve(StaticEmbeddingTable.DISTILLED_FILE_NAME),
                     BUDGET))) {
            double[] outcomes = classifier.score(ChatRequest.of("auto", List.of(Message.text(Role.USER, turn)))).outcomes();
            double ease = outcomes[outcomes.length - 1];
            float[] whole = distilled.featurizeAlone(turn);
            assertThat(ease).isCloseTo(classifier.outcomeModel().ease(InstructionFeatures.extend(whole,
                    distilled.featurizeAlone(instruction), DIMS)), within(1e-6));
            assertThat(ease).isNotCloseTo(classifier.outcomeModel().ease(InstructionFeatures.extend(whole, null,
                    DIMS)), within(1e-6));
            // behind a system prompt, the same reading of the same last user turn
            double[] behind = classifier.score(ChatRequest.of("auto", List.of(Message.text(Role.SYSTEM, "Be brief."),
                    Message.text(Role.USER, turn)))).outcomes();
            assertThat(behind[behind.length - 1]).isCloseTo(ease, within(1e-6));
        }
    }

    @Test
    void aPriorTableOtherThanTheRecordedOneOrAMissingOneIsRefusedByName() throws IOException {
        Path wrongHash = copyWithPrior("wrong-hash", prior -> prior.put("embedding_sha256", "0".repeat(64)));
        assertThatThrownBy(() -> RequestClassifier.load(wrongHash)).isInstanceOf(ModelDirectoryException.class)
                .hasMessageContaining("embedding_file").hasMessageContaining("0".repeat(64));

        Path missing = copyWithPrior("missing", prior -> prior);
        Files.delete(missing.resolve(StaticEmbeddingTable.DISTILLED_FILE_NAME));
        assertThatThrownBy(() -> RequestClassifier.load(missing)).isInstanceOf(ModelDirectoryException.class)
                .hasMessageContaining(StaticEmbeddingTable.DISTILLED_FILE_NAME).hasMessageContaining("missing");

        Path halfRecorded = copyWithPrior("half", prior -> prior.without("embedding_sha256"));
        assertThatThrownBy(() -> RequestClassifier.load(halfRecorded)).isInstanceOf(ModelDirectoryException.class)
                .hasMessageContaining("embedding_sha256");
    }

    /** A copy of the trained directory whose card's tier prior {@code edit} changes. */
    private static Path copyWithPrior(String name, java.util.function.UnaryOperator<ObjectNode> edit) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        try (var files = Files.list(trained.outDir())) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        Path cardFile = dir.resolve(ModelCard.FILE_NAME);
        ObjectNode card = (ObjectNode) Json.MAPPER.readTree(cardFile.toFile());
        ObjectNode outcomeModel = (ObjectNode) card.get("outcome_model");
        outcomeModel.set("tier_prior", edit.apply((ObjectNode) outcomeModel.get("tier_prior")));
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(cardFile.toFile(), card);
        return dir;
    }

    /** Easy prompts share greeting words, hard ones proof words; two sources. */
    private static Path complexityPrompts() throws IOException {
        Files.createDirectories(tmp);
        List<String> lines = new ArrayList<>();
        String[] easy = {"hello", "thanks", "hi", "capital", "spell"};
        String[] hard = {"prove", "theorem", "derive", "architecture", "consensus"};
        for (int i = 0; i < 120; i++) {
            String src = i % 2 == 0 ? "one" : "two";
            // as long as the hard ones and ending alike, so that size alone does not tell them apart (the neighbours weigh it)
            lines.add("{\"source\":\"" + src + "\",\"complexity\":\"easy\",\"prompt\":\"" + easy[i % 5] + " "
                    + easy[(i + 2) % 5] + " item " + i + " and more words in a longer request\"}");
            lines.add("{\"source\":\"" + src + "\",\"complexity\":\"hard\",\"prompt\":\"" + hard[i % 5] + " "
                    + hard[(i + 3) % 5] + " lemma " + i + " and more words in a longer request\"}");
            // an easy instruction on a pasted hard-sounding passage, and a hard one on an easy-sounding passage
            lines.add("{\"source\":\"" + src + "\",\"complexity\":\"easy\",\"prompt\":\"" + easy[i % 5] + " one line\\n\\n"
                    + hard[(i + 1) % 5] + " " + hard[(i + 4) % 5] + " passage " + i + " and more words pasted here\"}");
            lines.add("{\"source\":\"" + src + "\",\"complexity\":\"hard\",\"prompt\":\"" + hard[(i + 2) % 5] + " it\\n\\n"
                    + easy[(i + 1) % 5] + " " + easy[(i + 3) % 5] + " note " + i + " and more words pasted here too\"}");
        }
        Path file = tmp.resolve("labelled.jsonl");
        Files.write(file, lines);
        return file;
    }
}

package io.routewise.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.chat.Message;
import io.routewise.chat.Role;
import io.routewise.training.TaskTaxonomy.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LabelsTest {

    private static List<LoggedResponse> outcomes(double... values) {
        List<LoggedResponse> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            out.add(new LoggedResponse("m" + i, values[i], null, null, null, null));
        }
        return out;
    }

    @Test
    void twoModelBucketsAreBothOneOrNoneAdequate() {
        assertThat(Complexity.of(outcomes(1, 1))).contains(Complexity.EASY);
        assertThat(Complexity.of(outcomes(1, 0))).contains(Complexity.MEDIUM);
        assertThat(Complexity.of(outcomes(0.4, 0))).contains(Complexity.HARD);
    }

    @Test
    void nineModelBucketsCutAtSixAndThreeAdequate() {
        assertThat(Complexity.of(outcomes(1, 1, 1, 1, 1, 1, 0, 0, 0))).contains(Complexity.EASY);
        assertThat(Complexity.of(outcomes(1, 1, 1, 1, 1, 0, 0, 0, 0))).contains(Complexity.MEDIUM);
        assertThat(Complexity.of(outcomes(1, 1, 1, 0, 0, 0, 0, 0, 0))).contains(Complexity.MEDIUM);
        assertThat(Complexity.of(outcomes(1, 1, 0, 0, 0, 0, 0, 0, 0))).contains(Complexity.HARD);
    }

    @Test
    void anOutcomeOfExactlyHalfCountsAsAdequate() {
        assertThat(Complexity.of(outcomes(0.5, 0.5))).contains(Complexity.EASY);
    }

    @Test
    void fewerThanTwoOutcomesGiveNoComplexity() {
        List<LoggedResponse> one = new ArrayList<>(outcomes(1));
        one.add(new LoggedResponse("unscored", null, 0.01, null, null, null));
        assertThat(Complexity.of(one)).isEmpty();
    }

    @Test
    void everyTaskValueInTheSharedDataHasAnExplicitMapping() {
        String[] seen = {"mbpp", "trivia_qa", "gsm8k", "natural_qa", "gpqa", "math", "openbook_qa", "mmlu",
            "arc_challenge", "agentverse-mgsm", "commonsense_qa", "commongen", "human_eval", "agentverse-logicgrid",
            "NarrativeQA", "MusicTheoryBench", "LiveCodeBench", "MMLUPro", "GeoBench", "QANTA", "PubMedQA",
            "SuperGLUE-Entailment", "SuperGLUE-Wic", "Ethics", "WMT19-lt-en", "MMLU", "OpenTDB", "MathQA", "SocialiQA",
            "ArcMMLU", "SuperGLUE-QA", "MedMCQA", "SuperGLUE-ClozeTest", "AsDiv", "WMT19-gu-en", "GeoGraphyData",
            "ChessInstruct", "WMT19-de-en", "AIME", "WMT19-zh-en", "MATH", "WMT19-ru-en", "SuperGLUE-RC", "WMT19-fi-en",
            "FinQA", "SuperGLUE-Wsc", "WMT19-kk-en", "SuperGLUE-CausalReasoning", "GSM8K", "WMT19-cs-en"};
        for (String task : seen) {
            assertThat(TaskTaxonomy.map(task, null).explicit()).as(task).isTrue();
        }
        assertThat(TaskTaxonomy.map("mbpp", null).task()).isEqualTo(Task.CODE);
        assertThat(TaskTaxonomy.map("GSM8K", null).task()).isEqualTo(Task.MATH);
        assertThat(TaskTaxonomy.map("PubMedQA", null).task()).isEqualTo(Task.EXTRACTION_CLASSIFICATION);
    }

    @Test
    void mmluMathSubjectsAreMathAndOtherSubjectsKnowledge() {
        assertThat(TaskTaxonomy.map("mmlu", "high_school_mathematics").task()).isEqualTo(Task.MATH);
        assertThat(TaskTaxonomy.map("mmlu", "formal_logic").task()).isEqualTo(Task.REASONING);
        assertThat(TaskTaxonomy.map("mmlu", "professional_law").task()).isEqualTo(Task.KNOWLEDGE_QA);
    }

    @Test
    void unknownTasksFallBackAndSayTheyWereNotExplicit() {
        assertThat(TaskTaxonomy.map("my_code_eval", null)).isEqualTo(new TaskTaxonomy.Mapping(Task.CODE, false));
        // Never folded into a real task: an unknown label and no label at all are their own class.
        assertThat(TaskTaxonomy.map("something-else", null)).isEqualTo(new TaskTaxonomy.Mapping(Task.OTHER, false));
        assertThat(TaskTaxonomy.map("winogrande", null)).isEqualTo(new TaskTaxonomy.Mapping(Task.OTHER, false));
        assertThat(TaskTaxonomy.map(null, null)).isEqualTo(new TaskTaxonomy.Mapping(Task.OTHER, false));
    }

    @Test
    void hyphensSpacesAndCaseDoNotChangeALabel() {
        assertThat(TaskTaxonomy.map("arc-challenge", null)).isEqualTo(new TaskTaxonomy.Mapping(Task.REASONING, true));
        assertThat(TaskTaxonomy.map("ARC Challenge", null)).isEqualTo(new TaskTaxonomy.Mapping(Task.REASONING, true));
        assertThat(TaskTaxonomy.map("agentverse_mgsm", null)).isEqualTo(new TaskTaxonomy.Mapping(Task.MATH, true));
    }

    @Test
    void complexityTaskClassJoinsBothLabels() {
        TrafficRecord r = new TrafficRecord("id", null, "gsm8k", null, List.of(Message.text(Role.USER, "2+2?")),
                outcomes(0, 0, 1), "f", 1);
        assertThat(LabelScheme.COMPLEXITY_TASK.classOf(r)).isEqualTo(Optional.of("medium.math"));
        assertThat(LabelScheme.COMPLEXITY.classOf(r)).isEqualTo(Optional.of("medium"));
    }
}

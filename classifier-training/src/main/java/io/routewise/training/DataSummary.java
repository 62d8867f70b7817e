package io.routewise.training;

import java.util.List;
import java.util.Map;

/**
 * What the training data was: for the model card.
 *
 * @param files            per file: lines read, parsed, skipped
 * @param problems         the first skipped lines with reasons
 * @param problemsTotal    how many lines were skipped in all
 * @param requests         requests parsed
 * @param labelled         requests with a class (outcomes from at least two models)
 * @param unlabelled       requests without one
 * @param classCounts      labelled requests per class
 * @param taskCounts       labelled requests per taxonomy task
 * @param sourceTasks      per source task label: the taxonomy task it mapped to, whether the mapping is explicit, count
 * @param train            requests in the training part
 * @param heldOut          requests in the held-out part
 * @param trainClassCounts training requests per class
 */
public record DataSummary(List<FileSummary> files, List<String> problems, long problemsTotal, long requests,
                          long labelled, long unlabelled, Map<String, Long> classCounts, Map<String, Long> taskCounts,
                          Map<String, SourceTask> sourceTasks, long train, long heldOut,
                          Map<String, Long> trainClassCounts) {

    /** One input file. */
    public record FileSummary(String file, long lines, long parsed, long skipped) {
    }

    /** How one source task label was mapped. */
    public record SourceTask(String task, boolean explicit, long count) {
    }
}

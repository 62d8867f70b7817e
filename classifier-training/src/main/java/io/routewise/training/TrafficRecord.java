package io.routewise.training;

import io.routewise.chat.Message;
import java.util.List;

/**
 * One logged request with the answers it got.
 *
 * @param requestId the request id ({@code file:line} when the log line had none)
 * @param source    the data set or deployment it came from, or null
 * @param task      the source's task label, or null
 * @param subtask   the source's finer label (e.g. an MMLU subject), or null
 * @param messages  the conversation (never empty)
 * @param responses one entry per model that answered
 * @param file      the log file it was read from
 * @param line      its 1-based line number there
 */
public record TrafficRecord(String requestId, String source, String task, String subtask, List<Message> messages,
                            List<LoggedResponse> responses, String file, long line) {

    public TrafficRecord {
        messages = List.copyOf(messages);
        responses = List.copyOf(responses);
    }

    /** The responses that carry an outcome. */
    public List<LoggedResponse> withOutcomes() {
        return responses.stream().filter(LoggedResponse::hasOutcome).toList();
    }
}

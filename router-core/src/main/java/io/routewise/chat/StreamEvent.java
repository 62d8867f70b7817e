package io.routewise.chat;

/**
 * One step of a streamed answer in canonical form. Wire formats decode their stream into these
 * and encode these into their stream; the order is: deltas, then {@link Finish}, then optionally
 * {@link UsageReport}.
 */
public sealed interface StreamEvent
        permits StreamEvent.TextDelta, StreamEvent.ToolCallDelta, StreamEvent.Finish, StreamEvent.UsageReport {

    /** More answer text. */
    record TextDelta(String text) implements StreamEvent {
    }

    /**
     * Part of a tool call. The first delta of a call carries its {@code id} and {@code name};
     * later ones carry only more of the arguments text.
     *
     * @param index the call's position among this answer's calls (0-based)
     */
    record ToolCallDelta(int index, String id, String name, String argumentsFragment) implements StreamEvent {
    }

    /** The model stopped. */
    record Finish(FinishReason reason) implements StreamEvent {
    }

    /** Token counts for the whole answer. */
    record UsageReport(Usage usage) implements StreamEvent {
    }
}

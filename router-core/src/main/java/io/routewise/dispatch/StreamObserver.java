package io.routewise.dispatch;

import io.routewise.chat.StreamEvent;
import io.routewise.config.ModelConfig;
import java.util.List;

/** Receives a streamed answer. {@link #begin} is called once, just before the first event. */
public interface StreamObserver {

    /**
     * The first event of {@code model}'s answer is about to arrive: the last moment to set response
     * headers. After this the answer is committed to that model (no fallback).
     *
     * @param failedBefore  the attempts at other models that failed before this one
     * @param upstreamNanos time spent on providers so far, failed attempts included
     */
    void begin(ModelConfig model, List<Attempt> failedBefore, long upstreamNanos);

    void onEvent(StreamEvent event);
}

package io.routewise.providers;

/**
 * One server-sent event.
 *
 * @param event the {@code event:} name, or null for unnamed events (OpenAI, Gemini)
 * @param data  the {@code data:} payload (one JSON document, or OpenAI's {@code [DONE]})
 */
public record SseFrame(String event, String data) {

    public static SseFrame data(String data) {
        return new SseFrame(null, data);
    }

    /** The frame as it goes on the wire, blank line included. */
    public String render() {
        StringBuilder sb = new StringBuilder(data.length() + 32);
        if (event != null) {
            sb.append("event: ").append(event).append('\n');
        }
        for (String line : data.split("\n", -1)) {
            sb.append("data: ").append(line).append('\n');
        }
        return sb.append('\n').toString();
    }
}

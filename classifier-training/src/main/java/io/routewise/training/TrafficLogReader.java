package io.routewise.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.chat.ContentPart;
import io.routewise.chat.Message;
import io.routewise.chat.Role;
import io.routewise.json.Json;
import io.routewise.json.JsonLines;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads traffic logs: JSONL, one request per line, plain or gzip (recognised by its magic bytes,
 * whatever the file name). Unknown fields are ignored. A line that is not a JSON object, has no
 * usable {@code messages}, or has a field of the wrong type is recorded as a {@link LineProblem}
 * with its file and line number and skipped; the rest of the file is still read.
 */
public final class TrafficLogReader {

    private TrafficLogReader() {
    }

    /**
     * Reads one file.
     *
     * @throws TrainingInputException when the file is missing or unreadable
     */
    public static TrafficLog read(Path file) {
        String name = file.toString();
        List<TrafficRecord> records = new ArrayList<>();
        List<LineProblem> problems = new ArrayList<>();
        long lines;
        try {
            lines = JsonLines.forEachLine(file, (lineNo, text) -> {
                try {
                    records.add(parse(text, name, lineNo));
                } catch (BadLine e) {
                    problems.add(new LineProblem(name, lineNo, e.getMessage()));
                }
            });
        } catch (NoSuchFileException e) {
            throw new TrainingInputException(name + ": traffic log not found");
        } catch (IOException e) {
            throw new TrainingInputException(name + ": cannot read traffic log: " + e.getMessage(), e);
        }
        return new TrafficLog(name, lines, records, problems);
    }

    /** Parses one line; package-private for tests. */
    static TrafficRecord parse(String text, String file, long lineNo) throws BadLine {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadLine("not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new BadLine("not a JSON object");
        }
        String requestId = optionalText(root, "request_id");
        if (requestId == null) {
            requestId = file + ":" + lineNo;
        }
        List<Message> messages = messages(root.get("messages"));
        List<LoggedResponse> responses = responses(root.get("responses"));
        return new TrafficRecord(requestId, optionalText(root, "source"), optionalText(root, "task"),
                optionalText(root, "subtask"), messages, responses, file, lineNo);
    }

    private static List<Message> messages(JsonNode node) throws BadLine {
        if (node == null || node.isNull()) {
            throw new BadLine("'messages' is missing");
        }
        if (!node.isArray() || node.isEmpty()) {
            throw new BadLine("'messages' must be a non-empty array");
        }
        List<Message> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode m = node.get(i);
            String where = "messages[" + i + "]";
            if (!m.isObject()) {
                throw new BadLine(where + " must be an object");
            }
            JsonNode roleNode = m.get("role");
            if (roleNode == null || !roleNode.isTextual()) {
                throw new BadLine(where + ".role must be a string");
            }
            Role role = Role.fromWire(roleNode.asText());
            if (role == null) {
                throw new BadLine(where + ".role '" + roleNode.asText() + "' is not one of system, developer, user, "
                        + "assistant, tool");
            }
            out.add(new Message(role, content(m.get("content"), where), null, List.of(), null));
        }
        return out;
    }

    private static List<ContentPart> content(JsonNode node, String where) throws BadLine {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (node.isTextual()) {
            return List.of(new ContentPart.Text(node.asText()));
        }
        if (!node.isArray()) {
            throw new BadLine(where + ".content must be a string or an array of parts");
        }
        List<ContentPart> parts = new ArrayList<>();
        for (JsonNode part : node) {
            String type = part.path("type").asText("");
            if (type.equals("text") && part.path("text").isTextual()) {
                parts.add(new ContentPart.Text(part.get("text").asText()));
            } else if (type.equals("image_url") && part.path("image_url").path("url").isTextual()) {
                parts.add(new ContentPart.Image(part.get("image_url").get("url").asText(), null));
            } else {
                throw new BadLine(where + ".content has a part that is neither text nor image_url");
            }
        }
        return parts;
    }

    private static List<LoggedResponse> responses(JsonNode node) throws BadLine {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new BadLine("'responses' must be an array");
        }
        List<LoggedResponse> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode r = node.get(i);
            String where = "responses[" + i + "]";
            if (!r.isObject()) {
                throw new BadLine(where + " must be an object");
            }
            JsonNode model = r.get("model");
            if (model == null || !model.isTextual() || model.asText().isBlank()) {
                throw new BadLine(where + ".model must be a non-empty string");
            }
            Double outcome = optionalNumber(r, "outcome", where);
            if (outcome != null && (outcome < 0 || outcome > 1)) {
                throw new BadLine(where + ".outcome " + outcome + " is outside [0, 1]");
            }
            Double cost = optionalNumber(r, "cost_usd", where);
            if (cost != null && cost < 0) {
                throw new BadLine(where + ".cost_usd " + cost + " is negative");
            }
            Double in = optionalNumber(r, "input_tokens", where);
            Double outTok = optionalNumber(r, "output_tokens", where);
            out.add(new LoggedResponse(model.asText(), outcome, cost, in == null ? null : in.longValue(),
                    outTok == null ? null : outTok.longValue(), optionalNumber(r, "latency_ms", where)));
        }
        return out;
    }

    private static String optionalText(JsonNode obj, String field) throws BadLine {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new BadLine("'" + field + "' must be a string");
        }
        return n.asText();
    }

    private static Double optionalNumber(JsonNode obj, String field, String where) throws BadLine {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isNumber() || !Double.isFinite(n.asDouble())) {
            throw new BadLine(where + "." + field + " must be a number");
        }
        return n.asDouble();
    }

    /** A line that cannot be used; the message says why. */
    static final class BadLine extends Exception {
        BadLine(String message) {
            super(message);
        }
    }
}

package io.routewise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Merges the records of a traffic log that share a prompt ({@code messages}) into one: the first
 * record's id, every record's responses. A ledger request is one answer (with the request's feedback);
 * a training example needs the outcomes of several models for one prompt.
 */
final class PromptMerge {

    private PromptMerge() {
    }

    /** Rewrites {@code file} in place; returns the number of records written. */
    static int rewrite(Path file) {
        Map<String, ObjectNode> byPrompt = new LinkedHashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                ObjectNode record = (ObjectNode) Json.MAPPER.readTree(line);
                String prompt = record.path("messages").toString();
                ObjectNode first = byPrompt.putIfAbsent(prompt, record);
                if (first != null) {
                    ArrayNode responses = (ArrayNode) first.withArray("responses");
                    for (JsonNode r : record.path("responses")) {
                        responses.add(r);
                    }
                }
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".merging");
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                for (ObjectNode record : byPrompt.values()) {
                    out.write(Json.MAPPER.writeValueAsString(record));
                    out.write('\n');
                }
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return byPrompt.size();
    }
}

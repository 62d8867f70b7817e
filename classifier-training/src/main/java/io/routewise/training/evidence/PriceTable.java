package io.routewise.training.evidence;

import io.routewise.training.TrainingInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Model prices in USD per million tokens, read at run time from a CSV with a header row naming at
 * least the columns {@code model}, {@code input_usd_per_1M} and {@code output_usd_per_1M} (the
 * layout of {@code ../shared/data/catalog/dataset-model-prices.csv}; other columns are ignored).
 * The table is never copied into the project: the run reads it and records its path.
 *
 * @param file   where it was read from (null for a table built in code)
 * @param prices per model id
 */
public record PriceTable(Path file, Map<String, Price> prices) {

    /** Input and output price of one model, USD per 1M tokens. */
    public record Price(double inputUsdPerMillion, double outputUsdPerMillion) {

        public Price {
            if (!(inputUsdPerMillion >= 0) || !(outputUsdPerMillion >= 0)) {
                throw new IllegalArgumentException("prices must be non-negative numbers");
            }
        }

        /** USD for one call with these token counts. */
        public double cost(double inputTokens, double outputTokens) {
            return (inputTokens * inputUsdPerMillion + outputTokens * outputUsdPerMillion) / 1e6;
        }
    }

    public PriceTable {
        prices = Collections.unmodifiableMap(new TreeMap<>(prices));
    }

    /** A table with no prices: only logged costs count. */
    public static PriceTable empty() {
        return new PriceTable(null, Map.of());
    }

    public Optional<Price> price(String model) {
        return Optional.ofNullable(prices.get(model));
    }

    /**
     * Reads a price CSV (plain comma-separated values; fields with commas are not expected).
     *
     * @throws TrainingInputException naming the file and line when it cannot be used
     */
    public static PriceTable read(Path csv) {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TrainingInputException("cannot read the price table " + csv + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty()) {
            throw new TrainingInputException(csv + ": the price table is empty");
        }
        List<String> header = Arrays.stream(lines.get(0).split(",", -1)).map(String::strip).toList();
        int model = column(csv, header, "model");
        int in = column(csv, header, "input_usd_per_1M");
        int out = column(csv, header, "output_usd_per_1M");
        Map<String, Price> prices = new TreeMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length < header.size()) {
                throw new TrainingInputException(csv + ":" + (i + 1) + ": expected " + header.size() + " fields, got " + f.length);
            }
            try {
                prices.put(f[model].strip(), new Price(Double.parseDouble(f[in].strip()), Double.parseDouble(f[out].strip())));
            } catch (IllegalArgumentException e) {
                throw new TrainingInputException(csv + ":" + (i + 1) + ": prices must be non-negative numbers, got '"
                        + f[in].strip() + "' and '" + f[out].strip() + "'", e);
            }
        }
        return new PriceTable(csv, prices);
    }

    private static int column(Path csv, List<String> header, String name) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new TrainingInputException(csv + ": the header has no '" + name + "' column (it has " + header + ")");
        }
        return i;
    }
}

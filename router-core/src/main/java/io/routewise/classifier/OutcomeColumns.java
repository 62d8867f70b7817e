package io.routewise.classifier;

import java.util.Map;

/**
 * Names of the outcome model's columns. A logged model whose outcomes all come from one data set (the
 * records' {@code source}) has one column, named after it. A model that several data sets logged has one
 * column per data set, {@code "model [source]"}: each data set scores answers its own way (exact match,
 * unit tests, a judge), so one model's outcomes in two of them are not on one scale, and a model whose
 * column mixed them would be compared, on each data set, with models scored by that data set alone.
 * Model ids never contain a space, so the two forms cannot meet.
 */
public final class OutcomeColumns {

    /** The source of records that have none. */
    public static final String NO_SOURCE = "(none)";

    private OutcomeColumns() {
    }

    /** The column of a model's outcomes within one data set. */
    public static String scoped(String model, String source) {
        return model + " [" + (source == null ? NO_SOURCE : source) + "]";
    }

    /** The logged model a column predicts: the column itself, or its model part when it is scoped. */
    public static String loggedModel(String column) {
        int open = column.lastIndexOf(" [");
        return open > 0 && column.endsWith("]") ? column.substring(0, open) : column;
    }

    /**
     * The column that predicts a logged model on records of a data set: its column for that data set, else
     * its only column, else the column serving reads for it ({@code servingColumns}), else null.
     */
    public static String resolve(String model, String source, java.util.Set<String> columns, Map<String, String> servingColumns) {
        String scoped = scoped(model, source);
        if (columns.contains(scoped)) {
            return scoped;
        }
        if (columns.contains(model)) {
            return model;
        }
        return servingColumns.get(model);
    }
}

package io.routewise.training;

import java.util.List;

/**
 * What reading one traffic-log file produced.
 *
 * @param file      the file
 * @param lines     non-blank lines read
 * @param records   the lines that parsed, in file order
 * @param problems  the lines that were skipped, with reasons
 */
public record TrafficLog(String file, long lines, List<TrafficRecord> records, List<LineProblem> problems) {

    public TrafficLog {
        records = List.copyOf(records);
        problems = List.copyOf(problems);
    }
}

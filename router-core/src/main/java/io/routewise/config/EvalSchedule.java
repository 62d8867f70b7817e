package io.routewise.config;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * {@code evaluation.schedule}: a five-field UNIX cron expression ({@code "0 3 * * *"} = daily at
 * 03:00), read in UTC so every replica agrees on when a run is due.
 */
public final class EvalSchedule {

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final String expression;
    private final ExecutionTime execution;

    private EvalSchedule(String expression, ExecutionTime execution) {
        this.expression = expression;
        this.execution = execution;
    }

    /**
     * Parses a cron expression.
     *
     * @throws IllegalArgumentException with a one-line reason when it is not a valid five-field expression
     */
    public static EvalSchedule parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("must be a five-field cron expression such as \"0 3 * * *\"");
        }
        try {
            return new EvalSchedule(expression.strip(), ExecutionTime.forCron(PARSER.parse(expression.strip())));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + expression + "' is not a five-field cron expression such as "
                    + "\"0 3 * * *\" (" + e.getMessage().strip().replace('\n', ' ') + ")", e);
        }
    }

    /** The first time strictly after {@code after} the schedule fires. */
    public Instant nextAfter(Instant after) {
        Optional<ZonedDateTime> next = execution.nextExecution(after.atZone(ZoneOffset.UTC));
        return next.map(ZonedDateTime::toInstant)
                .orElseThrow(() -> new IllegalStateException("schedule '" + expression + "' never fires"));
    }

    public String expression() {
        return expression;
    }
}

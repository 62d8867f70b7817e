package io.routewise.training;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives a {@link ProgressBar} from Tribuo's SGD trainers, which report their position only
 * through java.util.logging ("At iteration N, average loss = L"). While installed it also keeps
 * those lines off the console; the last average loss is kept for the summary.
 */
final class SgdProgress implements AutoCloseable {

    private static final Logger SGD_LOGGER = Logger.getLogger("org.tribuo.common.sgd.AbstractSGDTrainer");
    private static final Pattern ITERATION = Pattern.compile("At iteration (\\d+), average loss = (\\S+)");

    private final ProgressBar bar;
    private final Handler handler;
    private final boolean previousUseParent;
    private volatile double lastLoss = Double.NaN;

    SgdProgress(ProgressBar bar) {
        this.bar = bar;
        this.handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                Matcher m = ITERATION.matcher(String.valueOf(record.getMessage()));
                if (m.find()) {
                    bar.set(Long.parseLong(m.group(1)));
                    try {
                        lastLoss = Double.parseDouble(m.group(2));
                    } catch (NumberFormatException e) {
                        lastLoss = Double.NaN;
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        handler.setLevel(Level.ALL);
        previousUseParent = SGD_LOGGER.getUseParentHandlers();
        SGD_LOGGER.setUseParentHandlers(false);
        SGD_LOGGER.addHandler(handler);
    }

    double lastLoss() {
        return lastLoss;
    }

    @Override
    public void close() {
        SGD_LOGGER.removeHandler(handler);
        SGD_LOGGER.setUseParentHandlers(previousUseParent);
        bar.finish();
    }
}

package io.routewise.cli;

import io.routewise.classifier.ModelDirectoryException;
import io.routewise.config.ConfigException;
import io.routewise.classifier.weights.WeightsStoreException;
import io.routewise.features.FeatureSpecMismatchException;
import io.routewise.ledger.LedgerException;
import io.routewise.training.TrainingInputException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;

/** Turns exceptions into the one-line messages and exit codes the CLI promises. */
final class UserErrors {

    /** Exit code of a problem the user can fix (bad config, bad input file, bad traffic log, bad model directory). */
    static final int USER_ERROR = 2;
    /** Exit code of anything else. */
    static final int FAILURE = 1;

    private UserErrors() {
    }

    static String describe(Throwable e) {
        if (e instanceof UncheckedIOException u) {
            e = u.getCause();
        }
        if (e instanceof NoSuchFileException n) {
            return "no such file: " + n.getFile();
        }
        String message = e.getMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        // One line: native libraries (ONNX Runtime) add detail on further lines. A config's
        // problems are a list, one per line, and stay whole.
        int nl = message.indexOf('\n');
        return e instanceof ConfigException || nl < 0 ? message : message.substring(0, nl).strip();
    }

    static int exitCode(Throwable e) {
        return e instanceof ConfigException || e instanceof NoSuchFileException
                || e instanceof TrainingInputException || e instanceof ModelDirectoryException
                || e instanceof FeatureSpecMismatchException || e instanceof LedgerException
                || e instanceof WeightsStoreException
                || e instanceof picocli.CommandLine.ParameterException
                || (e instanceof UncheckedIOException u && u.getCause() instanceof NoSuchFileException)
                ? USER_ERROR : FAILURE;
    }
}

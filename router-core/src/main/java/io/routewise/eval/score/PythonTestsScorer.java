package io.routewise.eval.score;

import io.routewise.eval.Score;
import io.routewise.eval.Scorer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A code answer judged by running it: the answer's code (first fenced block, else the whole
 * answer) followed by {@code tests} (Python with {@code assert}s) is run by {@code python3 -I -S}
 * in a fresh temporary directory, with an empty environment except {@code PATH}, and killed after
 * {@code timeoutMs}. It passes when the process exits with 0.
 *
 * <p>This is isolation against accidents, not a sandbox: eval-set tests are the project's own, and
 * the code under test is a model's answer to a fixed prompt. When {@code python3} is missing every
 * score fails with "python3 not available"; {@link #available()} says so beforehand.
 *
 * @param tests     Python source run after the answer's code
 * @param timeoutMs how long the run may take
 */
public record PythonTestsScorer(String tests, long timeoutMs) implements Scorer {

    /** The timeout when none is given. */
    public static final long DEFAULT_TIMEOUT_MS = 5000;
    /** How much of the output is kept for the detail. */
    private static final int MAX_OUTPUT = 4096;
    private static volatile Boolean available;

    public PythonTestsScorer {
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("timeout_ms must be positive");
        }
    }

    /** Whether {@code python3} can be started here (checked once, by running {@code python3 -c pass}). */
    public static boolean available() {
        Boolean known = available;
        if (known == null) {
            known = probe();
            available = known;
        }
        return known;
    }

    @Override
    public String type() {
        return "python_tests";
    }

    @Override
    public Score score(String answer) {
        if (!available()) {
            return Score.fail("python3 not available");
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("routewise-eval-py");
            Path script = dir.resolve("check.py");
            Files.writeString(script, AnswerText.code(answer) + "\n\n" + tests + "\n");
            Process process = command(List.of("python3", "-I", "-S", script.getFileName().toString()))
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
            OutputTail output = new OutputTail(process.getInputStream());
            output.start();
            if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                return Score.fail("timed out after " + timeoutMs + " ms");
            }
            if (process.exitValue() == 0) {
                return Score.pass("tests passed");
            }
            output.join(2000);
            return Score.fail("exit " + process.exitValue() + ": " + AnswerText.brief(output.lastLine()));
        } catch (IOException e) {
            return Score.fail("could not run python3: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Score.fail("interrupted");
        } finally {
            deleteQuietly(dir);
        }
    }

    private static ProcessBuilder command(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        String path = System.getenv("PATH");
        builder.environment().clear();
        if (path != null) {
            builder.environment().put("PATH", path);
        }
        return builder;
    }

    private static boolean probe() {
        try {
            Process p = command(List.of("python3", "-I", "-S", "-c", "pass"))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Drains the process output on its own thread, keeping only the last {@link #MAX_OUTPUT}
     * bytes, so a test that prints without end neither blocks the process nor fills memory or disk.
     */
    private static final class OutputTail extends Thread {

        private final InputStream in;
        private final byte[] tail = new byte[MAX_OUTPUT];
        private int length;

        OutputTail(InputStream in) {
            super("python-tests-output");
            this.in = in;
            setDaemon(true);
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try (in) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    append(buffer, n);
                }
            } catch (IOException closed) {
                // the process was killed or its pipe closed: what was read so far is all there is
            }
        }

        private synchronized void append(byte[] buffer, int n) {
            if (n >= MAX_OUTPUT) {
                System.arraycopy(buffer, n - MAX_OUTPUT, tail, 0, MAX_OUTPUT);
                length = MAX_OUTPUT;
                return;
            }
            int keep = Math.min(length, MAX_OUTPUT - n);
            System.arraycopy(tail, length - keep, tail, 0, keep);
            System.arraycopy(buffer, 0, tail, keep, n);
            length = keep + n;
        }

        synchronized String lastLine() {
            List<String> lines = new String(tail, 0, length, StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank()).toList();
            return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover temporary directory is harmless and must not turn a verdict into an error
        }
    }
}

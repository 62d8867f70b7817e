package io.routewise.classifier.weights;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.routewise.classifier.ModelDirectoryException;
import io.routewise.classifier.RoutingWeights;
import io.routewise.json.AtomicFiles;
import io.routewise.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A folder of versioned routing weights (config {@code evaluation.weights_dir}): each recalibration
 * writes a new immutable version, {@code routing-weights.v0001.json} with its metadata in
 * {@code routing-weights.v0001.meta.json}, and a {@code CURRENT} file names the version servers
 * route with ({@code 0}: the model directory's own training weights). Older versions stay, so
 * {@link #rollback()} and {@link #activate(int)} only move the pointer.
 *
 * <p>Every file is written to a temporary file and moved into place, and the metadata (the
 * version's commit mark) after its weights, so a reader in another process never sees half a
 * version. Writers, also in different processes, serialise on a {@link FileChannel#lock() file
 * lock} on {@code .lock} in the folder, so two never take the same version number. Readers take no
 * lock: versions are immutable and {@code CURRENT} is replaced in one move.
 *
 * <p>A server polls {@link #stamp()} (cheap: one small file) every
 * {@code evaluation.reload_interval_s} and reloads {@link #current()} when it changes.
 */
public final class WeightsStore {

    /** The pointer file: the current version number. */
    public static final String CURRENT_FILE = "CURRENT";
    private static final String LOCK_FILE = ".lock";
    private static final Pattern VERSION_FILE = Pattern.compile("routing-weights\\.v(\\d+)(\\.meta)?\\.json");
    private static final ObjectWriter PRETTY = Json.MAPPER.writerWithDefaultPrettyPrinter();
    /** {@link FileLock} is per process; threads of one process also take this lock per folder. */
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path dir;
    private final Clock clock;

    /** A store in {@code dir}, which is created on the first write. */
    public WeightsStore(Path dir) {
        this(dir, Clock.systemUTC());
    }

    /** As {@link #WeightsStore(Path)}, with the clock that stamps {@code created_at}. */
    public WeightsStore(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
    }

    /** The store's folder. */
    public Path dir() {
        return dir;
    }

    /** The weights file of a version (which may not exist). */
    public Path weightsFile(int version) {
        return dir.resolve(String.format("routing-weights.v%04d.json", version));
    }

    private Path metaFile(int version) {
        return dir.resolve(String.format("routing-weights.v%04d.meta.json", version));
    }

    /**
     * Writes {@code weights} as the next version (highest existing + 1) and makes it current.
     *
     * @param weights the recalibrated weights (at least one class and one model)
     * @param reason  why, in a few words, e.g. {@code "drift: gpt-4o-mini"}
     * @param runId   the evaluation run that produced them, or null
     * @return the new version, current, with its parent the version that was current before
     * @throws IllegalArgumentException when the weights could not be read back or the reason is blank
     * @throws UncheckedIOException     when the folder cannot be written
     */
    public StoredWeights write(RoutingWeights weights, String reason, String runId) {
        if (weights.formatVersion() != RoutingWeights.FORMAT_VERSION || weights.classes().isEmpty()
                || weights.models().isEmpty()) {
            throw new IllegalArgumentException("routing weights need format_version " + RoutingWeights.FORMAT_VERSION
                    + ", at least one class and at least one model");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a weights version needs a reason");
        }
        return locked(() -> {
            byte[] bytes = json(weights);
            int parent = currentVersion();
            int version = highestVersionNumber() + 1;
            Meta meta = new Meta(version, clock.instant(), reason, runId, sha256(bytes), parent,
                    weightsFile(version).getFileName().toString());
            try {
                AtomicFiles.write(weightsFile(version), bytes);
                AtomicFiles.write(metaFile(version), json(meta));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write weights version v" + version + " in " + dir, e);
            }
            setCurrent(version);
            return new StoredWeights(meta.toVersion(true), weights);
        });
    }

    /** The current version and its weights; empty when the training weights (version 0) are current. */
    public Optional<StoredWeights> current() {
        int v = currentVersion();
        return v == 0 ? Optional.empty() : Optional.of(read(v));
    }

    /** The current version number; 0 (the training weights) when nothing was ever written. */
    public int currentVersion() {
        Path file = dir.resolve(CURRENT_FILE);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        try {
            int v = Integer.parseInt(text);
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new WeightsStoreException(file + ": not a version number: '" + text + "'");
    }

    /**
     * The stored versions, oldest first, with {@link WeightsVersion#current()} set on the current one.
     * Version 0, the training weights, is not listed: it lives in the model directory.
     */
    public List<WeightsVersion> list() {
        int current = currentVersion();
        List<WeightsVersion> out = new ArrayList<>();
        for (int v : versionNumbers(true)) {
            out.add(meta(v).toVersion(v == current));
        }
        return out;
    }

    /**
     * One stored version with its weights, checked against the recorded SHA-256.
     *
     * @throws IllegalArgumentException when there is no such version
     * @throws WeightsStoreException    when its files are corrupt (the message names the file)
     */
    public StoredWeights read(int version) {
        if (version < 1 || !Files.isRegularFile(metaFile(version))) {
            throw new IllegalArgumentException(unknown(version));
        }
        Meta meta = meta(version);
        Path file = weightsFile(version);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new WeightsStoreException(file + ": missing (its metadata " + metaFile(version).getFileName()
                    + " exists)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        String actual = sha256(bytes);
        if (!actual.equals(meta.sha256())) {
            throw new WeightsStoreException(file + ": corrupt or changed after it was written (sha256 " + actual
                    + ", recorded " + meta.sha256() + ")");
        }
        RoutingWeights weights;
        try {
            weights = RoutingWeights.read(file);
        } catch (ModelDirectoryException e) {
            throw new WeightsStoreException(e.getMessage(), e);
        }
        return new StoredWeights(meta.toVersion(version == currentVersion()), weights);
    }

    /** A stored version's files as written (metadata, weights), for copying it elsewhere; empty when there is none. */
    public Optional<byte[][]> files(int version) {
        if (version < 1 || !Files.isRegularFile(metaFile(version))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new byte[][] {Files.readAllBytes(metaFile(version)), Files.readAllBytes(weightsFile(version))});
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read weights version v" + version + " in " + dir, e);
        }
    }

    /**
     * Adds a version written elsewhere (another replica) under its own number, unless it is here already.
     * Its metadata must name that version and the weights' SHA-256.
     *
     * @throws WeightsStoreException when the files do not match, or this store holds another version of that number
     */
    public void importVersion(int version, byte[] meta, byte[] weights) {
        locked(() -> {
            String sha = sha256(weights);
            if (Files.isRegularFile(metaFile(version))) {
                if (!meta(version).sha256().equals(sha)) {
                    throw new WeightsStoreException(dir + " holds another weights version v" + version + " (sha256 "
                            + meta(version).sha256() + ", the shared one " + sha + ")");
                }
                return null;
            }
            Meta parsed;
            try {
                parsed = Json.MAPPER.readValue(meta, Meta.class);
            } catch (IOException e) {
                throw new WeightsStoreException("weights version v" + version + ": not valid metadata: " + firstLine(e), e);
            }
            if (parsed == null || parsed.version() != version || !sha.equals(parsed.sha256())) {
                throw new WeightsStoreException("weights version v" + version + ": its metadata does not match its weights");
            }
            try {
                AtomicFiles.write(weightsFile(version), weights);
                AtomicFiles.write(metaFile(version), meta);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write weights version v" + version + " in " + dir, e);
            }
            return null;
        });
    }

    /**
     * Makes the version that was current before the current one current again: the current
     * version's parent, which may be 0 (the training weights).
     *
     * @return the version now current
     * @throws IllegalStateException when the training weights are already current, or the parent is gone
     */
    public WeightsVersion rollback() {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(nothingToRollBack());
        }
        return locked(() -> {
            int current = currentVersion();
            if (current == 0) {
                throw new IllegalStateException(nothingToRollBack());
            }
            int parent = meta(current).parent();
            if (parent != 0 && !Files.isRegularFile(metaFile(parent))) {
                throw new IllegalStateException("cannot roll back from v" + current + ": its parent v" + parent
                        + " is no longer in " + dir);
            }
            return makeCurrent(parent);
        });
    }

    /**
     * Makes {@code version} current; 0 means the model directory's training weights.
     *
     * @return the version now current
     * @throws IllegalArgumentException when there is no such version
     * @throws WeightsStoreException    when that version's files are corrupt
     */
    public WeightsVersion activate(int version) {
        if (version < 0 || (version > 0 && !Files.isRegularFile(metaFile(version)))) {
            throw new IllegalArgumentException(unknown(version));
        }
        if (version == 0 && !Files.isDirectory(dir)) {
            return WeightsVersion.training(true);
        }
        return locked(() -> makeCurrent(version));
    }

    /**
     * A short string that changes whenever the current version does: {@code CURRENT}'s content, its
     * modification time and size. One small read, so a server can poll it every few seconds.
     */
    public String stamp() {
        Path file = dir.resolve(CURRENT_FILE);
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            String content = Files.readString(file, StandardCharsets.UTF_8).strip();
            return content + "@" + a.lastModifiedTime().to(TimeUnit.NANOSECONDS) + "/" + a.size();
        } catch (NoSuchFileException e) {
            return "0@none";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private WeightsVersion makeCurrent(int version) {
        if (version == 0) {
            setCurrent(0);
            return WeightsVersion.training(true);
        }
        WeightsVersion v = read(version).version();   // refuse to point at a corrupt version
        setCurrent(version);
        return v.asCurrent(true);
    }

    private void setCurrent(int version) {
        try {
            AtomicFiles.write(dir.resolve(CURRENT_FILE), (version + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(CURRENT_FILE), e);
        }
    }

    private String unknown(int version) {
        List<Integer> known = Files.isDirectory(dir) ? versionNumbers(true) : List.of();
        return "no weights version v" + version + " in " + dir + (known.isEmpty() ? " (it has none)"
                : " (it has v" + known.get(0) + (known.size() > 1 ? "–v" + known.get(known.size() - 1) : "") + ")");
    }

    private String nothingToRollBack() {
        return "nothing to roll back to: the training weights (v0) are already current in " + dir;
    }

    /** Takes the in-process lock, then the file lock, for one change of the store. */
    private <T> T locked(Supplier<T> change) {
        ReentrantLock inProcess;
        try {
            Files.createDirectories(dir);
            // the real path: two spellings of one folder (symlinks, ..) must share the lock
            inProcess = IN_PROCESS.computeIfAbsent(dir.toRealPath(), k -> new ReentrantLock());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        inProcess.lock();
        try {
            try (FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                return change.get();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + dir.resolve(LOCK_FILE), e);
        } finally {
            inProcess.unlock();
        }
    }

    /** Version numbers with a metadata file (committed), or with any file (taken), ascending. */
    private List<Integer> versionNumbers(boolean committedOnly) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> VERSION_FILE.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches)
                    .filter(m -> !committedOnly || m.group(2) != null)
                    .map(m -> Integer.parseInt(m.group(1)))
                    .distinct().sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private int highestVersionNumber() {
        List<Integer> taken = versionNumbers(false);
        return taken.isEmpty() ? 0 : taken.get(taken.size() - 1);
    }

    private Meta meta(int version) {
        Path file = metaFile(version);
        Meta meta;
        try {
            meta = Json.MAPPER.readValue(file.toFile(), Meta.class);
        } catch (IOException e) {
            throw new WeightsStoreException(file + ": not a valid weights metadata file: " + firstLine(e), e);
        }
        if (meta == null || meta.version() != version || meta.sha256() == null || meta.createdAt() == null) {
            throw new WeightsStoreException(file + ": not a valid weights metadata file (needs version " + version
                    + ", created_at and sha256)");
        }
        return meta;
    }

    private static byte[] json(Object value) {
        try {
            return PRETTY.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** The metadata file's content. */
    record Meta(@JsonProperty("version") int version,
                        @JsonProperty("created_at") Instant createdAt,
                        @JsonProperty("reason") String reason,
                        @JsonProperty("run_id") String runId,
                        @JsonProperty("sha256") String sha256,
                        @JsonProperty("parent") int parent,
                        @JsonProperty("weights_file") String weightsFile) {

        WeightsVersion toVersion(boolean current) {
            return new WeightsVersion(version, createdAt, reason, runId, sha256, parent, current);
        }
    }
}

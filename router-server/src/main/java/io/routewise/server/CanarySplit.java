package io.routewise.server;

import java.nio.charset.StandardCharsets;

/**
 * Which requests a canary serves: a stable hash of a key (the caller key's name, or the request id)
 * into 10,000 buckets, the first {@code percent × 100} of which go to the candidate. The same key always
 * lands on the same side for a given percentage, and raising the percentage only adds keys.
 */
final class CanarySplit {

    private CanarySplit() {
    }

    /** Whether {@code key} falls in the canary's share of {@code percent} (0–100, two decimals). */
    static boolean inCanary(String key, double percent) {
        return bucket(key) < Math.round(percent * 100);
    }

    /** The key's bucket in [0, 10000): FNV-1a over its UTF-8 bytes, then a final mix. */
    static int bucket(String key) {
        long h = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (int) Math.floorMod(h, 10_000L);
    }
}

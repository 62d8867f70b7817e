package io.routewise.simulator;

import java.nio.charset.StandardCharsets;

/**
 * A 64-bit hash that is the same in every JVM and run (unlike {@code Object.hashCode} of most
 * types), so simulated answers are reproducible from the request text and the seed.
 */
final class StableHash {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private long state = FNV_OFFSET;

    StableHash add(String text) {
        if (text == null) {
            return add(0x9e3779b97f4a7c15L);
        }
        for (int i = 0; i < text.length(); i++) {
            state = (state ^ text.charAt(i)) * FNV_PRIME;
        }
        // a separator, so ("ab", "c") and ("a", "bc") differ
        state = (state ^ 0xff) * FNV_PRIME;
        return this;
    }

    StableHash add(long value) {
        state = mix(state ^ value);
        return this;
    }

    long value() {
        return mix(state);
    }

    /** A uniform double in [0, 1) from the hash. */
    double unit() {
        return toUnit(value());
    }

    /** SplitMix64's finaliser: spreads every input bit over the whole output. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    static double toUnit(long hash) {
        return (hash >>> 11) * 0x1.0p-53;
    }

    static String hex(long hash, int digits) {
        String s = Long.toHexString(hash);
        if (s.length() >= digits) {
            return s.substring(s.length() - digits);
        }
        return "0".repeat(digits - s.length()) + s;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

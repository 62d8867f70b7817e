package io.routewise.dispatch;

import io.routewise.chat.Usage;

/**
 * How one attempt ended, as its ledger row records it.
 *
 * @param fallbackIndex   its model's place in the chain (0 for the first choice)
 * @param latencyNanos    how long the call took
 * @param firstTokenNanos a stream's time to its first event, or 0
 * @param status          the upstream HTTP status ("200", "503"), the failure's kind, or "ABORTED"
 * @param error           why it failed, or null
 * @param usage           the usage the provider reported, or null
 * @param outputChars     characters of answer produced, or null when unknown
 * @param billed          whether the attempt may have cost money
 */
record Settlement(int fallbackIndex, long latencyNanos, long firstTokenNanos, String status, String error, Usage usage,
                  Long outputChars, boolean billed) {
}

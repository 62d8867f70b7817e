/**
 * Evaluation runs and per-prompt results in the ledger database.
 */
package io.routewise.eval.store;

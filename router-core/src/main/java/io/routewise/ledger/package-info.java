/**
 * The cost ledger: one row per upstream attempt (SQLite embedded, PostgreSQL shared), written
 * asynchronously in batches; budgets with atomic reservations; spend queries, feedback and the
 * traffic-log export that feeds retraining.
 */
package io.routewise.ledger;

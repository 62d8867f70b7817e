/**
 * Who may call the router: caller keys (salted hashes in the ledger database), their budgets and
 * per-minute limits, and the admin credential. Uses config and ledger.
 */
package io.routewise.auth;

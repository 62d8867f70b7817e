/**
 * Trying a chain of models for one request: budgets, admission, breakers, retries and fallbacks
 * around the provider adapters. Uses everything below the evaluation layer.
 */
package io.routewise.dispatch;

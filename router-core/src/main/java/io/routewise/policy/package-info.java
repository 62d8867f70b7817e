/**
 * The routing decision: candidates, their expected quality (from the classifier), filters, knobs
 * (margin, price, target) and the engine. Uses the foundation and the components.
 */
package io.routewise.policy;

/**
 * The outcome model's training: outcome table, per-model heads, neighbour indexes, design
 * selection, tier abilities.
 */
package io.routewise.training.outcome;

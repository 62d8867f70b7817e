/**
 * The generalisation protocol (labels stripped, scrambled, one task left out).
 */
package io.routewise.training.protocol;

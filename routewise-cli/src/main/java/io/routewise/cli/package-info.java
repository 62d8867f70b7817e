/**
 * The scripts/routewise commands (picocli). The top layer: uses everything.
 */
package io.routewise.cli;

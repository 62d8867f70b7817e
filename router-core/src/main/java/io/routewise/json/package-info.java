/**
 * The project's Jackson setup, JSON helpers, and atomic file writes (a reader sees the old file or the
 * new one, never half). The bottom layer: uses nothing of the project.
 */
package io.routewise.json;

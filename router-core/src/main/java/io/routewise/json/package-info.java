/**
 * The project's Jackson setup and JSON helpers. The bottom layer: uses nothing of the project.
 */
package io.routewise.json;

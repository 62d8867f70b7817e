/**
 * Provider wire formats and the HTTP adapter that calls providers (retries and breakers are the
 * dispatcher's). Uses the foundation only.
 */
package io.routewise.providers;

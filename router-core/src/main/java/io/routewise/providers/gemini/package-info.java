/**
 * Google Gemini's generateContent wire format (both sides), with schema conversion bounded in size.
 */
package io.routewise.providers.gemini;

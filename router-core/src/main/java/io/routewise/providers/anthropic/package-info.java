/**
 * Anthropic's Messages wire format (both sides).
 */
package io.routewise.providers.anthropic;

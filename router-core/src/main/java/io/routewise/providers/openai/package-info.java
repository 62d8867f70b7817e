/**
 * OpenAI's chat-completions wire format: the router's own API and OpenAI-compatible providers.
 */
package io.routewise.providers.openai;

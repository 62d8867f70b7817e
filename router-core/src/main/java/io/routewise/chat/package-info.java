/**
 * The canonical chat model every wire format converts to and from: requests, messages, responses,
 * stream events, request errors. Foundation.
 */
package io.routewise.chat;

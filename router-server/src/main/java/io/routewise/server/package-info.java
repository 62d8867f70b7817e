/**
 * The HTTP layer (Javalin): routes, access control, browser guard, error shapes, metrics, request
 * log, and the launcher that wires the domain together. Uses everything but the CLI and training.
 */
package io.routewise.server;

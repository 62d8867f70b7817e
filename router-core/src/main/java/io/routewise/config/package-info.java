/**
 * Configuration: records, loader (YAML, snake_case, errors with line and key path), validator,
 * defaults, the cron schedule type. Foundation: uses json only.
 */
package io.routewise.config;

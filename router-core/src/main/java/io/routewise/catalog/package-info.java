/**
 * The model catalog: enabled models, capability requirements of a request, fallback chains. Uses
 * the foundation (chat, config) only.
 */
package io.routewise.catalog;

/**
 * The featurizer: sentence embedding (MiniLM through DJL, from the classpath) plus structural
 * features. Uses the foundation only.
 */
package io.routewise.features;

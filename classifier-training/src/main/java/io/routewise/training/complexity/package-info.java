/**
 * The tier prior's complexity head: complexity-labelled prompts, training and evaluation, and what
 * the labels mean on the item-response scale.
 */
package io.routewise.training.complexity;

/**
 * Reusable test utilities, shipped in router-core's test-jar.
 *
 * <ul>
 *   <li>{@link io.routewise.testing.SharedData} finds the project's shared folder
 *       ({@code ../shared}); {@link io.routewise.testing.RequiresSharedSpecs} skips a test class
 *       without it, or fails it under {@code CI=true}.</li>
 *   <li>{@link io.routewise.testing.OpenApiSchemas} validates JSON against the component schemas
 *       of the provider specs in {@code shared/specs}:
 *       {@code OpenApiSchemas.assertConforms(Spec.OPENAI, "CreateChatCompletionResponse", json)}.
 *       It also finds a path's operation ({@code operation("POST", path)}) and the spec's examples.</li>
 * </ul>
 *
 * <p>A module using {@code OpenApiSchemas} from the test-jar must also declare
 * {@code com.networknt:json-schema-validator} as a test dependency (test scope is not transitive).
 */
package io.routewise.testing;

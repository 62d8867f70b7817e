package io.routewise.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class or method that needs the PostgreSQL at 127.0.0.1:5432 (see {@link TestPostgres}):
 * when it is unreachable the tests are skipped with a printed reason, or fail when {@code CI=true}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(PostgresExtension.class)
public @interface RequiresPostgres {
}

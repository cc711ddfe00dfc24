package dev.resumable.tus.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Marks a class of the store-contract suite: JUnit runs the whole class, its {@code @Nested} classes included, once
 * per store of {@link StoreFixtures#all()}, with the store's fixture injected into a field declared
 * {@code @Parameter TestBackend store}. Display names end in the store's name ({@code [s3]}).
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedClass(name = "[{0}]")
@MethodSource("dev.resumable.tus.testing.StoreFixtures#all")
public @interface StoreContract {
}

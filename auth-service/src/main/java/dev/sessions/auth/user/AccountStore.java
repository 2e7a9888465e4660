package dev.sessions.auth.user;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks endpoints that read or write accounts in PostgreSQL: until the schema migration that runs beside the start
 * is done (ADR 17), {@link AccountStoreGate} holds their requests.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface AccountStore {}

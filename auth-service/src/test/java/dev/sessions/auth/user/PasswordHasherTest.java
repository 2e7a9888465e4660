package dev.sessions.auth.user;

import java.lang.reflect.Method;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import io.smallrye.config.WithDefault;
import org.junit.jupiter.api.Test;

import dev.sessions.auth.config.AuthConfig;

import static org.assertj.core.api.Assertions.assertThat;

/** argon2id with OWASP parameters by default, and hashes that carry their own cost. */
class PasswordHasherTest {

    @Test
    void productionDefaultsAreOwaspArgon2id() throws NoSuchMethodException {
        assertThat(defaultOf("memoryKib")).isEqualTo("19456");
        assertThat(defaultOf("iterations")).isEqualTo("2");
        assertThat(defaultOf("parallelism")).isEqualTo("1");
    }

    @Test
    void hashesAreArgon2idPhcStringsThatCarryTheirCost() {
        Argon2Function owasp = Argon2Function.getInstance(19456, 2, 1, 32, Argon2.ID, Argon2Function.ARGON2_VERSION_13);

        String hash = Password.hash("correct horse battery")
                .addRandomSalt(16)
                .with(owasp)
                .getResult();

        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(Argon2Function.getInstanceFromHash(hash).check("correct horse battery", hash))
                .isTrue();
        assertThat(Argon2Function.getInstanceFromHash(hash).check("correct horse batterY", hash))
                .isFalse();
    }

    private static String defaultOf(String property) throws NoSuchMethodException {
        Method method = AuthConfig.Password.class.getMethod(property);
        return method.getAnnotation(WithDefault.class).value();
    }
}

package dev.sessions.auth.security;

import java.util.Set;

import io.quarkiverse.resteasy.problem.HttpProblem;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The CSRF Origin rule for cookie-authenticated requests. */
class OriginGuardTest {

    private final OriginGuard guard = new OriginGuard(Set.of("https://app.example", "null"));

    @Test
    void noOriginAndAllowedOriginsPass() {
        assertThatCode(() -> guard.check(null)).doesNotThrowAnyException();
        assertThatCode(() -> guard.check("https://app.example")).doesNotThrowAnyException();
        assertThatCode(() -> guard.check("HTTPS://APP.EXAMPLE/")).doesNotThrowAnyException();
    }

    @Test
    void otherOriginsAndNullAreForbiddenEvenIfConfigured() {
        assertThatThrownBy(() -> guard.check("https://evil.example"))
                .isInstanceOf(HttpProblem.class)
                .extracting(e -> ((HttpProblem) e).getStatusCode())
                .isEqualTo(403);
        assertThatThrownBy(() -> guard.check("null")).isInstanceOf(HttpProblem.class);
        assertThatThrownBy(() -> guard.check("")).isInstanceOf(HttpProblem.class);
        assertThatThrownBy(() -> guard.check("https://app.example.evil.example"))
                .isInstanceOf(HttpProblem.class);
    }
}

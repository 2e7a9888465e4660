package dev.sessions.auth.mfa;

import java.time.Clock;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.sessions.auth.error.Problems;
import dev.sessions.auth.history.HistoryEvent;
import dev.sessions.auth.history.HistoryOutbox;
import dev.sessions.auth.metrics.AuthMetrics;
import dev.sessions.auth.mfa.MfaChallenges.Challenge;
import dev.sessions.auth.mfa.MfaMessages.LoginRequest;
import dev.sessions.auth.mfa.MfaService.Factor;
import dev.sessions.auth.security.LoginThrottle;
import dev.sessions.auth.security.LoginThrottle.Attempt;
import dev.sessions.auth.session.SignInService;
import dev.sessions.auth.session.SignInService.SignedIn;
import dev.sessions.auth.user.UserService;
import dev.sessions.contract.history.EventType;
import dev.sessions.contract.internal.ClientHints;

/**
 * The second step of a sign-in ({@code POST /auth/login/mfa}): the step's token and a TOTP or recovery code. Each code
 * counts against the step (void after {@link MfaChallenges#MAX_CODES}) and, when wrong, as a failed sign-in of the
 * account and the address under the same throttle as passwords; the first right code spends the step and opens the
 * session as the first step asked (remember-me), with the account read again.
 */
@ApplicationScoped
public class SecondFactorSignIn {

    private static final int MAX_TOKEN = 128;
    private static final String EXPIRED = "This sign-in has expired or was already used; sign in again.";

    private final MfaChallenges challenges;
    private final MfaService mfa;
    private final LoginThrottle throttle;
    private final UserService users;
    private final SignInService signIn;
    private final HistoryOutbox history;
    private final AuthMetrics metrics;
    private final Clock clock;

    SecondFactorSignIn(
            MfaChallenges challenges,
            MfaService mfa,
            LoginThrottle throttle,
            UserService users,
            SignInService signIn,
            HistoryOutbox history,
            AuthMetrics metrics,
            Clock clock) {
        this.challenges = challenges;
        this.mfa = mfa;
        this.throttle = throttle;
        this.users = users;
        this.signIn = signIn;
        this.history = history;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Completes a sign-in with its second factor. */
    public Uni<SignedIn> complete(LoginRequest request, String ip, String userAgent, ClientHints hints) {
        if (request == null || request.mfaToken() == null || request.code() == null) {
            return Uni.createFrom().failure(Problems.badRequest("mfaToken and code are required."));
        }
        String token = request.mfaToken();
        if (token.isEmpty() || token.length() > MAX_TOKEN) {
            return Uni.createFrom().failure(Problems.unauthorized(EXPIRED));
        }
        return challenges
                .find(token)
                .chain(found -> found.isEmpty()
                        ? Uni.createFrom().failure(Problems.unauthorized(EXPIRED))
                        : throttle.signIn(
                                found.get().email(),
                                ip,
                                attempt -> challenges
                                        .attempt(token)
                                        .chain(challenge -> challenge.isEmpty()
                                                ? Uni.createFrom().failure(Problems.unauthorized(EXPIRED))
                                                : check(
                                                        attempt,
                                                        token,
                                                        challenge.get(),
                                                        request.code(),
                                                        ip,
                                                        userAgent,
                                                        hints))))
                .invoke(() -> metrics.login(AuthMetrics.Login.SUCCESS))
                .onFailure()
                .invoke(metrics::loginFailed);
    }

    private Uni<SignedIn> check(
            Attempt attempt,
            String token,
            Challenge challenge,
            String code,
            String ip,
            String userAgent,
            ClientHints hints) {
        UUID userId = UUID.fromString(challenge.userId());
        return mfa.spend(userId, code, true).chain(factor -> {
            if (factor.isEmpty()) {
                return attempt.failed()
                        .chain(() -> history.append(
                                HistoryEvent.signInFailed(clock.instant(), challenge.userId(), ip, userAgent)))
                        .chain(() -> Uni.createFrom().failure(Problems.unauthorized("The code is wrong.")));
            }
            return challenges.spend(token).chain(spent -> {
                if (!spent) {
                    // a parallel request with another right code won the step
                    return Uni.createFrom().failure(Problems.unauthorized(EXPIRED));
                }
                return attempt.succeeded()
                        .chain(() -> users.findById(userId))
                        .onItem()
                        .ifNull()
                        .failWith(() -> Problems.unauthorized("The account no longer exists."))
                        .chain(user -> signIn.openWithSecondFactor(user, challenge.rememberMe(), ip, userAgent, hints))
                        .call(signedIn -> factor.get() == Factor.RECOVERY_CODE
                                ? history.append(new HistoryEvent(
                                        EventType.RECOVERY_CODE_USED,
                                        clock.instant(),
                                        challenge.userId(),
                                        signedIn.body().sessionId(),
                                        ip,
                                        userAgent))
                                : Uni.createFrom().voidItem());
            });
        });
    }
}

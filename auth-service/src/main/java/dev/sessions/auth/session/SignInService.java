package dev.sessions.auth.session;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.sessions.auth.error.Problems;
import dev.sessions.auth.history.HistoryEvent;
import dev.sessions.auth.history.HistoryOutbox;
import dev.sessions.auth.mail.AccountMail;
import dev.sessions.auth.metrics.AuthMetrics;
import dev.sessions.auth.mfa.MfaChallenges;
import dev.sessions.auth.mfa.MfaService;
import dev.sessions.auth.security.LoginThrottle;
import dev.sessions.auth.security.LoginThrottle.Attempt;
import dev.sessions.auth.session.RefreshTokenStore.ChainOwner;
import dev.sessions.auth.session.SessionMessages.LoginRequest;
import dev.sessions.auth.session.SessionMessages.TokenResponse;
import dev.sessions.auth.session.SessionMessages.TokenUser;
import dev.sessions.auth.session.SessionRegistryClient.AccountRefusedException;
import dev.sessions.auth.token.AccessToken;
import dev.sessions.auth.token.AccessTokenIssuer;
import dev.sessions.auth.token.TokenSubject;
import dev.sessions.auth.user.AccountStates;
import dev.sessions.auth.user.AccountStates.AccountState;
import dev.sessions.auth.user.PasswordHasher;
import dev.sessions.auth.user.UserAccount;
import dev.sessions.auth.user.UserRules;
import dev.sessions.auth.user.UserService;
import dev.sessions.contract.internal.ClientHints;
import dev.sessions.contract.internal.OpenSessionRequest;

/**
 * Sign-in: throttle check, password check (the same work and the same answer for an unknown email as for a wrong
 * password), then the registry opens the session, the refresh chain starts and an access token is signed.
 */
@ApplicationScoped
public class SignInService {

    private static final int MAX_USER_AGENT = 1024;

    private final UserService users;
    private final AccountStates accounts;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final HistoryOutbox history;
    private final SessionRegistry registry;
    private final RefreshTokenStore chains;
    private final AccessTokenIssuer tokens;
    private final SessionLifetimes lifetimes;
    private final AccountMail mail;
    private final MfaService mfa;
    private final MfaChallenges challenges;
    private final AuthMetrics metrics;
    private final Clock clock;

    SignInService(
            UserService users,
            AccountStates accounts,
            PasswordHasher hasher,
            LoginThrottle throttle,
            HistoryOutbox history,
            SessionRegistry registry,
            RefreshTokenStore chains,
            AccessTokenIssuer tokens,
            SessionLifetimes lifetimes,
            AccountMail mail,
            MfaService mfa,
            MfaChallenges challenges,
            AuthMetrics metrics,
            Clock clock) {
        this.users = users;
        this.accounts = accounts;
        this.hasher = hasher;
        this.throttle = throttle;
        this.history = history;
        this.registry = registry;
        this.chains = chains;
        this.tokens = tokens;
        this.lifetimes = lifetimes;
        this.mail = mail;
        this.mfa = mfa;
        this.challenges = challenges;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** What a sign-in with the right password leads to: a session, or a second step. */
    public sealed interface SignInOutcome {}

    /** A token body and the refresh cookie that goes with it. */
    public record SignedIn(TokenResponse body, String cookie) implements SignInOutcome {}

    /** The account asks for a second factor: no session yet, only the token of the second step. */
    public record SecondFactorRequired(String mfaToken) implements SignInOutcome {}

    /** Signs a user in from a client address, user agent and the User-Agent Client Hints sent (null: none). */
    public Uni<SignInOutcome> signIn(LoginRequest request, String ip, String userAgent, ClientHints hints) {
        if (request == null || request.password() == null) {
            return Uni.createFrom().failure(Problems.badRequest("A JSON body with email and password is required."));
        }
        String email = UserRules.email(request.email());
        boolean rememberMe = Boolean.TRUE.equals(request.rememberMe());
        String agent = userAgent != null && userAgent.length() <= MAX_USER_AGENT ? userAgent : null;
        return throttle.signIn(
                        email,
                        ip,
                        attempt -> users.findByEmail(email)
                                .chain(user -> stateOf(user)
                                        .chain(account -> hasher.verify(
                                                        request.password(), user == null ? null : user.passwordHash)
                                                .chain(matches -> ToTheEnd.of(
                                                        matches
                                                                ? passwordRight(
                                                                        attempt,
                                                                        user,
                                                                        account,
                                                                        rememberMe,
                                                                        ip,
                                                                        agent,
                                                                        hints)
                                                                : attempt.failed()
                                                                        .chain(() -> refuse(user, ip, agent)))))))
                .invoke(outcome -> metrics.login(
                        outcome instanceof SignedIn ? AuthMetrics.Login.SUCCESS : AuthMetrics.Login.MFA_REQUIRED))
                .onFailure()
                .invoke(metrics::loginFailed);
    }

    /**
     * Opens the session of a user who has just given their second factor (the account is read again: a deactivation or
     * change since the first step holds here too).
     */
    public Uni<SignedIn> openWithSecondFactor(
            UserAccount user, boolean rememberMe, String ip, String userAgent, ClientHints hints) {
        String agent = userAgent != null && userAgent.length() <= MAX_USER_AGENT ? userAgent : null;
        return accounts.read(user.id.toString())
                .chain(account -> open(user, account, rememberMe, ip, agent, hints, true, true));
    }

    /**
     * The password is right: a session, or for an account with two-factor sign-in a second step. The password alone
     * forgives none of the account's failures then; the second step does.
     */
    private Uni<SignInOutcome> passwordRight(
            Attempt attempt,
            UserAccount user,
            AccountState account,
            boolean rememberMe,
            String ip,
            String agent,
            ClientHints hints) {
        return mfa.enabled(user.id).chain(secondFactor -> {
            if (!secondFactor || !user.isActive() || account.off()) {
                return attempt.succeeded().chain(() -> open(user, account, rememberMe, ip, agent, hints, true, false));
            }
            return attempt.secondFactorPending()
                    .chain(() -> challenges.create(user.id.toString(), user.email, rememberMe))
                    .map(SecondFactorRequired::new);
        });
    }

    /** Builds the token body of a session from what its chain knows and the account's current roles. */
    static TokenResponse body(AccessToken token, String sessionId, ChainOwner owner, List<String> roles) {
        return new TokenResponse(
                token.value(),
                "Bearer",
                token.lifetime().toSeconds(),
                sessionId,
                new TokenUser(owner.userId(), owner.email(), owner.displayName(), roles));
    }

    /** The account's state in Redis, read after the account itself: the registry refuses to open with an older one. */
    private Uni<AccountState> stateOf(UserAccount user) {
        return user == null ? Uni.createFrom().nullItem() : accounts.read(user.id.toString());
    }

    /**
     * Opens the session with the account's epoch; the registry refuses it if a deactivation or another change came
     * since (ADR 6). After a change that is not a deactivation, the account is read once more and tried again.
     */
    private Uni<SignedIn> open(
            UserAccount user,
            AccountState account,
            boolean rememberMe,
            String ip,
            String userAgent,
            ClientHints hints,
            boolean mayRetry,
            boolean secondFactor) {
        if (!user.isActive() || account.off()) {
            return Uni.createFrom().failure(deactivated());
        }
        Instant now = clock.instant();
        Instant maxExpiresAt = lifetimes.maxExpiresAt(now);
        Instant deadline = lifetimes.deadline(rememberMe, now, maxExpiresAt);
        ChainOwner owner = new ChainOwner(
                user.id.toString(), user.email, user.displayName, rememberMe, maxExpiresAt, secondFactor);
        List<String> roles = user.roles;
        return registry.open(new OpenSessionRequest(
                        owner.userId(),
                        userAgent,
                        ip,
                        rememberMe,
                        deadline,
                        maxExpiresAt,
                        account.epoch(),
                        lifetimes.maxSessionsPerUser(),
                        secondFactor,
                        hints))
                .chain(session -> {
                    RefreshToken first = RefreshToken.first(session.sessionId(), owner.userId());
                    // the roles of this epoch for the session's refreshes, which then need no database
                    return chains.create(first, owner)
                            .call(() -> accounts.remember(owner.userId(), account.epoch(), roles))
                            .call(() -> mail.newSignIn(user, session, ip))
                            .map(created -> {
                                AccessToken token = tokens.issue(
                                        new TokenSubject(owner.userId(), session.sessionId(), owner.email(), roles),
                                        secondFactor);
                                return new SignedIn(
                                        body(token, session.sessionId(), owner, roles),
                                        RefreshCookie.issue(first, rememberMe, maxExpiresAt, now));
                            });
                })
                .onFailure(AccountRefusedException.class)
                .recoverWithUni(refused -> {
                    if (((AccountRefusedException) refused).deactivated()) {
                        return Uni.createFrom().failure(deactivated());
                    }
                    if (!mayRetry) {
                        return Uni.createFrom()
                                .failure(Problems.unavailable("The account is being changed; try again shortly."));
                    }
                    return users.findById(user.id)
                            .chain(fresh -> fresh == null
                                    ? Uni.createFrom().failure(deactivated())
                                    // a password reset moved the epoch on: the password checked is no longer its
                                    : !fresh.passwordHash.equals(user.passwordHash)
                                            ? Uni.createFrom()
                                                    .failure(Problems.unauthorized("Wrong email or password."))
                                            : accounts.read(fresh.id.toString())
                                                    .chain(state -> open(
                                                            fresh,
                                                            state,
                                                            rememberMe,
                                                            ip,
                                                            userAgent,
                                                            hints,
                                                            false,
                                                            secondFactor)));
                });
    }

    private static RuntimeException deactivated() {
        return Problems.forbidden("This account is deactivated.");
    }

    /** The failure is already counted; an unknown account has no history to write to. */
    private Uni<SignInOutcome> refuse(UserAccount user, String ip, String userAgent) {
        Uni<Void> recorded = user == null
                ? Uni.createFrom().voidItem()
                : history.append(HistoryEvent.signInFailed(clock.instant(), user.id.toString(), ip, userAgent));
        return recorded.chain(() -> Uni.createFrom().failure(Problems.unauthorized("Wrong email or password.")));
    }
}

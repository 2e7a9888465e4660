package dev.sessions.auth.mfa;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.sessions.auth.config.AuthConfig;
import dev.sessions.auth.error.Problems;
import dev.sessions.auth.history.HistoryEvent;
import dev.sessions.auth.history.HistoryOutbox;
import dev.sessions.auth.mail.AccountMail;
import dev.sessions.auth.mfa.MfaMessages.CodeRequest;
import dev.sessions.auth.mfa.MfaMessages.DisableRequest;
import dev.sessions.auth.mfa.MfaMessages.MfaStatus;
import dev.sessions.auth.mfa.MfaMessages.RecoveryCodesResponse;
import dev.sessions.auth.mfa.MfaMessages.SetupRequest;
import dev.sessions.auth.mfa.MfaMessages.SetupResponse;
import dev.sessions.auth.mfa.MfaMessages.TotpStatus;
import dev.sessions.auth.security.LoginThrottle;
import dev.sessions.auth.security.LoginThrottle.Attempt;
import dev.sessions.auth.token.TokenSubject;
import dev.sessions.auth.user.PasswordHasher;
import dev.sessions.auth.user.UserAccount;
import dev.sessions.auth.user.UserService;
import dev.sessions.contract.history.EventType;

/**
 * The signed-in user's two-factor settings: set-up (password first), confirmation with a first code (recovery codes
 * shown once), turning it off (password and a code), new recovery codes (a code). Every code checked here is spent
 * ({@link #spend}); a wrong password or a wrong code counts as a failed sign-in of the account, like a wrong current
 * password does for a password change.
 */
@ApplicationScoped
public class MfaService {

    private static final int SECRET_BYTES = 20;
    private static final Pattern TOTP_CODE = Pattern.compile("\\d{" + Totp.DIGITS + "}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MfaStore store;
    private final MfaKeys keys;
    private final UserService users;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final HistoryOutbox history;
    private final AccountMail mail;
    private final AuthConfig config;
    private final Clock clock;

    MfaService(
            MfaStore store,
            MfaKeys keys,
            UserService users,
            PasswordHasher hasher,
            LoginThrottle throttle,
            HistoryOutbox history,
            AccountMail mail,
            AuthConfig config,
            Clock clock) {
        this.store = store;
        this.keys = keys;
        this.users = users;
        this.hasher = hasher;
        this.throttle = throttle;
        this.history = history;
        this.mail = mail;
        this.config = config;
        this.clock = clock;
    }

    /** What a second factor was. */
    public enum Factor {
        TOTP,
        RECOVERY_CODE
    }

    /** The caller's settings. */
    public Uni<MfaStatus> status(TokenSubject caller) {
        UUID id = UUID.fromString(caller.userId());
        return store.totp(id).chain(row -> {
            boolean enabled = row.map(MfaStore.TotpRow::enabled).orElse(false);
            TotpStatus totp = new TotpStatus(enabled, enabled ? row.get().enabledAt() : null);
            return enabled
                    ? store.recoveryCodesLeft(id).map(left -> new MfaStatus(totp, left))
                    : Uni.createFrom().item(new MfaStatus(totp, 0));
        });
    }

    /** Starts (or restarts) a set-up: a new secret, in effect once confirmed; 403 wrong password, 409 already on. */
    public Uni<SetupResponse> setup(TokenSubject caller, SetupRequest request) {
        if (request == null || request.currentPassword() == null) {
            return Uni.createFrom().failure(Problems.badRequest("currentPassword is required."));
        }
        UUID id = UUID.fromString(caller.userId());
        return account(id)
                .call(user -> throttle.passwordCheck(
                        user.email,
                        attempt -> checkPassword(attempt, user, request.currentPassword())
                                .chain(attempt::succeeded)))
                .chain(user -> {
                    byte[] secret = new byte[SECRET_BYTES];
                    RANDOM.nextBytes(secret);
                    String text = Base32.encode(secret);
                    return store.saveSetup(id, keys.encrypt(secret, caller.userId()), clock.instant())
                            .map(saved -> {
                                if (!saved) {
                                    throw alreadyOn();
                                }
                                return new SetupResponse(text, otpauthUri(user.email, text));
                            });
                });
    }

    /** Turns two-factor sign-in on with the first code of the waiting set-up; answers the recovery codes, once. */
    public Uni<RecoveryCodesResponse> confirm(TokenSubject caller, CodeRequest request, String ip, String userAgent) {
        if (request == null || request.code() == null) {
            return Uni.createFrom().failure(Problems.badRequest("code is required."));
        }
        UUID id = UUID.fromString(caller.userId());
        return store.totp(id).chain(row -> {
            if (row.isEmpty()) {
                return Uni.createFrom()
                        .failure(
                                Problems.badRequest("No set-up is waiting; start one with POST /auth/mfa/totp/setup."));
            }
            if (row.get().enabled()) {
                return Uni.createFrom().failure(alreadyOn());
            }
            String sealed = row.get().sealedSecret();
            OptionalLong step =
                    Totp.matchingStep(keys.decrypt(sealed, caller.userId()), strip(request.code()), clock.instant());
            if (step.isEmpty()) {
                return Uni.createFrom().failure(Problems.badRequest("The code is wrong."));
            }
            List<String> codes = RecoveryCodes.generate();
            return account(id)
                    .chain(user -> store.enable(
                            id, sealed, step.getAsLong(), clock.instant(), hashes(codes), mail.mfaEnabledMessage(user)))
                    .chain(enabled -> enabled
                            ? changed(EventType.MFA_ENABLED, caller, ip, userAgent)
                                    .replaceWith(new RecoveryCodesResponse(codes))
                            : Uni.createFrom()
                                    .failure(Problems.conflict("The set-up changed meanwhile; start it again.")));
        });
    }

    /** Turns two-factor sign-in off: password and a code (TOTP or recovery); 403 when either is wrong. */
    public Uni<Void> disable(TokenSubject caller, DisableRequest request, String ip, String userAgent) {
        if (request == null || request.currentPassword() == null || request.code() == null) {
            return Uni.createFrom().failure(Problems.badRequest("currentPassword and code are required."));
        }
        UUID id = UUID.fromString(caller.userId());
        return enabledAccount(id)
                .chain(user -> throttle.passwordCheck(
                        user.email,
                        attempt -> checkPassword(attempt, user, request.currentPassword())
                                .chain(() -> checkCode(attempt, id, request.code(), true))))
                .call(factor -> recoveryCodeUsed(factor, caller, ip, userAgent))
                .chain(() -> account(id))
                .chain(user -> store.disable(id, mail.mfaDisabledMessage(user), clock.instant()))
                .chain(disabled -> disabled
                        ? changed(EventType.MFA_DISABLED, caller, ip, userAgent)
                        : Uni.createFrom().failure(notOn()));
    }

    /** New recovery codes for a TOTP code; the old ones stop working. */
    public Uni<RecoveryCodesResponse> newRecoveryCodes(TokenSubject caller, CodeRequest request) {
        if (request == null || request.code() == null) {
            return Uni.createFrom().failure(Problems.badRequest("code is required."));
        }
        UUID id = UUID.fromString(caller.userId());
        List<String> codes = RecoveryCodes.generate();
        return enabledAccount(id)
                .chain(user ->
                        throttle.passwordCheck(user.email, attempt -> checkCode(attempt, id, request.code(), false)))
                .chain(() -> store.replaceRecoveryCodes(id, hashes(codes)))
                .map(replaced -> {
                    if (!replaced) {
                        throw notOn();
                    }
                    return new RecoveryCodesResponse(codes);
                });
    }

    /** Whether sign-in asks this account for a second factor. */
    public Uni<Boolean> enabled(UUID userId) {
        return store.enabled(userId);
    }

    /**
     * Checks a second factor and spends it: a TOTP code of the drift window whose step is newer than any accepted
     * before, or (when allowed) an unused recovery code. Empty when it is neither.
     */
    public Uni<Optional<Factor>> spend(UUID userId, String code, boolean recoveryCodeAllowed) {
        String typed = strip(code);
        if (TOTP_CODE.matcher(typed).matches()) {
            return store.totp(userId).chain(row -> {
                if (row.isEmpty() || !row.get().enabled()) {
                    return Uni.createFrom().item(Optional.<Factor>empty());
                }
                byte[] secret = keys.decrypt(row.get().sealedSecret(), userId.toString());
                OptionalLong step = Totp.matchingStep(secret, typed, clock.instant());
                return step.isEmpty()
                        ? Uni.createFrom().item(Optional.<Factor>empty())
                        : store.acceptStep(userId, step.getAsLong())
                                .map(accepted -> accepted ? Optional.of(Factor.TOTP) : Optional.<Factor>empty());
            });
        }
        Optional<String> recovery = recoveryCodeAllowed ? RecoveryCodes.normalise(code) : Optional.empty();
        if (recovery.isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return store.spendRecoveryCode(userId, keys.recoveryCodeHash(recovery.get()), clock.instant())
                .map(spent -> spent ? Optional.of(Factor.RECOVERY_CODE) : Optional.<Factor>empty());
    }

    /**
     * Records that two-factor sign-in was turned on or off from the caller's session, and has the notice that the
     * change's transaction queued sent now.
     */
    private Uni<Void> changed(EventType type, TokenSubject caller, String ip, String userAgent) {
        mail.nudge();
        return history.append(
                new HistoryEvent(type, clock.instant(), caller.userId(), caller.sessionId(), ip, userAgent));
    }

    private Uni<Void> recoveryCodeUsed(Factor factor, TokenSubject caller, String ip, String userAgent) {
        return factor == Factor.RECOVERY_CODE
                ? history.append(new HistoryEvent(
                        EventType.RECOVERY_CODE_USED,
                        clock.instant(),
                        caller.userId(),
                        caller.sessionId(),
                        ip,
                        userAgent))
                : Uni.createFrom().voidItem();
    }

    private Uni<UserAccount> account(UUID id) {
        return users.findById(id)
                .onItem()
                .ifNull()
                .failWith(() -> Problems.unauthorized("The account no longer exists."));
    }

    private Uni<UserAccount> enabledAccount(UUID id) {
        return account(id)
                .call(user -> store.enabled(id).invoke(enabled -> {
                    if (!enabled) {
                        throw notOn();
                    }
                }));
    }

    /** A wrong password is a failed sign-in of the account and a 403; a right one leaves the attempt open. */
    private Uni<Void> checkPassword(Attempt attempt, UserAccount user, String password) {
        return hasher.verify(password, user.passwordHash)
                .chain(matches -> matches
                        ? Uni.createFrom().voidItem()
                        : attempt.failed()
                                .chain(() -> Uni.createFrom()
                                        .failure(Problems.forbidden("The current password is wrong."))));
    }

    /** Spends the code; a wrong one is a failed sign-in of the account and a 403. */
    private Uni<Factor> checkCode(Attempt attempt, UUID id, String code, boolean recoveryCodeAllowed) {
        return spend(id, code, recoveryCodeAllowed)
                .chain(factor -> factor.isPresent()
                        ? attempt.succeeded().replaceWith(factor.get())
                        : attempt.failed()
                                .chain(() -> Uni.createFrom().failure(Problems.forbidden("The code is wrong."))));
    }

    private List<String> hashes(List<String> codes) {
        return codes.stream()
                .map(code -> keys.recoveryCodeHash(RecoveryCodes.normalise(code).orElseThrow()))
                .toList();
    }

    private String otpauthUri(String email, String secret) {
        String issuer = uriEncode(config.issuer());
        return "otpauth://totp/" + issuer + ":" + uriEncode(email) + "?secret=" + secret + "&issuer=" + issuer
                + "&algorithm=SHA1&digits=" + Totp.DIGITS + "&period=" + Totp.PERIOD.toSeconds();
    }

    private static String uriEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String strip(String code) {
        return code == null ? "" : code.replaceAll("\\s", "");
    }

    private static RuntimeException alreadyOn() {
        return Problems.conflict("Two-factor authentication is already on.");
    }

    private static RuntimeException notOn() {
        return Problems.conflict("Two-factor authentication is not on.");
    }
}

package dev.sessions.auth.user;

import java.time.Clock;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.sessions.auth.error.Problems;
import dev.sessions.auth.history.HistoryEvent;
import dev.sessions.auth.history.HistoryOutbox;
import dev.sessions.auth.mail.AccountMail;
import dev.sessions.auth.security.LoginThrottle;
import dev.sessions.auth.security.LoginThrottle.Attempt;
import dev.sessions.auth.session.SessionRegistry;
import dev.sessions.auth.token.TokenSubject;
import dev.sessions.auth.user.UserMessages.PasswordChangeRequest;
import dev.sessions.contract.history.ActorType;
import dev.sessions.contract.history.EndReason;
import dev.sessions.contract.internal.RevokeUserRequest;

/**
 * Password change: the current password must be right (a wrong one counts as a failed sign-in of the account), the
 * change is recorded in the history, and other sessions end only when the user asks for it.
 */
@ApplicationScoped
public class PasswordService {

    private final UserService users;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final HistoryOutbox history;
    private final SessionRegistry registry;
    private final AccountMail mail;
    private final Clock clock;

    PasswordService(
            UserService users,
            PasswordHasher hasher,
            LoginThrottle throttle,
            HistoryOutbox history,
            SessionRegistry registry,
            AccountMail mail,
            Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.throttle = throttle;
        this.history = history;
        this.registry = registry;
        this.mail = mail;
        this.clock = clock;
    }

    /** Changes the caller's password; 403 when the current one is wrong. */
    public Uni<Void> change(TokenSubject caller, PasswordChangeRequest request, String ip, String userAgent) {
        if (request == null || request.currentPassword() == null) {
            return Uni.createFrom().failure(Problems.badRequest("currentPassword and newPassword are required."));
        }
        String newPassword = UserRules.newPassword(request.newPassword(), "newPassword");
        boolean signOutOthers = Boolean.TRUE.equals(request.signOutOtherSessions());
        return users.findById(UUID.fromString(caller.userId()))
                .onItem()
                .ifNull()
                .failWith(() -> Problems.unauthorized("The account no longer exists."))
                .call(user -> throttle.passwordCheck(
                        user.email, attempt -> verifyCurrent(attempt, user, request.currentPassword())))
                .chain(user -> hasher.hash(newPassword)
                        .chain(hash -> users.updatePasswordHash(
                                user.id, hash, mail.passwordChangedMessage(user, clock.instant()))))
                .invoke(mail::nudge)
                .chain(() -> history.append(HistoryEvent.passwordChanged(
                        clock.instant(), caller.userId(), caller.sessionId(), ip, userAgent)))
                .chain(() ->
                        signOutOthers ? signOutOthers(caller) : Uni.createFrom().voidItem());
    }

    private Uni<Void> verifyCurrent(Attempt attempt, UserAccount user, String currentPassword) {
        return hasher.verify(currentPassword, user.passwordHash).chain(matches -> {
            if (matches) {
                return attempt.succeeded();
            }
            return attempt.failed()
                    .chain(() -> Uni.createFrom().failure(Problems.forbidden("The current password is wrong.")));
        });
    }

    private Uni<Void> signOutOthers(TokenSubject caller) {
        return registry.revokeAll(
                        caller.userId(),
                        RevokeUserRequest.of(
                                EndReason.PASSWORD_CHANGED, ActorType.USER, caller.userId(), caller.sessionId()))
                .replaceWithVoid();
    }
}

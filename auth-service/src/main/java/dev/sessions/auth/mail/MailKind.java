package dev.sessions.auth.mail;

/** What a row of the mail outbox is: a message to a user, or a reset request still to be resolved into one. */
public enum MailKind {
    /** A request of {@code POST /auth/password/forgot}, resolved off the request path; never sent itself. */
    RESET_REQUEST(null),
    /** The reset link. */
    PASSWORD_RESET("password-reset"),
    /** A sign-in that carried a flag. */
    NEW_SIGN_IN("new-sign-in"),
    /** Two-factor authentication switched on. */
    MFA_ENABLED("mfa-enabled"),
    /** Two-factor authentication switched off. */
    MFA_DISABLED("mfa-disabled"),
    /** The password was changed from a signed-in session. */
    PASSWORD_CHANGED("password-changed"),
    /** The password was set with a reset link. */
    PASSWORD_WAS_RESET("password-was-reset"),
    /** To an admin: a user reported one of their sessions. */
    SESSION_REPORTED("session-reported");

    private final String template;

    MailKind(String template) {
        this.template = template;
    }

    /** The name of its templates under {@code templates/mail/} ({@code .txt} and {@code .html}); null when none. */
    public String template() {
        return template;
    }
}

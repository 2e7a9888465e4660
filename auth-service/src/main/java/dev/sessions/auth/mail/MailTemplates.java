package dev.sessions.auth.mail;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;

/** Renders a message from its Qute templates ({@code templates/mail/<kind>.txt} and {@code .html}). */
@ApplicationScoped
public class MailTemplates {

    private final Engine engine;

    MailTemplates(Engine engine) {
        this.engine = engine;
    }

    /** A message ready for SMTP. */
    public record Rendered(String subject, String text, String html) {}

    /** The subject line of each kind of message. */
    public static String subject(MailKind kind) {
        return switch (kind) {
            case PASSWORD_RESET -> "Reset your password";
            case NEW_SIGN_IN -> "New sign-in to your account";
            case MFA_ENABLED -> "Two-factor authentication switched on";
            case MFA_DISABLED -> "Two-factor authentication switched off";
            case PASSWORD_CHANGED -> "Your password was changed";
            case PASSWORD_WAS_RESET -> "Your password was reset";
            case SESSION_REPORTED -> "A session was reported to you";
            case RESET_REQUEST -> throw new IllegalArgumentException("a reset request is not a message");
        };
    }

    /** Renders the plain-text and HTML parts with the message's values. */
    public Rendered render(MailKind kind, Map<String, String> data) {
        return new Rendered(subject(kind), render(template(kind, "txt"), data), render(template(kind, "html"), data));
    }

    private static String render(Template template, Map<String, String> data) {
        TemplateInstance instance = template.instance();
        data.forEach(instance::data);
        return instance.render();
    }

    private Template template(MailKind kind, String extension) {
        Template template = engine.getTemplate("mail/" + kind.template() + "." + extension);
        if (template == null) {
            throw new IllegalStateException("no template mail/" + kind.template() + "." + extension);
        }
        return template;
    }
}

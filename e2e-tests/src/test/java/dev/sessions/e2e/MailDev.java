package dev.sessions.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;

/** The stack's MailDev, read through its REST API ({@code GET /email}): the mail the services sent. */
public final class MailDev {

    private static final ObjectMapper JSON = new ObjectMapper();
    // HTTP/1.1: MailDev (Node) drops a connection that asks to upgrade to h2c, as Java's client does by default
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Pattern RESET_LINK = Pattern.compile("(\\S+/reset-password#token=[A-Za-z0-9_-]+)");

    private final String url;

    private MailDev(String url) {
        this.url = url;
    }

    /**
     * The stack's MailDev. A stack that sends mail elsewhere (QUARKUS_MAILER_HOST set) fails the mail tests rather than
     * skipping them: a skipped test would read as a passed one.
     */
    public static MailDev ofStack() {
        return new MailDev(E2eEnvironment.maildevUrl()
                .orElseThrow(() -> new AssertionError(
                        "the stack runs no MailDev (QUARKUS_MAILER_HOST is set, or npm could not install it)")));
    }

    /** A message as MailDev caught it. */
    public record Message(String subject, String from, String text, String html) {

        /** The reset link in the plain-text part. */
        public String resetLink() {
            Matcher link = RESET_LINK.matcher(text);
            if (!link.find()) {
                throw new AssertionError("no reset link in: " + text);
            }
            return link.group(1);
        }
    }

    /** The messages for this address with this subject, oldest first. */
    public List<Message> to(String address, String subject) {
        List<Message> found = new ArrayList<>();
        for (JsonNode mail : all()) {
            boolean forAddress = false;
            for (JsonNode recipient : mail.path("to")) {
                forAddress |= recipient.path("address").asText().equalsIgnoreCase(address);
            }
            if (forAddress && mail.path("subject").asText().equals(subject)) {
                found.add(new Message(
                        mail.path("subject").asText(),
                        mail.path("from").path(0).path("address").asText(),
                        mail.path("text").asText(),
                        mail.path("html").asText()));
            }
        }
        return found;
    }

    /** Waits for the first message for this address with this subject (the outbox sends within seconds). */
    public Message await(String address, String subject) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> !to(address, subject).isEmpty());
        List<Message> found = to(address, subject);
        return found.get(found.size() - 1);
    }

    private JsonNode all() {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url + "/email"))
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("MailDev at " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

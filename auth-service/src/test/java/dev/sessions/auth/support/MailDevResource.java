package dev.sessions.auth.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import dev.sessions.testing.TcpProxy;

/**
 * A real SMTP server for the mail tests: MailDev 2, as {@code ./stack} installs it into {@code .stack/maildev/} (or
 * the executable named by {@code MAILDEV_BIN}), on free loopback ports, behind a {@link TcpProxy} the tests can cut.
 * Retries are made short here (1 s doubling to 2 s, 4 attempts) so that a test can watch a message be retried and
 * dead-lettered. A test gets the {@link MailBox} in a field {@code MailBox mailBox}.
 */
public class MailDevResource implements QuarkusTestResourceLifecycleManager {

    /** Attempts before a message is dead-lettered in these tests. */
    public static final int MAX_ATTEMPTS = 4;

    private Process maildev;
    private TcpProxy smtpLink;
    private MailBox mailBox;

    @Override
    public Map<String, String> start() {
        int smtp = freePort();
        int web = freePort();
        try {
            maildev = new ProcessBuilder(
                            executable().toString(),
                            "--smtp",
                            Integer.toString(smtp),
                            "--web",
                            Integer.toString(web),
                            "--ip",
                            "127.0.0.1",
                            "--web-ip",
                            "127.0.0.1",
                            "--silent")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String webUrl = "http://127.0.0.1:" + web;
        awaitUp(webUrl);
        smtpLink = new TcpProxy("127.0.0.1", smtp).open();
        mailBox = new MailBox(webUrl, smtpLink);

        Map<String, String> config = new HashMap<>();
        config.put("quarkus.mailer.mock", "false");
        config.put("quarkus.mailer.host", "127.0.0.1");
        config.put("quarkus.mailer.port", Integer.toString(smtpLink.port()));
        config.put("auth.mail.poll-interval", "100ms");
        config.put("auth.mail.retry-base", "250ms");
        config.put("auth.mail.retry-max", "500ms");
        config.put("auth.mail.max-attempts", Integer.toString(MAX_ATTEMPTS));
        config.put("auth.mail.send-timeout", "3s");
        config.put("auth.mail.claim-lease", "10s");
        config.put("auth.public-url", "http://console.test");
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(
                mailBox, field -> field.getName().equals("mailBox") && field.getType() == MailBox.class);
    }

    @Override
    public void stop() {
        if (smtpLink != null) {
            smtpLink.stop();
        }
        if (maildev != null) {
            maildev.descendants().forEach(ProcessHandle::destroy);
            maildev.destroy();
        }
    }

    private static Path executable() {
        String configured = System.getenv("MAILDEV_BIN");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(".stack/maildev/node_modules/.bin/maildev");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("MailDev is not installed: ./stack installs it into .stack/maildev/ (npm "
                + "install maildev@2 there), or set MAILDEV_BIN");
    }

    private void awaitUp(String webUrl) {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!maildev.isAlive()) {
                throw new IllegalStateException("MailDev exited with " + maildev.exitValue());
            }
            try {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(URI.create(webUrl + "/email"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("MailDev did not answer on " + webUrl + " within 60 s");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

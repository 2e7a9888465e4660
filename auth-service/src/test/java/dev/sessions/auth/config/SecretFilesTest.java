package dev.sessions.auth.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.source.file.FileSystemConfigSourceFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sessions.auth.support.TestKeys;
import dev.sessions.auth.token.Pem;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secrets as files, as compose mounts them into /run/secrets (named like the environment variables, and a
 * {@code config_ordinal} that puts them above application.properties): the service reads each one under its property,
 * a PEM key whose lines the file source joins is still a key, and the file wins over a default of the prod profile.
 */
class SecretFilesTest {

    @TempDir
    Path secrets;

    @Test
    void secretsAreReadFromFilesNamedLikeTheirVariables() throws IOException {
        String key = TestKeys.pem("signing-key.pem");
        String refresh = Base64.getEncoder().encodeToString(new byte[32]);
        Files.writeString(secrets.resolve("AUTH_SIGNING_PRIVATE_KEY"), key);
        Files.writeString(secrets.resolve("AUTH_REFRESH_SECRET"), refresh + "\n");
        Files.writeString(secrets.resolve("INTERNAL_API_TOKEN"), "internal-token-of-32-characters!");
        Files.writeString(secrets.resolve("QUARKUS_DATASOURCE_PASSWORD"), "from-the-file");
        Files.writeString(secrets.resolve("config_ordinal"), "270");

        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withProfile("prod")
                .withDefaultValue(
                        FileSystemConfigSourceFactory.SMALLRYE_CONFIG_SOURCE_FILE_LOCATIONS, secrets.toString())
                .withSources(new FileSystemConfigSourceFactory())
                .withSources(new PropertiesConfigSource(
                        SecretFilesTest.class.getClassLoader().getResource("application.properties"), 250))
                .build();

        assertThat(Pem.readPrivateKey(config.getValue("auth.signing.private-key", String.class))
                        .getPrivate()
                        .getEncoded())
                .isEqualTo(Pem.readPrivateKey(key).getPrivate().getEncoded());
        assertThat(config.getValue("auth.refresh.secret", String.class)).isEqualTo(refresh);
        assertThat(config.getValue("auth.internal-api-token", String.class))
                .isEqualTo("internal-token-of-32-characters!");
        assertThat(config.getValue("quarkus.datasource.password", String.class)).isEqualTo("from-the-file");
    }
}

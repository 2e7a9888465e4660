package dev.sessions.auth.suites;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.quarkus.test.common.TestClassIndexer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Quarkus builds a test application (a profile with its test resources) in every JVM that runs one of its classes, at
 * several seconds of CPU each: the suites keep each application's classes in one JVM, and a class moved to another
 * suite, or a new application in two, fails here rather than slowing every run down.
 */
class SuiteLayoutTest {

    @Test
    void eachTestApplicationRunsInOneSuite() throws Exception {
        Map<String, Set<String>> suitesOfApplication = new TreeMap<>();
        for (Class<?> test : quarkusTests()) {
            suitesOfApplication
                    .computeIfAbsent(application(test), key -> new TreeSet<>())
                    .add(suite(test.getName()));
        }

        assertThat(suitesOfApplication)
                .isNotEmpty()
                .allSatisfy((application, suites) -> assertThat(suites)
                        .as("suites running the application %s", application)
                        .hasSize(1));
    }

    @Test
    void everySuiteRunsSomeTests() throws Exception {
        Set<String> used =
                quarkusTests().stream().map(test -> suite(test.getName())).collect(Collectors.toSet());

        assertThat(used).containsExactlyInAnyOrder("WaitingSuite", "WindowSuite", "OtherSuite");
    }

    /**
     * The forks share {@code target/test-classes}, which their Quarkus class loaders walk: Quarkus's index of the test
     * classes, written there at each application's start and deleted at its stop, made one fork's walk fail when another
     * deleted it (src/test/resources/test-classes.idx/README.txt); with the folder in its place, neither call changes it.
     */
    @Test
    void quarkusTestClassIndexLeavesTheSharedTestClassesUnchanged() throws Exception {
        Path root = testClassesRoot();
        List<String> before = listing(root);

        TestClassIndexer.writeIndex(TestClassIndexer.indexTestClasses(root), root, SuiteLayoutTest.class);
        Throwable deleteFailure = catchThrowable(() -> TestClassIndexer.removeIndex(SuiteLayoutTest.class));

        assertThat(deleteFailure)
                .as("the delete fails, which Quarkus ignores at an application's stop")
                .isInstanceOf(IllegalStateException.class);

        assertThat(Files.isDirectory(root.resolve(TestClassIndexer.TEST_CLASSES_IDX)))
                .isTrue();
        assertThat(listing(root)).isEqualTo(before);
        assertThat(TestClassIndexer.readIndex(root, SuiteLayoutTest.class).getClassByName(SuiteLayoutTest.class))
                .isNotNull();
    }

    private static List<String> listing(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(file -> root.relativize(file) + " " + file.toFile().length())
                    .sorted()
                    .toList();
        }
    }

    private static String suite(String className) {
        if (className.matches(WaitingSuite.PATTERN)) {
            return "WaitingSuite";
        }
        return className.matches(WindowSuite.PATTERN) ? "WindowSuite" : "OtherSuite";
    }

    /** What makes Quarkus build an application of its own: the profile and the test resources. */
    private static String application(Class<?> test) {
        TestProfile profile = test.getAnnotation(TestProfile.class);
        String resources = Arrays.stream(test.getAnnotationsByType(WithTestResource.class))
                .map(resource -> resource.value().getSimpleName())
                .sorted()
                .collect(Collectors.joining("+"));
        return (profile == null ? "default" : profile.value().getSimpleName()) + " with " + resources;
    }

    private static Path testClassesRoot() throws URISyntaxException {
        return Path.of(SuiteLayoutTest.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    }

    private static List<Class<?>> quarkusTests() throws IOException, URISyntaxException {
        Path root = testClassesRoot();
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(file -> root.relativize(file).toString())
                    .filter(name -> name.endsWith("Test.class") && !name.contains("$"))
                    .map(name ->
                            name.substring(0, name.length() - ".class".length()).replace('/', '.'))
                    .<Class<?>>map(SuiteLayoutTest::load)
                    .filter(test -> test.isAnnotationPresent(QuarkusTest.class))
                    .toList();
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, SuiteLayoutTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}

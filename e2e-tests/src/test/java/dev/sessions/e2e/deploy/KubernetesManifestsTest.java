package dev.sessions.e2e.deploy;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * deploy/kubernetes/ checked offline (no cluster runs where the tests run): every YAML document parses, is a kind
 * this product uses and binds strictly to the Kubernetes model (fabric8, no unknown field anywhere), the objects fit
 * together (selectors, ports, probes, resources, disruption budgets, settings and secrets they refer to), and the
 * invariants hold: no secret value in the repository, probes on every container, /internal and /q never exposed.
 * The base is read as its files and, where kubectl is installed, as kubectl kustomize renders it, with the example
 * overlay.
 */
class KubernetesManifestsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path KUBERNETES = ROOT.resolve("deploy/kubernetes");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/Service", Service.class,
            "v1/Namespace", Namespace.class,
            "v1/Secret", Secret.class,
            "apps/v1/Deployment", Deployment.class,
            "batch/v1/Job", Job.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
            "networking.k8s.io/v1/Ingress", Ingress.class);

    private static final Map<String, Integer> MIN_REPLICAS =
            Map.of("session-registry", 3, "auth-service", 2, "gateway", 2);
    private static final Map<String, Integer> SERVICE_PORTS = Map.of("session-registry", 8082, "auth-service", 8081);

    /** Names of settings whose value is a credential: never given as a value, always from a Secret. */
    private static final Pattern CREDENTIAL_NAME =
            Pattern.compile(".*(PASSWORD|SECRET|TOKEN|PRIVATE_KEY|ENCRYPTION_KEY|CREDENTIAL|API_KEY).*");
    /** Values that look like a credential: key material, long random strings, a password inside a URL. */
    private static final List<Pattern> CREDENTIAL_VALUE = List.of(
            Pattern.compile("-----BEGIN [A-Z ]*KEY-----"),
            Pattern.compile("\\b[A-Fa-f0-9]{32,}\\b"),
            Pattern.compile("[A-Za-z0-9+/]{32,}={0,2}"),
            Pattern.compile("://[^/@\\s:]*:[^/@\\s]+@"));

    /** One way of reading the manifests: its name and its objects. */
    record Manifests(String source, List<HasMetadata> objects) {
        @Override
        public String toString() {
            return source;
        }

        <T extends HasMetadata> List<T> all(Class<T> kind) {
            return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
        }

        <T extends HasMetadata> T one(Class<T> kind, String name) {
            return all(kind).stream()
                    .filter(o -> o.getMetadata().getName().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(source + ": no " + kind.getSimpleName() + " " + name));
        }

        /** A ConfigMap by the name the manifests refer to (kustomize appends a content hash to generated ones). */
        Optional<ConfigMap> configMap(String name) {
            return all(ConfigMap.class).stream()
                    .filter(c -> c.getMetadata().getName().equals(name))
                    .findFirst();
        }
    }

    static Stream<Manifests> manifests() throws Exception {
        List<Manifests> all = new ArrayList<>();
        all.add(new Manifests("base (its files)", readKustomization(KUBERNETES.resolve("base"))));
        if (kubectlAvailable()) {
            all.add(new Manifests("base (kubectl kustomize)", parse(kustomize("base"), "kubectl kustomize base")));
            all.add(new Manifests(
                    "overlays/example (kubectl kustomize)",
                    parse(kustomize("overlays/example"), "kubectl kustomize overlays/example")));
        }
        return all.stream();
    }

    // ---- parsing: every document, a known kind, bound strictly ----

    @Test
    void everyYamlFileParsesAndBindsStrictlyToItsKind() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(KUBERNETES)) {
            files = walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(8);
        for (Path file : files) {
            for (JsonNode document : documents(Files.readString(file), file.toString())) {
                if (document.path("kind").asText().equals("Kustomization")) {
                    assertThat(document.path("apiVersion").asText()).isEqualTo("kustomize.config.k8s.io/v1beta1");
                    continue;
                }
                bind(document, file.toString());
            }
        }
    }

    @Test
    void theKustomizationsListFilesThatExist() throws IOException {
        for (String dir : List.of("base", "overlays/example")) {
            JsonNode kustomization = YAML.readTree(
                    KUBERNETES.resolve(dir + "/kustomization.yaml").toFile());
            List<String> paths = new ArrayList<>();
            kustomization.path("resources").forEach(r -> paths.add(r.asText()));
            kustomization.path("patches").forEach(p -> {
                if (p.has("path")) {
                    paths.add(p.path("path").asText());
                }
            });
            kustomization
                    .path("configMapGenerator")
                    .forEach(g -> g.path("files").forEach(f -> paths.add(f.asText())));
            assertThat(paths).as(dir).isNotEmpty();
            for (String path : paths) {
                assertThat(KUBERNETES.resolve(dir).resolve(path))
                        .as("%s lists %s", dir, path)
                        .exists();
            }
        }
    }

    // ---- the objects fit together ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void deploymentsSelectTheirOwnPodsAndRollWithoutLosingCapacity(Manifests m) {
        assertThat(m.all(Deployment.class))
                .extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(MIN_REPLICAS.keySet());
        for (Deployment d : m.all(Deployment.class)) {
            String name = d.getMetadata().getName();
            Map<String, String> podLabels =
                    d.getSpec().getTemplate().getMetadata().getLabels();
            assertThat(selects(d.getSpec().getSelector(), podLabels))
                    .as("%s: the selector matches the pod template", name)
                    .isTrue();
            assertThat(d.getSpec().getReplicas())
                    .as("%s replicas", name)
                    .isGreaterThanOrEqualTo(MIN_REPLICAS.get(name));
            assertThat(d.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
            assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable())
                    .as("%s maxUnavailable", name)
                    .isEqualTo(new IntOrString(0));
            List<TopologySpreadConstraint> spread =
                    d.getSpec().getTemplate().getSpec().getTopologySpreadConstraints();
            assertThat(spread)
                    .as("%s topology spread", name)
                    .extracting(TopologySpreadConstraint::getTopologyKey)
                    .contains("kubernetes.io/hostname", "topology.kubernetes.io/zone");
            for (TopologySpreadConstraint constraint : spread) {
                assertThat(selects(constraint.getLabelSelector(), podLabels))
                        .as("%s: the spread constraint counts its own pods", name)
                        .isTrue();
            }
            assertThat(d.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot())
                    .as("%s runs as non-root", name)
                    .isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void everyContainerHasProbesOnItsOwnPortAndBoundedResources(Manifests m) {
        for (Deployment d : m.all(Deployment.class)) {
            String name = d.getMetadata().getName();
            for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                String what = name + "/" + c.getName();
                assertThat(c.getStartupProbe()).as("%s startup probe", what).isNotNull();
                assertThat(c.getReadinessProbe()).as("%s readiness probe", what).isNotNull();
                assertThat(c.getLivenessProbe()).as("%s liveness probe", what).isNotNull();
                for (Probe probe : List.of(c.getStartupProbe(), c.getReadinessProbe(), c.getLivenessProbe())) {
                    assertThat(probe.getHttpGet())
                            .as("%s probes over HTTP", what)
                            .isNotNull();
                    assertThat(matchesPort(c, probe.getHttpGet().getPort()))
                            .as(
                                    "%s probe port %s is a container port",
                                    what, probe.getHttpGet().getPort())
                            .isTrue();
                }
                if (SERVICE_PORTS.containsKey(name)) {
                    assertThat(c.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/started");
                    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
                    assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
                    assertThat(c.getPorts())
                            .extracting(ContainerPort::getContainerPort)
                            .containsExactly(SERVICE_PORTS.get(name));
                    assertThat(env(c, "QUARKUS_HTTP_PORT").getValue())
                            .isEqualTo(String.valueOf(SERVICE_PORTS.get(name)));
                    assertThat(env(c, "QUARKUS_HTTP_HOST").getValue()).isEqualTo("0.0.0.0");
                }
                assertResourcesBounded(
                        what, c.getResources().getRequests(), c.getResources().getLimits());
            }
        }
        for (Job job : m.all(Job.class)) {
            for (Container c : job.getSpec().getTemplate().getSpec().getContainers()) {
                assertResourcesBounded(
                        job.getMetadata().getName(),
                        c.getResources().getRequests(),
                        c.getResources().getLimits());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void servicesReachTheirDeploymentsOnContainerPorts(Manifests m) {
        for (Service service : m.all(Service.class)) {
            String name = service.getMetadata().getName();
            List<Deployment> selected = m.all(Deployment.class).stream()
                    .filter(d -> selects(
                            service.getSpec().getSelector(),
                            d.getSpec().getTemplate().getMetadata().getLabels()))
                    .toList();
            assertThat(selected).as("Deployments behind Service %s", name).hasSize(1);
            Container container = selected.get(0)
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .get(0);
            for (ServicePort port : service.getSpec().getPorts()) {
                assertThat(matchesPort(container, port.getTargetPort()))
                        .as("Service %s targets port %s of its pods", name, port.getTargetPort())
                        .isTrue();
            }
            if (SERVICE_PORTS.containsKey(name)) {
                assertThat(service.getSpec().getPorts())
                        .extracting(ServicePort::getPort)
                        .containsExactly(SERVICE_PORTS.get(name));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void everyDeploymentHasADisruptionBudgetThatLetsOnePodGo(Manifests m) {
        for (Deployment d : m.all(Deployment.class)) {
            String name = d.getMetadata().getName();
            List<PodDisruptionBudget> budgets = m.all(PodDisruptionBudget.class).stream()
                    .filter(b -> selects(
                            b.getSpec().getSelector(),
                            d.getSpec().getTemplate().getMetadata().getLabels()))
                    .toList();
            assertThat(budgets).as("disruption budgets of %s", name).hasSize(1);
            PodDisruptionBudget budget = budgets.get(0);
            assertThat(budget.getSpec().getMinAvailable())
                    .as("%s: maxUnavailable, not minAvailable", name)
                    .isNull();
            assertThat(budget.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void settingsAndSecretsReferredToAreDefinedOrDocumented(Manifests m) throws IOException {
        String readme = Files.readString(KUBERNETES.resolve("README.md"));
        for (PodSpec pod : podSpecs(m)) {
            for (Container c : pod.getContainers()) {
                for (EnvVar var : c.getEnv()) {
                    if (var.getValueFrom() == null) {
                        continue;
                    }
                    if (var.getValueFrom().getConfigMapKeyRef() != null) {
                        String map = var.getValueFrom().getConfigMapKeyRef().getName();
                        String key = var.getValueFrom().getConfigMapKeyRef().getKey();
                        assertThat(m.configMap(map)).as("ConfigMap %s", map).isPresent();
                        assertThat(m.configMap(map).get().getData())
                                .as("%s in ConfigMap %s", key, map)
                                .containsKey(key);
                    }
                    if (var.getValueFrom().getSecretKeyRef() != null) {
                        assertThat(var.getValueFrom().getSecretKeyRef().getName())
                                .isEqualTo("sessions-secrets");
                        assertThat(readme)
                                .as(
                                        "the Secret's key %s is documented in deploy/kubernetes/README.md",
                                        var.getValueFrom().getSecretKeyRef().getKey())
                                .contains("`"
                                        + var.getValueFrom().getSecretKeyRef().getKey() + "`");
                    }
                }
            }
            pod.getVolumes().stream()
                    .filter(v -> v.getConfigMap() != null)
                    .forEach(v -> assertThat(m.configMap(v.getConfigMap().getName()))
                            .as("ConfigMap %s of volume %s", v.getConfigMap().getName(), v.getName())
                            .isPresent());
        }
    }

    // ---- invariants ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void noSecretValueAnywhere(Manifests m) {
        assertThat(m.all(Secret.class))
                .as("Secrets are created beside the manifests, never in them")
                .isEmpty();
        for (PodSpec pod : podSpecs(m)) {
            for (Container c : pod.getContainers()) {
                for (EnvVar var : c.getEnv()) {
                    if (CREDENTIAL_NAME.matcher(var.getName()).matches()) {
                        assertThat(var.getValue())
                                .as("%s is given as a value", var.getName())
                                .isNull();
                        assertThat(var.getValueFrom().getSecretKeyRef())
                                .as("%s comes from the Secret", var.getName())
                                .isNotNull();
                    }
                    if (var.getValue() != null) {
                        assertNoCredential(var.getName(), var.getValue());
                    }
                }
            }
        }
        for (ConfigMap map : m.all(ConfigMap.class)) {
            if (map.getData() != null) {
                map.getData().forEach((key, value) -> {
                    if (!key.endsWith(".conf")) {
                        assertNoCredential(map.getMetadata().getName() + "/" + key, value);
                    }
                    assertThat(CREDENTIAL_NAME
                                    .matcher(key.toUpperCase().replace('-', '_'))
                                    .matches())
                            .as("ConfigMap key %s names a credential", key)
                            .isFalse();
                });
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void theRegistryTakesConnectionsFromAuthServiceAndTheGatewayOnly(Manifests m) {
        Map<String, Set<String>> allowed = Map.of(
                "session-registry", Set.of("auth-service", "gateway"),
                "auth-service", Set.of("gateway", "session-registry"));
        allowed.forEach((name, peers) -> {
            Map<String, String> podLabels = m.one(Deployment.class, name)
                    .getSpec()
                    .getTemplate()
                    .getMetadata()
                    .getLabels();
            List<NetworkPolicy> policies = m.all(NetworkPolicy.class).stream()
                    .filter(p -> selects(p.getSpec().getPodSelector(), podLabels))
                    .toList();
            assertThat(policies).as("policies for %s", name).isNotEmpty();
            Set<String> from = new TreeSet<>();
            for (NetworkPolicy policy : policies) {
                assertThat(policy.getSpec().getPolicyTypes()).contains("Ingress");
                for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
                    assertThat(rule.getFrom())
                            .as("%s: a rule without 'from' lets everyone in", name)
                            .isNotEmpty();
                    assertThat(rule.getPorts())
                            .as("%s: only its HTTP port", name)
                            .allSatisfy(
                                    p -> assertThat(p.getPort()).isEqualTo(new IntOrString(SERVICE_PORTS.get(name))));
                    for (NetworkPolicyPeer peer : rule.getFrom()) {
                        assertThat(peer.getIpBlock()).isNull();
                        assertThat(peer.getNamespaceSelector()).isNull();
                        String peerName = peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/name");
                        assertThat(peer.getPodSelector().getMatchExpressions()).isNullOrEmpty();
                        from.add(peerName);
                    }
                }
            }
            assertThat(from).as("pods that may connect to %s", name).containsExactlyInAnyOrderElementsOf(peers);
        });
        // everything of the product not named in a policy above takes no connection at all
        NetworkPolicy deny = m.one(NetworkPolicy.class, "sessions-default-deny");
        assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
        assertThat(deny.getSpec().getPolicyTypes()).containsExactly("Ingress");
        for (Deployment d : m.all(Deployment.class)) {
            assertThat(selects(
                            deny.getSpec().getPodSelector(),
                            d.getSpec().getTemplate().getMetadata().getLabels()))
                    .as("the default deny covers %s", d.getMetadata().getName())
                    .isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void theGatewaysConfigurationRoutesNothingToInternalOrQuarkusEndpoints(Manifests m) {
        ConfigMap config = m.all(ConfigMap.class).stream()
                .filter(c -> c.getData() != null && c.getData().containsKey("gateway.conf"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(m.source() + ": no ConfigMap with gateway.conf"));
        Deployment gateway = m.one(Deployment.class, "gateway");
        assertThat(gateway.getSpec().getTemplate().getSpec().getVolumes())
                .anySatisfy(v -> assertThat(v.getConfigMap().getName())
                        .isEqualTo(config.getMetadata().getName()));
        String conf = config.getData().get("gateway.conf");
        // (the template's comments speak of ${GATEWAY_*}: only a placeholder with a name counts)
        assertThat(conf).doesNotContainPattern("\\$\\{GATEWAY_[A-Z]");
        // the upstreams are the Services, on their ports
        Matcher server =
                Pattern.compile("(?m)^\\s*server ([a-z0-9.-]+):(\\d+);").matcher(conf);
        Set<String> upstreams = new TreeSet<>();
        while (server.find()) {
            upstreams.add(server.group(1) + ":" + server.group(2));
        }
        assertThat(upstreams).containsExactlyInAnyOrder("auth-service:8081", "session-registry:8082", "127.0.0.1:8090");
        for (String upstream : List.of("auth-service", "session-registry")) {
            assertThat(m.one(Service.class, upstream).getSpec().getPorts())
                    .extracting(ServicePort::getPort)
                    .contains(SERVICE_PORTS.get(upstream));
        }
        assertThat(conf).contains("listen 8080;");
        // /internal and /q: exact and prefix locations that answer 404 and proxy nothing, and no other location
        // (a longer prefix or a regular expression) that could take such a path to a service first
        Map<String, String> locations = locations(conf);
        for (String path : List.of("= /internal", "^~ /internal/", "= /q", "^~ /q/")) {
            assertThat(locations).as("location %s", path).containsKey(path);
            assertThat(locations.get(path).strip()).isEqualTo("return 404;");
        }
        locations.forEach((match, body) -> {
            String path = match.replaceFirst("^(=|\\^~|~\\*?)\\s+", "");
            boolean regex = match.startsWith("~");
            if (!regex && (path.startsWith("/internal") || path.startsWith("/q/") || path.equals("/q"))) {
                assertThat(body).as("location %s", match).doesNotContain("proxy_pass");
            }
            if (regex) {
                for (String probe : List.of("/internal/sessions", "/q/health/ready", "/q/openapi")) {
                    assertThat(Pattern.compile(path).matcher(probe).find() && body.contains("proxy_pass"))
                            .as("regular-expression location %s would proxy %s", match, probe)
                            .isFalse();
                }
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void aJobMigratesEachSchemaBeforeThePods(Manifests m) {
        for (String service : SERVICE_PORTS.keySet()) {
            Job job = m.one(Job.class, service + "-migrate");
            Container migrate =
                    job.getSpec().getTemplate().getSpec().getContainers().get(0);
            Container app = m.one(Deployment.class, service)
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .get(0);
            assertThat(migrate.getImage())
                    .as("%s: the Job runs the service's own image", service)
                    .isEqualTo(app.getImage());
            List<String> secrets =
                    new ArrayList<>(List.of("QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD"));
            if (service.equals("session-registry")) {
                // quarkus.init-and-exit exits 1 with the registry's own entry point: its command migrates and exits,
                // without listening, and the registry does not start without its internal token
                assertThat(migrate.getArgs()).containsExactly("migrate-db");
                assertThat(env(migrate, "QUARKUS_HTTP_HOST_ENABLED").getValue()).isEqualTo("false");
                assertThat(migrate.getEnv()).extracting(EnvVar::getName).doesNotContain("QUARKUS_INIT_AND_EXIT");
                secrets.add("INTERNAL_API_TOKEN");
            } else {
                assertThat(env(migrate, "QUARKUS_INIT_AND_EXIT").getValue()).isEqualTo("true");
                assertThat(env(migrate, "QUARKUS_FLYWAY_MIGRATE_AT_START").getValue())
                        .isEqualTo("true");
            }
            // neither starts without a Redis address, even to migrate and exit
            assertThat(env(migrate, "QUARKUS_REDIS_HOSTS").getValueFrom())
                    .isEqualTo(env(app, "QUARKUS_REDIS_HOSTS").getValueFrom());
            assertThat(migrate.getEnv())
                    .as("%s: the Job gets the database's credentials and nothing else secret", service)
                    .filteredOn(
                            e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                    .extracting(EnvVar::getName)
                    .containsExactlyInAnyOrderElementsOf(secrets);
            assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isIn("OnFailure", "Never");
            // the pods migrate beside their start (ADR 17; nothing left to do after the Job): Flyway before the start
            // would cost it (issue 15) and stop a pod while PostgreSQL is down
            assertThat(app.getEnv())
                    .extracting(EnvVar::getName)
                    .doesNotContain("QUARKUS_FLYWAY_MIGRATE_AT_START", "QUARKUS_FLYWAY_VALIDATE_AT_START");
            for (String var : List.of(
                    "QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD")) {
                assertThat(env(migrate, var).getValueFrom())
                        .as("%s of the Job", var)
                        .isEqualTo(env(app, var).getValueFrom());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void eachRegistryPodIsItsOwnOutboxConsumer(Manifests m) {
        Container registry = m.one(Deployment.class, "session-registry")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        assertThat(env(registry, "REGISTRY_HISTORY_CONSUMER")
                        .getValueFrom()
                        .getFieldRef()
                        .getFieldPath())
                .isEqualTo("metadata.name");
        assertThat(env(registry, "REGISTRY_JWKS_URL").getValue()).isEqualTo("http://auth-service:8081/auth/jwks.json");
        Container auth = m.one(Deployment.class, "auth-service")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        assertThat(env(auth, "QUARKUS_REST_CLIENT_SESSION_REGISTRY_URL").getValue())
                .isEqualTo("http://session-registry:8082");
    }

    @Test
    void theCommittedGatewayConfigurationIsAFreshRenderingOfTheTemplate() throws Exception {
        Process check = new ProcessBuilder(
                        KUBERNETES.resolve("render-gateway-config").toString(), "--check")
                .redirectErrorStream(true)
                .start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(output).isZero();
    }

    // ---- helpers ----

    private static List<HasMetadata> readKustomization(Path dir) throws IOException {
        JsonNode kustomization = YAML.readTree(dir.resolve("kustomization.yaml").toFile());
        List<HasMetadata> objects = new ArrayList<>();
        for (JsonNode resource : kustomization.path("resources")) {
            Path file = dir.resolve(resource.asText());
            objects.addAll(parse(Files.readString(file), file.toString()));
        }
        // configMapGenerator entries: a ConfigMap of the named files, as kustomize builds it (without the hash)
        for (JsonNode generator : kustomization.path("configMapGenerator")) {
            ConfigMap map = new ConfigMap();
            map.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
            map.getMetadata().setName(generator.path("name").asText());
            map.setData(new java.util.TreeMap<>());
            for (JsonNode file : generator.path("files")) {
                map.getData().put(file.asText(), Files.readString(dir.resolve(file.asText())));
            }
            objects.add(map);
        }
        return objects;
    }

    private static List<HasMetadata> parse(String yaml, String source) throws IOException {
        List<HasMetadata> objects = new ArrayList<>();
        for (JsonNode document : documents(yaml, source)) {
            objects.add(bind(document, source));
        }
        return objects;
    }

    private static List<JsonNode> documents(String yaml, String source) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(yaml)) {
            var iterator = YAML.readValues(parser, JsonNode.class);
            while (iterator.hasNext()) {
                JsonNode document = iterator.next();
                if (document != null && !document.isNull() && !document.isEmpty()) {
                    documents.add(document);
                }
            }
        }
        assertThat(documents).as("documents of %s", source).isNotEmpty();
        return documents;
    }

    /** Binds a document to the model class of its apiVersion and kind, refusing unknown fields at any depth. */
    private static HasMetadata bind(JsonNode document, String source) throws IOException {
        String type = document.path("apiVersion").asText() + "/"
                + document.path("kind").asText();
        Class<? extends HasMetadata> kind = KINDS.get(type);
        if (kind == null) {
            fail("%s: unknown apiVersion/kind %s", source, type);
        }
        HasMetadata object = YAML.treeToValue(document, kind);
        assertThat(object.getMetadata())
                .as("%s: metadata of a %s", source, type)
                .isNotNull();
        assertThat(object.getMetadata().getName())
                .as("%s: name of a %s", source, type)
                .isNotBlank();
        List<String> unknown = new ArrayList<>();
        unknownFields(object, type + " " + object.getMetadata().getName(), unknown);
        assertThat(unknown)
                .as("%s: fields the Kubernetes API does not know", source)
                .isEmpty();
        return object;
    }

    /**
     * The model keeps fields it does not know in additionalProperties instead of failing: collect every one of them,
     * so that a misspelt or misplaced field is an error here rather than something the API server drops.
     */
    private static void unknownFields(Object value, String path, List<String> unknown) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object element : list) {
                unknownFields(element, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, unknown));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0
                    || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object child;
            try {
                child = getter.invoke(value);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + ": " + extra.keySet());
                }
            } else if (!(child instanceof Quantity) && !(child instanceof IntOrString)) {
                unknownFields(child, path + "." + getter.getName().substring(3), unknown);
            }
        }
    }

    private static boolean selects(LabelSelector selector, Map<String, String> labels) {
        return selector != null
                && (selector.getMatchExpressions() == null
                        || selector.getMatchExpressions().isEmpty())
                && selects(selector.getMatchLabels(), labels);
    }

    private static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return selector != null
                && !selector.isEmpty()
                && labels != null
                && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    private static boolean matchesPort(Container container, IntOrString port) {
        return container.getPorts().stream()
                .anyMatch(p -> port.getIntVal() != null
                        ? Objects.equals(p.getContainerPort(), port.getIntVal())
                        : Objects.equals(p.getName(), port.getStrVal()));
    }

    private static EnvVar env(Container container, String name) {
        return container.getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no " + name));
    }

    private static List<PodSpec> podSpecs(Manifests m) {
        List<PodSpec> specs = new ArrayList<>();
        m.all(Deployment.class).forEach(d -> specs.add(d.getSpec().getTemplate().getSpec()));
        m.all(Job.class).forEach(j -> specs.add(j.getSpec().getTemplate().getSpec()));
        return specs;
    }

    private static void assertResourcesBounded(
            String what, Map<String, Quantity> requests, Map<String, Quantity> limits) {
        assertThat(requests).as("%s requests", what).containsKeys("cpu", "memory");
        assertThat(limits).as("%s limits", what).containsKeys("cpu", "memory");
        for (String resource : List.of("cpu", "memory")) {
            BigDecimal request = requests.get(resource).getNumericalAmount();
            BigDecimal limit = limits.get(resource).getNumericalAmount();
            assertThat(request)
                    .as("%s: %s request within its limit", what, resource)
                    .isLessThanOrEqualTo(limit);
        }
    }

    private static void assertNoCredential(String what, String value) {
        for (Pattern credential : CREDENTIAL_VALUE) {
            assertThat(credential.matcher(value).find())
                    .as("%s looks like a credential: %s", what, value)
                    .isFalse();
        }
    }

    /** nginx locations at any depth: "modifier path" to the body between its braces. */
    private static Map<String, String> locations(String conf) {
        Map<String, String> locations = new java.util.LinkedHashMap<>();
        Matcher location = Pattern.compile("(?m)^\\s*location\\s+((?:=|\\^~|~\\*?)\\s+)?(\\S+)\\s*\\{")
                .matcher(conf);
        while (location.find()) {
            int depth = 1;
            int i = location.end();
            while (depth > 0 && i < conf.length()) {
                char c = conf.charAt(i++);
                if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    depth--;
                }
            }
            String modifier = location.group(1) == null ? "" : location.group(1).strip() + " ";
            locations.put(modifier + location.group(2), conf.substring(location.end(), i - 1));
        }
        return locations;
    }

    private static boolean kubectlAvailable() {
        try {
            Process version = new ProcessBuilder("kubectl", "version", "--client")
                    .redirectErrorStream(true)
                    .start();
            version.getInputStream().readAllBytes();
            return version.waitFor(30, TimeUnit.SECONDS) && version.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String kustomize(String dir) throws IOException, InterruptedException {
        Process build = new ProcessBuilder(
                        "kubectl", "kustomize", KUBERNETES.resolve(dir).toString())
                .start();
        String out = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(build.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeTrue(build.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize did not finish");
        assertThat(build.exitValue()).as("kubectl kustomize %s: %s", dir, err).isZero();
        return out;
    }
}

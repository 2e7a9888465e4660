# syntax=docker/dockerfile:1
# One image recipe for both services, built from the repository root and run as a Quarkus aot-jar (dependencies on the class path; the parent POM says why) on Java 17:
#   docker build --build-arg MODULE=auth-service --build-arg PORT=8081 .
#   docker build --build-arg MODULE=session-registry --build-arg PORT=8082 .
# docker-compose.yml passes both arguments.
ARG MODULE
ARG PORT

# ---- build: the Maven wrapper and the parent POM, as on a developer's machine ----
FROM eclipse-temurin:17-jdk AS build
ARG MODULE
RUN test -n "$MODULE" || (echo "set --build-arg MODULE=auth-service or session-registry" >&2; exit 1)
WORKDIR /build
# The whole tree (.dockerignore keeps out targets, secrets and downloads): the reactor needs every module's POM,
# and -am builds the modules this one depends on.
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -Dmaven.test.skip=true -pl "$MODULE" -am package \
    && mv "$MODULE/target/quarkus-app" /quarkus-app

# ---- run: JRE only, unprivileged user, curl for the health check ----
FROM eclipse-temurin:17-jre AS runtime
ARG PORT
RUN test -n "$PORT" || (echo "set --build-arg PORT=8081 or 8082" >&2; exit 1)
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 185 --home-dir /deployments quarkus
WORKDIR /deployments
COPY --from=build --chown=185 /quarkus-app/lib/ lib/
COPY --from=build --chown=185 /quarkus-app/*.jar ./
COPY --from=build --chown=185 /quarkus-app/app/ app/
COPY --from=build --chown=185 /quarkus-app/quarkus/ quarkus/
COPY --from=build --chown=185 /build/deploy/jvm-startup.options ./
USER 185
# The service listens on the port it is built for; the health check follows QUARKUS_HTTP_PORT if it is overridden.
ENV QUARKUS_HTTP_PORT=${PORT}
# The heap follows the container's memory limit (compose: deploy.resources.limits.memory), leaving a quarter for
# metaspace, threads and Netty's direct buffers; out of memory, the process exits and the container restarts.
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djava.util.logging.manager=org.jboss.logmanager.LogManager"
EXPOSE ${PORT}
HEALTHCHECK --interval=5s --timeout=3s --start-period=20s --retries=30 \
  CMD curl -fsS "http://127.0.0.1:${QUARKUS_HTTP_PORT}/q/health/ready" || exit 1
# JIT thresholds for the start (the file says why), before JAVA_OPTS so that those win;
# program arguments (the registry's commands, e.g. Kubernetes' migration Job: args ["migrate-db"]) reach the
# application: sh -c gives the words after its command string to it as $0 ("--") and "$@"
ENTRYPOINT ["sh", "-c", "exec java @/deployments/jvm-startup.options $JAVA_OPTS -jar /deployments/quarkus-run.jar \"$@\"", "--"]

# Runtime image of a Switchboard node. Build the jar first, then the image (from the repository's top level):
#
#   mvn -q -B package -DskipTests
#   docker build -t switchboard:0.1.0-SNAPSHOT .
#
# It copies the jar rather than building it, so the image needs no Maven cache. Kubernetes: k8s/ and README
# "Deploying on Kubernetes".
FROM eclipse-temurin:17-jre

# A fixed numeric user, so Kubernetes' runAsNonRoot can check it.
RUN groupadd --system --gid 10001 switchboard \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin switchboard

COPY target/switchboard.jar /app/switchboard.jar
# Default configuration: production-leaning, no tokens (give them as SB_* environment variables).
# Kubernetes mounts its ConfigMap over /etc/switchboard.
COPY k8s/switchboard.json /etc/switchboard/switchboard.json

# glibc keeps fewer malloc arenas: less native memory per thread (DESIGN "Stack facts").
ENV MALLOC_ARENA_MAX=2

USER 10001:10001
WORKDIR /app

# public (every client dialect), server API, Hazelcast, event bus
EXPOSE 3207 3208 5701 5702

# java is PID 1 (exec form), so SIGTERM reaches the JVM: the node drains and exits 0 within shutdown.graceMs.
# Memory: serial collector with a small young generation (each accepted WebSocket leaves ~25 KB of short-lived
# garbage; this keeps it from staying resident), native heap trimmed every second (an experimental flag in
# Java 17.0.9 and later), heap at 60% of the container's memory limit (direct buffers and the JVM need the rest),
# and exit on OutOfMemoryError so Kubernetes restarts the pod. The common ForkJoinPool gets 2 threads: with one,
# Hazelcast starts a thread per async callback. The event bus gets a fixed port (default: random) beside
# Hazelcast's 5701. Add JVM flags with JAVA_TOOL_OPTIONS (k8s/statefulset.yaml names the cluster file there).
ENTRYPOINT ["java", \
  "-XX:+UseSerialGC", "-Xmn32m", "-XX:SurvivorRatio=2", \
  "-XX:+UnlockExperimentalVMOptions", "-XX:TrimNativeHeapInterval=1000", \
  "-XX:MaxRAMPercentage=60", "-XX:+ExitOnOutOfMemoryError", \
  "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2", \
  "-jar", "/app/switchboard.jar", \
  "-conf", "/etc/switchboard/switchboard.json", \
  "-cluster", "-cluster-port", "5702"]

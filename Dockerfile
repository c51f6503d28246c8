# Build: mvn -B -DskipTests package && docker build -t runload .
FROM eclipse-temurin:17-jre
# A fixed non-root uid: deploy/k8s runs the pod as 10001 (runAsNonRoot, fsGroup for the state volume),
# and docker-compose's named volumes inherit the directory's owner from the image.
RUN groupadd --system --gid 10001 runload \
    && useradd --system --uid 10001 --gid runload --no-create-home --home-dir /var/lib/runload runload \
    && mkdir -p /var/lib/runload \
    && chown runload:runload /var/lib/runload
WORKDIR /app
COPY streams-app/target/runload.jar /app/runload.jar
ENV RUNLOAD_DATA_DIR=/var/lib/runload
VOLUME /var/lib/runload
EXPOSE 8080
USER 10001
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=60", "-jar", "/app/runload.jar"]

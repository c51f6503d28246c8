# Build: mvn -B -DskipTests package && docker build -t runload .
FROM eclipse-temurin:17-jre
WORKDIR /app
COPY streams-app/target/runload.jar /app/runload.jar
ENV RUNLOAD_DATA_DIR=/var/lib/runload
VOLUME /var/lib/runload
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=60", "-jar", "/app/runload.jar"]

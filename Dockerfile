# Production image: PostgreSQL with TLS (libpq built with OpenSSL), SQLite bundled.
FROM rust:1-slim-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends pkg-config libssl-dev make perl && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cargo build --release --locked --features postgres-tls -p hotline

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates libssl3 curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /var/lib/hotline --create-home hotline
WORKDIR /opt/hotline
COPY --from=build /src/target/release/hotline /usr/local/bin/hotline
COPY config ./config
USER hotline
ENV HOTLINE_BIND=0.0.0.0:8080 HOTLINE_DATA_DIR=/var/lib/hotline
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --retries=5 CMD curl -fsS http://127.0.0.1:8080/readyz || exit 1
ENTRYPOINT ["hotline"]
CMD ["serve"]

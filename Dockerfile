# One image with every executable; docker-compose.yml runs one container per service.
# Built where Docker and the Swift images are reachable (not on the development machines).
FROM swift:6.3-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends \
      libsqlite3-dev libcairo2-dev libpango1.0-dev libqrencode-dev libxlsxwriter-dev libgdk-pixbuf-2.0-dev libpoppler-glib-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Shared Shared
COPY Services Services
COPY Tests/Support Tests/Support
COPY proto proto
# The gateway finds the web console's files in its resource bundle next to its executable.
RUN for product in accounts esigning archive gateway health-probe; do \
      swift build -c release --static-swift-stdlib --product "$product" || exit 1; \
    done \
 && mkdir /out && bin="$(swift build -c release --show-bin-path)" \
 && cp "$bin"/{accounts,esigning,archive,gateway,health-probe} /out/ \
 && cp -r "$bin"/GraduateDestinations_Gateway.resources /out/

FROM debian:bookworm-slim
# cairo, pango, libqrencode, libxlsxwriter and the CJK fonts: DocumentKit's PDFs, QR codes, Excel exports;
# cairo with the DejaVu and CJK fonts: the accounts service's captchas; gdk-pixbuf and poppler: uploaded scans decoded.
RUN apt-get update && apt-get install -y --no-install-recommends libsqlite3-0 ca-certificates tzdata \
      libcairo2 libpango-1.0-0 libpangocairo-1.0-0 libqrencode4 libxlsxwriter4 libgdk-pixbuf-2.0-0 libpoppler-glib8 fonts-noto-cjk fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home /data graduate && mkdir -p /data && chown graduate /data
COPY --from=build /out/ /usr/local/bin/
USER graduate
ENV GRADUATE_DATA_DIR=/data TZ=Asia/Shanghai

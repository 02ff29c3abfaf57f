# TechStore's production image (see README, "Running in production", and compose.yaml).
# Migrations are a command of their own (`techstore db upgrade`, compose's `migrate` service), run once
# before any app process starts; the app processes serve with --no-migrate. No secret is baked in: the
# environment brings TECHSTORE_SECRET_KEY, TECHSTORE_DATABASE_URL and TECHSTORE_PUBLIC_URL at run time.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY src ./src
RUN python -m venv /opt/techstore && /opt/techstore/bin/pip install .

FROM python:3.11-slim
# WeasyPrint (receipt PDFs) needs Pango; fonts for the printed pages.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation \
 && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --user-group --home-dir /var/lib/techstore --create-home techstore
COPY --from=build /opt/techstore /opt/techstore
ENV PATH=/opt/techstore/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    TECHSTORE_ENV=production \
    TECHSTORE_VAR_DIR=/var/lib/techstore
USER techstore
WORKDIR /var/lib/techstore
EXPOSE 8000
# Ready = the process answers and its database is reachable (GET /health/ready is 200, else 503).
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/health/ready', timeout=2).status != 200)"]
CMD ["techstore", "serve", "--host", "0.0.0.0", "--port", "8000", "--no-migrate"]

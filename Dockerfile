# The portal's image: gunicorn serves the app and its static files (WhiteNoise); the same image runs
# the Celery worker and beat.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

# WeasyPrint (PDF reports) needs Pango 1.44 or newer with its FreeType/fontconfig backend, and HarfBuzz's
# subsetter. No system fonts: the reports use the fonts shipped with the project.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
        libfontconfig1 \
    && rm -rf /var/lib/apt/lists/*

COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY . .
RUN DEBUG=false SECRET_KEY=build-only-not-secret python manage.py collectstatic --noinput \
    && DEBUG=false SECRET_KEY=build-only-not-secret python manage.py compile_translations \
    && useradd --system --uid 10001 --home /app portal \
    && mkdir -p /app/var/media && chown -R portal /app/var

USER portal
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]

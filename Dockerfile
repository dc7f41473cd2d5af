# Production image: gunicorn (web), Celery worker and beat share it.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b \
    fonts-dejavu-core libpq5 \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY apes_rh apes_rh
COPY parcours parcours
COPY communautes communautes
COPY accompagnateurs accompagnateurs
COPY outils outils
RUN pip install .
COPY . .
RUN SECRET_KEY=build-only DEBUG=0 python manage.py collectstatic --noinput -v0 \
 && useradd --create-home apes && mkdir -p /app/media /app/private_media && chown -R apes /app/media /app/private_media
USER apes
EXPOSE 8000
CMD ["gunicorn", "apes_rh.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]

# Production image: the SPA built with Node, the API under gunicorn, static files collected,
# running as a non-root user. Configure with DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS,
# CELERY_BROKER_URL (see README). The same image runs Celery workers:
#   docker run ... esap celery -A esap worker --pool threads --concurrency 16
FROM node:20-bookworm-slim AS frontend
WORKDIR /build/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    ESAP_ENV=production ESAP_VAR_DIR=/var/lib/esap ESAP_STATIC_ROOT=/app/staticfiles \
    ESAP_FRONTEND_DIST=/app/frontend/dist
RUN groupadd --system esap && useradd --system --gid esap --home /app esap
WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY esap/ esap/
COPY query/ query/
COPY ivoa_connector/ ivoa_connector/
COPY rucio_connector/ rucio_connector/
COPY zooniverse_connector/ zooniverse_connector/
COPY accounts/ accounts/
COPY analysis/ analysis/
COPY config/ config/
COPY manage.py ./
COPY --from=frontend /build/frontend/dist frontend/dist
RUN SECRET_KEY=build-only python manage.py collectstatic --noinput -v0 \
    && mkdir -p /var/lib/esap && chown esap:esap /var/lib/esap
USER esap
EXPOSE 8000
CMD ["gunicorn", "esap.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "4", \
     "--threads", "4", "--timeout", "120", "--access-logfile", "-"]

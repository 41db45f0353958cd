FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md alembic.ini ./
COPY bot bot
COPY adapters adapters
COPY knowledge knowledge
COPY migrations migrations
RUN pip install --no-cache-dir . && useradd --create-home signpost
USER signpost
ENV SIGNPOST_CACHE_DIR=/home/signpost/.cache/signpost
RUN signpost classify </dev/null
EXPOSE 3978
CMD ["signpost", "serve"]

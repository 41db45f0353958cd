"""The deployment files, read as docker compose and Docker would read them. (Running them
needs a Docker engine: `scripts/compose-check.sh` does, outside CI. What they start,
`signpost serve` on PostgreSQL with replicas, runs for real in `tests/test_serve_process.py`.)"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def _compose() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_signpost_waits_for_a_healthy_postgresql_and_reaches_it_by_service_name() -> None:
    services = _compose()["services"]
    db, signpost = services["db"], services["signpost"]
    assert db["image"].startswith("postgres:15")
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert signpost["depends_on"]["db"]["condition"] == "service_healthy"
    url = signpost["environment"]["DATABASE_URL"]
    user, database = db["environment"]["POSTGRES_USER"], db["environment"]["POSTGRES_DB"]
    assert re.fullmatch(rf"postgresql\+asyncpg://{user}:\$\{{POSTGRES_PASSWORD\}}@db/{database}", url)
    # The URL, with the password compose substitutes, is one Signpost accepts.
    settings = Settings(database_url=url.replace("${POSTGRES_PASSWORD}", "s3cret"))
    assert settings.database_url.startswith("postgresql+asyncpg://")


def test_two_replicas_get_a_host_port_each_and_a_health_check() -> None:
    signpost = _compose()["services"]["signpost"]
    [ports] = signpost["ports"]
    published, _, inside = ports.rpartition(":")
    first, _, last = published.partition("-")
    assert inside == "3978" and int(last) - int(first) + 1 >= 2
    assert "/healthz" in " ".join(signpost["healthcheck"]["test"])


def test_the_compose_file_uses_only_what_compose_v1_also_reads() -> None:
    signpost = _compose()["services"]["signpost"]
    # The long `env_file` form (path/required) is Compose v2 only; Debian ships v1.
    env_files = signpost["env_file"]
    assert all(isinstance(f, str) for f in ([env_files] if isinstance(env_files, str) else env_files))


def test_no_secret_is_written_into_the_deployment_files() -> None:
    compose = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    assert "${POSTGRES_PASSWORD:?" in compose  # compose refuses to start without one
    assert not re.search(r"(?i)(password|secret|token)\s*:\s*[\"']?[A-Za-z0-9]{6,}", compose)
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".env", ".venv", ".git"} <= set(ignored) and any(p.startswith("*.db") for p in ignored)


def test_the_image_runs_signpost_serve_as_an_unprivileged_user_with_the_models_learned() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert dockerfile.startswith("FROM python:3.11")
    assert re.search(r"^USER (?!root)\w+", dockerfile, re.M)
    assert "RUN signpost classify" in dockerfile  # the models are learned at build, not at start
    assert dockerfile.rstrip().endswith('CMD ["signpost", "serve"]')
    for folder in ("bot", "adapters", "knowledge", "migrations"):
        assert f"COPY {folder} {folder}" in dockerfile

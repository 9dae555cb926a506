"""The web app (`newsfuse serve`): story list, story, article and thread pages, and a JSON API.

Needs the `web` extra (FastAPI, Uvicorn, Jinja2): `pip install 'newsfuse[web]'`.
"""

from __future__ import annotations

INSTALL_HINT = "the web app needs the web extra: pip install 'newsfuse[web]'"


def create_app(*args, **kwargs):
    """The FastAPI app over one store (see `newsfuse.web.app.create_app`)."""
    try:
        from newsfuse.web.app import create_app as build
    except ImportError as exc:  # fastapi, uvicorn or jinja2 missing
        from newsfuse.errors import ConfigError

        raise ConfigError(f"{INSTALL_HINT} ({exc.name} is missing)", setting="web") from exc
    return build(*args, **kwargs)

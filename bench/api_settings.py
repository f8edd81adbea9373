"""Settings of bench/api.py's gunicorn: production's, with the bare baseline view mounted beside the API."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "api_bare"

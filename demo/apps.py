from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for `make run` (`manage.py seed`): the top app, whose seeders call the other apps' services."""

    name = "demo"

"""Demo data of the embedded default (`make run`), loaded by `manage.py seed` through the apps' services."""

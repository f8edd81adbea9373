"""A scratch PostgreSQL database for a benchmark: its URL beside DATABASE_URL's, and statements run on the server."""

from urllib.parse import urlsplit, urlunsplit


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def run_admin(url: str, *statements: str) -> None:
    """Run statements on the server's `postgres` database, outside any transaction (as CREATE DATABASE needs)."""
    import psycopg2

    connection = psycopg2.connect(with_database(url, "postgres"), connect_timeout=5)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        connection.close()

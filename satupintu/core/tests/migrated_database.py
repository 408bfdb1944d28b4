"""A migrated database for tests whose own processes (servers, workers) need a database beside the test database.

Migrating a fresh database costs about half a minute here (over a hundred migrations, all of it Django building model
states), so it is done once per session: the test database itself, right after pytest-django migrated it and before any
test touched it, is kept as a template — a SQLite file (the backup API copies the in-memory database) or, on
PostgreSQL, a database made by CREATE DATABASE ... TEMPLATE — and each test takes a copy of it (a file copy; CREATE
DATABASE ... TEMPLATE), which takes well under a second. The copy holds what `manage.py migrate` leaves: the schema, the
applied migrations, the rows of the data migrations, content types and permissions.

Where the session has no freshly migrated test database to keep (a run of only such tests, --nomigrations,
--reuse-db), the template is made by `manage.py migrate` in a subprocess instead — once for the session.

Use the `migrated_database` fixture (conftest.py): `url = migrated_database.copy("name", tmp_path)`."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[3]


class MigratedDatabase:
    def __init__(self, folder: Path):
        self.folder = folder
        self.base_url = os.environ.get("DATABASE_URL", "")
        self.pg = self.base_url.startswith("postgres")
        self.template: str | None = None  # PostgreSQL: a database name; SQLite: a file path
        self.prefix = "sp_migrated"
        self.made: list[str] = []

    # --- making the template ---------------------------------------------------------------------------------------
    def keep_test_database(self) -> None:
        """Keep the (just migrated, untouched) test database of the default alias as the template."""
        from django.db import connection, connections

        if not self.pg:
            self.template = str(self.folder / "migrated.sqlite3")
            connection.ensure_connection()
            target = sqlite3.connect(self.template)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
            return
        test_name = connection.settings_dict["NAME"]
        self.prefix = test_name
        connections.close_all()  # CREATE DATABASE ... TEMPLATE needs the template without sessions
        self.template = f"{test_name}_migrated"
        self._create(self.template, test_name)

    def migrate_in_subprocess(self) -> None:
        """Make the template with `manage.py migrate` (when there is no test database to keep)."""
        if self.pg:
            self.prefix = f"sp_migrated_{os.getpid()}"
            self.template = f"{self.prefix}_template"
            self._create(self.template, None)
            url = self.url(self.template)
        else:
            self.template = str(self.folder / "migrated.sqlite3")
            url = f"sqlite:///{self.template}"
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "satupintu.config.settings.dev", "DATABASE_URL": url,
               "SATUPINTU_VAR_DIR": str(self.folder)}
        env.pop("DATABASE_REPLICA_URL", None)
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env,
                       check=True, timeout=600)

    # --- copies ----------------------------------------------------------------------------------------------------
    def copy(self, name: str, folder: Path | None = None, *, source: str | None = None) -> str:
        """A new database with the template's contents (or those of `source`, a URL this object returned); its URL.
        SQLite: the file `<folder>/<name>.sqlite3`. PostgreSQL: the database `<test database>_<name>`, dropped first if
        a previous run left it, and dropped at the end of the session if the test did not drop it."""
        assert self.template is not None
        if not self.pg:
            path = (folder or self.folder) / f"{name}.sqlite3"
            shutil.copyfile(self.template if source is None else source.removeprefix("sqlite:///"), path)
            return f"sqlite:///{path}"
        database = f"{self.prefix}_{name}"
        self._admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        self._create(database, self.template if source is None else self.name(source))
        self.made.append(database)
        return self.url(database)

    def drop(self, url: str) -> None:
        if self.pg:
            database = self.name(url)
            self._admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            if database in self.made:
                self.made.remove(database)

    def close(self) -> None:
        if self.pg:
            for database in [*self.made, self.template]:
                if database:
                    self._admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            self.made = []

    # --- PostgreSQL ------------------------------------------------------------------------------------------------
    def url(self, database: str) -> str:
        return urlunsplit(urlsplit(self.base_url)._replace(path=f"/{database}"))

    @staticmethod
    def name(url: str) -> str:
        return urlsplit(url).path.lstrip("/")

    def _admin(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(statement)

    def _create(self, database: str, template: str | None) -> None:
        import psycopg

        statement = f'CREATE DATABASE "{database}"' + (f' TEMPLATE "{template}"' if template else "")
        for attempt in range(50):  # a session that just closed may still be leaving the template
            try:
                self._admin(statement)
                return
            except psycopg.errors.ObjectInUse:
                if attempt == 49:
                    raise
                time.sleep(0.1)

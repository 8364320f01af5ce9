"""One connection and one transaction for the many gradebook sessions of a grading run.

nbgrader opens ``Gradebook(db_url)`` wherever it needs the gradebook: in each preprocessor for each notebook, and
several times a submission in its converters. Each opening makes a new SQLAlchemy engine, which inspects the
database's tables and compiles every query afresh (SQLAlchemy caches compiled statements per engine), and nbgrader
commits after every cell's grade, which for SQLite means a write to disk each time. That was most of the grading
coordinator's time.

While ``Batch(db_url)`` is active, every ``Gradebook(db_url)`` opened in this process shares one connection: each
query is compiled once, and each nbgrader session joins one open transaction in a savepoint of its own (SQLAlchemy's
"joining a session into an external transaction"): its ``commit()`` releases its savepoint, its ``rollback()``
undoes only its own work. ``Batch.commit()`` makes everything recorded so far durable; the coordinator calls it
about once a second and at the end, so a crash loses at most that second, which the state file has not recorded
either (those submissions are graded again).

The coordinator is the gradebook's only writer during a run and uses it from one thread, as this requires.
"""

import threading

import nbgrader.api
import sqlalchemy
from sqlalchemy import event


class Batch:
    """Route this process's ``Gradebook(db_url)`` to one connection in one transaction (see the module docstring).

    Use as a context manager; leaving it commits, unless it is left by an error of the database itself.
    """

    def __init__(self, db_url: str):
        self.db_url = str(db_url)
        self.engine = sqlalchemy.create_engine(self.db_url, future=True)
        if self.engine.dialect.name == "sqlite":
            _sqlite_transactions_as_sqlalchemy_expects(self.engine)
        self.connection = None
        self._original = None
        self._thread = None

    def __enter__(self) -> "Batch":
        self.connection = self.engine.connect()
        # nbgrader's Gradebook.close() disposes of its engine; here that engine is the shared connection.
        self.connection.dispose = lambda *args, **kwargs: None
        self._begin()
        self._original, self._thread = nbgrader.api.create_engine, threading.get_ident()
        nbgrader.api.create_engine = self._create_engine
        return self

    def __exit__(self, kind, error, traceback) -> None:
        nbgrader.api.create_engine = self._original
        try:
            if isinstance(error, sqlalchemy.exc.SQLAlchemyError):
                self.connection.rollback()
            else:
                self.connection.commit()
        finally:
            self.connection.close()
            self.engine.dispose()

    def commit(self) -> None:
        """Make what was recorded so far durable, and go on in a new transaction."""
        self.connection.commit()
        self._begin()

    def _begin(self) -> None:
        self.connection.begin()
        self.connection.begin_nested()  # so each nbgrader session makes a savepoint of its own inside it

    def _create_engine(self, url, *args, **kwargs):
        if str(url) == self.db_url and threading.get_ident() == self._thread:
            return self.connection
        return self._original(url, *args, **kwargs)


def _sqlite_transactions_as_sqlalchemy_expects(engine) -> None:
    """Python's sqlite3 module begins and commits transactions on its own, which breaks savepoints; SQLAlchemy's
    documented remedy is to turn that off and emit BEGIN itself."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, record):
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection):
        connection.exec_driver_sql("BEGIN")

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

Each opening also inspects the database's tables, runs ``create_all`` (a query per table) and looks up its course
(``Gradebook.check_course``, which adds the course when it is missing): within a batch each is done once for the
connection, and the later openings reuse what was found (SQLAlchemy's inspector caches what it read; a course
found stays there, nothing in a grading run deletes one). ``check_course`` is only called by ``Gradebook``'s
constructor, which ignores what it returns.

The coordinator is the gradebook's only writer during a run and uses it from one thread, as this requires.
"""

import threading
import urllib.parse
from pathlib import Path

import nbgrader.api
import sqlalchemy
from sqlalchemy import event

_CHECK_COURSE = nbgrader.api.Gradebook.check_course  # nbgrader's own, put back when a batch ends


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
        self._inspector = None
        self._tables_checked = False
        self._courses: set[str] = set()  # the course ids checked (found or added) in this batch

    def __enter__(self) -> "Batch":
        self.connection = self.engine.connect()
        # nbgrader's Gradebook.close() disposes of its engine; here that engine is the shared connection.
        self.connection.dispose = lambda *args, **kwargs: None
        self._begin()
        self._original, self._thread = nbgrader.api.create_engine, threading.get_ident()
        self._original_inspect = nbgrader.api.inspect
        nbgrader.api.create_engine = self._create_engine
        nbgrader.api.inspect = self._inspect
        nbgrader.api.Base.metadata.create_all = self._create_all
        nbgrader.api.Gradebook.check_course = lambda gradebook, *args, **kwargs: self._check_course(gradebook, *args,
                                                                                                     **kwargs)
        return self

    def __exit__(self, kind, error, traceback) -> None:
        nbgrader.api.create_engine = self._original
        nbgrader.api.inspect = self._original_inspect
        del nbgrader.api.Base.metadata.create_all  # the instance attribute set above: MetaData's own method again
        nbgrader.api.Gradebook.check_course = _CHECK_COURSE
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

    def _inspect(self, subject):
        if subject is not self.connection:
            return self._original_inspect(subject)
        if self._inspector is None:
            self._inspector = sqlalchemy.inspect(self.connection)
        return self._inspector

    def _create_all(self, bind=None, **kwargs):
        if bind is not self.connection:
            return sqlalchemy.MetaData.create_all(nbgrader.api.Base.metadata, bind=bind, **kwargs)
        if not self._tables_checked:
            sqlalchemy.MetaData.create_all(nbgrader.api.Base.metadata, bind=bind, **kwargs)
            self._tables_checked = True
            self._inspector = None  # it may have created tables: read them again
        return None

    def _check_course(self, gradebook, course_id: str = "default_course", **kwargs):
        # Gradebook.check_course while the batch is active (``gradebook`` is the Gradebook)
        if gradebook.engine is not self.connection:
            return _CHECK_COURSE(gradebook, course_id, **kwargs)
        if course_id not in self._courses:
            course = _CHECK_COURSE(gradebook, course_id, **kwargs)
            self._courses.add(course_id)
            return course
        return None

    def _create_engine(self, url, *args, **kwargs):
        if str(url) == self.db_url and threading.get_ident() == self._thread:
            return self.connection
        return self._original(url, *args, **kwargs)


def for_workers(db_url: str) -> str:
    """The gradebook's URL as the grading workers open it: an SQLite file by its absolute path and read-only
    (workers only read the course's cells; the coordinator is the one writer, and a write would wait on its
    transaction); any other database as it is."""
    url = sqlalchemy.engine.make_url(db_url)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:") \
            or url.database.startswith("file:"):
        return str(db_url)
    path = urllib.parse.quote(str(Path(url.database).resolve()))  # an SQLite URI: "?" or "#" in a folder name
    return f"sqlite:///file:{path}?mode=ro&uri=true"


def _sqlite_transactions_as_sqlalchemy_expects(engine) -> None:
    """Python's sqlite3 module begins and commits transactions on its own, which breaks savepoints; SQLAlchemy's
    documented remedy is to turn that off and emit BEGIN itself."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, record):
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection):
        connection.exec_driver_sql("BEGIN")

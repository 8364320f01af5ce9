"""Keep the tests that award points running as the course wrote them, whatever the submission did to its kernel.

Student code runs in the same Python process as the tests that grade it, so it can try to change how they run:
an IPython input transformer that turns every later cell into ``pass``, an AST transformer, an event hook, a
``showtraceback`` that swallows failures, a patched ``numpy.allclose`` or ``builtins.isinstance``, a rebound
``checks``, a thread that tampers while the tests run. The grading kernel (``GuardedKernel``) therefore takes a
snapshot of all of these before the first student cell runs and, after every cell, compares and restores them:

- the tests always run with the course's hooks, functions and names (restored before they run);
- whatever changed is reported, with the cell that changed it, in the ``execute_reply``'s metadata
  (``dlcourse_guard``); the grading worker gives every graded cell from that one on no credit, and says why
  (see ``worker.ForkedExecute``). A reply without the report means the guard itself was taken out: the same.

A submission that studies this module can still attack it (everything in a process is reachable from code in that
process); what it cannot do is fool the grader by accident or with the tricks that work on stock nbgrader, and
the tell-tale code stays in the notebook for a person to see. ``sandbox`` bounds what such code can reach.
"""

import ast
import linecache
import os
import sys
import threading
import types

from ipykernel.ipkernel import IPythonKernel

ROLE_KEY = "dlcourse_role"  # execute_request metadata: "course", "solution" (student's cell) or "test"
CELL_KEY = "dlcourse_cell"  # execute_request metadata: the cell's index in the notebook
# execute_reply metadata: {"changed": [what this cell changed], "found": [[cell index, what], ...] so far}. The
# history travels in every reply: the reply of a cell that ran past its time limit is lost, the next one is not.
REPORT_KEY = "dlcourse_guard"

# Modules whose functions the tests (and the checks in ``helpers``) rely on.
WATCHED_MODULES = ("builtins", "math", "numpy", "numpy.testing", "numpy.linalg", "numpy.random", "tensorflow",
                   "tensorflow.math", "tensorflow.nn", "tensorflow.debugging", "keras", "keras.ops",
                   "keras.layers", "keras.losses", "keras.activations", "keras.optimizers", "inspect", "copy")
WATCHED_PACKAGES = ("numpy", "tensorflow", "keras", "helpers", "matplotlib")
# Hooks in ``sys`` a submission could use to watch or alter the tests.
SYS_HOOKS = ("displayhook", "excepthook", "stdout", "stderr", "breakpointhook", "unraisablehook")
# The shell's lists of transformers: each one sees (and may rewrite) every cell's code.
TRANSFORMER_LISTS = ("input_transformers_cleanup", "input_transformers_post", "ast_transformers")


class Guard:
    """The snapshot of one kernel's grading-relevant state, and the check that restores it (see module docs)."""

    def __init__(self, shell):
        self.shell = shell
        self.taken = False

    # -- the snapshot ---------------------------------------------------------------------------------------

    def take(self) -> None:
        shell = self.shell
        manager = shell.input_transformer_manager
        self.lists = {name: (getattr(shell, name), list(getattr(shell, name))) for name in TRANSFORMER_LISTS}
        for name in ("cleanup_transforms", "line_transforms", "token_transformers"):
            self.lists[f"input_transformer_manager.{name}"] = (getattr(manager, name), list(getattr(manager, name)))
        self.lists |= {f"events.{name}": (callbacks, list(callbacks))
                       for name, callbacks in shell.events.callbacks.items()}
        self.events = dict(shell.events.callbacks)
        self.shell_attrs = dict(vars(shell))
        self.custom = (shell.custom_exceptions, shell.CustomTB)
        self.classes = {cls: dict(vars(cls)) for cls in self._classes()}
        self.sys_hooks = {name: getattr(sys, name) for name in SYS_HOOKS}
        self.modules = {name: (sys.modules[name], dict(vars(sys.modules[name])))
                        for name in self._module_names() if name in sys.modules}
        self.bindings = self._course_bindings()
        self.threads = set(threading.enumerate())
        self.taken = True

    def _module_names(self) -> list[str]:
        return [*WATCHED_MODULES, *sorted(n for n in sys.modules if n == "helpers" or n.startswith("helpers."))]

    def _classes(self) -> set[type]:
        """The shell's and kernel's classes, and the classes the watched modules define."""
        found = set(type(self.shell).__mro__) | set(type(self.shell.displayhook).__mro__)
        kernel = getattr(self.shell, "kernel", None)
        if kernel is not None:
            found |= set(type(kernel).__mro__)
        for name in self._module_names():
            module = sys.modules.get(name)
            for value in vars(module).values() if module else ():
                if isinstance(value, type) and value.__module__.split(".")[0] in WATCHED_PACKAGES:
                    found.add(value)
        return {cls for cls in found if cls is not object}

    def _course_bindings(self) -> dict[str, object]:
        """Names in the notebook bound to the modules and objects the tests use (``np``, ``tf``, ``checks``)."""
        return {name: value for name, value in self.shell.user_ns.items()
                if not name.startswith("_") and _from_watched(value)}

    # -- the check ------------------------------------------------------------------------------------------

    def check(self, role: str, assigned: frozenset[str] = frozenset()) -> list[str]:
        """Compare with the snapshot, put everything back, and say what had changed.

        ``assigned``: names the cell's own code binds (a test cell's ``check = ...``): their new values are the
        course's.
        """
        changed = []
        for name, (original, items) in self.lists.items():
            current = self._current_list(name)
            if current is not original or list(current) != items:
                changed.append(f"{'an event hook' if name.startswith('events.') else 'an IPython transformer'}"
                               f" ({name})")
                original[:] = items
                self._put_list(name, original)
        if set(self.shell.events.callbacks) != set(self.events):
            changed.append("the IPython event hooks")
            self.shell.events.callbacks.clear()
            self.shell.events.callbacks.update(self.events)
        for name in set(vars(self.shell)) | set(self.shell_attrs):
            now, before = vars(self.shell).get(name, _MISSING), self.shell_attrs.get(name, _MISSING)
            if now is not before and (callable(now) or callable(before)):
                changed.append(f"the shell's {name}")
                _restore(vars(self.shell), name, before)
        if (self.shell.custom_exceptions, self.shell.CustomTB) != self.custom:
            changed.append("a custom exception handler (set_custom_exc)")
            self.shell.custom_exceptions, self.shell.CustomTB = self.custom
        for cls, attrs in self.classes.items():
            for name in set(vars(cls)) | set(attrs):
                now, before = vars(cls).get(name, _MISSING), attrs.get(name, _MISSING)
                if now is not before and (_is_code(now) or _is_code(before)):
                    changed.append(f"{cls.__module__}.{cls.__qualname__}.{name}")
                    _restore_class(cls, name, before)
        for name, hook in self.sys_hooks.items():
            if getattr(sys, name) is not hook:
                changed.append(f"sys.{name}")
                setattr(sys, name, hook)
        if sys.gettrace() is not None or sys.getprofile() is not None:
            changed.append("a trace or profile function (sys.settrace / sys.setprofile)")
            sys.settrace(None)
            sys.setprofile(None)
        for name, (module, attrs) in self.modules.items():
            if sys.modules.get(name) is not module:
                changed.append(f"sys.modules[{name!r}]")
                sys.modules[name] = module
            namespace = vars(module)
            for attr, before in attrs.items():
                if namespace.get(attr, _MISSING) is not before:
                    changed.append(f"{name}.{attr}")
                    namespace[attr] = before
        for name, value in self.bindings.items():
            if name in assigned:
                continue
            now = self.shell.user_ns.get(name, _MISSING)
            if now is not value:
                if now is _MISSING or not _from_watched(now):  # a genuine `check = checks.Exercise(...)` is fine
                    changed.append(f"the notebook's `{name}`, which the tests use")
                self.shell.user_ns[name] = value
        threads = [t for t in threading.enumerate() if t not in self.threads and t.is_alive() and _students(t)]
        if threads and role == "solution":
            changed.append(f"a thread left running ({threads[0].name})")
        if assigned:
            fresh = self._course_bindings()
            for name in assigned:
                if name in fresh:
                    self.bindings[name] = fresh[name]
                else:
                    self.bindings.pop(name, None)
        return changed

    def _current_list(self, name: str):
        if name.startswith("events."):
            return self.shell.events.callbacks.get(name.split(".", 1)[1], [])
        if name.startswith("input_transformer_manager."):
            return getattr(self.shell.input_transformer_manager, name.split(".", 1)[1])
        return getattr(self.shell, name)

    def _put_list(self, name: str, original: list) -> None:
        if name.startswith("events."):
            self.shell.events.callbacks[name.split(".", 1)[1]] = original
        elif name.startswith("input_transformer_manager."):
            setattr(self.shell.input_transformer_manager, name.split(".", 1)[1], original)
        elif not isinstance(getattr(type(self.shell), name, None), property):  # a property reads the manager's
            setattr(self.shell, name, original)


_MISSING = object()


def _from_watched(value) -> bool:
    """Whether ``value`` is one of the watched packages' modules, functions, classes or objects."""
    if isinstance(value, types.ModuleType):
        module = value.__name__
    elif isinstance(value, (type, types.FunctionType, types.BuiltinFunctionType)):
        module = getattr(value, "__module__", "")
    else:
        module = type(value).__module__
    return isinstance(module, str) and module.split(".")[0] in WATCHED_PACKAGES


def _is_code(value) -> bool:
    return callable(value) or isinstance(value, (staticmethod, classmethod, property))


def _restore(namespace: dict, name: str, before) -> None:
    if before is _MISSING:
        namespace.pop(name, None)
    else:
        namespace[name] = before


def _restore_class(cls: type, name: str, before) -> None:
    try:
        if before is _MISSING:
            delattr(cls, name)
        else:
            setattr(cls, name, before)
    except (AttributeError, TypeError):
        pass  # a built-in type: its methods cannot have been changed either


_LIBRARIES = tuple({os.path.realpath(p) + os.sep for p in (sys.prefix, sys.base_prefix)})


def _students(thread: threading.Thread) -> bool:
    """Whether a thread runs code from the notebook (ipykernel and TensorFlow start threads of their own)."""
    run = getattr(thread, "_target", None) or type(thread).run
    code = getattr(run, "__code__", None) or getattr(getattr(run, "__func__", None), "__code__", None)
    return code is not None and not os.path.realpath(code.co_filename).startswith(_LIBRARIES)


def _assigned_names(code: str) -> frozenset[str]:
    """Names a cell binds at its top level (``x = ...``, ``for x in``, ``import x``, ``def x``)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return frozenset()
    names = set()
    for node in tree.body:
        for child in ast.walk(node) if not isinstance(node, (ast.FunctionDef, ast.ClassDef)) else [node]:
            if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store):
                names.add(child.id)
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(child.name)
            elif isinstance(child, (ast.Import, ast.ImportFrom)):
                names |= {(alias.asname or alias.name).split(".")[0] for alias in child.names}
    return frozenset(names)


def _forget_source(code: str) -> None:
    """Drop a test cell's source from the line cache, where later student code could read the hidden tests."""
    for filename in [f for f, entry in list(linecache.cache.items())
                     if len(entry) > 2 and "".join(entry[2]) == code]:
        linecache.cache.pop(filename, None)


def _no_more_audit_hooks(event: str, args) -> None:
    """An audit hook that refuses any further audit hook: one could watch the tests' code go by."""
    if event == "sys.addaudithook":
        raise RuntimeError("the grader does not allow audit hooks")


class GuardedKernel(IPythonKernel):
    """The IPython kernel grading runs: it checks and restores the guarded state around every cell."""

    implementation = "dlcourse-guarded-ipython"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.guard = Guard(self.shell)
        self._report: dict | None = None
        self._found: list[list] = []  # [cell index, what] for every change found so far
        sys.addaudithook(_no_more_audit_hooks)

    async def do_execute(self, code, silent, store_history=True, user_expressions=None, allow_stdin=False,
                         *, cell_meta=None, cell_id=None):
        role = (cell_meta or {}).get(ROLE_KEY)  # the execute_request's metadata, set by the grading worker
        if role is None:
            return await super().do_execute(code, silent, store_history, user_expressions, allow_stdin,
                                            cell_meta=cell_meta, cell_id=cell_id)
        if not self.guard.taken and role != "course":
            self.guard.take()  # after the course's set-up cells, before the first student cell
        changed = self._check(role) if role == "test" else []  # the tests start from the snapshot, always
        assigned = _assigned_names(code) if role == "test" else frozenset()
        try:
            return await super().do_execute(code, silent, store_history, user_expressions, allow_stdin,
                                            cell_meta=cell_meta, cell_id=cell_id)
        finally:
            if role == "course":
                if self.guard.taken:
                    self.guard.take()  # what the course's own cells set up (a plot hook, an import) is trusted
            else:
                changed += self._check(role, assigned)
            if role == "test":
                _forget_source(code)
            changed = sorted(set(changed))
            self._found += [[(cell_meta or {}).get(CELL_KEY), what] for what in changed]
            self._report = {"changed": changed, "found": self._found[:50]}

    def _check(self, role: str, assigned: frozenset[str] = frozenset()) -> list[str]:
        try:
            return self.guard.check(role, assigned)
        except Exception as err:  # noqa: BLE001 (the state is too damaged to check: say so, never crash)
            return [f"something the guard could not check ({type(err).__name__}: {err})"[:300]]

    def finish_metadata(self, parent, metadata, reply_content):
        metadata = super().finish_metadata(parent, metadata, reply_content)
        if self._report is not None:
            metadata[REPORT_KEY], self._report = self._report, None
        return metadata


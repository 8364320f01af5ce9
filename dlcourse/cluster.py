"""Where grading runs: a Dask cluster, local by default, each worker holding a warm fork server.

Any Dask cluster works when its workers have the course installed (the same ``pip install -e .``) and can read
the course folder at the same path (submissions in, autograded copies out), e.g. over a shared filesystem.
"""

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager

from distributed import Client, LocalCluster, WorkerPlugin


class ForkServerPlugin(WorkerPlugin):
    """Start the worker's fork servers when the worker joins (each imports TensorFlow once) and stop them on exit:
    the sandboxed one for the notebooks' kernels, the trusted one for their test kernels (``harness``).

    ``limits`` (a ``sandbox.Limits``): the server and its kernels run in a sandbox with these; ``None``: no sandbox.
    Registering the plugin again with other limits restarts the servers.
    """

    name = "dlcourse-fork-server"

    def __init__(self, limits=None):
        self.limits = limits

    def setup(self, worker) -> None:
        from .forkserver import shared_server, use_sandbox
        from .harness import trusted_server

        use_sandbox(self.limits)
        tests = trusted_server()  # both import at once
        shared_server().wait_ready()
        tests.wait_ready()

    def teardown(self, worker) -> None:
        from .forkserver import close_shared_server
        from .harness import close_trusted_server

        close_shared_server()
        close_trusted_server()


def start_fork_servers(client: Client, limits=None) -> None:
    """Make every worker of ``client`` hold a fork server with ``limits``.

    Registering the plugin again would restart servers that already run with these limits (Dask tears the old
    plugin down first), and each start imports TensorFlow: about 3 s a worker for every `grade` on a long-lived
    cluster. So it is registered only where a worker lacks it or has other limits, and always when there is no
    worker yet: the scheduler keeps it for the workers that join later (without it they would grade unsandboxed).
    """

    def current(dask_worker):
        plugin = dask_worker.plugins.get(ForkServerPlugin.name)
        return plugin is not None and plugin.limits == limits

    ready = client.run(current)
    if not ready or not all(ready.values()):
        client.register_plugin(ForkServerPlugin(limits))


def default_workers() -> int:
    """One grading worker per CPU this process may use: each runs one kernel at a time."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


@contextmanager
def dask_client(scheduler: str | None = None, workers: int | None = None, limits=None,
                fork_servers: bool = True) -> Iterator[Client]:
    """A Dask client with fork servers started on every worker.

    Args:
        scheduler: address of a running Dask scheduler (``tcp://host:8786``). Without one, a local cluster of
            ``workers`` processes is started for the duration and shut down after.
        workers: size of the local cluster (default: one per CPU). Ignored with ``scheduler``.
        limits: sandbox the kernels with these ``sandbox.Limits`` (``None``: no sandbox).
        fork_servers: start them (``False``: for work that runs no kernel).
    """
    if scheduler:
        with Client(scheduler, timeout="60s") as client:
            if fork_servers:
                start_fork_servers(client, limits)
            yield client
        return
    with LocalCluster(
        n_workers=workers or default_workers(), threads_per_worker=1, processes=True, host="127.0.0.1",
        # Loopback only; the scheduler's HTTP endpoint takes any free port, so clusters never collide.
        dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR,
    ) as cluster, Client(cluster) as client:
        if fork_servers:
            client.register_plugin(ForkServerPlugin(limits))
        yield client


def worker_count(client: Client) -> int:
    """Kernels the cluster runs at once (each worker thread runs one notebook at a time)."""
    return max(1, sum(w.get("nthreads", 1) for w in client.scheduler_info(n_workers=-1)["workers"].values()))

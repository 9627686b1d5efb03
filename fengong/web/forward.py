"""Serving over a remote SPARQL 1.1 server: ``/sparql`` forwards each checked query to it.

The same checks as for the embedded store run first (one query, no update, no SERVICE). A
forwarded ``FROM``/``FROM NAMED`` or dataset parameter may only name this store's own graphs,
because some servers do fetch unknown graph IRIs from the web. The deadline bounds the whole
exchange; the answer is read up to a byte cap.
"""

from __future__ import annotations

import asyncio
import urllib.error
import urllib.request
from urllib.parse import urlencode

from fengong.store import Endpoint
from fengong.store.guard import foreign_graph
from fengong.web.worker import Answer, Job, deadline_answer, problem_answer

__all__ = ["RemoteForwarder"]


class RemoteForwarder:
    """The :class:`~fengong.web.worker.WorkerPool` interface, answered by a remote endpoint."""

    def __init__(self, endpoint: Endpoint, deadline: float, max_bytes: int) -> None:
        self.endpoint, self.deadline, self.max_bytes = endpoint, deadline, max_bytes

    async def start(self) -> None:
        """Nothing to start: each query is one HTTP exchange."""

    async def stop(self) -> None:
        """Nothing to stop."""

    def _exchange(self, job: Job) -> Answer:
        form = [("query", job.query)]
        form += [("default-graph-uri", g) for g in job.default_graphs]
        form += [("named-graph-uri", g) for g in job.named_graphs]
        request = urllib.request.Request(
            self.endpoint.query,
            data=urlencode(form).encode(),
            headers={"Accept": job.media_type,
                     "Content-Type": "application/x-www-form-urlencoded"},
        )  # fmt: skip
        authorization = self.endpoint.authorization()
        if authorization:
            request.add_header("Authorization", authorization)
        try:
            with urllib.request.urlopen(request, timeout=self.deadline) as response:
                body = response.read(self.max_bytes + 1)
        except urllib.error.HTTPError as err:
            detail = err.read(2000).decode("utf-8", "replace")
            status = err.code if 400 <= err.code < 500 else 502
            return problem_answer(status, "The store refused the query", detail)
        except TimeoutError:
            return deadline_answer(self.deadline, "the store did not answer in time")
        except (urllib.error.URLError, OSError) as err:
            return problem_answer(502, "Store unreachable", str(err))
        if len(body) > self.max_bytes:
            return problem_answer(
                400, "Result too large", f"more than {self.max_bytes} bytes: add LIMIT"
            )
        return Answer(200, job.media_type, body)

    def refuses(self, job: Job, named_in_query: list[str]) -> str | None:
        """Why the job may not be forwarded, if it may not."""
        named = (*job.default_graphs, *job.named_graphs, *named_in_query)
        foreign = foreign_graph(named, self.endpoint.graphs)
        if foreign:
            return (f"a graph outside this store cannot be named: {foreign} "
                    f"(graphs here start with {self.endpoint.graphs})")  # fmt: skip
        return None

    async def run(self, job: Job, client: str | None = None) -> Answer:
        loop = asyncio.get_running_loop()
        try:
            return await asyncio.wait_for(
                loop.run_in_executor(None, self._exchange, job), timeout=self.deadline
            )
        except TimeoutError:
            return deadline_answer(self.deadline, "the store did not answer in time")

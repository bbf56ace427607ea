"""The registry, parsed once per run and handed to every worker as a pickle.

Validating and indexing a registry costs about a minute for 400,000 places (every name is
normalised and folded); a worker that parsed it again would pay that again, per process and
per dask worker. The run's own process parses it (a malformed registry stops the run before
any work) and writes the parsed registry to OUT/.cache/registry/, keyed by the registry's
bytes, its path and the code that parses it; a re-run with the same registry skips the
parse. A worker loads the pickle only when its bytes have the sha256 this run gave it, so it
never unpickles anything but what this run wrote or checked.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING


if TYPE_CHECKING:
    from bulletin.normalize.link.registry import Registry

FOLDER = "registry"


@dataclass(frozen=True)
class SharedRegistry:
    path: str  # the pickle, readable by the workers (a shared filesystem on a cluster)
    sha256: str  # of the pickle's bytes


def share_registry(cache_root: Path, registry_path: Path) -> tuple[SharedRegistry, str]:
    """The registry's pickle for the workers, and the sha256 of the registry file's bytes (the
    bytes parsed: what the cache keys of this run depend on). RegistryError when malformed."""
    from bulletin.normalize.link.registry import registry_bytes, registry_from_bytes
    from bulletin.output.writers import write_atomic
    from bulletin.run.cache import RESULT_CODE, code_fingerprint

    data = registry_bytes(registry_path)
    digest = hashlib.sha256(data).hexdigest()
    key = hashlib.sha256(
        "\0".join((digest, str(registry_path), code_fingerprint(*RESULT_CODE))).encode()
    ).hexdigest()
    target = cache_root / FOLDER / f"{key}.pickle"
    try:
        blob = target.read_bytes()
    except FileNotFoundError:
        registry = registry_from_bytes(data, str(registry_path))
        blob = pickle.dumps(registry, protocol=pickle.HIGHEST_PROTOCOL)
        write_atomic(target, blob, durable=False)
        for old in target.parent.glob("*.pickle"):  # a registry of an earlier run
            if old != target:
                old.unlink(missing_ok=True)
    return SharedRegistry(str(target), hashlib.sha256(blob).hexdigest()), digest


@functools.lru_cache(maxsize=2)
def shared_registry(shared: SharedRegistry) -> Registry:
    """Loaded once per worker process, not once per file; a pickle whose bytes are not the
    ones the run wrote (changed since) is refused."""
    from bulletin.schemas.errors import RegistryError

    try:
        blob = Path(shared.path).read_bytes()
    except OSError as exc:
        raise RegistryError(f"cannot read the parsed registry: {exc.strerror}",
                            file=shared.path) from exc
    if hashlib.sha256(blob).hexdigest() != shared.sha256:
        raise RegistryError("the parsed registry changed during the run; run again",
                            file=shared.path)
    registry: Registry = pickle.loads(blob)
    return registry

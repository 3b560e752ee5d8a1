"""The example notebook is committed clean and runs top to bottom on the sample corpus.

It is executed with nbclient in a kernel that runs this interpreter (a kernelspec written to a
temporary JUPYTER_PATH pointing at ``sys.executable``), so it tests the installed package, not
whatever ``python3`` a machine's default kernel happens to be.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "examples" / "walkthrough.ipynb"
KERNEL = "wirewatch-test"


def _load():  # type: ignore[no-untyped-def]
    return nbformat.read(str(NOTEBOOK), as_version=4)


def test_committed_notebook_is_valid_and_has_no_outputs() -> None:
    nb = _load()
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code
    for cell in code:
        assert cell.outputs == [], "strip the outputs before committing"
        assert cell.execution_count is None
    assert nb.metadata.kernelspec.name == "python3"


def test_notebook_covers_the_walkthrough() -> None:
    source = "\n".join(c.source for c in _load().cells if c.cell_type == "code")
    for call in ("wirewatch.run(", "wirewatch.open(", ".stories()", ".events()", ".dyads()",
                 "markdown=True", "wirewatch.process(", 'matplotlib.use("Agg")'):
        assert call in source, call


def _texts(cell) -> str:  # type: ignore[no-untyped-def]
    parts = []
    for out in cell.outputs:
        if out.output_type == "stream":
            parts.append(out.text)
        elif "data" in out:
            parts.extend(str(v) for k, v in out.data.items() if k.startswith("text/"))
    return "\n".join(parts)


@pytest.mark.slow
def test_notebook_runs_on_the_sample_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    pytest.importorskip("matplotlib")
    spec = tmp_path / "jupyter" / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "wirewatch test", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / "mpl"))
    monkeypatch.delenv("WIREWATCH_DB", raising=False)

    examples = ROOT / "examples"
    before = sorted(p.relative_to(examples) for p in examples.rglob("*"))
    nb = _load()
    nb.cells.append(nbformat.v4.new_code_cell("import sys; print(sys.executable)"))
    client = nbclient.NotebookClient(nb, kernel_name=KERNEL, timeout=900,
                                     resources={"metadata": {"path": str(examples)}})
    client.execute()  # raises CellExecutionError on the first failing cell

    code = [c for c in nb.cells if c.cell_type == "code"]
    assert _texts(code[-1]).strip() == sys.executable
    text = "\n".join(_texts(c) for c in code)
    assert "Traceback" not in text
    kinds = [k for c in code for o in c.outputs if "data" in o for k in o.data]
    assert "image/png" in kinds, "no chart"
    assert "text/html" in kinds, "no DataFrame shown"
    briefs = [o.data["text/markdown"] for c in code for o in c.outputs
              if "data" in o and "text/markdown" in o.data]
    assert briefs and briefs[0].startswith("# ") and "[1]" in briefs[0]
    summary = next(c for c in code if "wirewatch.run(" in c.source)
    first = _texts(summary).split(" articles", 1)[0]
    assert int(first.split()[-1]) > 0
    processed = next(c for c in code if "wirewatch.process(" in c.source)
    assert "COERCE" in _texts(processed) or "ASSAULT" in _texts(processed)
    # the store went to a temporary folder, not next to the notebook
    assert sorted(p.relative_to(examples) for p in examples.rglob("*")) == before

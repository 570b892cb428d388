import json
import subprocess
import sys
from pathlib import Path


def test_status_json_on_fresh_home(home: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pdv_bling", "status", "--json"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["outbox"]["pending"] == 0
    assert report["outbox"]["parked"] == 0
    assert report["data_folder"] == str(home.resolve())
    assert report["schema_version"]


def test_version() -> None:
    result = subprocess.run([sys.executable, "-m", "pdv_bling", "--version"], capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stdout.startswith("pdv-bling ")

"""The core runs without Qt: importing every module under pdv_bling with PySide6 blocked."""

import importlib
import pkgutil
import subprocess
import sys

import pdv_bling


def test_every_core_module_imports_without_qt() -> None:
    names = [m.name for m in pkgutil.walk_packages(pdv_bling.__path__, "pdv_bling.")]
    names = [n for n in names if ".migrations" not in n and n != "pdv_bling.__main__"]
    assert len(names) > 5
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'PySide6' or name.startswith('PySide6.') or name == 'ui' or name.startswith('ui.'):\n"
        "            raise ImportError('blocked: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "sys.modules['PySide6'] = None\n"
        "import importlib\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "assert not any(m.startswith('PySide6') for m in sys.modules if sys.modules[m] is not None)\n"
        "print('ok', len(" + repr(names) + "))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok")


def test_walk_finds_real_modules() -> None:
    assert importlib.util.find_spec("pdv_bling.store.models") is not None

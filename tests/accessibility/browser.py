"""What the accessibility tests need besides ``tests.playwright``: axe-core."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE_PATH = ROOT / "node_modules" / "axe-core" / "axe.min.js"

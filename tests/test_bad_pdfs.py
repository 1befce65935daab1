"""verify and audit on PDFs they cannot check: encrypted (with or without a password to
open them) or damaged; exit 2 with a line saying so, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from briefgen.cli import main


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def encrypted(shipped: Path, tmp_path: Path, user: str) -> Path:
    path = tmp_path / f"encrypted-{bool(user)}.pdf"
    with pikepdf.open(shipped / "out" / "donor.pdf") as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(owner="owner", user=user))
    return path


def test_verify_says_a_password_protected_pdf_cannot_be_checked(
    shipped: Path, tmp_path: Path
) -> None:
    path = encrypted(shipped, tmp_path, "secret")
    code, output = run("verify", str(path))
    assert code == 2
    assert f"{path}: encrypted: cannot check (it opens only with a password)" in output


@pytest.mark.parametrize("user", ["secret", ""])
def test_audit_says_an_encrypted_pdf_is_encrypted(user: str, shipped: Path, tmp_path: Path) -> None:
    path = encrypted(shipped, tmp_path, user)
    code, output = run("audit", str(path), "--project", str(shipped))
    assert code == 2
    assert f"{path}: encrypted: cannot audit" in output
    assert "cryptography" not in output


@pytest.mark.parametrize("cut", [30, 3000])
def test_verify_says_a_truncated_pdf_is_damaged(cut: int, shipped: Path, tmp_path: Path) -> None:
    data = (shipped / "out" / "donor.pdf").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[:-cut])
    code, output = run("verify", str(path))
    assert code == 2
    assert f"{path}: damaged (file is damaged" in output
    assert "cannot check; rebuild it or get a complete copy" in output
    assert "no document title" not in output

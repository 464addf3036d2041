"""``alliance allocate`` (alliance/mobility/management/commands/allocate.py): a round file in, a
result file out; a bad round lists every problem, exits with code 2 and writes nothing."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from tests.mobility.engine.test_io import ROUND


def write(path, data) -> str:
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    return str(path)


def test_it_writes_the_result_and_says_what_it_did(tmp_path):
    source = write(tmp_path / "round.json", ROUND)
    target = tmp_path / "result.json"
    out = io.StringIO()
    call_command("allocate", "--input", source, "--output", str(target), stdout=out)
    result = json.loads(target.read_text(encoding="utf-8"))
    assert result["mechanism"] == "ts-ttc"
    assert result["assignment"] == {"t1": "nus", "t2": "tokyo", "n1": "tsinghua", "k1": "tsinghua"}
    assert result["summary"]["placed"] == 4
    assert out.getvalue() == (
        "ts-ttc: 4 of 4 students placed, 100.0% at their first choice, total imbalance 0; "
        f"result written to {target}\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["result.json", "round.json"]


@pytest.mark.parametrize(("mechanism", "placed"), [("ts-ttc", 4), ("da", 4), ("max-volume", 4)])
def test_each_mechanism_can_be_chosen(tmp_path, mechanism, placed):
    source = write(tmp_path / "round.json", ROUND)
    out = io.StringIO()
    call_command("allocate", "--input", source, "--mechanism", mechanism, stdout=out)
    result = json.loads(out.getvalue())
    assert (result["mechanism"], result["summary"]["placed"]) == (mechanism, placed)


def test_a_bad_round_lists_every_problem_and_writes_nothing(tmp_path):
    bad = {
        **ROUND,
        "students": [
            *ROUND["students"],
            {"id": "x1", "home": "tsinghua", "choices": ["mars", "nus", "nus"]},
        ],
        "home_priority": {**ROUND["home_priority"], "nus": ["n1", "t1"]},
    }
    source = write(tmp_path / "round.json", bad)
    target = tmp_path / "result.json"
    with pytest.raises(CommandError) as error:
        call_command("allocate", "--input", source, "--output", str(target))
    assert error.value.returncode == 2
    assert str(error.value) == (
        f"{source} cannot be allocated (5 problems):\n"
        '  student "x1": choice "mars" is not a university of the round\n'
        '  student "x1": ranks "nus" 2 times\n'
        '  home_priority "nus": lists student "t1", whose home is "tsinghua"\n'
        '  student "t1": in the priority lists of "tsinghua", "nus"\n'
        '  student "x1": missing from the priority list of their home "tsinghua"'
    )
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["round.json"]


def test_malformed_json_is_one_problem(tmp_path):
    source = write(tmp_path / "round.json", '{"universities": ')
    with pytest.raises(CommandError) as error:
        call_command("allocate", "--input", source)
    assert error.value.returncode == 2
    assert str(error.value) == (
        f"{source} cannot be allocated (1 problem):\n"
        "  not valid JSON: Expecting value at line 1, column 18"
    )


def test_a_missing_input_file_or_output_folder_is_refused(tmp_path):
    with pytest.raises(CommandError, match=r"cannot read .*missing\.json") as error:
        call_command("allocate", "--input", str(tmp_path / "missing.json"))
    assert error.value.returncode == 2
    source = write(tmp_path / "round.json", ROUND)
    with pytest.raises(CommandError, match=r"no folder .*nowhere to write result\.json in"):
        call_command(
            "allocate", "--input", source, "--output", str(tmp_path / "nowhere/result.json")
        )


def test_from_the_shell_a_bad_round_exits_with_code_2(tmp_path):
    source = write(tmp_path / "round.json", {"universities": [], "students": []})
    done = subprocess.run(
        [sys.executable, "-m", "alliance.cli", "allocate", "--input", source],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        f'CommandError: {source} cannot be allocated (1 problem):\n  missing key "home_priority"\n'
    )

"""`veil anonymize FILE…`, --progress, `veil --help` and the documented exit statuses, on the built binary."""
import json
import os
import subprocess

from conftest import VEIL

# The statuses `veil --help` and README document (sysexits(3)).
OK, USAGE, DATA_ERROR, NO_INPUT, CANNOT_CREATE, CONFIG = 0, 64, 65, 66, 73, 78


def run(*args, stdin=""):
    env = {**os.environ, "VEIL_PATTERNS_ONLY": "1"}
    return subprocess.run([str(VEIL), *map(str, args)], input=stdin, capture_output=True, text=True, timeout=60, env=env)


def test_file_input_prints_what_stdin_input_prints(tmp_path):
    text = "Mail zoë@example.com or call +44 20 7946 0958.\nCard 4111 1111 1111 1111\n"
    f = tmp_path / "in.txt"
    f.write_text(text, encoding="utf-8")
    from_file, from_stdin = run("anonymize", f), run("anonymize", stdin=text)
    assert from_file.returncode == OK and from_stdin.returncode == OK
    assert from_file.stdout == from_stdin.stdout == "Mail [EMAIL_1] or call [PHONE_1].\nCard [CREDIT_CARD_1]\n"


def test_several_files_are_one_text_in_order_with_dash_for_stdin(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("From bob@example.org. ")
    b.write_text("To eve@example.net, cc bob@example.org.")
    r = run("anonymize", a, "-", b, stdin="Middle eve@example.net. ")
    assert r.returncode == OK, r.stderr
    # One map across all inputs, in argument order: the same value keeps its placeholder.
    assert r.stdout == "From [EMAIL_1]. Middle [EMAIL_2]. To [EMAIL_2], cc [EMAIL_1]."
    assert r.stdout == run("anonymize", stdin=a.read_text() + "Middle eve@example.net. " + b.read_text()).stdout


def test_jsonl_files_in_order_and_a_file_end_ends_its_last_line(tmp_path):
    first, second = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    first.write_text(json.dumps({"id": 1, "text": "a@example.com"}) + "\n" + json.dumps({"id": 2, "text": "x"}))  # no final newline
    second.write_text(json.dumps({"id": 3, "text": "b@example.com"}) + "\n")
    r = run("anonymize", "--jsonl", first, second)
    assert r.returncode == OK, r.stderr
    assert [json.loads(line)["id"] for line in r.stdout.splitlines()] == [1, 2, 3]
    assert r.stdout == run("anonymize", "--jsonl", stdin=first.read_text() + "\n" + second.read_text()).stdout


def test_missing_file_fails_before_any_output_with_one_line(tmp_path):
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"id": 1, "text": "a@example.com"}) + "\n")
    missing = tmp_path / "missing.jsonl"
    r = run("anonymize", "--jsonl", good, missing)
    assert r.returncode == NO_INPUT
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and str(missing) in lines[0] and "No such file" in lines[0]


def test_a_directory_is_not_an_input(tmp_path):
    r = run("anonymize", tmp_path)
    assert r.returncode == NO_INPUT
    assert "directory" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_progress_only_when_asked_and_never_values(tmp_path):
    f = tmp_path / "batch.jsonl"
    f.write_text("".join(json.dumps({"id": i, "text": f"user{i}@example.com"}) + "\n" for i in range(50)))
    quiet = run("anonymize", "--jsonl", f)  # stderr is a pipe here, not a terminal
    loud = run("anonymize", "--jsonl", "--progress", f)
    assert quiet.returncode == OK and loud.returncode == OK
    assert quiet.stderr == ""
    assert loud.stdout == quiet.stdout
    report = loud.stderr.strip().splitlines()[-1]
    assert report.startswith("veil anonymize: 50 lines") and "(done)" in report
    assert f"of {f.stat().st_size / 1e6:.1f} MB (100%)" in report  # files: the total is known
    assert "example.com" not in loud.stderr
    assert run("anonymize", "--jsonl", "--no-progress", f).stderr == ""


def test_progress_needs_jsonl():
    r = run("anonymize", "--progress", stdin="x")
    assert r.returncode == USAGE
    assert "--jsonl" in r.stderr


def test_invalid_utf8_is_a_data_error(tmp_path):
    f = tmp_path / "latin1.txt"
    f.write_bytes("café".encode("latin-1"))
    r = run("anonymize", f)
    assert r.returncode == DATA_ERROR and "UTF-8" in r.stderr


def test_unwritable_map_is_cannot_create(tmp_path):
    r = run("anonymize", "--save-map", tmp_path / "no-such-dir" / "map.json", stdin="a@example.com")
    assert r.returncode == CANNOT_CREATE and "map" in r.stderr


def test_missing_map_is_no_input_and_bad_map_is_data_error(tmp_path):
    assert run("reidentify", "--map", tmp_path / "none.json", stdin="x").returncode == NO_INPUT
    bad = tmp_path / "bad.json"
    bad.write_text('{"hello": 1}')
    assert run("reidentify", "--map", bad, stdin="x").returncode == DATA_ERROR


def test_configuration_errors_and_usage_errors_have_their_statuses(tmp_path):
    bad = tmp_path / "veil.json"
    bad.write_text('{"upstream": "https://x.example", "upstream_timout": 3}')
    assert run("config", "check", bad).returncode == CONFIG
    no_model = subprocess.run([str(VEIL), "anonymize", "--model", str(tmp_path)], input="x", capture_output=True,
                              text=True, timeout=60)
    assert no_model.returncode == CONFIG and "model" in no_model.stderr.lower()
    assert run("anonymize", "--no-such-flag").returncode == USAGE


def test_help_tells_a_newcomer_what_to_do():
    r = run("--help")
    assert r.returncode == OK
    for needle in ["Quickstart", "veil serve --upstream", "veil anonymize", "reidentify", "config", "Exit status", "66"]:
        assert needle in r.stdout, needle

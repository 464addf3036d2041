"""The engine's benchmark runs, and on a small call every application gets its reviewers and
the selection stays within its 60 awards."""

from alliance.programmes.engine.bench import main, run


def test_it_runs_on_a_small_call_and_prints_its_figures(capsys):
    figures = run(applications=300)
    assert figures["pairs"] == 600
    assert figures["short"] == 0
    assert figures["selected"] == 60
    main(["bench", "200"])
    assert capsys.readouterr().out.startswith(
        "programmes engine, 200 applications, 300 reviewers: "
    )
